/**
 * The queue's lists in the read model (issue 17): counts and pages come from lists per office and facet kept by
 * the model's own upserts, so they must stay exactly what one pass over every open case says, under
 * registrations, closures, reassignments, suspensions and alerts, and in a second instance fed the same
 * changes out of order (by revision).
 */
import type { CaseStatus } from '../case/case-phases.rules';
import {
  decodeCursor,
  encodeCursor,
  queuePlan,
  queuePredicate,
  walkQueue,
  type QueueFilter,
} from '../case/case-queue.rules';
import type { Contact } from './contact.rules';
import { ContactReadModel, officeOfRow, type ContactRow } from './contact.read-model';

const NOW = new Date('2026-03-02T08:00:00Z');
const DAY = 86_400_000;
const OFFICES = ['off_1', 'off_2', 'off_3', undefined];
const STATUSES: CaseStatus[] = ['received', 'assigned', 'in_progress', 'waiting_citizen', 'closed', 'merged'];
const TYPES = ['report', 'complaint', 'information'];

/** A deterministic pseudo-random sequence (the same run every time). */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}

function contact(
  id: string,
  revision: number,
  k: {
    status: CaseStatus;
    officeId?: string;
    contactOffice?: string;
    type?: string;
    dueInDays: number;
    referentId?: string;
    suspended?: boolean;
    deliveryFailed?: boolean;
  },
): Contact {
  return {
    id,
    revision,
    type: k.type ?? 'report',
    status: k.status === 'closed' || k.status === 'merged' ? 'closed' : 'open',
    operatorId: 'op-anna',
    registeredAt: new Date(NOW.getTime() - DAY),
    subject: 'Lampione spento',
    ...(k.contactOffice ? { officeId: k.contactOffice } : {}),
    case: {
      id: `case_${id}`,
      status: k.status,
      priority: 'normal',
      openedAt: new Date(NOW.getTime() - DAY),
      dueAt: new Date(NOW.getTime() + k.dueInDays * DAY),
      ...(k.officeId ? { officeId: k.officeId } : {}),
      ...(k.referentId ? { referentId: k.referentId } : {}),
      suspensions: k.suspended ? [{ reason: 'documenti', from: NOW }] : [],
      ...(k.deliveryFailed ? { deliveryFailed: true } : {}),
    },
  } as unknown as Contact;
}

const FILTERS: QueueFilter[] = [
  {},
  { overdue: true },
  { dueWithinDays: 7 },
  // empty by definition (overdue and not yet due): both ways must say 0
  { overdue: true, dueWithinDays: 7 },
  { overdue: true, type: 'report' },
  { suspended: true },
  { officeId: 'off_1' },
  { officeId: 'off_2', overdue: true },
  { type: 'complaint' },
  { type: 'complaint', suspended: true },
  { alert: 'delivery_failed' },
  { status: ['assigned'] },
  { status: ['assigned', 'received'] },
  { referentId: 'ref-1' },
  { priority: 'normal', officeId: 'off_3' },
];

/** Who sees which office: everything, one office, two offices. */
const VIEWS: { name: string; sees: (office: string | undefined) => boolean }[] = [
  { name: 'manager', sees: () => true },
  { name: 'referent of off_1', sees: (o) => o === 'off_1' },
  { name: 'referent of off_2 and off_3', sees: (o) => o === 'off_2' || o === 'off_3' },
];

/** Every page of a filter, as the lists answer it and as one pass over every open case does. */
function compare(model: ContactReadModel, filter: QueueFilter, sees: (o: string | undefined) => boolean) {
  const keep = queuePredicate(filter, NOW, { staffId: 'x', ids: ['x'] });
  const visible = (r: ContactRow) => sees(officeOfRow(r));
  const plan = queuePlan(filter, NOW);
  expect(plan).toBeDefined();
  const pages = (
    next: (cursor?: { dueAt: Date; id: string }) => ReturnType<typeof walkQueue<ContactRow>>,
  ) => {
    const seen: { total: number; ids: string[]; more: boolean }[] = [];
    let cursor: { dueAt: Date; id: string } | undefined;
    for (let p = 0; p < 50; p++) {
      const page = next(cursor);
      seen.push({ total: page.total, ids: page.page.map((r) => r.id), more: page.hasNextPage });
      const last = page.page[page.page.length - 1];
      if (!page.hasNextPage || !last) break;
      // through the opaque cursor, as a client pages
      cursor = decodeCursor(encodeCursor(new Date(last.dueAt ?? 0), last.id));
    }
    return seen;
  };
  const byLists = pages((c) => model.queuePage(plan!, visible, keep, c, 7));
  const byWalk = pages((c) => walkQueue(model.casesInOrder(false), (r) => keep(r) && visible(r), c, 7));
  expect(byLists).toEqual(byWalk);
  return byWalk[0].total;
}

describe('the queue’s lists in the read model', () => {
  it('count and page every filter as one pass over every open case would, under any sequence of writes', () => {
    const rnd = random(17);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
    const model = new ContactReadModel();
    const revisions = new Map<string, number>();
    const write = (id: string) => {
      const revision = (revisions.get(id) ?? -1) + 1;
      revisions.set(id, revision);
      model.upsert(
        contact(id, revision, {
          status: pick(STATUSES),
          officeId: pick(OFFICES),
          contactOffice: pick(OFFICES),
          type: pick(TYPES),
          // many on the same day: the id orders them
          dueInDays: Math.floor(rnd() * 30) - 15,
          referentId: rnd() < 0.3 ? 'ref-1' : undefined,
          suspended: rnd() < 0.2,
          deliveryFailed: rnd() < 0.1,
        }),
      );
    };
    for (let i = 0; i < 400; i++) write(`c-${String(i).padStart(4, '0')}`);
    const nonEmpty = new Set<string>();
    for (let round = 0; round < 4; round++) {
      // rewrites: closures, reopenings, reassignments to another office, suspensions, new alerts
      for (let i = 0; i < 150; i++) write(`c-${String(Math.floor(rnd() * 400)).padStart(4, '0')}`);
      for (const f of FILTERS)
        for (const v of VIEWS) if (compare(model, f, v.sees) > 0) nonEmpty.add(JSON.stringify(f));
    }
    // the comparison is not vacuous: every filter but the empty one found cases in some round
    const empty = JSON.stringify({ overdue: true, dueWithinDays: 7 });
    expect([...nonEmpty].sort()).toEqual(
      FILTERS.map((f) => JSON.stringify(f))
        .filter((f) => f !== empty)
        .sort(),
    );
  });

  it('keeps each office’s count under registration, reassignment, closure and a rebuild', () => {
    const model = new ContactReadModel();
    model.upsert(contact('a', 0, { status: 'received', officeId: 'off_1', dueInDays: 3 }));
    model.upsert(contact('b', 0, { status: 'received', officeId: 'off_1', dueInDays: -2 }));
    model.upsert(contact('c', 0, { status: 'assigned', officeId: 'off_2', dueInDays: 1 }));
    model.upsert(contact('d', 0, { status: 'received', contactOffice: 'off_2', dueInDays: 1 }));
    expect(Object.fromEntries(model.queueCounts())).toEqual({ off_1: 2, off_2: 1, '\u0000off_2': 1 });
    // reassigned to another office
    model.upsert(contact('a', 1, { status: 'assigned', officeId: 'off_2', dueInDays: 3 }));
    expect(Object.fromEntries(model.queueCounts())).toEqual({ off_1: 1, off_2: 2, '\u0000off_2': 1 });
    // closed, then merged: out of the queue
    model.upsert(contact('b', 1, { status: 'closed', officeId: 'off_1', dueInDays: -2 }));
    model.upsert(contact('c', 1, { status: 'merged', officeId: 'off_2', dueInDays: 1 }));
    expect(Object.fromEntries(model.queueCounts())).toEqual({ off_2: 1, '\u0000off_2': 1 });
    // an older revision arriving late (another instance's event) changes nothing
    model.upsert(contact('b', 0, { status: 'received', officeId: 'off_1', dueInDays: -2 }));
    expect(Object.fromEntries(model.queueCounts())).toEqual({ off_2: 1, '\u0000off_2': 1 });
    // reopened
    model.upsert(contact('b', 2, { status: 'reopened', officeId: 'off_1', dueInDays: 5 }));
    expect(Object.fromEntries(model.queueCounts())).toEqual({ off_1: 1, off_2: 1, '\u0000off_2': 1 });
    // a rebuild from the same rows holds the same lists
    const rebuilt = new ContactReadModel();
    rebuilt.replaceRows(model.rows());
    expect(rebuilt.queueCounts()).toEqual(model.queueCounts());
    // the office filter reads the case's office: a case with no office is not another office's
    const plan = queuePlan({ officeId: 'off_2' }, NOW)!;
    const page = model.queuePage(
      plan,
      () => true,
      () => true,
      undefined,
      10,
    );
    expect(page.page.map((r) => r.id)).toEqual(['a']);
    expect(page.total).toBe(1);
  });

  it('a second instance fed the same changes in another order holds the same queue', () => {
    const changes = [
      contact('a', 0, { status: 'received', officeId: 'off_1', dueInDays: 3 }),
      contact('a', 1, { status: 'assigned', officeId: 'off_2', dueInDays: 3, suspended: true }),
      contact('b', 0, { status: 'received', officeId: 'off_1', dueInDays: -1, type: 'complaint' }),
      contact('b', 1, { status: 'closed', officeId: 'off_1', dueInDays: -1, type: 'complaint' }),
      contact('c', 0, { status: 'in_progress', officeId: 'off_1', dueInDays: 2, deliveryFailed: true }),
    ];
    const first = new ContactReadModel();
    const second = new ContactReadModel();
    for (const c of changes) first.upsert(c);
    for (const c of [...changes].reverse()) second.upsert(c);
    expect(second.queueCounts()).toEqual(first.queueCounts());
    for (const f of FILTERS) {
      const plan = queuePlan(f, NOW)!;
      const keep = queuePredicate(f, NOW, { staffId: 'x', ids: ['x'] });
      const a = first.queuePage(plan, () => true, keep, undefined, 10);
      const b = second.queuePage(plan, () => true, keep, undefined, 10);
      expect(b).toEqual(a);
    }
  });

  it('leaves to one pass the filters it cannot plan: closed cases and "mine"', () => {
    expect(queuePlan({ includeClosed: true }, NOW)).toBeUndefined();
    expect(queuePlan({ status: ['closed'] }, NOW)).toBeUndefined();
    expect(queuePlan({ mine: true }, NOW)).toBeUndefined();
    expect(queuePlan({}, NOW)).toMatchObject({ exact: true, facets: [] });
    expect(queuePlan({ type: 'report', overdue: true }, NOW)).toMatchObject({
      exact: true,
      facets: ['type:report'],
      to: NOW.getTime(),
    });
    expect(queuePlan({ type: 'report', suspended: true }, NOW)?.exact).toBe(false);
    expect(queuePlan({ categoryLevel1: 'tributi' }, NOW)?.exact).toBe(false);
  });
});
