import { aNotification as n, QUEUED_AT as at } from './notification.fixtures';
import type { Notification } from './notification.rules';
import { NotificationReadModel } from './notification.read-model';
import type { NotificationStore } from './notification.store';

/**
 * The store as the read model uses it: the open marks, the current states by `_id` (the store follows each document
 * along its claims and outcomes), and the marks dropped.
 */
const storeOf = (docs: Notification[], closed: string[] = []) =>
  ({
    openIds: async () => docs.map((d) => d.id),
    getMany: async (ids: string[]) => {
      const read = new Map(docs.filter((d) => ids.includes(d.id)).map((d) => [d.id, d]));
      reads.push(...read.keys());
      return read;
    },
    closeMarks: async (ids: string[]) => void closed.push(...ids),
    markEarlier: async () => 0,
  }) as unknown as NotificationStore;
let reads: string[] = [];
beforeEach(() => (reads = []));

describe('the notifications read model', () => {
  it('serves the due messages from memory, in the order they were queued, and forgets final ones', () => {
    const m = new NotificationReadModel(storeOf([]));
    m.apply(n('a'));
    m.apply(n('b', { nextAttemptAt: new Date(at.getTime() + 60_000) }));
    m.apply(n('c'));
    expect(m.due(at, 10).map((x) => x.id)).toEqual(['a', 'c']);
    m.apply(n('a', { revision: 2, status: 'delivered' }));
    expect(m.due(at, 10).map((x) => x.id)).toEqual(['c']);
    expect(m.size).toBe(2);
  });

  it('a claim held in memory is not undone by the stored state of the same revision, nor an older one', () => {
    const m = new NotificationReadModel(storeOf([]));
    m.apply(n('a', { revision: 3 }));
    m.apply(n('a', { revision: 3, status: 'sending', attempts: 1, sendingSince: at, claimId: 'c1' }));
    m.apply(n('a', { revision: 3 }));
    m.apply(n('a', { revision: 2 }));
    expect(m.due(at, 10)).toEqual([]);
    expect(m.staleClaims(new Date(at.getTime() + 1)).map((x) => x.id)).toEqual(['a']);
  });

  it('rebuilt after a crash: an attempt claimed without an outcome is a stale claim, never due again', async () => {
    const cut = n('k', { status: 'sending', attempts: 1, sendingSince: at, claimId: 'dead' });
    const m = new NotificationReadModel(storeOf([cut, n('q')]));
    await m.rebuild();
    expect(m.due(new Date(at.getTime() + 5000), 10).map((x) => x.id)).toEqual(['q']);
    expect(m.staleClaims(new Date(at.getTime() + 1))).toMatchObject([
      { id: 'k', status: 'sending', attempts: 1, claimId: 'dead' },
    ]);
  });

  it('a resync forgets what was finished elsewhere and keeps what arrived meanwhile', async () => {
    const docs = [n('a'), n('b')];
    const m = new NotificationReadModel(storeOf(docs));
    await m.rebuild();
    docs.splice(0, 1); // `a` was sent by another instance
    m.apply(n('c'));
    docs.push(n('c'));
    await m.rebuild();
    expect(m.due(at, 10).map((x) => x.id)).toEqual(['b', 'c']);
    // what it holds is not read again (its own writes keep it current)
    expect(reads).toEqual(['a', 'b']);
  });

  it('a mark that outlived its message (a crash after the final outcome) is dropped at the rebuild', async () => {
    const closed: string[] = [];
    const m = new NotificationReadModel(
      storeOf([n('f', { status: 'delivered', attempts: 1 }), n('g')], closed),
    );
    await m.rebuild();
    expect(closed).toEqual(['f']);
    expect(m.due(at, 10).map((x) => x.id)).toEqual(['g']);
  });

  it('an outcome recorded in a slice (same revision, next attempt) replaces the claim; a later read of the claim does not undo it', () => {
    const m = new NotificationReadModel(storeOf([]));
    m.apply(n('a', { status: 'sending', attempts: 1, sendingSince: at, claimId: 'c1' }));
    m.apply(n('a', { attempts: 1, lastError: 'smtp_421' }));
    m.apply(n('a', { status: 'sending', attempts: 1, sendingSince: at, claimId: 'c1' }));
    expect(m.due(at, 10).map((x) => [x.id, x.attempts, x.status])).toEqual([['a', 1, 'queued']]);
  });

  it('remembers the SMSC message id of an SMS for its delivery receipt', () => {
    const m = new NotificationReadModel(storeOf([]));
    m.apply(n('s', { channel: 'sms', status: 'sent', providerMessageId: 'smsc-1' }));
    expect(m.smsNotificationId('smsc-1')).toBe('s');
  });
});
