import { DomainError } from '@urp/kernel';
import { parseInstant as parseStrictInstant } from '@urp/legal-clock';
import type { ContentAggregate } from './content.rules';
import type { FieldChange } from './diff';

export const iso = (d: Date | undefined | null): string | null => (d ? new Date(d).toISOString() : null);

/** Parses an optional ISO-8601 instant from input (`field`: its input path, e.g. `input.publishAt`). */
export function parseInstant(value: string | null | undefined, field: string): Date | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  // strict (@urp/legal-clock): ISO 8601 with its offset, a day that exists, a sane year; never corrected
  const parsed = parseStrictInstant(value);
  if (!parsed.ok) throw DomainError.invalid(field, parsed.message);
  return new Date(parsed.value);
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
