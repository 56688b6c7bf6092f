// Telling requesters apart at the desk: homonyms in a search list, and a new requester who is already registered.
// Pure rules; the data comes from contacts' audited search (searchRequesters, with its purpose).
import { fmtDate } from '../lib/format';

/** A requester as the front office's search returns it (personal data read with a purpose, audited). */
export interface RequesterCandidate {
  id: string;
  name?: string | null;
  fiscalCode?: string | null;
  email?: string | null;
  pec?: string | null;
  phone?: string | null;
  createdAt?: string | null;
}

/** What the operator typed for a new requester. */
export interface TypedRequester {
  name: string;
  fiscalCode: string;
  email: string;
  pec: string;
  phone: string;
}

export type MatchField = 'fiscalCode' | 'email' | 'pec' | 'phone' | 'name';

/** How a match is said to the operator: "stesso codice fiscale", "stessa e-mail"… */
export const MATCH_WORDS: Record<MatchField, string> = {
  fiscalCode: 'stesso codice fiscale',
  email: 'stessa e-mail',
  pec: 'stessa PEC',
  phone: 'stesso cellulare',
  name: 'stesso nome',
};

/** A name's words, case and accents folded, in any order: "Verdetti Chiara" is "chiara verdetti". */
const fold = (s: string) =>
  s
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .sort()
    .join(' ');

/** A phone number's digits, without the Italian prefix: "+39 333 123 4567" and "3331234567" are the same. */
const digits = (s: string) => s.replace(/\D/g, '').replace(/^(0039|39)(?=3\d{8,9}$)/, '');

/** An e-mail shown so that two people can be told apart without reading it: "c•••@example.it". */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '•••';
  return `${email[0]}•••${email.slice(at)}`;
}

/** A phone shown by its last three digits only: "•••567". */
export function maskPhone(phone: string): string {
  const d = digits(phone);
  return d.length < 3 ? '•••' : `•••${d.slice(-3)}`;
}

/**
 * What tells a requester apart from a homonym in a list, without showing the personal data in full: the e-mail
 * and mobile masked, and the day the record was created. Empty when there is nothing to show.
 */
export function homonymDetail(r: RequesterCandidate): string {
  return [
    r.email ? `e-mail ${maskEmail(r.email)}` : '',
    !r.email && r.pec ? `PEC ${maskEmail(r.pec)}` : '',
    r.phone ? `cell. ${maskPhone(r.phone)}` : '',
    r.createdAt ? `registrato il ${fmtDate(r.createdAt)}` : '',
  ]
    .filter(Boolean)
    .join(' · ');
}

/** Which of the typed data an existing requester already has (e-mail and PEC ignore case, phones their spacing). */
export function sameData(typed: TypedRequester, r: RequesterCandidate): MatchField[] {
  const same = (a: string, b: string | null | undefined, norm: (s: string) => string) =>
    !!a.trim() && !!b && norm(a) === norm(b) && norm(a) !== '';
  const lower = (s: string) => s.trim().toLowerCase();
  const out: MatchField[] = [];
  if (same(typed.fiscalCode, r.fiscalCode, (s) => s.replace(/\s+/g, '').toUpperCase()))
    out.push('fiscalCode');
  if (same(typed.email, r.email, lower)) out.push('email');
  if (same(typed.pec, r.pec, lower)) out.push('pec');
  if (same(typed.phone, r.phone, digits)) out.push('phone');
  if (same(typed.name, r.name, fold)) out.push('name');
  return out;
}

/**
 * The existing requesters the new one may be: those sharing a fiscal code, e-mail, PEC or mobile come first
 * (almost surely the same person), then namesakes (maybe a homonym: the list tells them apart).
 */
export function possibleDuplicates(
  typed: TypedRequester,
  found: readonly RequesterCandidate[],
): { requester: RequesterCandidate; same: MatchField[] }[] {
  const seen = new Set<string>();
  return found
    .filter((r) => !seen.has(r.id) && seen.add(r.id))
    .map((requester) => ({ requester, same: sameData(typed, requester) }))
    .filter((m) => m.same.length > 0)
    .sort((a, b) => Number(b.same.some((f) => f !== 'name')) - Number(a.same.some((f) => f !== 'name')));
}
