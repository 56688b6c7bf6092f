import { BSON } from 'mongodb';
import { catalog, createEvent, NotificationQueuedV1, toKafkaRecord } from '@urp/contracts';
import {
  packOutbox,
  readOutboxEntries,
  readOutboxEntry,
  storedOutbox,
  toOutboxEntry,
  type OutboxEntry,
} from './outbox';

const event = (traceparent?: string) =>
  createEvent(
    NotificationQueuedV1,
    'ntf_1',
    {
      notificationId: 'ntf_1',
      requestedBy: 'CitizenNotificationRequested',
      channel: 'email',
      template: 'case_answered',
      recipientType: 'requester',
      recipientId: 'req_1',
      queuedAt: '2026-12-06T10:00:00.000Z',
    },
    {
      source: '/urp/campaigns',
      correlationId: 'corr-1',
      causationId: 'cause-1',
      ...(traceparent ? { traceparent } : {}),
    },
  );

/** What a document holds after the driver wrote the entry, read back as the driver reads it. */
const roundTrip = (entry: unknown) =>
  BSON.deserialize(BSON.serialize({ e: entry })).e as Record<string, unknown>;

describe('outbox entries: compact when stored, the whole Kafka record when read', () => {
  it('stores the id, the value and one text of the envelope without the headers the entry tells already', () => {
    const e = event();
    const stored = roundTrip(toOutboxEntry(catalog, e));
    expect(Object.keys(stored)).toEqual(['id', 'env', 'value']);
    expect(stored.id).toBe(e.id);
    expect(stored.value).toBe(JSON.stringify(e.data));
    const [topic, key, rest] = JSON.parse(stored.env as string);
    expect([topic, key]).toEqual(['urp.campaigns.notification.v1', 'ntf_1']);
    expect(Object.keys(rest).sort()).toEqual(
      ['ce_causationid', 'ce_correlationid', 'ce_source', 'ce_time', 'ce_type'].sort(),
    );
  });

  it('reads back every header the event had, including one set after the entry was made (the traceparent)', () => {
    const e = event();
    const entry = toOutboxEntry(catalog, e);
    entry.headers.traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const read = readOutboxEntry(roundTrip(entry) as never);
    expect(read).toEqual({
      id: e.id,
      topic: 'urp.campaigns.notification.v1',
      key: 'ntf_1',
      value: JSON.stringify(e.data),
      headers: { ...toKafkaRecord(e).headers, traceparent: entry.headers.traceparent },
    });
  });

  it('keeps a header that differs from what the entry tells (stored as it is, read back as it was)', () => {
    const entry = toOutboxEntry(catalog, event());
    entry.headers['content-type'] = 'application/cloudevents+json';
    const read = readOutboxEntry(roundTrip(entry) as never);
    expect(read.headers['content-type']).toBe('application/cloudevents+json');
    expect(read.headers.ce_id).toBe(entry.id);
  });

  it('an entry read back is acknowledged as it was stored, byte for byte (what `$pullAll` compares)', () => {
    const stored = roundTrip(
      toOutboxEntry(catalog, event('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01')),
    );
    const again = roundTrip(readOutboxEntry(stored as never));
    expect(BSON.serialize(again)).toEqual(BSON.serialize(stored));
  });

  it('the stored form of an entry is fixed at its first write (the acknowledgement names what was written)', () => {
    const entry = toOutboxEntry(catalog, event());
    const written = BSON.serialize({ e: entry });
    entry.headers.late = 'x';
    expect(BSON.serialize({ e: entry })).toEqual(written);
  });

  it('reads entries written before (the headers as fields) as they are', () => {
    const e = event();
    const old: OutboxEntry = { id: e.id, topic: 'urp.campaigns.notification.v1', ...toKafkaRecord(e) };
    const stored = roundTrip({ ...old });
    const read = readOutboxEntry(stored as never);
    expect(read).toEqual(old);
    expect(BSON.serialize(roundTrip(read))).toEqual(BSON.serialize(stored));
  });

  describe('a pack: many entries of one document as one stored element', () => {
    const events = Array.from({ length: 6 }, (_, i) =>
      event(`00-0af7651916cd43dd8448eb211c8031${String(i).padStart(2, '0')}-b7ad6b7169203331-01`),
    );

    it('stores one element naming every id, and reads back every entry whole', () => {
      const packed = packOutbox(events.map((e) => toOutboxEntry(catalog, e)));
      const stored = storedOutbox(packed);
      expect(stored).toHaveLength(1);
      const element = roundTrip(stored[0]);
      expect(element.id).toBe(events[0].id);
      expect(element.ids).toEqual(events.map((e) => e.id));
      const read = readOutboxEntries(element as never);
      expect(read.map((e) => ({ ...e }))).toEqual(
        events.map((e) => ({
          id: e.id,
          topic: 'urp.campaigns.notification.v1',
          key: 'ntf_1',
          value: JSON.stringify(e.data),
          headers: toKafkaRecord(e).headers,
        })),
      );
    });

    it('is acknowledged as one element, byte for byte as stored, whether written here or read back', () => {
      const packed = packOutbox(events.map((e) => toOutboxEntry(catalog, e)));
      const written = BSON.serialize({ e: storedOutbox(packed)[0] });
      // the relay acknowledges what it published: every entry of the pack names the same element
      expect(storedOutbox(packed.slice(2))).toHaveLength(1);
      expect(BSON.serialize({ e: storedOutbox(packed.slice(2))[0] })).toEqual(written);
      const read = readOutboxEntries(roundTrip(storedOutbox(packed)[0]) as never);
      expect(BSON.serialize({ e: storedOutbox(read)[0] })).toEqual(written);
    });

    it('is much smaller than the entries stored one by one', () => {
      const one = events.map((e) => toOutboxEntry(catalog, e));
      const packed = packOutbox(events.map((e) => toOutboxEntry(catalog, e)));
      expect(BSON.calculateObjectSize({ o: storedOutbox(packed) })).toBeLessThan(
        BSON.calculateObjectSize({ o: one }) / 2,
      );
    });

    it('leaves as they are a single entry, entries packed already and entries it did not make', () => {
      const single = packOutbox([toOutboxEntry(catalog, events[0])]);
      expect(Object.keys(roundTrip(storedOutbox(single)[0]))).toEqual(['id', 'env', 'value']);
      const packed = packOutbox(events.map((e) => toOutboxEntry(catalog, e)));
      const again = packOutbox(packed);
      expect(BSON.serialize({ o: storedOutbox(again) })).toEqual(BSON.serialize({ o: storedOutbox(packed) }));
      const plain: OutboxEntry[] = events.map((e) => ({ id: e.id, topic: 't', ...toKafkaRecord(e) }));
      expect(storedOutbox(packOutbox(plain))).toEqual(plain);
    });
  });
});
