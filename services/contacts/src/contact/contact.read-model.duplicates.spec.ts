/**
 * The open cases duplicate suggestions score, per category, newest first (issue 17): the same rows, in the same
 * order, as a pass over every contact keeping the open cases with stems, under registrations, closures,
 * reopenings and category changes, and after a rebuild.
 */
import type { CaseStatus } from '../case/case-phases.rules';
import type { Contact } from './contact.rules';
import { ContactReadModel, type ContactRow } from './contact.read-model';

const NOW = new Date('2026-03-02T08:00:00Z');
const DAY = 86_400_000;
const LEVEL1 = ['ambiente_rifiuti', 'tributi', 'viabilita', undefined];
const STATUSES: CaseStatus[] = ['received', 'in_progress', 'closed', 'merged', 'reopened'];

function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}

function contact(id: string, revision: number, at: number, level1: string | undefined, status?: CaseStatus) {
  return {
    id,
    revision,
    type: 'report',
    status: status && status !== 'closed' && status !== 'merged' ? 'open' : 'closed',
    operatorId: 'op-anna',
    registeredAt: new Date(at),
    subject: `Buca in strada ${id}`,
    ...(level1 ? { category: { level1 } } : {}),
    ...(status
      ? {
          case: {
            id: `case_${id}`,
            status,
            priority: 'normal',
            openedAt: new Date(at),
            dueAt: new Date(at + 30 * DAY),
            suspensions: [],
          },
        }
      : {}),
  } as unknown as Contact;
}

/** What the use case's pass over every contact kept before: cases with stems, of the category if given. */
function byPass(model: ContactReadModel, at: Date, level1?: string): string[] {
  // every row, sorted here: newest registration first, then the greater id
  const rows: ContactRow[] = model
    .rows()
    .filter((r) => r.registeredAt <= at.getTime())
    .sort((a, b) => b.registeredAt - a.registeredAt || (a.id < b.id ? 1 : -1));
  const out: string[] = [];
  for (const r of rows) {
    if (!r.caseId || !r.tokens || (level1 && r.level1 !== level1)) continue;
    out.push(r.id);
  }
  return out;
}

const byList = (model: ContactReadModel, at: Date, level1?: string) =>
  [...model.scoredNewestFirst(at, level1)].map((r) => r.id);

describe('the open cases duplicate suggestions score', () => {
  it('are those of a pass over every contact, in its order, under any sequence of writes', () => {
    const rnd = random(5);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
    const model = new ContactReadModel();
    const revisions = new Map<string, number>();
    const at = new Map<string, number>();
    const write = (id: string) => {
      const revision = (revisions.get(id) ?? -1) + 1;
      revisions.set(id, revision);
      // several registered in the same minute: the id orders them
      if (!at.has(id))
        at.set(id, NOW.getTime() - Math.floor(rnd() * 90) * DAY + Math.floor(rnd() * 3) * 60_000);
      model.upsert(
        contact(id, revision, at.get(id)!, pick(LEVEL1), rnd() < 0.2 ? undefined : pick(STATUSES)),
      );
    };
    for (let i = 0; i < 300; i++) write(`c-${String(i).padStart(4, '0')}`);
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 100; i++) write(`c-${String(Math.floor(rnd() * 300)).padStart(4, '0')}`);
      for (const when of [NOW, new Date(NOW.getTime() - 30 * DAY)])
        for (const level1 of [...LEVEL1, 'nessuna']) {
          const expected = byPass(model, when, level1);
          expect(byList(model, when, level1)).toEqual(expected);
          if (level1 !== 'nessuna' && when === NOW) expect(expected.length).toBeGreaterThan(0);
        }
    }
    const rebuilt = new ContactReadModel();
    rebuilt.replaceRows(model.rows());
    for (const level1 of LEVEL1) expect(byList(rebuilt, NOW, level1)).toEqual(byList(model, NOW, level1));
  });
});
