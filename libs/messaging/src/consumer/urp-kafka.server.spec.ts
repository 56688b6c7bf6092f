import { EventCatalog, HEADERS, type CloudEvent } from '@urp/contracts';
import type { EachBatchPayload, KafkaMessage } from 'kafkajs';
import { UrpKafkaServer } from './urp-kafka.server';

/** A CloudEvent as Kafka delivers it (headers as buffers), of a type outside the catalog (not validated). */
const message = (type: string, offset: number, data: unknown): KafkaMessage =>
  ({
    offset: String(offset),
    key: Buffer.from('k'),
    value: Buffer.from(JSON.stringify(data)),
    timestamp: '0',
    attributes: 0,
    headers: {
      [HEADERS.specversion]: Buffer.from('1.0'),
      [HEADERS.id]: Buffer.from(`id-${offset}`),
      [HEADERS.type]: Buffer.from(type),
      [HEADERS.source]: Buffer.from('/test'),
      [HEADERS.subject]: Buffer.from('s'),
      [HEADERS.time]: Buffer.from('2026-12-06T00:00:00Z'),
    },
  }) as KafkaMessage;

const payload = (messages: KafkaMessage[], resolved: string[]) =>
  ({
    batch: { topic: 't', partition: 0, highWatermark: String(messages.length), messages },
    resolveOffset: (o: string) => resolved.push(o),
    heartbeat: () => Promise.resolve(),
    isRunning: () => true,
    isStale: () => false,
    commitOffsetsIfNecessary: () => Promise.resolve(),
  }) as unknown as EachBatchPayload;

const server = () =>
  new UrpKafkaServer({
    clientId: 'spec',
    brokers: ['127.0.0.1:1'],
    groupId: 'spec',
    catalog: new EventCatalog([]),
  });
const eachBatch = (s: UrpKafkaServer, p: EachBatchPayload) =>
  (s as unknown as { eachBatch(p: EachBatchPayload): Promise<void> }).eachBatch(p);

describe('UrpKafkaServer: handlers resolved once, messages parsed once', () => {
  it("looks up each type's handler once, however many messages, and gives a batch handler the run", async () => {
    const s = server();
    const calls: CloudEvent[][] = [];
    s.addHandler('Thing', async (events: CloudEvent[]) => void calls.push(events), true, { batch: true });
    const lookup = jest.spyOn(
      s as unknown as { getRouteFromPattern(p: string): string },
      'getRouteFromPattern',
    );
    const resolved: string[] = [];
    await eachBatch(
      s,
      payload(
        [0, 1, 2].map((i) => message('Thing', i, { n: i })),
        resolved,
      ),
    );
    await eachBatch(
      s,
      payload(
        [3, 4].map((i) => message('Thing', i, { n: i })),
        resolved,
      ),
    );
    expect(calls.map((events) => events.map((e) => (e.data as { n: number }).n))).toEqual([
      [0, 1, 2],
      [3, 4],
    ]);
    expect(resolved).toEqual(['2', '4']);
    expect(lookup).toHaveBeenCalledTimes(1);
  });

  it('a handler added later is found (the lookup is not stale)', async () => {
    const s = server();
    const resolved: string[] = [];
    await eachBatch(s, payload([message('Late', 0, {})], resolved)); // ignored: no handler yet
    const seen: CloudEvent[] = [];
    s.addHandler('Late', async (e: CloudEvent) => void seen.push(e), true);
    await eachBatch(s, payload([message('Late', 1, { x: 1 })], resolved));
    expect(seen.map((e) => e.id)).toEqual(['id-1']);
  });

  it('a failed batch is taken one by one from freshly parsed events, whatever the batch handler did to them', async () => {
    const s = server();
    const single: unknown[] = [];
    let batches = 0;
    s.addHandler(
      'Thing',
      async (events: CloudEvent[]) => {
        if (events.length > 1) {
          batches++;
          for (const e of events) (e.data as { n: number }).n = -1; // changes what it was given, then fails
          throw new Error('one of them is bad');
        }
        single.push(events[0].data);
      },
      true,
      { batch: true },
    );
    const resolved: string[] = [];
    await eachBatch(
      s,
      payload(
        [0, 1, 2].map((i) => message('Thing', i, { n: i })),
        resolved,
      ),
    );
    expect(batches).toBe(1);
    expect(single).toEqual([{ n: 0 }, { n: 1 }, { n: 2 }]);
    expect(resolved).toEqual(['0', '1', '2']);
  });

  it('skips the events no handler here takes by their type header, without parsing them', async () => {
    const s = server();
    const seen: unknown[] = [];
    s.addHandler('Mine', async (e: CloudEvent) => void seen.push(e.data), true);
    const parse = jest.spyOn(s as unknown as { eventOf(m: KafkaMessage): CloudEvent }, 'eventOf');
    const resolved: string[] = [];
    await eachBatch(
      s,
      payload(
        [
          message('Other', 0, {}),
          message('Mine', 1, { n: 1 }),
          message('Other', 2, {}),
          message('Else', 3, {}),
        ],
        resolved,
      ),
    );
    expect(seen).toEqual([{ n: 1 }]);
    expect(resolved).toEqual(['0', '1', '2', '3']);
    // only the handled one was parsed (once for the batch check, then from the cache)
    expect(new Set(parse.mock.calls.map(([m]) => m.offset))).toEqual(new Set(['1']));
  });

  it("a batch handler's run passes over the types this service ignores, and ends at another handled type", async () => {
    const s = server();
    const batches: number[][] = [];
    const single: unknown[] = [];
    s.addHandler(
      'Thing',
      async (events: CloudEvent[]) => void batches.push(events.map((e) => (e.data as { n: number }).n)),
      true,
      { batch: true },
    );
    s.addHandler('Mine', async (e: CloudEvent) => void single.push(e.data), true);
    const resolved: string[] = [];
    await eachBatch(
      s,
      payload(
        [
          message('Thing', 0, { n: 0 }),
          message('Other', 1, {}),
          message('Thing', 2, { n: 2 }),
          message('Other', 3, {}),
          message('Thing', 4, { n: 4 }),
          message('Other', 5, {}),
          message('Mine', 6, { n: 6 }),
          message('Thing', 7, { n: 7 }),
        ],
        resolved,
      ),
    );
    expect(batches).toEqual([[0, 2, 4], [7]]);
    expect(single).toEqual([{ n: 6 }]);
    // the run's offset is its last taken event's; the ignored one after it goes with the next message
    expect(resolved).toEqual(['4', '5', '6', '7']);
  });
});
