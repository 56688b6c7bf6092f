/**
 * Four eyes, defined once (pure; issue 12, session 26's trial): the approver of a version is none of the people
 * who wrote any part of it: its creator, every editor and every submitter since the last approval. Only an
 * approval closes a version (what came before it was checked by someone else); a rejection closes nothing: it
 * sends the same text back to draft, so whoever wrote or submitted that text still wrote part of what may be
 * approved next, whoever rejected it (a writer withdrawing their own submission included). The creator counts
 * until the first approval. Without a diff of who wrote which words, a writer of a rejected version stays a
 * writer even if a colleague later rewrites it all: stricter, never looser. Every service that approves
 * (knowledge base, campaigns) maps its history onto this with a vocabulary of its own.
 */

/** One step of an item's history: what was done, by whom (the vocabulary of each service maps onto it). */
export interface WorkStep {
  action: string;
  by: string;
}

/** How a service names its history steps. Steps named in neither list (rejections, scheduling…) change no one's authorship. */
export interface FourEyesVocabulary {
  /** Creating the item (its creator counts until the first approval). */
  created: readonly string[];
  /** Writing or submitting a version (counted since the last approval). */
  wrote: readonly string[];
  /** The approvals: the only steps that close a version. */
  approved: readonly string[];
}

/** Everyone who wrote some part of the version being approved. */
export function writersOfVersion(history: readonly WorkStep[], vocabulary: FourEyesVocabulary): Set<string> {
  let lastApproval = -1;
  history.forEach((h, i) => {
    if (vocabulary.approved.includes(h.action)) lastApproval = i;
  });
  const writers = new Set<string>();
  history.forEach((h, i) => {
    if (i <= lastApproval) return;
    if (vocabulary.created.includes(h.action) || vocabulary.wrote.includes(h.action)) writers.add(h.by);
  });
  return writers;
}

/** True when `approver` wrote no part of the version (`also`: writers known outside the history). */
export function mayApprove(
  history: readonly WorkStep[],
  approver: string,
  also: readonly (string | undefined)[],
  vocabulary: FourEyesVocabulary,
): boolean {
  return !writersOfVersion(history, vocabulary).has(approver) && !also.includes(approver);
}
