/**
 * The office's public messages a slice of notifications delivers, fetched from contacts in one call per slice at
 * send time. They live in memory for the send of that slice only: never stored, put on an event or logged.
 */
import type { CaseMessage, CaseMessages } from '../delivery/case-messages';
import type { Notification, NotificationChannel } from './notification.rules';

/** The text of each notification that delivers a message, by notification id; `null`: contacts did not answer. */
export type SliceTexts = Map<string, CaseMessage> | null;

/** Channels whose message carries the office's text (the SMS only says where to read it: no text is fetched). */
export const CARRIES_TEXT: readonly NotificationChannel[] = ['email', 'pec', 'io'];

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
    deliversMessage(n) && CARRIES_TEXT.includes(channel) && n.caseId && n.facts.messageId
      ? [{ n, ref: { caseId: n.caseId, messageId: n.facts.messageId } }]
      : [],
  );
  const out = new Map<string, CaseMessage>();
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
    out.set(n.id, m && m.caseId === ref.caseId ? m : { ...ref, status: 'unknown' });
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
): { message?: string } | 'retry' {
  if (!deliversMessage(n) || !CARRIES_TEXT.includes(channel)) return {};
  if (!texts) return 'retry';
  const m = texts.get(n.id);
  return m?.status === 'ok' && m.text?.trim() ? { message: m.text } : {};
}
