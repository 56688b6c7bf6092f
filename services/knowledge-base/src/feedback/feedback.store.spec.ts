import { eventsPerSheet } from './feedback.rules';
import { eventsPerShard, USAGE_SHARDS, USAGE_SLOT_MS, usageShard, usageShardOfId } from './feedback.store';

const at = (ms: number) => new Date(Date.parse('2026-12-07T09:00:00Z') + ms).toISOString();

describe('grouping a batch of contacts for the usage counter', () => {
  it('gathers the events citing each sheet, by id or slug, each event once', () => {
    const slugs: Record<string, string> = { tari: 's1' };
    const grouped = eventsPerSheet(
      [
        { event: { id: 'e1', time: at(0) }, sheetRefs: ['s1', 'tari'] },
        { event: { id: 'e2', time: at(10) }, sheetRefs: ['s2', 's1'] },
        { event: { id: 'e1', time: at(0) }, sheetRefs: ['s1'] }, // the relay's second copy in the same batch
        { event: { id: 'e3', time: at(20) }, sheetRefs: ['tari'] },
      ],
      (ref) => slugs[ref] ?? ref,
    );
    expect([...grouped].map(([sheet, events]) => [sheet, events.map((e) => e.id)])).toEqual([
      ['s1', ['e1', 'e2', 'e3']],
      ['s2', ['e2']],
    ]);
  });

  it('puts the consecutive events of a fetch on one shard, the same for every delivery of each', () => {
    // ten events of one partition 10 ms apart (300 registrations/s over three partitions), within one slot
    const events = Array.from({ length: 10 }, (_, i) => ({ id: `e${i}`, time: at(i * 10) }));
    const shards = eventsPerShard('s1', events);
    expect([...shards.values()]).toEqual([events.map((e) => e.id)]);
    // a redelivery, alone or in another batch, goes where the event was counted
    for (const e of events) expect(usageShard('s1', e.id, e.time)).toBe([...shards.keys()][0]);
    // the next slots take the other shards in turn, so the sheet's marks spread over all of them
    const slots = Array.from({ length: USAGE_SHARDS }, (_, k) =>
      usageShard('s1', 'e', at(k * USAGE_SLOT_MS)),
    );
    expect(new Set(slots).size).toBe(USAGE_SHARDS);
    // one event twice in a batch is counted once
    expect(eventsPerShard('s1', [events[0], events[0]]).get(usageShard('s1', 'e0', events[0].time))).toEqual([
      'e0',
    ]);
  });

  it('places an event without a readable time by its id, as the previous version did', () => {
    expect(usageShard('s1', 'e1')).toBe(usageShardOfId('s1', 'e1'));
    expect(usageShard('s1', 'e1', 'not a time')).toBe(usageShardOfId('s1', 'e1'));
    const byId = eventsPerShard('s1', [{ id: 'e1' }, { id: 'e2' }]);
    expect([...byId.values()].flat().sort()).toEqual(['e1', 'e2']);
  });
});
