import { iso } from './errors';
import type { ContentDoc } from './versioned-content.service';

/** The staff-only workflow fields every versioned kind shares, as GraphQL values. */
export function workflowFields<C>(doc: ContentDoc<C>) {
  return {
    status: doc.status,
    revision: doc.revision,
    publishedRevision: doc.live?.revision ?? null,
    revisions: doc.revisions.map((r) => ({
      revision: r.revision,
      author: r.author,
      at: iso(r.at),
      note: r.note,
    })),
    history: doc.log.map((l) => ({ ...l, at: iso(l.at) })),
    scheduledPublishAt: iso(doc.approval?.publishAt),
    expireAt: iso(doc.expireAt),
  };
}
