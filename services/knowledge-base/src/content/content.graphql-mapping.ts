import { DomainError } from '@urp/kernel';
import type { ContentAggregate } from './content.rules';
import type { FieldChange } from './diff';

export const iso = (d: Date | undefined | null): string | null => (d ? new Date(d).toISOString() : null);

/** Parses an optional ISO-8601 instant from input (`field`: its input path, e.g. `input.publishAt`). */
export function parseInstant(value: string | null | undefined, field: string): Date | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const d = new Date(value);
  if (Number.isNaN(d.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(value))
    throw DomainError.invalid(field, 'data non valida (ISO-8601)');
  return d;
}

/** The staff-only workflow fields every versioned kind shares, as GraphQL values. */
export function workflowFields<C>(doc: ContentAggregate<C>) {
  return {
    status: doc.status,
    revision: doc.latestRevision,
    publishedRevision: doc.live?.revision ?? null,
    revisions: doc.revisions.map((r) => ({
      revision: r.revision,
      author: r.author,
      at: new Date(r.at).toISOString(),
      note: r.note,
    })),
    history: doc.log.map((l) => ({ ...l, at: new Date(l.at).toISOString(), note: l.note ?? null })),
    scheduledPublishAt: iso(doc.approval?.publishAt),
    expireAt: iso(doc.expireAt),
  };
}

/** A diff as GraphQL values (a field without a line diff says null). */
export const diffView = (changes: FieldChange[]) => changes.map((c) => ({ ...c, lines: c.lines ?? null }));
