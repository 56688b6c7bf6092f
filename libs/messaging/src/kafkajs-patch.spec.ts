/**
 * kafkajs 2.2.4 as `patches/kafkajs+2.2.4.patch` leaves it (applied by `patch-package` after `npm ci`): its encoder
 * takes small buffers from Node's pool instead of a new zero-filled ArrayBuffer each, and what it encodes is still
 * exactly the Kafka record. These specs fail when the patch is not applied (a kafkajs upgrade, an install that
 * skipped the postinstall) or when it changes a byte on the wire.
 */
import { CitizenNotificationRequestedV1, createEvent, toKafkaRecord } from '@urp/contracts';

type EncoderInstance = { buf: Buffer; buffer: Buffer };
const Encoder = require('kafkajs/src/protocol/encoder') as new (size?: number) => EncoderInstance;
const Decoder = require('kafkajs/src/protocol/decoder') as new (b: Buffer) => {
  readVarIntBytes(): Buffer;
};
const encodeRecord = require('kafkajs/src/protocol/recordBatch/record/v0') as (r: {
  key: string;
  value: string;
  headers: Record<string, string>;
}) => EncoderInstance;
const decodeRecord = require('kafkajs/src/protocol/recordBatch/record/v0/decoder') as (
  d: InstanceType<typeof Decoder>,
  ctx: { firstOffset: string; firstTimestamp: string },
) => { key: Buffer; value: Buffer; headers: Record<string, Buffer> };

describe('kafkajs as patched (patches/kafkajs+2.2.4.patch)', () => {
  it("takes an encoder's buffer from Node's pool, not a new ArrayBuffer of its own", () => {
    const e = new Encoder();
    expect(e.buf.length).toBe(512);
    // a pooled buffer is a view into the shared pool (Buffer.poolSize bytes); Buffer.alloc's owns its ArrayBuffer
    expect(e.buf.buffer.byteLength).toBe(Buffer.poolSize);
  });

  it('encodes a CloudEvent record (key, value, every header) that decodes back byte for byte', () => {
    const event = createEvent(
      CitizenNotificationRequestedV1,
      'case_0123',
      {
        notificationId: 'ntf-0123',
        requesterId: 'req_7f3a9c01',
        caseId: 'case_0123',
        channel: 'email',
        template: 'case_answered',
        status: 'answered',
        requestedAt: '2026-12-07T10:00:00.000Z',
        protocolNumber: '2026/000123',
      },
      {
        source: '/urp/contacts',
        causationId: 'cause-1',
        traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      },
    );
    const record = toKafkaRecord(event);
    const encoded = encodeRecord(record).buffer;
    const body = new Decoder(encoded).readVarIntBytes();
    // nothing but the length and the record: no byte the encoder did not write
    expect(encoded.length - body.length).toBe(2);
    const back = decodeRecord(new Decoder(body), {
      firstOffset: '0',
      firstTimestamp: '0',
    });
    expect(back.key.toString()).toBe(record.key);
    expect(back.value.toString()).toBe(record.value);
    expect(Object.fromEntries(Object.entries(back.headers).map(([k, v]) => [k, v.toString()]))).toEqual(
      record.headers,
    );
  });
});
