/**
 * What a citizen may see of a case without signing in (issue 14), on the status page and in Open311: the
 * status in the administration's words, the office, the dates (opened, due, closed) and whether a reply was
 * sent. Never the subject, the text, notes, names or places; of the messages only, while the case waits for the
 * citizen, what the office asked them to send (on the status page, scrubbed of personal data). Pure.
 */
import { romeCivilDate } from '@urp/legal-clock';
import type { CaseRecord } from '../case/case.model';
import type { CaseStatus } from '../case/case-phases.rules';

export interface PublicCaseStatus {
  protocolNumber: string;
  /** The administration's label of the phase (the same as Open311's `status_notes`). */
  status: string;
  /** A sentence saying what it means for the citizen. */
  explanation: string;
  closed: boolean;
  suspended: boolean;
  officeName?: string;
  /** Civil dates in Italy (YYYY-MM-DD). */
  openedOn: string;
  dueOn?: string;
  closedOn?: string;
  replySentOn?: string;
  /** While the case waits for the citizen: what the office asked them to send (scrubbed), and when. */
  request?: { text: string; askedOn: string };
}

const EXPLANATIONS: Record<CaseStatus, string> = {
  received: 'La richiesta è stata registrata ed è in attesa di essere assegnata all’ufficio competente.',
  triaged: 'La richiesta è stata esaminata ed è in attesa di essere assegnata all’ufficio competente.',
  assigned: 'La richiesta è stata assegnata all’ufficio competente.',
  in_progress: 'L’ufficio competente sta lavorando alla richiesta.',
  waiting_citizen: 'L’ufficio attende da lei informazioni o documenti: controlli i messaggi ricevuti.',
  waiting_referent: 'La richiesta è all’esame di un altro ufficio dell’ente.',
  answered: 'Le è stata inviata una risposta.',
  closed: 'La pratica è conclusa.',
  reopened: 'La pratica è stata riaperta ed è di nuovo in lavorazione.',
  merged: 'La richiesta è stata unita a un’altra pratica sullo stesso problema, che la segue.',
};

export const isSuspended = (k: Pick<CaseRecord, 'suspensions'>): boolean =>
  (k.suspensions ?? []).some((s) => !s.to);

/** The status label a citizen reads (also Open311's `status_notes`). */
export function publicStatusLabel(
  k: Pick<CaseRecord, 'status' | 'suspensions'>,
  labels: Record<string, string>,
): string {
  const label = labels[k.status] ?? k.status;
  return isSuspended(k) ? `${label} (termine sospeso)` : label;
}

/**
 * What the office asked the citizen to send, while the case waits for it: the request of the open suspension
 * (`requestId`, a public message), none once the clock runs again or the case is closed.
 */
export function pendingRequest(
  k: Pick<CaseRecord, 'status' | 'suspensions' | 'messages'>,
): { text: string; at: Date } | undefined {
  if (k.status !== 'waiting_citizen') return undefined;
  const open = (k.suspensions ?? []).find((s) => !s.to);
  const m = open?.requestId ? (k.messages ?? []).find((x) => x.id === open.requestId) : undefined;
  return m?.text.trim() ? { text: m.text, at: m.at } : undefined;
}

/**
 * The status of a case as a citizen reads it. `scrub` (the status page's, with the requester's known data) lets
 * the pending request be shown: without it (Open311) the request is left out.
 */
export function publicStatusOf(
  c: { protocolNumber?: string; case: CaseRecord },
  labels: Record<string, string>,
  officeName: string | undefined,
  scrub?: (text: string) => string,
): PublicCaseStatus {
  const k = c.case;
  const closed = k.status === 'closed' || k.status === 'merged';
  const suspended = isSuspended(k);
  // a request of what is missing is not a reply
  const firstReply = (k.messages ?? []).find((m) => !m.request);
  const replied = k.firstResponseAt ?? firstReply?.at;
  const pending = scrub ? pendingRequest(k) : undefined;
  const request = pending
    ? { text: scrub!(pending.text).trim(), askedOn: romeCivilDate(pending.at) }
    : undefined;
  return {
    protocolNumber: c.protocolNumber ?? '',
    status: publicStatusLabel(k, labels),
    explanation: request?.text
      ? 'L’ufficio attende da lei quanto indicato qui sotto: il termine è sospeso e riprenderà a decorrere quando arriverà.'
      : suspended
        ? 'Il termine è sospeso in attesa di documenti o informazioni: riprenderà a decorrere quando arriveranno.'
        : EXPLANATIONS[k.status],
    ...(request?.text ? { request } : {}),
    closed,
    suspended,
    ...(officeName ? { officeName } : {}),
    openedOn: romeCivilDate(k.openedAt),
    ...(!closed && !suspended ? { dueOn: romeCivilDate(k.dueAt) } : {}),
    ...(k.closedAt ? { closedOn: romeCivilDate(k.closedAt) } : {}),
    ...(replied ? { replySentOn: romeCivilDate(replied) } : {}),
  };
}
