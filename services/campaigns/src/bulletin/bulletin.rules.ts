/**
 * The weekly bulletin's rules: who gets which sheets and cases, and the text they read. Pure (the use case reads the
 * projections and sends).
 *
 * What a referent can act on: a case by its **protocol number** (what the console's search, the register and the
 * citizen's receipt use; never the internal id), every date in Italian, most urgent first, and every count equal to
 * the list under it. A case nobody holds is the **office head's** (as contacts reads it: the case's referent, else
 * the head of its office): the head's bulletin lists the open cases of the offices they head that no active
 * referent holds, so that it agrees with the office's bulletin instead of saying "0" while the office's lists them.
 */
import { findOffice, type Office } from '@urp/directory';
import type { CaseView, PersonView, SheetView } from './bulletin.store';
import { onDate } from '../shared/italian-dates';

const DAY = 86_400_000;

/** One bulletin: to a referent or to an office, for one week. */
export interface BulletinTarget {
  type: 'referent' | 'office';
  who: PersonView;
  /** Sheets changed in the week (owned by the referent, or of the office). */
  changed: SheetView[];
  /** Sheets whose review is due within a week after the period, or overdue; the earliest first. */
  due: SheetView[];
  /** Open cases: the referent's own, or every open case of the office; most urgent first. */
  cases: CaseView[];
  /** A head's only: for each office they head, its open cases no active referent holds (most urgent first). */
  unassigned: { office: PersonView; cases: CaseView[] }[];
}

export interface BulletinInput {
  sheets: readonly SheetView[];
  cases: readonly CaseView[];
  referents: readonly PersonView[];
  offices: readonly PersonView[];
  periodStart: Date;
  periodEnd: Date;
}

const byDue = (a: CaseView, b: CaseView) =>
  (a.dueAt?.getTime() ?? Number.POSITIVE_INFINITY) - (b.dueAt?.getTime() ?? Number.POSITIVE_INFINITY);

/** Every active referent and office's bulletin (empty ones included: the caller skips them). */
export function bulletinTargets(input: BulletinInput): BulletinTarget[] {
  const { periodStart, periodEnd } = input;
  const offices = input.offices as readonly (PersonView & Office)[];
  const horizon = new Date(periodEnd.getTime() + 7 * DAY);
  const live = input.sheets.filter((s) => !s.retired);
  const changed = live.filter((s) => s.changedAt && s.changedAt >= periodStart && s.changedAt < periodEnd);
  const due = live
    .filter((s) => s.reviewDueAt && s.reviewDueAt <= horizon)
    .sort((a, b) => Number(a.reviewDueAt) - Number(b.reviewDueAt));
  const open = input.cases.filter((c) => c.open).sort(byDue);
  const holders = new Set(input.referents.filter((r) => r.active).map((r) => r.id));
  // an office is named by its id or its code: each name resolved once
  const resolved = new Map<string, string>();
  const officeKey = (idOrCode: string) => {
    let key = resolved.get(idOrCode);
    if (key === undefined) resolved.set(idOrCode, (key = findOffice(offices, idOrCode)?.id ?? idOrCode));
    return key;
  };
  const inOffice = (officeId: string | undefined, o: PersonView) =>
    !!officeId && officeKey(officeId) === o.id;
  // a case's office: its own, else its referent's (a case given to a referent only)
  const referentOffice = new Map(input.referents.map((r) => [r.id, r.officeId]));
  const caseOffice = (c: CaseView) =>
    c.officeId ?? (c.referentId ? referentOffice.get(c.referentId) : undefined);
  const ofOffice = (o: PersonView) => open.filter((c) => inOffice(caseOffice(c), o));
  const sheetsOf = (list: SheetView[], o: PersonView) =>
    list.filter((s) => s.officeIds.some((id) => inOffice(id, o)));
  const active = offices.filter((o) => o.active);
  return [
    ...input.referents
      .filter((r) => r.active)
      .map((r) => ({
        type: 'referent' as const,
        who: r,
        changed: changed.filter((s) => s.ownerReferentId === r.id),
        due: due.filter((s) => s.ownerReferentId === r.id),
        cases: open.filter((c) => c.referentId === r.id),
        unassigned: active
          .filter((o) => o.headReferentId === r.id)
          .map((o) => ({
            office: o,
            cases: ofOffice(o).filter((c) => !c.referentId || !holders.has(c.referentId)),
          }))
          .filter((u) => u.cases.length),
      })),
    ...active.map((o) => ({
      type: 'office' as const,
      who: o,
      changed: sheetsOf(changed, o),
      due: sheetsOf(due, o),
      cases: ofOffice(o),
      unassigned: [],
    })),
  ];
}

/** How many open cases a bulletin lists (the referent's own and, for a head, those to assign). */
export const casesListed = (t: BulletinTarget): number =>
  t.cases.length + t.unassigned.reduce((n, u) => n + u.cases.length, 0);

/** Whether a bulletin has anything to say (nothing is sent to whom nothing is pending). */
export const hasNews = (t: BulletinTarget): boolean => t.changed.length + t.due.length + casesListed(t) > 0;

const list = (xs: string[]) => (xs.length ? xs.map((x) => `- ${x}`).join('\n') : '- nessuna');

const caseLine = (c: CaseView, now: Date) => {
  const ref = c.protocolNumber ? `prot. n. ${c.protocolNumber}` : 'pratica senza numero di protocollo';
  if (!c.dueAt) return ref;
  return c.dueAt < now
    ? `${ref}: termine scaduto ${onDate('il', c.dueAt)}`
    : `${ref}: risposta entro ${onDate('il', c.dueAt)}`;
};

const sheetLine = (s: SheetView, now: Date) =>
  !s.reviewDueAt
    ? s.title
    : s.reviewDueAt < now
      ? `${s.title}: revisione scaduta ${onDate('il', s.reviewDueAt)}`
      : `${s.title}: revisione entro ${onDate('il', s.reviewDueAt)}`;

/** The e-mail's subject and text (plain text, Italian). */
export function bulletinMessage(t: BulletinTarget, from: Date, to: Date): { subject: string; text: string } {
  const sections = [
    [`Schede cambiate (${t.changed.length}):`, list(t.changed.map((s) => s.title))],
    [`Schede da rivedere (${t.due.length}):`, list(t.due.map((s) => sheetLine(s, to)))],
    [
      t.type === 'referent'
        ? `Pratiche in attesa assegnate a lei (${t.cases.length}):`
        : `Pratiche in attesa (${t.cases.length}):`,
      list(t.cases.map((c) => caseLine(c, to))),
    ],
    ...t.unassigned.map((u) => [
      `Pratiche in attesa da assegnare, ${u.office.name} (${u.cases.length}):`,
      list(u.cases.map((c) => caseLine(c, to))),
    ]),
  ];
  return {
    subject: `Notiziario settimanale URP: ${t.who.name}`,
    text: [
      `Buongiorno ${t.who.name},`,
      `ecco la settimana ${onDate('dal', from)} ${onDate('al', to)}.`,
      '',
      ...sections.flatMap(([head, body]) => [head, body, '']),
      'Ufficio Relazioni con il Pubblico',
    ].join('\n'),
  };
}
