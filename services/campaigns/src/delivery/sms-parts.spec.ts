import { MemorySmsParts } from './sms-parts';

describe('the parts of a long SMS (memory ledger, the same rules as the store)', () => {
  const at = new Date('2026-12-02T09:30:00Z');
  const delivered = { stat: 'DELIVRD', err: '000', at: '2026-12-02T09:31:00.000Z' };

  it('a part’s receipt finds its message under the first part, with every stored receipt in order', async () => {
    const parts = new MemorySmsParts();
    await parts.record(['a', 'b', 'c'], at);
    expect(await parts.receipt('x', delivered)).toBeNull();
    await parts.receipt('c', delivered);
    expect(await parts.receipt('a', { ...delivered, stat: 'UNDELIV', err: '001' })).toEqual({
      key: 'a',
      ids: ['a', 'b', 'c'],
      receipts: [
        { part: 1, messageId: 'a', stat: 'UNDELIV', err: '001', at: delivered.at },
        { part: 3, messageId: 'c', ...delivered },
      ],
      settled: false,
    });
    // an intermediate state is only looked up
    expect((await parts.receipt('b', null))?.receipts).toHaveLength(2);
  });

  it('every message, a single-part one too, is found by its id with the delivery it was sent for', async () => {
    const parts = new MemorySmsParts();
    await parts.record(['s'], at, false, 'dlv_1');
    await parts.record(['a', 'b'], at, false, 'dlv_2');
    expect(await parts.receipt('s', delivered)).toMatchObject({ key: 's', ids: ['s'], deliveryId: 'dlv_1' });
    expect(await parts.receipt('b', null)).toMatchObject({ key: 'a', deliveryId: 'dlv_2' });
  });

  it('settled by the part that decided, seen from every part; an abandoned message is settled from the start', async () => {
    const parts = new MemorySmsParts();
    await parts.record(['a', 'b'], at);
    await parts.receipt('b', delivered);
    await parts.settle('b', 'DELIVRD');
    expect((await parts.receipt('a', delivered))?.settled).toBe(true);
    await parts.record(['d'], at, true);
    expect((await parts.receipt('d', delivered))?.settled).toBe(true);
  });

  it('forgets the messages sent before a date', async () => {
    const parts = new MemorySmsParts();
    await parts.record(['a', 'b'], at);
    await parts.record(['c', 'd'], new Date('2026-12-05T09:30:00Z'));
    await parts.forget(new Date('2026-12-04T00:00:00Z'));
    expect(await parts.receipt('b', null)).toBeNull();
    expect(await parts.receipt('d', null)).not.toBeNull();
  });
});
