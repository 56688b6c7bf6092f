import { Logger } from '@nestjs/common';
import { FixedClock, InMemoryAggregateStore, ServiceKernel } from '@urp/kernel';
import { addDays, type CivilDate } from '@urp/legal-clock';
import { scrubPersonalData } from '@urp/privacy';
import { LegalClockUseCases, lookedAt } from './legal-clock.use-cases';
import { missedClaim, refreshClock } from './procedure.clock';
import { ProcedureContexts } from './procedure.context';
import { at, started, typeOf } from './procedure.fixtures';
import { ProcedureReadModel } from './procedure.read-model';
import type { Procedure } from './procedure.state';
import type { ClockClaim } from './procedure.store';
import { sendRejectionNotice } from './procedure.suspensions';
import { dueTimeEvents } from './procedure.time-events';

/**
 * The legal clock's worklist (`dueForClock`) against what is really due (`dueTimeEvents`): a procedure the clock
 * has looked at leaves the list for the day, and comes back on a later day only if something is due then. Before,
 * a substitute phase (its check kept the ordinary phase's past day) and a suspension past its maximum behind one
 * without a maximum stayed on the list for good: re-read from the store every tick.
 */
function clockOn(day: CivilDate) {
  const clock = new FixedClock(new Date(`${day}T09:00:00Z`));
  const kernel = new ServiceKernel({ source: '/urp/procedures', scrub: (t) => scrubPersonalData(t) }, clock);
  const contexts = new ProcedureContexts(
    {
      PATRON_SAINT_DAY: { month: 8, day: 10 },
      PATRON_SAINT_NAME: 'San Lorenzo',
      SATURDAY_IS_WORKING_DAY: true,
      WARNING_DAYS: [7, 2],
      ADMINISTRATION_NAME: 'Comune di Borgo Aurelio',
      ADMINISTRATION_PEC: 'protocollo@pec.it',
      ACTS_VIEWING: 'online',
      INACTION_REMEDIES: 'TAR',
    },
    kernel,
  );
  const store = new InMemoryAggregateStore<Procedure>('procedures');
  const reads = new ProcedureReadModel();
  let gets = 0;
  const counted = Object.assign(Object.create(store) as typeof store, {
    get: (id: string) => {
      gets++;
      return store.get(id);
    },
  });
  const legalClock = new LegalClockUseCases(
    { CLOCK_TICK_MS: 60_000 },
    counted,
    new InMemoryAggregateStore<ClockClaim>('clock_claims'),
    reads,
    { project: async (p: Procedure) => void reads.upsert(p) },
    contexts,
    { every: () => undefined },
  );
  const put = async (p: Procedure) => {
    const r = await store.commit({ previous: null, next: p, events: [] });
    if (r.status === 'committed') reads.upsert(r.state);
  };
  return {
    store,
    reads,
    legalClock,
    put,
    gets: () => gets,
    setDay: (d: CivilDate) => clock.set(new Date(`${d}T09:00:00Z`)),
  };
}

const ids = (xs: { id: string }[]) => xs.map((x) => x.id).sort();

/** The procedure as the clock would find it stored on `day` (written then: its check computed that day). */
const storedOn = (p: Procedure, id: string, day: CivilDate): Procedure =>
  refreshClock({ ...p, id }, at(`${day}T09:00:00Z`));

// received 7 January 2026, term 30 days: due Friday 6 February; warnings 7 and 2 days before; a substitute
const base = started();
const FIRST_DAY = '2026-02-08';

/** What the clock does to a procedure on `day`, as `LegalClockUseCases.run` does it (for a stored shape). */
function clockRan(p: Procedure, day: CivilDate): Procedure {
  const ctx = at(`${day}T09:00:00Z`);
  let q = p;
  for (let e = dueTimeEvents(q, ctx)[0]; e; e = dueTimeEvents(q, ctx)[0])
    q = refreshClock({ ...e.apply(q, ctx).state, fired: [...q.fired, e.claimId] }, ctx);
  return q;
}

/** The shapes a procedure's next check can take, each as stored before the clock's first look. */
function shapes(): Procedure[] {
  const refusal = started(typeOf({ code: 'rigetto', silenceRule: 'silent_refusal' }));
  const assent = started(typeOf({ code: 'assenso', silenceRule: 'silent_assent' }));
  // a rejection notice without observations: ends by law on 27 January, the term runs again from then
  const noticed = sendRejectionNotice(
    base,
    'ISEE oltre la soglia',
    'rn',
    '2026-01-15',
    'r',
    at('2026-01-15T10:00:00Z'),
  ).state;
  // a suspension of a kind without a legal maximum (none today: an older or unknown kind) before one with it
  const blocked: Procedure = {
    ...base,
    suspensions: [
      { id: 'old', kind: 'sospensione_storica', reason: 'x', start: '2026-01-08' },
      { id: 'doc', kind: 'document_request', reason: 'y', start: '2026-01-09' },
    ],
  };
  const later = started(typeOf(), '2026-02-02T10:00:00+01:00', '2026-02-02T10:00:00Z');
  return [
    storedOn(base, 'p-plain', '2026-01-08'), // past its deadline: missed, then the substitute is engaged
    // the substitute engaged yesterday by the clock (the demo's procedures past their deadline)
    clockRan(storedOn(base, 'p-substitute', '2026-01-08'), '2026-02-07'),
    storedOn(assent, 'p-assent', '2026-01-08'), // silent assent forms
    storedOn(refusal, 'p-refusal', '2026-01-08'), // silent refusal: the missed deadline only
    // imported after its deadline, the missed deadline recorded: its warnings never fired
    storedOn(
      { ...base, fired: [missedClaim({ ...base, id: 'p-imported' }, '2026-02-06')] },
      'p-imported',
      FIRST_DAY,
    ),
    storedOn(noticed, 'p-noticed', '2026-01-15'),
    storedOn(blocked, 'p-blocked', '2026-01-10'),
    storedOn(later, 'p-later', '2026-02-02'), // due 4 March: its first warning on 25 February
  ];
}

describe('the legal clock’s worklist', () => {
  it('a procedure looked at leaves the list for the day, and comes back only on a day something is due', async () => {
    const s = clockOn(FIRST_DAY);
    for (const p of shapes()) await s.put(p);
    // day by day for two months: whatever the list holds that day has something due, and after one tick the
    // list is empty until the next day
    for (let day = FIRST_DAY, n = 0; n < 60; day = addDays(day, 1), n++) {
      s.setDay(day);
      const ctx = at(`${day}T09:00:00Z`);
      for (const item of s.reads.dueForClock(day)) {
        const p = (await s.store.get(item.id))!;
        expect([item.id, dueTimeEvents(p, ctx).length > 0]).toEqual([item.id, true]);
      }
      await s.legalClock.tick();
      expect([day, ids(s.reads.dueForClock(day))]).toEqual([day, []]);
    }
    // and each shape got to its end: decided by silent assent, the substitute's deadline missed, and so on
    const fired = (id: string) =>
      s.store
        .all()
        .find((p) => p.id === id)!
        .fired.map((c) => c.split(':')[1]);
    expect(fired('p-substitute')).toEqual(['missed', 'substitute', 'warn', 'warn', 'missed']);
    expect(fired('p-assent')).toEqual(['silent_assent']);
    expect(fired('p-refusal')).toEqual(['missed']);
    expect(s.store.all().every((p) => p.nextClockCheck === null)).toBe(true);
  });

  it('heals the checks the previous version stored in the past (re-read every tick), then reads nothing', async () => {
    const s = clockOn(FIRST_DAY);
    const [, substitute, , , , , blocked] = shapes();
    // as stored before: the substitute phase kept the ordinary phase's check (the day after its missed
    // deadline); the blocked suspension's check was its own legal end
    await s.put({ ...substitute, nextClockCheck: '2026-02-07' });
    await s.put({ ...blocked, nextClockCheck: '2026-02-08' });
    expect(ids(s.reads.dueForClock(FIRST_DAY))).toEqual(['p-blocked', 'p-substitute']);
    expect(await s.legalClock.tick()).toBe(0);
    expect(s.gets()).toBe(2);
    expect(await s.legalClock.tick()).toBe(0);
    expect(s.gets()).toBe(2); // the second tick of the day reads nothing
    expect((await s.store.get('p-substitute'))!).toMatchObject({
      phase: 'substitute',
      dueDate: '2026-02-23',
      nextClockCheck: '2026-02-16', // the substitute's first warning
    });
    expect((await s.store.get('p-blocked'))!.nextClockCheck).toBeNull();
  });

  it('a procedure its rules fail on is logged once and not read again until a write changes it', async () => {
    const errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      const s = clockOn(FIRST_DAY);
      // a receipt day that does not exist (a document damaged outside the service): every rule of the clock throws
      const broken: Procedure = {
        ...base,
        id: 'p-broken',
        receivedOn: '2026-02-30',
        nextClockCheck: '2026-02-01',
      };
      await s.put(broken);
      await s.put(storedOn(base, 'p-plain', '2026-01-08'));
      expect(await s.legalClock.tick()).toBeGreaterThan(0); // the other procedure is not held up
      const readsAfterFirst = s.gets();
      const logged = () => errors.mock.calls.filter(([m]) => String(m).includes('p-broken')).length;
      expect(logged()).toBe(1);
      expect(String(errors.mock.calls.find(([m]) => String(m).includes('p-broken'))![0])).toMatch(
        /rules failed.*skipped until it changes/,
      );
      for (let i = 0; i < 5; i++) await s.legalClock.tick();
      expect(s.gets()).toBe(readsAfterFirst); // not read again: no hot loop
      expect(logged()).toBe(1);
      // the next day too (its check is still in the past)
      s.setDay(addDays(FIRST_DAY, 1));
      await s.legalClock.tick();
      expect(s.gets()).toBe(readsAfterFirst);
      // a write to it (here: still broken) puts it back on the clock once, and logs once more
      const held = (await s.store.get('p-broken'))!;
      const rewritten = await s.store.commit({
        previous: held,
        next: { ...held, subject: 'Riscritto' },
        events: [],
      });
      if (rewritten.status === 'committed') s.reads.upsert(rewritten.state);
      const before = s.gets();
      await s.legalClock.tick();
      await s.legalClock.tick();
      expect(s.gets()).toBe(before + 1); // read once more by the clock, not once per tick
      expect(logged()).toBe(2);
      // repaired: processed, and forgotten by the failure list
      const again = (await s.store.get('p-broken'))!;
      const repaired = await s.store.commit({
        previous: again,
        next: { ...again, receivedOn: base.receivedOn },
        events: [],
      });
      if (repaired.status === 'committed') s.reads.upsert(repaired.state);
      expect(await s.legalClock.tick()).toBeGreaterThan(0);
      expect((await s.store.get('p-broken'))!.phase).toBe('substitute');
      expect(logged()).toBe(2);
    } finally {
      errors.mockRestore();
    }
  });

  it('by construction: once looked at with nothing due, the next check is tomorrow at the earliest', () => {
    const p = refreshClock(base, at('2026-01-20T09:00:00Z'));
    expect(lookedAt({ ...p, nextClockCheck: '2026-01-02' }, '2026-01-20')).toEqual({
      p: { ...p, nextClockCheck: '2026-01-21' },
      stale: true,
    });
    expect(lookedAt({ ...p, nextClockCheck: '2026-01-20' }, '2026-01-20').p.nextClockCheck).toBe(
      '2026-01-21',
    );
    expect(lookedAt(p, '2026-01-20')).toEqual({ p, stale: false });
    expect(lookedAt({ ...p, nextClockCheck: null }, '2026-01-20').p.nextClockCheck).toBeNull();
  });
});
