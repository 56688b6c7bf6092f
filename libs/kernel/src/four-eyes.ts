/**
 * Four eyes, defined once (pure; issue 12): the approver of a version is none of the people who wrote any
 * part of it: its creator, every editor since the last approval or rejection (an approval closes a version:
 * what came before was checked by someone else), and whoever submitted it. The creator counts until the
 * first approval (later versions are other people's work on approved text); a rejection does not clear the
 * creator. Every service that approves (knowledge base, campaigns) maps its history onto this with a
 * vocabulary of its own.
 */

/** One step of an item's history: what was done, by whom (the vocabulary of each service maps onto it). */
export interface WorkStep {
  action: string;
  by: string;
}

/** How a service names its history steps. */
export interface FourEyesVocabulary {
  /** Creating the item (its creator counts until the first approval). */
  created: readonly string[];
  /** Writing or submitting a version (counted since the last close). */
  wrote: readonly string[];
  /** Steps that close a version (approval, rejection). */
  closed: readonly string[];
  /** Of those, the approvals (after one, the creator no longer counts). */
  approved: readonly string[];
}

/** Everyone who wrote some part of the version being approved. */
export function writersOfVersion(history: readonly WorkStep[], vocabulary: FourEyesVocabulary): Set<string> {
  let lastClose = -1;
  let lastApproval = -1;
  history.forEach((h, i) => {
    if (vocabulary.closed.includes(h.action)) lastClose = i;
    if (vocabulary.approved.includes(h.action)) lastApproval = i;
  });
  const writers = new Set<string>();
  history.forEach((h, i) => {
    if (vocabulary.created.includes(h.action)) {
      if (i > lastApproval) writers.add(h.by);
    } else if (i > lastClose && vocabulary.wrote.includes(h.action)) writers.add(h.by);
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
