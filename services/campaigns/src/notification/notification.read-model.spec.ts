import { aNotification as n, QUEUED_AT as at } from './notification.fixtures';
import type { Notification } from './notification.rules';
import { NotificationReadModel } from './notification.read-model';
import type { ClaimDocument, NotificationStore } from './notification.store';

/** The store as the read model uses it: the unfinished documents and the claims of their next attempts. */
const storeOf = (docs: Notification[], claims: Record<string, ClaimDocument> = {}) =>
  ({
    unfinished: async () => docs,
    claimsOf: async (a: { id: string; attempt: number }[]) =>
      new Map(
        a.flatMap((x) => (claims[`${x.id}#${x.attempt}`] ? [[x.id, claims[`${x.id}#${x.attempt}`]]] : [])),
      ),
  }) as unknown as NotificationStore;

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
    const claim = { _id: 'k#1', claimId: 'dead', at };
    const m = new NotificationReadModel(storeOf([n('k'), n('q')], { 'k#1': claim }));
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
  });

  it('remembers the SMSC message id of an SMS for its delivery receipt', () => {
    const m = new NotificationReadModel(storeOf([]));
    m.apply(n('s', { channel: 'sms', status: 'sent', providerMessageId: 'smsc-1' }));
    expect(m.smsNotificationId('smsc-1')).toBe('s');
  });
});
