import {
  bulletinMessage,
  bulletinTargets,
  casesListed,
  hasNews,
  type BulletinTarget,
} from './bulletin.rules';
import type { CaseView, PersonView, SheetView } from './bulletin.store';
import { onDate } from '../shared/italian-dates';

/** Monday 7 December 2026, 08:00 in Rome: the scheduled run's period end. */
const periodEnd = new Date('2026-12-07T07:00:00Z');
const periodStart = new Date('2026-11-30T07:00:00Z');
const day = (d: number) => new Date(Date.UTC(2026, 11, d, 12));

const office = (id: string, code: string, name: string, head?: string): PersonView => ({
  id,
  code,
  name,
  email: `${code}@comune.example`,
  active: true,
  ...(head ? { headReferentId: head } : {}),
});
const referent = (id: string, name: string, officeId: string, active = true): PersonView => ({
  id,
  name,
  officeId,
  email: `${id}@comune.example`,
  active,
});
let n = 0;
const openCase = (fields: Partial<CaseView>): CaseView => ({
  id: `case_${++n}`,
  revision: 1,
  open: true,
  protocolNumber: `2026/000${String(n).padStart(4, '0')}`,
  ...fields,
});

const offices = [
  office('off_trib', 'tributi', 'Ufficio Tributi', 'ref-tributi-ricci'),
  office('off_urp', 'urp', 'Ufficio Relazioni con il Pubblico', 'ref-urp-ferri'),
];
const referents = [
  referent('ref-tributi-ricci', 'Laura Ricci', 'off_trib'),
  referent('ref-tributi-rossi', 'Marco Rossi', 'off_trib'),
  referent('ref-tributi-bianchi', 'Ada Bianchi', 'off_trib', false),
  referent('ref-urp-ferri', 'Gianni Ferri', 'off_urp'),
];

/** The sections of a bulletin's text: each heading's count and the lines listed under it. */
function sections(text: string): { head: string; count: number; items: string[] }[] {
  const out: { head: string; count: number; items: string[] }[] = [];
  for (const line of text.split('\n')) {
    const h = /^(.*) \((\d+)\):$/.exec(line);
    if (h) out.push({ head: h[1], count: Number(h[2]), items: [] });
    else if (line.startsWith('- ') && out.length && line !== '- nessuna')
      out.at(-1)!.items.push(line.slice(2));
  }
  return out;
}
const targetOf = (targets: BulletinTarget[], id: string) => targets.find((t) => t.who.id === id)!;

describe('the weekly bulletin', () => {
  // six cases waiting in the tax office with nobody holding them (as the demo opens them: office only, by id or
  // code), one held by a referent, one by a referent who has left, one closed, one of another office
  const unheld = [
    openCase({ officeId: 'off_trib', dueAt: day(11) }),
    openCase({ officeId: 'off_trib', dueAt: day(3) }),
    openCase({ officeId: 'tributi', dueAt: day(20) }),
    openCase({ officeId: 'off_trib', dueAt: day(8) }),
    openCase({ officeId: 'off_trib', dueAt: day(1) }),
    openCase({ officeId: 'off_trib', dueAt: day(15) }),
  ];
  // given to a referent only: in the referent's office
  const rossis = openCase({ referentId: 'ref-tributi-rossi', dueAt: day(12) });
  const departed = openCase({ officeId: 'off_trib', referentId: 'ref-tributi-bianchi', dueAt: day(30) });
  const cases = [
    ...unheld,
    rossis,
    departed,
    openCase({ officeId: 'off_trib', open: false }),
    openCase({ officeId: 'off_urp', referentId: 'ref-urp-ferri', dueAt: day(9) }),
  ];
  const targets = bulletinTargets({ sheets: [], cases, referents, offices, periodStart, periodEnd });

  it('the head of an office gets the office’s cases nobody holds: what the office’s bulletin lists, split by holder', () => {
    const head = targetOf(targets, 'ref-tributi-ricci');
    const theOffice = targetOf(targets, 'off_trib');
    expect(theOffice.cases).toHaveLength(8);
    expect(head.cases).toHaveLength(0);
    expect(head.unassigned).toHaveLength(1);
    expect(head.unassigned[0].cases.map((c) => c.id).sort()).toEqual(
      [...unheld, departed].map((c) => c.id).sort(),
    );
    // together with the one Rossi holds, exactly the office's
    expect(casesListed(head) + casesListed(targetOf(targets, 'ref-tributi-rossi'))).toBe(
      casesListed(theOffice),
    );
    expect(targetOf(targets, 'ref-tributi-rossi').cases).toEqual([rossis]);
    // the URP head holds his own case and nothing is unheld there
    expect(targetOf(targets, 'ref-urp-ferri')).toMatchObject({ unassigned: [] });
    expect(casesListed(targetOf(targets, 'ref-urp-ferri'))).toBe(1);
    // a referent who has left gets nothing
    expect(targets.find((t) => t.who.id === 'ref-tributi-bianchi')).toBeUndefined();
  });

  it('what the head reads: protocol numbers, most urgent first, dates in Italian, every count as long as its list', () => {
    const { subject, text } = bulletinMessage(targetOf(targets, 'ref-tributi-ricci'), periodStart, periodEnd);
    expect(subject).toBe('Notiziario settimanale URP: Laura Ricci');
    expect(text).toContain(
      'Buongiorno Laura Ricci,\necco la settimana dal 30 novembre 2026 al 7 dicembre 2026.',
    );
    const s = sections(text);
    for (const x of s) expect(x.items).toHaveLength(x.count);
    expect(s.map((x) => [x.head, x.count])).toEqual([
      ['Schede cambiate', 0],
      ['Schede da rivedere', 0],
      ['Pratiche in attesa assegnate a lei', 0],
      ['Pratiche in attesa da assegnare, Ufficio Tributi', 7],
    ]);
    expect(s[3].items).toEqual([
      `prot. n. ${unheld[4].protocolNumber}: termine scaduto l'1 dicembre 2026`,
      `prot. n. ${unheld[1].protocolNumber}: termine scaduto il 3 dicembre 2026`,
      `prot. n. ${unheld[3].protocolNumber}: risposta entro l'8 dicembre 2026`,
      `prot. n. ${unheld[0].protocolNumber}: risposta entro l'11 dicembre 2026`,
      `prot. n. ${unheld[5].protocolNumber}: risposta entro il 15 dicembre 2026`,
      `prot. n. ${unheld[2].protocolNumber}: risposta entro il 20 dicembre 2026`,
      `prot. n. ${departed.protocolNumber}: risposta entro il 30 dicembre 2026`,
    ]);
    // no internal id, no ISO date anywhere
    expect(text).not.toMatch(/case_\d|\d{4}-\d\d-\d\d/);
  });

  it('what the office reads: every open case of the office, its sheets (named by id or code), counts as long as lists', () => {
    const sheet = (id: string, fields: Partial<SheetView>): SheetView => ({
      id,
      revision: 1,
      title: id,
      officeIds: [],
      ...fields,
    });
    const sheets = [
      sheet('TARI - Tassa sui rifiuti', { officeIds: ['tributi'], changedAt: day(2), reviewDueAt: day(10) }),
      sheet('IMU - Imposta municipale', { officeIds: ['off_trib'], reviewDueAt: day(4) }),
      sheet('Carta d’identità', { officeIds: ['off_urp'], changedAt: day(2) }),
      sheet('Vecchia scheda', { officeIds: ['off_trib'], changedAt: day(2), retired: true }),
    ];
    const all = bulletinTargets({ sheets, cases, referents, offices, periodStart, periodEnd });
    const { text } = bulletinMessage(targetOf(all, 'off_trib'), periodStart, periodEnd);
    const s = sections(text);
    for (const x of s) expect(x.items).toHaveLength(x.count);
    expect(s.map((x) => [x.head, x.items])).toEqual([
      ['Schede cambiate', ['TARI - Tassa sui rifiuti']],
      [
        'Schede da rivedere',
        [
          'IMU - Imposta municipale: revisione scaduta il 4 dicembre 2026',
          'TARI - Tassa sui rifiuti: revisione entro il 10 dicembre 2026',
        ],
      ],
      ['Pratiche in attesa', expect.any(Array)],
    ]);
    expect(s[2].count).toBe(8);
    expect(text).not.toMatch(/case_\d|\d{4}-\d\d-\d\d/);
  });

  it('a case the projection has no protocol number for, and nothing to say: no bulletin', () => {
    const old = openCase({ officeId: 'off_urp', protocolNumber: undefined, dueAt: day(9) });
    const [t] = bulletinTargets({
      sheets: [],
      cases: [old],
      referents: [],
      offices: [offices[1]],
      periodStart,
      periodEnd,
    });
    expect(bulletinMessage(t, periodStart, periodEnd).text).toContain(
      '- pratica senza numero di protocollo: risposta entro il 9 dicembre 2026',
    );
    const [empty] = bulletinTargets({
      sheets: [],
      cases: [],
      referents: [],
      offices,
      periodStart,
      periodEnd,
    });
    expect(hasNews(empty)).toBe(false);
  });

  it('the article before a date read with a vowel is elided', () => {
    expect(onDate('il', day(11))).toBe("l'11 dicembre 2026");
    expect(onDate('dal', day(1))).toBe("dall'1 dicembre 2026");
    expect(onDate('al', day(8))).toBe("all'8 dicembre 2026");
    expect(onDate('al', day(18))).toBe('al 18 dicembre 2026');
  });
});
