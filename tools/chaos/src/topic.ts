// Reading back what landed on a topic with Debian's kcat (a Kafka client nobody here wrote), and the
// admin look-ups the suite needs (end offsets, a group's committed offsets).
import { testInfra } from '@urp/testing';
import { execFile } from 'node:child_process';
import { createRawKafka } from '@urp/messaging';
import type { Admin } from 'kafkajs';

export interface TopicRecord {
  partition: number;
  offset: number;
  key: string | null;
  headers: Record<string, string>;
  payload: string | null;
}

export const KCAT = process.env.KCAT ?? '/usr/bin/kcat';

/** Every record of `topic` from the given offsets per partition to the current end, through kcat. */
export async function readTopic(topic: string, from: Map<number, number>): Promise<TopicRecord[]> {
  const out: TopicRecord[] = [];
  for (const [partition, offset] of from) {
    const text = await new Promise<string>((resolve, reject) =>
      execFile(
        KCAT,
        [
          '-b',
          testInfra.kafkaBrokers[0],
          '-C',
          '-t',
          topic,
          '-p',
          String(partition),
          '-o',
          String(offset),
        ].concat(['-e', '-q', '-J']),
        { maxBuffer: 512 * 1024 * 1024, timeout: 120_000 },
        (err, stdout, stderr) =>
          err ? reject(new Error(`kcat: ${err.message} ${stderr}`)) : resolve(stdout),
      ),
    );
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      const r = JSON.parse(line) as {
        partition: number;
        offset: number;
        key: string | null;
        headers?: string[];
        payload: string | null;
      };
      const headers: Record<string, string> = {};
      for (let i = 0; i + 1 < (r.headers?.length ?? 0); i += 2) headers[r.headers![i]] = r.headers![i + 1];
      out.push({ partition: r.partition, offset: r.offset, key: r.key, headers, payload: r.payload });
    }
  }
  return out;
}

/** Produces one raw record with kcat (the poison message: what a broken producer would send). */
export function produceRaw(
  topic: string,
  partition: number,
  key: string,
  headers: Record<string, string>,
  value: string,
): Promise<void> {
  const args = ['-b', testInfra.kafkaBrokers[0], '-P', '-t', topic, '-p', String(partition), '-k', key];
  for (const [k, v] of Object.entries(headers)) args.push('-H', `${k}=${v}`);
  return new Promise((resolve, reject) => {
    const child = execFile(KCAT, args, { timeout: 60_000 }, (err, _o, stderr) =>
      err ? reject(new Error(`kcat -P: ${err.message} ${stderr}`)) : resolve(),
    );
    child.stdin!.end(value);
  });
}

export async function withAdmin<T>(fn: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = createRawKafka({ clientId: 'chaos-admin', brokers: testInfra.kafkaBrokers }).admin();
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.disconnect();
  }
}

/** The current end offset of each partition. */
export const endOffsets = (topic: string): Promise<Map<number, number>> =>
  withAdmin(async (admin) => {
    const ends = await admin.fetchTopicOffsets(topic);
    return new Map(ends.map((p) => [p.partition, Number(p.offset)]));
  });

/** The offsets a consumer group committed on a topic, by partition (-1: none). */
export const committedOffsets = (groupId: string, topic: string): Promise<Map<number, number>> =>
  withAdmin(async (admin) => {
    const [res] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return new Map((res?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
  });
