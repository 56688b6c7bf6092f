// The analysts' event-stream CLI: tail a topic, or replay it from the beginning or a date, to JSON lines or
// CSV on stdout, validating every event against the catalog (libs/contracts). Diagnostics go to stderr.
//   npm run -s stream -- replay urp.contacts.case.v1 --from 2026-11-01T00:00:00+01:00 --format csv > cases.csv
import { catalog } from '@urp/contracts';
import { createRawKafka, kafkaLogLevel } from '@urp/messaging';
import type { Consumer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { randomBytes } from 'node:crypto';
import {
  csvHeader,
  parseArgs,
  pseudonymise,
  toCsvLine,
  toJsonLine,
  toRecord,
  type CliOptions,
} from './stream';

const err = (msg: string) => process.stderr.write(`${msg}\n`);

async function run(opts: CliOptions): Promise<number> {
  const kafka = createRawKafka(
    { clientId: 'urp-stream', brokers: opts.brokers },
    {
      logLevel: kafkaLogLevel.ERROR,
      logCreator: () => (e) => err(`kafka: ${e.log.message}`),
    },
  );
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = await admin.listTopics();
    if (opts.command === 'topics') {
      for (const t of catalog.topics) {
        const events = catalog.eventsOf(t.name).map((e) => e.type);
        process.stdout.write(
          `${t.name}\t${topics.includes(t.name) ? 'present' : 'absent'}\t${events.join(',')}\n`,
        );
      }
      return 0;
    }
    const topic = opts.topic!;
    if (!topics.includes(topic)) {
      err(`topic ${topic} does not exist (known: ${catalog.topics.map((t) => t.name).join(', ')})`);
      return 2;
    }
    if (!catalog.topics.some((t) => t.name === topic) && !topic.endsWith('.dlq'))
      err(`warning: ${topic} is not in the event catalog; events will show as unknown_type`);

    const ends = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, BigInt(p.high)]));
    const starts = new Map<number, bigint>();
    if (opts.command === 'replay') {
      const offsets =
        opts.from === 'beginning'
          ? (await admin.fetchTopicOffsets(topic)).map((p) => ({ partition: p.partition, offset: p.low }))
          : await admin.fetchTopicOffsetsByTimestamp(topic, opts.from.getTime());
      for (const o of offsets)
        starts.set(
          o.partition,
          BigInt(o.offset === '-1' ? (ends.get(o.partition) ?? 0n).toString() : o.offset),
        );
    } else {
      for (const [p, high] of ends) starts.set(p, high);
    }
    const pending = new Set([...ends].filter(([p, high]) => high > (starts.get(p) ?? 0n)).map(([p]) => p));
    if (opts.command === 'replay' && !pending.size) {
      if (opts.format === 'csv') process.stdout.write(`${csvHeader()}\n`);
      return 0;
    }

    const pseudonymKey = opts.pseudonymise
      ? (process.env.STREAM_PSEUDONYM_KEY ?? randomBytes(32).toString('hex'))
      : undefined;
    if (opts.pseudonymise && !process.env.STREAM_PSEUDONYM_KEY)
      err(
        'pseudonyms under a random key: they join within this run only (set STREAM_PSEUDONYM_KEY to keep them)',
      );
    // a throwaway group (kafkajs has no group-less assignment); it commits nothing and is deleted at the end
    const groupId = `urp.stream.${randomUUID()}`;
    const consumer: Consumer = kafka.consumer({
      groupId,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: 200,
    });
    let printed = 0;
    let invalid = 0;
    let finish!: () => void;
    const finished = new Promise<void>((r) => (finish = r));
    process.once('SIGINT', () => finish());
    process.once('SIGTERM', () => finish());
    if (opts.format === 'csv') process.stdout.write(`${csvHeader()}\n`);
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch, heartbeat }) => {
        const lines: string[] = [];
        for (const m of batch.messages) {
          const off = BigInt(m.offset);
          if (off < (starts.get(batch.partition) ?? 0n)) continue;
          const end = ends.get(batch.partition) ?? 0n;
          if (opts.command === 'replay' && off >= end) {
            pending.delete(batch.partition);
            continue;
          }
          if (opts.to && Number(m.timestamp) > opts.to.getTime()) {
            pending.delete(batch.partition);
            continue;
          }
          const raw = toRecord(catalog, batch.topic, batch.partition, m);
          const record = pseudonymKey ? pseudonymise(raw, pseudonymKey) : raw;
          if (record.validation === 'invalid') invalid++;
          if (opts.invalidOnly && record.validation !== 'invalid') continue;
          if (opts.limit !== undefined && printed >= opts.limit) break;
          lines.push(opts.format === 'csv' ? toCsvLine(record) : toJsonLine(record));
          printed++;
          if (opts.command === 'replay' && off + 1n >= end) pending.delete(batch.partition);
        }
        if (lines.length) process.stdout.write(`${lines.join('\n')}\n`);
        await heartbeat();
        if (
          (opts.limit !== undefined && printed >= opts.limit) ||
          (opts.command === 'replay' && !pending.size)
        )
          finish();
      },
    });
    for (const [partition, offset] of starts) consumer.seek({ topic, partition, offset: offset.toString() });
    err(
      opts.command === 'tail'
        ? `tailing ${topic} from its end offsets (Ctrl-C to stop)`
        : `replaying ${topic}`,
    );
    await finished;
    await consumer.disconnect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
    err(`${printed} event(s) written, ${invalid} breaking their contract`);
    return 0;
  } finally {
    await admin.disconnect();
  }
}

async function main() {
  let opts: CliOptions;
  try {
    opts = parseArgs(process.argv.slice(2), process.env);
  } catch (e) {
    err((e as Error).message);
    process.exit(2);
  }
  process.exit(await run(opts));
}

main().catch((e: unknown) => {
  err(`stream: ${(e as Error).message}`);
  process.exit(1);
});
