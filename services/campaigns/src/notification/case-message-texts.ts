/**
 * The office's public messages a slice of notifications delivers, fetched from contacts in one call per slice at
 * send time; among them the receipt of a contact registered away from the desk (`messageId` `receipt_<contactId>` on
 * its `case_received`: protocol number, receipt code, status page). They live in memory for the send of that slice
 * only: never stored, put on an event or logged.
 */
import type { CaseMessage, CaseMessages } from '../delivery/case-messages';
import type { Notification, NotificationChannel } from './notification.rules';

/** How a case was closed, as the projection of contacts' `CaseClosed` keeps it (`forwardedTo` already scrubbed). */
export interface CaseOutcomeFacts {
  code: string;
  forwardedTo?: string;
}

/**
 * What a citizen's message about a case says besides the office's text: where to follow the case (the public
 * status page) and, for a closure, its outcome. Set once at start (`configureCitizenMessages`, by the notification
 * handlers from the service's configuration and the projection of cases); empty in unit tests that do not set it.
 */
export interface CitizenMessageContext {
  /** `<public base URL>/stato-pratica`. */
  statusPageUrl?: string;
  /** The outcomes of closed cases, by case id (a miss: the closure is told without its outcome). */
  outcomes?: (caseIds: readonly string[]) => Promise<Map<string, CaseOutcomeFacts>>;
}
let citizen: CitizenMessageContext = {};
export const configureCitizenMessages = (c: CitizenMessageContext): void => {
  citizen = c;
};

/** What a slice's notification carries from the look-ups: the office's text, and a closed case's outcome. */
export type SliceText = Partial<CaseMessage> & { outcome?: CaseOutcomeFacts };

/** The text of each notification that delivers a message, by notification id; `null`: contacts did not answer. */
export type SliceTexts = Map<string, SliceText> | null;

/** Whether the notification tells a citizen that their case was closed. */
export const tellsClosure = (n: Notification): boolean =>
  n.recipientType === 'requester' && !!n.caseId && n.facts.status === 'closed';

/** The outcomes of the slice's closures (an error or a miss: told without it, never a reason not to send). */
async function outcomesOf(slice: readonly { n: Notification }[]): Promise<Map<string, CaseOutcomeFacts>> {
  const ids = [...new Set(slice.flatMap(({ n }) => (tellsClosure(n) && n.caseId ? [n.caseId] : [])))];
  if (!ids.length || !citizen.outcomes) return new Map();
  return citizen.outcomes(ids).catch(() => new Map<string, CaseOutcomeFacts>());
}

/** Channels whose message carries the office's text (the SMS only says where to read it: no text is fetched). */
export const CARRIES_TEXT: readonly NotificationChannel[] = ['email', 'pec', 'io'];

/** Whether the message is the receipt of a contact registered away from the desk (`receipt_<contactId>`). */
const isReceipt = (n: Notification): boolean => !!n.facts.messageId?.startsWith('receipt_');

/**
 * Whether this notification's text is fetched for its channel: the office's messages on e-mail, PEC and IO; a receipt
 * on SMS too (a citizen who called has only the SMS, and the status page needs the code it carries).
 */
const carriesText = (n: Notification, channel: NotificationChannel): boolean =>
  CARRIES_TEXT.includes(channel) || (channel === 'sms' && isReceipt(n));

/** Whether the notification delivers a case's public message. */
export const deliversMessage = (n: Notification): boolean =>
  n.recipientType === 'requester' && !!n.caseId && !!n.facts.messageId;

/**
 * One call for the whole slice (only the notifications going out on a channel that carries the text): a map by
 * notification id, or `null` when contacts is unreachable or answers an error (the slice's messages are retried).
 */
export async function textsOfSlice(
  slice: readonly { n: Notification; channel: NotificationChannel }[],
  lookup: Pick<CaseMessages, 'fetch'>,
): Promise<SliceTexts> {
  const wanted = slice.flatMap(({ n, channel }) =>
    deliversMessage(n) && carriesText(n, channel) && n.caseId && n.facts.messageId
      ? [{ n, ref: { caseId: n.caseId, messageId: n.facts.messageId } }]
      : [],
  );
  const out = new Map<string, SliceText>();
  const outcomes = await outcomesOf(slice);
  for (const { n } of slice) {
    const outcome = n.caseId ? outcomes.get(n.caseId) : undefined;
    if (outcome && tellsClosure(n)) out.set(n.id, { outcome });
  }
  if (!wanted.length) return out;
  const items = [...new Map(wanted.map((w) => [w.ref.messageId, w.ref])).values()];
  const purpose = `notifica ${[...new Set(wanted.map((w) => w.n.template))].join(', ')}`.slice(0, 200);
  let found: Map<string, CaseMessage>;
  try {
    found = await lookup.fetch(items, purpose);
  } catch {
    return null;
  }
  for (const { n, ref } of wanted) {
    const m = found.get(ref.messageId);
    // a message of another case is not this notification's (contacts answers per case and message)
    const message = m && m.caseId === ref.caseId ? m : { ...ref, status: 'unknown' as const };
    out.set(n.id, { ...out.get(n.id), ...message });
  }
  return out;
}

/**
 * What the send of one notification gets from the slice's texts: the text (`ok`), nothing (no message, `erased`,
 * `unknown`: the notice goes without it), or `retry` when contacts did not answer (a transient failure).
 */
export function messageFor(
  n: Notification,
  channel: NotificationChannel,
  texts: SliceTexts,
): { message?: string; receipt?: string; statusPageUrl?: string; outcome?: CaseOutcomeFacts } | 'retry' {
  const m = texts?.get(n.id);
  // every message to a citizen about a case ends with where to follow it; a closure says its outcome
  const about = {
    ...(n.recipientType === 'requester' && n.caseId && citizen.statusPageUrl
      ? { statusPageUrl: citizen.statusPageUrl }
      : {}),
    ...(m?.outcome && tellsClosure(n) ? { outcome: m.outcome } : {}),
  };
  if (!deliversMessage(n) || !carriesText(n, channel)) return about;
  if (!texts) return 'retry';
  if (m?.status !== 'ok' || !m.text?.trim()) return about;
  // the receipt names the status page itself (told once); `message` too, for a renderer that knows no `receipt`
  if (isReceipt(n))
    return { ...(about.outcome ? { outcome: about.outcome } : {}), receipt: m.text, message: m.text };
  return { ...about, message: m.text };
}
