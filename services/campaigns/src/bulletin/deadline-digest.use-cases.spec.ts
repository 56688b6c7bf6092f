import type { CloudEvent } from '@urp/contracts';
import { FixedClock, InMemoryAggregateStore, ServiceKernel } from '@urp/kernel';
import type { Notification } from '../notification/notification.rules';
import type { DeadlineDigest, DeadlineEventData, DeadlineWarning } from './deadline-digest.rules';
import { dayBefore } from '../shared/italian-dates';
import { DeadlineDigests } from './deadline-digest.use-cases';

const QUIET = 600_000;

/** The stores as the use case uses them, in memory; `fail` makes the next call of a step throw (a crash there). */
function setup(start = new Date('2026-12-07T00:05:00Z')) {
  const clock = new FixedClock(start);
  const docs = new Map<string, DeadlineWarning>();
  const fail = { queue: false, mark: false };
  const warnings = {
    record: async (w: DeadlineWarning) => (docs.has(w.id) ? false : (docs.set(w.id, w), true)),
    waiting: async () => [...docs.values()].filter((w) => !w.reportedIn),
    markReported: async (ids: readonly string[], digestId: string, at: Date) => {
      if (fail.mark) {
        fail.mark = false;
        throw new Error('crash before marking');
      }
      for (const id of ids) {
        const w = docs.get(id);
        if (w && !w.reportedIn) docs.set(id, { ...w, reportedIn: digestId, reportedAt: at });
      }
    },
    pruneReported: async () => 0,
  };
  const queued = new Map<string, Notification>();
  const notifications = {
    insertMany: async (changes: readonly { next: Notification }[]) => {
      if (fail.queue) {
        fail.queue = false;
        throw new Error('crash before queueing');
      }
      const fresh = changes.map((c) => c.next).filter((n) => !queued.has(n.id));
      for (const n of fresh) queued.set(n.id, n);
      return fresh;
    },
  };
  const kicked: Notification[] = [];
  const digests = new DeadlineDigests(
    {
      SCHEDULER: 'on',
      DEADLINE_DIGEST_TICK_MS: 60_000,
      DEADLINE_DIGEST_QUIET_MS: QUIET,
      DEADLINE_DIGEST_MAX_WAIT_MS: 3_600_000,
      NOTIFICATION_MAX_AGE_MS: 7 * 86_400_000,
    },
    warnings,
    Object.assign(new InMemoryAggregateStore<DeadlineDigest>('deadline_digests'), { prune: async () => 0 }),
    notifications,
    { kick: (n?: readonly Notification[]) => void kicked.push(...(n ?? [])) },
    { every: () => undefined },
    new ServiceKernel({ source: '/urp/campaigns' }, clock),
  );
  const later = (ms: number) => clock.set(new Date(clock.now().getTime() + ms));
  return { clock, digests, queued, kicked, fail, later, docs };
}

const warned = (i: number, over: Partial<DeadlineEventData> = {}): CloudEvent<DeadlineEventData> => ({
  specversion: '1.0',
  id: `evt_${i}_${Math.random()}`,
  source: '/urp/procedures',
  subject: `prc_${i}`,
  datacontenttype: 'application/json',
  correlationid: `cor_${i}`,
  type: 'it.urp.procedures.DeadlineApproaching.v1',
  time: '2026-12-07T00:01:00Z',
  data: {
    procedureId: `prc_${i}`,
    procedureTypeCode: 'permesso_costruire',
    procedureTypeName: 'Permesso di costruire',
    protocolNumber: `2026/000000${i}`,
    dueAt: `2026-12-1${i}T22:59:59.999Z`,
    daysBefore: 7,
    officeId: 'edilizia',
    responsibleId: 'ref_1',
    ...over,
  },
});

describe('deadline digests (use cases, in memory)', () => {
  it('waits for the burst to settle, then queues ONE e-mail listing every procedure once; nothing more today', async () => {
    const { digests, queued, kicked, later } = setup();
    const first = warned(3);
    for (const e of [first, warned(1), first, warned(2)]) await digests.record(e, 'DeadlineApproaching');
    later(QUIET / 2);
    expect(await digests.sendDue(new Date('2026-12-07T00:10:00Z'))).toEqual({ queued: 0, waiting: 3 });
    expect(await digests.sendDue(new Date('2026-12-07T00:16:00Z'))).toEqual({ queued: 1, waiting: 0 });
    const [n] = [...queued.values()];
    expect(n).toMatchObject({
      id: 'ntf_dld_approaching_referent_ref_1_edilizia_2026-12-07',
      recipientType: 'referent',
      recipientId: 'ref_1',
      fallbackOfficeId: 'edilizia',
      template: 'procedure_deadlines_approaching',
    });
    expect(n.facts.procedures?.map((p) => p.protocolNumber)).toEqual([
      '2026/0000001',
      '2026/0000002',
      '2026/0000003',
    ]);
    expect(kicked).toHaveLength(1);
    // a warning after today's digest waits for tomorrow's, even once quiet
    await digests.record(warned(4), 'DeadlineApproaching');
    expect(await digests.sendDue(new Date('2026-12-07T09:00:00Z'))).toEqual({ queued: 0, waiting: 1 });
    expect(queued.size).toBe(1);
    expect(await digests.sendDue(new Date('2026-12-08T07:00:00Z'))).toEqual({ queued: 1, waiting: 0 });
    expect([...queued.values()][1].facts.procedures?.map((p) => p.procedureId)).toEqual(['prc_4']);
    // a digest of one procedure names it (procedures shows its delivery on the timeline); of many, none
    expect([...queued.values()][1].procedureId).toBe('prc_4');
    expect(n.procedureId).toBeUndefined();
  });

  it('a crash before the e-mail is queued, or before the warnings are marked: finished once by the next tick', async () => {
    const { digests, queued, fail, docs } = setup();
    await digests.record(warned(1), 'DeadlineApproaching');
    await digests.record(warned(2, { responsibleId: undefined }), 'DeadlineMissed');
    fail.queue = true;
    // one group's failure does not hold back the other's digest
    expect(await digests.sendDue(new Date('2026-12-07T01:00:00Z'))).toEqual({
      queued: 1,
      waiting: 0,
      failed: 1,
    });
    fail.mark = true;
    expect(await digests.sendDue(new Date('2026-12-07T01:01:00Z'))).toEqual({
      queued: 1,
      waiting: 0,
      failed: 1,
    });
    expect(await digests.sendDue(new Date('2026-12-07T01:02:00Z'))).toEqual({ queued: 0, waiting: 0 });
    expect(await digests.sendDue(new Date('2026-12-07T01:03:00Z'))).toEqual({ queued: 0, waiting: 0 });
    expect([...queued.keys()].sort()).toEqual([
      'ntf_dld_approaching_referent_ref_1_edilizia_2026-12-07',
      'ntf_dld_missed_office_edilizia_edilizia_2026-12-07',
    ]);
    expect([...docs.values()].every((w) => w.reportedIn)).toBe(true);
  });

  it('a digest cut before its warnings were marked, late in the evening, is finished after midnight, not sent again', async () => {
    const { digests, queued, fail, docs } = setup(new Date('2026-12-07T22:40:00Z'));
    await digests.record(warned(1), 'DeadlineApproaching');
    await digests.record(warned(2), 'DeadlineApproaching');
    fail.mark = true;
    // 23:55 in Rome: claimed and queued, the crash before marking
    expect(await digests.sendDue(new Date('2026-12-07T22:55:00Z'))).toMatchObject({ queued: 1, failed: 1 });
    // 00:01 the next day in Rome: the same digest is finished, no digest of the new day for the same warnings
    expect(await digests.sendDue(new Date('2026-12-07T23:01:00Z'))).toEqual({ queued: 0, waiting: 0 });
    expect([...queued.keys()]).toEqual(['ntf_dld_approaching_referent_ref_1_edilizia_2026-12-07']);
    expect([...docs.values()].every((w) => w.reportedIn)).toBe(true);
  });

  it('the day before a day, by the calendar, across month ends and daylight-saving changes', () => {
    expect(dayBefore('2026-03-30')).toBe('2026-03-29');
    expect(dayBefore('2026-10-26')).toBe('2026-10-25');
    expect(dayBefore('2027-01-01')).toBe('2026-12-31');
    expect(dayBefore('2028-03-01')).toBe('2028-02-29');
  });

  it('a warning published more than the maximum age ago (a replayed topic) is not recorded', async () => {
    const { digests, docs } = setup();
    expect(await digests.record({ ...warned(1), time: '2026-11-29T00:00:00Z' }, 'DeadlineApproaching')).toBe(
      false,
    );
    expect(await digests.record(warned(2), 'DeadlineApproaching')).toBe(true);
    expect([...docs.keys()]).toEqual(['dlw_approaching_7_prc_2_2026-12-12']);
  });
});
