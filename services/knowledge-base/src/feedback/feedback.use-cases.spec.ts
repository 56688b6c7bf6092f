import { applyEvent, FixedClock, ServiceKernel, type Actor } from '@urp/kernel';
import { MemoryKnowledgeStore } from '../content/content.store.memory';
import type { SheetUseCases } from '../sheet/sheet.use-cases';
import type { CloudEvent } from '@urp/contracts';
import { addClarity, countContact, type CountedEvent, type SheetStats } from './feedback.rules';
import type { SheetStatsPort } from './feedback.store';
import { FeedbackUseCases } from './feedback.use-cases';

const citizen: Actor = { sub: 'anonymous', roles: [], anonymous: true };
const analyst: Actor = { sub: 'ana', roles: ['analyst'] };

/** The sheets the feedback needs to know: one published public sheet (`s1`, slug `tari`). */
const sheets: Pick<SheetUseCases, 'requireLivePublic' | 'byId' | 'bySlug'> = {
  requireLivePublic: (id) => {
    if (id !== 's1') throw Object.assign(new Error('Non trovato'), { extensions: { code: 'NOT_FOUND' } });
    return sheets.byId('s1')!;
  },
  byId: (id) =>
    id === 's1' ? ({ id: 's1', slug: 'tari' } as ReturnType<SheetUseCases['requireLivePublic']>) : null,
  bySlug: (slug) => (slug === 'tari' ? sheets.byId('s1') : null),
};

/** The counters in memory: the same meaning as the store's `$inc`, through the kernel's commit. */
class MemoryStats extends MemoryKnowledgeStore<SheetStats> implements SheetStatsPort {
  async countContact(sheetId: string, eventId: string): Promise<boolean> {
    return (await applyEvent(this, sheetId, eventId, (s) => countContact(s, sheetId))) === 'applied';
  }

  async countContacts(sheetId: string, events: readonly CountedEvent[]): Promise<number> {
    let counted = 0;
    for (const e of events) if (await this.countContact(sheetId, e.id)) counted++;
    return counted;
  }

  async countClarity(sheetId: string, clear: boolean, events: readonly CloudEvent[]): Promise<void> {
    const previous = await this.get(sheetId);
    await this.commit({ previous, next: addClarity(previous, sheetId, clear), events });
  }
}

function setup() {
  const kernel = new ServiceKernel(
    { source: '/urp/knowledge-base' },
    new FixedClock(new Date('2026-03-02T09:00:00Z')),
  );
  const stats = new MemoryStats('sheet_stats');
  return { stats, feedback: new FeedbackUseCases(stats, sheets, kernel) };
}

describe('feedback use cases (in-memory store)', () => {
  it('counts anonymous answers with their events and contacts once per event, by id or slug', async () => {
    const { stats, feedback } = setup();
    await feedback.submit(citizen, { sheetId: 's1', clear: false, reason: 'incomplete' });
    await feedback.submit(citizen, { sheetId: 's1', clear: true });
    await feedback.recordUsage(['s1', 'tari'], { id: 'e1' }); // one sheet by id and by slug: counted once
    await feedback.recordUsage(['s1'], { id: 'e1' }); // redelivery
    expect(await feedback.usageOf('s1')).toMatchObject({ contacts: 1, clear: 1, unclear: 1 });
    expect(stats.events.map((e) => e.type.split('.')[3])).toEqual([
      'ClarityFeedbackReceived',
      'ClarityFeedbackReceived',
    ]);
    expect((await feedback.ranking(analyst, 5, 1)).map((r) => r.sheetId)).toEqual(['s1']);
  });

  it('refuses free text as a reason and feedback on what the public cannot read', async () => {
    const { feedback } = setup();
    await expect(
      feedback.submit(citizen, { sheetId: 's1', clear: false, reason: 'Mario Rossi via Roma 3' }),
    ).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    await expect(feedback.submit(citizen, { sheetId: 'bozza', clear: true })).rejects.toMatchObject({
      extensions: { code: 'NOT_FOUND' },
    });
  });
});
