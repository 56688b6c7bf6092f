import type { Actor } from '@urp/kernel';
import { addDays } from '@urp/legal-clock';
import fc from 'fast-check';
import { proceduresPolicy } from '../procedures.policy';
import { deskView, UNASSIGNED_DESK, type DeskItem } from './desk.rules';
import { started, typeOf } from './procedure.fixtures';
import { ProcedureReadModel } from './procedure.read-model';
import { DESK_ROW_FIELDS, type DeskListName } from './procedure.read-model.desk';
import type { Procedure } from './procedure.state';

/**
 * The desk served from the index (issue 17) against the reference, `deskView` of desk.rules.ts over the desk's items
 * filtered by the policy, as the use case answered before: the same lists, in the same order, with the same fields
 * and counts, for random procedures written, rewritten and decided in random order, and for any actor's office scope.
 */
const TODAY = '2026-03-02';
const silent = typeOf({ silenceRule: 'silent_assent' });
const plain = typeOf();
const base = { silent: started(silent), plain: started(plain) };

const day = fc.integer({ min: -40, max: 40 }).map((d) => addDays(TODAY, d));
const write = fc.record({
  n: fc.integer({ min: 0, max: 59 }),
  responsibleId: fc.constantFrom('ref-1', 'ref-2', undefined),
  officeId: fc.constantFrom('servizi_sociali', 'tributi', undefined),
  status: fc.constantFrom('submitted', 'started', 'suspended', 'decided'),
  phase: fc.constantFrom('ordinary', 'substitute'),
  silentAssentType: fc.boolean(),
  dueDate: fc.option(day, { nil: null }),
  latestDueDate: fc.option(day, { nil: undefined }),
  failed: fc.integer({ min: 0, max: 2 }),
});

type Write = typeof write extends fc.Arbitrary<infer W> ? W : never;

/** The n-th procedure as written the r-th time (ids collide on purpose: rewrites move items between lists). */
function procedure(w: Write, revision: number): Procedure {
  const p = w.silentAssentType ? base.silent : base.plain;
  const id = `prc_${String(w.n).padStart(3, '0')}`;
  return {
    ...p,
    id,
    protocolNumber: `2026/${id}`,
    responsibleId: w.responsibleId,
    officeId: w.officeId,
    status: w.status,
    phase: w.phase,
    dueDate: w.dueDate,
    latestDueDate: w.latestDueDate,
    deliveries: Array.from({ length: w.failed }, (_, k) => ({
      notificationId: `ntf_${id}_${k}`,
      template: 'procedure_start_notice',
      channel: 'email',
      status: 'failed' as const,
      at: '2026-03-01T10:00:00Z',
      eventId: `ev_${id}_${k}`,
    })),
    revision,
  } as Procedure;
}

const actors: Actor[] = [
  { sub: 'mgr', roles: ['manager'] },
  { sub: 'op', roles: ['operator'] },
  { sub: 'ref-1', roles: ['referent'], offices: ['servizi_sociali'] },
  { sub: 'ref-2', roles: ['referent'], offices: ['tributi', 'servizi_sociali'] },
  { sub: 'ref-0', roles: ['referent'] },
];
const mayShow = (actor: Actor) => (officeId: string | undefined) =>
  proceduresPolicy.allows('procedure.desk', actor, { officeId } as DeskItem);

/**
 * What the use case answered before the index: the desk's items, filtered by the policy, through `deskView`, each row
 * as GraphQL shows it (the fields of `ProcedureDeskItem`; the old rows also carried the summary's other fields, which
 * the schema never showed).
 */
function reference(model: ProcedureReadModel, desk: string, actor: Actor, today: string, first: number) {
  const v = deskView(proceduresPolicy.visible('procedure.desk', actor, model.desk(desk)), today, first);
  const shown = (rows: readonly Record<string, unknown>[]) =>
    rows.map((r) => Object.fromEntries(DESK_ROW_FIELDS.map((f) => [f, r[f]])));
  return {
    ...v,
    byNextDeadline: shown(v.byNextDeadline),
    overdue: shown(v.overdue),
    suspended: shown(v.suspended),
    silentAssentForming: shown(v.silentAssentForming),
    undelivered: shown(v.undelivered),
  };
}

describe('the desk index (issue 17)', () => {
  it('answers every desk as deskView does, after random writes, rewrites and decisions, for every scope', () => {
    fc.assert(
      fc.property(
        fc.array(write, { maxLength: 120 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: -5, max: 5 }),
        fc.boolean(),
        (writes, first, shift, rebuilt) => {
          const model = new ProcedureReadModel();
          writes.forEach((w, r) => model.upsert(procedure(w, r + 1)));
          if (rebuilt) model.replaceAll(model.all()); // the rebuild's bulk load gives the same index
          const today = addDays(TODAY, shift);
          for (const desk of ['ref-1', 'ref-2', UNASSIGNED_DESK, 'nobody'])
            for (const actor of actors)
              expect(model.deskView(desk, mayShow(actor), today, first)).toEqual(
                reference(model, desk, actor, today, first),
              );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('pages a list by a stable cursor: every item once, in order, across writes between pages', () => {
    fc.assert(
      fc.property(
        fc.array(write, { minLength: 1, maxLength: 80 }),
        fc.array(write, { maxLength: 10 }),
        fc.constantFrom<DeskListName>(
          'byNextDeadline',
          'overdue',
          'suspended',
          'silentAssentForming',
          'undelivered',
        ),
        fc.integer({ min: 1, max: 7 }),
        (writes, between, list, size) => {
          const model = new ProcedureReadModel();
          writes.forEach((w, r) => model.upsert(procedure(w, r + 1)));
          const all = (m: ProcedureReadModel) => deskView(m.desk('ref-1'), TODAY, 1000)[list];
          const expected = all(model).map((i) => i.id);
          const seen: string[] = [];
          let page = model.deskPage('ref-1', () => true, list, TODAY, size);
          expect(page.count).toBe(expected.length);
          seen.push(...page.items.map((i) => i.id));
          while (page.next) {
            page = model.deskPage('ref-1', () => true, list, TODAY, size, page.next);
            seen.push(...page.items.map((i) => i.id));
          }
          expect(seen).toEqual(expected);

          // writes after the first page: the rest continues after the cursor, never repeating the first page
          const first = model.deskPage('ref-1', () => true, list, TODAY, size);
          between.forEach((w, r) => model.upsert(procedure(w, writes.length + r + 1)));
          const after = all(model);
          const rest: string[] = [];
          let next = first.next;
          while (next) {
            const p = model.deskPage('ref-1', () => true, list, TODAY, size, next);
            rest.push(...p.items.map((i) => i.id));
            next = p.next;
          }
          const cursor = first.items.at(-1);
          const later = cursor
            ? after.filter((i) => {
                const k = (x: Pick<DeskItem, 'dueDate' | 'latestDueDate'>) =>
                  x.dueDate ?? x.latestDueDate ?? '9999-12-31';
                return k(i) > k(cursor) || (k(i) === k(cursor) && i.id > cursor.id);
              })
            : after;
          expect(rest).toEqual(first.next ? later.map((i) => i.id) : []);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('computes days left for the page only and leaves the held summaries untouched', () => {
    const model = new ProcedureReadModel();
    for (let n = 0; n < 30; n++)
      model.upsert(
        procedure(
          {
            n,
            responsibleId: 'ref-1',
            officeId: 'servizi_sociali',
            status: 'started',
            phase: 'ordinary',
            silentAssentType: false,
            dueDate: addDays(TODAY, n - 10),
            latestDueDate: undefined,
            failed: 0,
          },
          1,
        ),
      );
    const v = model.deskView('ref-1', () => true, TODAY, 3);
    expect(v.byNextDeadline.map((i) => [i.id, i.daysLeft])).toEqual([
      ['prc_010', 0],
      ['prc_011', 1],
      ['prc_012', 2],
    ]);
    expect(v.overdue.map((i) => i.daysLeft)).toEqual([-10, -9, -8]);
    expect(v).toMatchObject({ upcomingCount: 20, overdueCount: 10, total: 30 });
    expect(model.get('prc_010')).not.toHaveProperty('daysLeft');
  });
});
