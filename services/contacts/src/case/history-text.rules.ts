/**
 * What a case's history and the duplicate suggestions say to the operator, in Italian (the console shows these
 * texts as they come; entries stored before this module was written are in English and the console still
 * translates those). One place for the wording, so every rule writes the same sentences.
 */

/** "1 giorno", "3 giorni". */
export const days = (n: number): string => `${n} ${n === 1 ? 'giorno' : 'giorni'}`;

/** A case opened: its term and reminder. */
export function openedDetail(p: { days: number; workingDays?: boolean; reminderAfterDays?: number }): string {
  return `termine di ${p.days} giorni${p.workingDays ? ' lavorativi' : ''}${
    p.reminderAfterDays ? `, sollecito all’ufficio dopo ${days(p.reminderAfterDays)}` : ''
  }`;
}

/** A case routed to an office (and a referent). */
export const routedDetail = (officeId: string, referentId?: string): string =>
  `ufficio ${officeId}${referentId ? `, referente ${referentId}` : ''}`;

/** The clock stopped, and why. */
export const suspendedDetail = (reason: string): string => `termini sospesi: ${reason}`;

/** The clock restarted: how long it stood, why, and the due date before and after (dates as 27/11/2026). */
export const resumedDetail = (stood: number, reason: string, dueBefore: string, dueAfter: string): string =>
  `termini ripresi dopo ${days(stood)} di sospensione («${reason}»): nuova scadenza ${dueAfter} (era ${dueBefore})`;

/** The outcome of a case as the administration says it. */
export const OUTCOME_LABELS: Record<string, string> = {
  answered: 'risposta data',
  accepted: 'accolta',
  partly_accepted: 'accolta in parte',
  rejected: 'respinta',
  forwarded: 'inoltrata ad altro ente',
  withdrawn: 'ritirata dal richiedente',
};

export const closedDetail = (outcome: string, forwardedTo?: string): string =>
  `esito: ${OUTCOME_LABELS[outcome] ?? outcome}${forwardedTo ? `, trasmessa a ${forwardedTo}` : ''}`;

/** An internal note: whom it mentions, and the duplicate it was written on. */
export function noteDetail(mentions: readonly string[], via?: string): string {
  return [
    'nota interna',
    ...(mentions.length ? [`menziona ${mentions.join(', ')}`] : []),
    ...(via ? [`scritta sul duplicato ${via}`] : []),
  ].join(', ');
}

export const MESSAGE_DETAIL = 'messaggio al cittadino';

/** A case merged into another (its protocol number, else its id). */
export const mergedDetail = (original: { caseId: string; protocolNumber?: string }): string =>
  `duplicato della pratica ${original.protocolNumber ? `n. ${original.protocolNumber}` : original.caseId}`;

/** The original learns of its duplicate. */
export const linkedDetail = (duplicate: { caseId: string; protocolNumber?: string }): string =>
  `la pratica ${duplicate.protocolNumber ? `n. ${duplicate.protocolNumber}` : duplicate.caseId} è stata unita a questa`;

/** Why a case is suggested as a duplicate. */
export const DUPLICATE_REASONS = {
  sameCategory: 'stessa categoria',
  similarText: 'testo simile',
  near: (meters: number) => `a ${meters} m di distanza`,
  opened: (ageDays: number) => (ageDays === 0 ? 'aperta oggi' : `aperta ${days(ageDays)} fa`),
};
