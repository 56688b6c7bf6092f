import type { Collection, Document } from 'mongodb';
import type { UpdateOperators } from './outbox';

export const APPLIED_FIELD = '_applied';
/**
 * How many applied event ids a document remembers. Kafka redelivers what was not yet committed (the
 * runtime commits every 50 messages and every second) and the relay may republish after a crash, so a
 * redelivery comes within a few hundred events of the original on one document; 1,000 leaves margin for
 * other partitions writing to the same document meanwhile. (FerretDB 1.24 ignores `$slice`: there the kernel's
 * store cuts the list back every `APPLIED_TRIM_EVERY` revisions, `trimApplied`; MongoDB trims it on each push.)
 */
export const APPLIED_WINDOW = 1000;

export type ApplyResult = 'applied' | 'duplicate';

export const isDuplicateKeyError = (e: unknown): boolean =>
  typeof e === 'object' && e !== null && (e as { code?: number }).code === 11000;

/**
 * Applies an event's effect to one document at most once: the effect and the record of the event id
 * are the same single-document write. A redelivered event matches no document, the upsert then
 * collides on `_id`, and nothing changes.
 */
export async function applyOnce(
  collection: Collection<Document> | Collection<never>,
  docId: string,
  eventId: string,
  update: UpdateOperators,
): Promise<ApplyResult> {
  const full = {
    ...update,
    $push: { ...(update.$push ?? {}), [APPLIED_FIELD]: { $each: [eventId], $slice: -APPLIED_WINDOW } },
  };
  const filter = { _id: docId, [APPLIED_FIELD]: { $ne: eventId } } as never;
  const col = collection as Collection<Document>;
  try {
    const res = await col.updateOne(filter, full as never, { upsert: true });
    return res.modifiedCount + res.upsertedCount > 0 ? 'applied' : 'duplicate';
  } catch (e) {
    if (!isDuplicateKeyError(e)) throw e;
    // Either the event was applied already, or a concurrent first write created the document between
    // our match and our insert. Without upsert the answer is unambiguous.
    const res = await col.updateOne(filter, full as never);
    return res.modifiedCount > 0 ? 'applied' : 'duplicate';
  }
}

/**
 * `applyOnce` for several events in ONE write: `update` (the effect of them all) and the record of every id, if
 * none of them is recorded on the document yet. 'applied', or 'conflict' when it changed nothing (one of them was
 * applied already, or a concurrent first write created the document meanwhile): the caller then applies them one
 * by one with `applyOnce`, which tells each apart. A consumer's batch of events on one document costs one
 * rewrite of it instead of one per event (FerretDB rewrites the whole document, its marks included, per write).
 */
export async function applyAllOnce(
  collection: Collection<Document> | Collection<never>,
  docId: string,
  eventIds: readonly string[],
  update: UpdateOperators,
): Promise<'applied' | 'conflict'> {
  const full = {
    ...update,
    $push: {
      ...(update.$push ?? {}),
      [APPLIED_FIELD]: { $each: [...eventIds], $slice: -APPLIED_WINDOW },
    },
  };
  const filter = { _id: docId, [APPLIED_FIELD]: { $nin: [...eventIds] } } as never;
  try {
    const res = await (collection as Collection<Document>).updateOne(filter, full as never, {
      upsert: true,
    });
    return res.modifiedCount + res.upsertedCount > 0 ? 'applied' : 'conflict';
  } catch (e) {
    if (isDuplicateKeyError(e)) return 'conflict';
    throw e;
  }
}

/**
 * `insertOnce` for many documents in ONE unordered `insertMany`: a document whose `_id` is already stored (a
 * redelivery, a replay, the same id twice) is left as it was and the others are written all the same. Returns the
 * ids found already there; any other failure (a write concern error included) throws.
 */
export async function insertManyOnce<T extends Document & { _id: string }>(
  collection: Collection<T>,
  docs: readonly T[],
): Promise<Set<string>> {
  const present = new Set<string>();
  if (!docs.length) return present;
  try {
    await (collection as unknown as Collection<Document>).insertMany(docs as unknown as Document[], {
      ordered: false,
    });
  } catch (e) {
    const failure = e as {
      writeErrors?: { index?: number; code?: number }[];
      result?: { getWriteConcernError?: () => unknown };
    } | null;
    const errors = failure?.writeErrors;
    if (
      failure?.result?.getWriteConcernError?.() ||
      !Array.isArray(errors) ||
      !errors.length ||
      errors.some((w) => w.code !== 11000 || typeof w.index !== 'number' || !docs[w.index])
    )
      throw e;
    for (const w of errors) present.add(docs[w.index as number]._id);
  }
  return present;
}

/** Inserts a document whose unique key derives from an event; a redelivery collides and changes nothing. */
export async function insertOnce(
  collection: Collection<Document> | Collection<never>,
  doc: Document,
): Promise<ApplyResult> {
  try {
    await (collection as Collection<Document>).insertOne(doc);
    return 'applied';
  } catch (e) {
    if (isDuplicateKeyError(e)) return 'duplicate';
    throw e;
  }
}
