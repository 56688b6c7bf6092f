import type { ProcedureKind, ProcedureOutcome } from '@urp/contracts';
import { DomainError, toCsv, type CsvColumn } from '@urp/kernel';
import { MAX_YEAR, MIN_YEAR } from '@urp/legal-clock';
import { isAccess, OUTCOME_LABELS, type Procedure } from '../procedure/procedure.state';

/**
 * The access register (registro degli accessi, ANAC Linee guida FOIA del. 1309/2016 § 9; Circolare FP
 * 2/2017): one register for document access (L. 241/1990), simple and generalised civic access
 * (D.Lgs 33/2013 art. 5) and reviews (riesame), published at least every six months **without personal
 * data**. A row therefore carries only the register number, the kind, the procedure type (the subject
 * category, never the free-text subject, which may name people), dates, outcome, whether third parties
 * were involved (not who) and the review. No requester id, no names, no reasons, no protocol data of people.
 */
export interface AccessRegisterRow {
  procedureId: string;
  /** Public register number: the protocol number of the request (an act of the administration). */
  registerNumber: string;
  kind: ProcedureKind;
  kindLabel: string;
  subjectCategory: string;
  requestDate: string;
  /** The office that handles the request (its type's): referents read their offices' rows only. */
  officeId?: string;
  officeName: string;
  outcome: ProcedureOutcome | null;
  outcomeLabel: string | null;
  decisionDate: string | null;
  withinTerm: boolean | null;
  thirdParties: boolean;
  thirdPartyObjection: boolean;
  reviewRequested: boolean;
  reviewOf: string | null;
  silentRefusal: boolean;
}

const KIND_LABELS: Record<string, string> = {
  document_access: 'Accesso documentale (L. 241/1990)',
  simple_civic_access: 'Accesso civico semplice (D.Lgs 33/2013 art. 5 c.1)',
  generalised_civic_access: 'Accesso civico generalizzato (D.Lgs 33/2013 art. 5 c.2)',
  review_request: 'Riesame (D.Lgs 33/2013 art. 5 c.7)',
};

export function registerRow(p: Procedure): AccessRegisterRow | null {
  if (!isAccess(p)) return null;
  return {
    procedureId: p.id,
    registerNumber: p.protocolNumber,
    kind: p.kind,
    kindLabel: KIND_LABELS[p.kind] ?? p.kind,
    subjectCategory: p.typeName,
    requestDate: p.receivedOn,
    ...(p.officeId ? { officeId: p.officeId } : {}),
    officeName: p.officeName ?? '',
    outcome: p.decision?.outcome ?? null,
    outcomeLabel: p.decision ? OUTCOME_LABELS[p.decision.outcome] : null,
    decisionDate: p.decision?.decidedOn ?? null,
    withinTerm: p.decision ? p.decision.withinTerm : null,
    thirdParties: p.thirdParties.length > 0,
    thirdPartyObjection: p.suspensions.some((s) => s.kind === 'third_party_objection'),
    reviewRequested: Boolean(p.reviewProcedureId),
    reviewOf: p.reviewOf ?? null,
    silentRefusal: Boolean(p.silentRefusalOn) && !p.decision,
  };
}

/** `2026-S1` = January-June, `2026-S2` = July-December: the first and last civil day; refused otherwise. */
export function semesterRange(semester: string): [string, string] {
  const m = /^(\d{4})-S([12])$/.exec(semester);
  if (!m) throw DomainError.invalid('semester', 'atteso AAAA-S1 o AAAA-S2');
  if (Number(m[1]) < MIN_YEAR || Number(m[1]) > MAX_YEAR)
    throw DomainError.invalid('semester', `anno fuori dall’intervallo ammesso (${MIN_YEAR}-${MAX_YEAR})`);
  return m[2] === '1' ? [`${m[1]}-01-01`, `${m[1]}-06-30`] : [`${m[1]}-07-01`, `${m[1]}-12-31`];
}

/** The rows of a semester; no semester = everything (the live register). */
export function inSemester(rows: readonly AccessRegisterRow[], semester?: string): AccessRegisterRow[] {
  if (!semester) return [...rows];
  const [from, to] = semesterRange(semester);
  return rows.filter((r) => r.requestDate >= from && r.requestDate <= to);
}

const yesNo = (b: boolean) => (b ? 'sì' : 'no');
/** Line breaks never belong in a register cell; removing them keeps one row per line (see registerCsv). */
const oneLine = (s: string) => s.replace(/[\r\n]+/g, ' ');

const COLUMNS: CsvColumn<AccessRegisterRow>[] = [
  { header: 'numero', value: (r) => oneLine(r.registerNumber) },
  { header: 'tipologia', value: (r) => r.kindLabel },
  { header: 'oggetto', value: (r) => oneLine(r.subjectCategory) },
  { header: 'data_richiesta', value: (r) => r.requestDate },
  { header: 'ufficio', value: (r) => oneLine(r.officeName) },
  { header: 'esito', value: (r) => r.outcomeLabel ?? (r.silentRefusal ? 'silenzio-rigetto' : 'in corso') },
  { header: 'data_decisione', value: (r) => r.decisionDate },
  { header: 'nei_termini', value: (r) => (r.withinTerm === null ? '' : yesNo(r.withinTerm)) },
  { header: 'controinteressati', value: (r) => yesNo(r.thirdParties) },
  { header: 'comunicazione_controinteressati', value: (r) => yesNo(r.thirdPartyObjection) },
  { header: 'riesame_richiesto', value: (r) => yesNo(r.reviewRequested) },
  { header: 'e_riesame', value: (r) => yesNo(Boolean(r.reviewOf)) },
];

/**
 * CSV (RFC 4180, comma-separated, UTF-8, CRLF) for publication: the columns above and nothing else, by the
 * kernel's writer (quoting, formula guard), records ended by CRLF as the published register always was.
 */
export function registerCsv(rows: readonly AccessRegisterRow[]): string {
  const sorted = [...rows].sort((a, b) =>
    a.requestDate < b.requestDate
      ? -1
      : a.requestDate > b.requestDate
        ? 1
        : a.registerNumber < b.registerNumber
          ? -1
          : 1,
  );
  return toCsv(COLUMNS, sorted, { recordDelimiter: 'crlf' });
}
