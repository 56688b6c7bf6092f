import type { Procedure } from '../procedure/procedure.rules';
import { isAccess, OUTCOME_LABELS } from '../procedure/procedure.rules';

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
  kind: string;
  kindLabel: string;
  subjectCategory: string;
  requestDate: string;
  officeName: string;
  outcome: string | null;
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

/** `2026-S1` = January-June, `2026-S2` = July-December; undefined = everything (the live register). */
export function inSemester(row: AccessRegisterRow, semester?: string): boolean {
  if (!semester) return true;
  const m = /^(\d{4})-S([12])$/.exec(semester);
  if (!m) throw new RangeError('semester: expected YYYY-S1 or YYYY-S2');
  const [from, to] = m[2] === '1' ? ['01-01', '06-30'] : ['07-01', '12-31'];
  return row.requestDate >= `${m[1]}-${from}` && row.requestDate <= `${m[1]}-${to}`;
}

const COLUMNS: [keyof AccessRegisterRow | ((r: AccessRegisterRow) => string), string][] = [
  ['registerNumber', 'numero'],
  ['kindLabel', 'tipologia'],
  ['subjectCategory', 'oggetto'],
  ['requestDate', 'data_richiesta'],
  ['officeName', 'ufficio'],
  [(r) => r.outcomeLabel ?? (r.silentRefusal ? 'silenzio-rigetto' : 'in corso'), 'esito'],
  ['decisionDate', 'data_decisione'],
  [(r) => (r.withinTerm === null ? '' : r.withinTerm ? 'sì' : 'no'), 'nei_termini'],
  [(r) => (r.thirdParties ? 'sì' : 'no'), 'controinteressati'],
  [(r) => (r.thirdPartyObjection ? 'sì' : 'no'), 'comunicazione_controinteressati'],
  [(r) => (r.reviewRequested ? 'sì' : 'no'), 'riesame_richiesto'],
  [(r) => (r.reviewOf ? 'sì' : 'no'), 'e_riesame'],
];

const cell = (v: unknown): string => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",;\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** CSV (RFC 4180, comma-separated, UTF-8) for publication: the columns above and nothing else. */
export function registerCsv(rows: AccessRegisterRow[]): string {
  const sorted = [...rows].sort((a, b) =>
    a.requestDate < b.requestDate
      ? -1
      : a.requestDate > b.requestDate
        ? 1
        : a.registerNumber < b.registerNumber
          ? -1
          : 1,
  );
  const lines = [COLUMNS.map(([, h]) => h).join(',')];
  for (const r of sorted)
    lines.push(COLUMNS.map(([c]) => cell(typeof c === 'function' ? c(r) : r[c])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
