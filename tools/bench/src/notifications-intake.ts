/**
 * What a queued message's document costs FerretDB by its form (issue 14): the insert of the documents of one intake
 * batch (100 messages per `insertMany`, as `NotificationStore.insertMany` writes them), as FerretDB's own CPU time
 * (`/proc/<pid>/stat`) per message. Forms alternate round by round (A B C A B C …) so each meets the same load.
 *
 *   node -r @swc-node/register tools/bench/src/notifications-intake.ts
 *
 * Env: MONGO_URL (or URP_MONGO_PORT), URP_INFRA_DIR or BENCH_FERRETDB_PID (FerretDB's pid), BENCH_INTAKE_MESSAGES
 * (5,000 per round), BENCH_INTAKE_ROUNDS (3).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BSON, MongoClient, type Document } from 'mongodb';
/* eslint-disable @nx/enforce-module-boundaries -- the benchmark prices the service's own document form */
import { compactDocument } from '../../../services/campaigns/src/notification/notification.store';
import type { Notification } from '../../../services/campaigns/src/notification/notification.rules';
import { processCpuMs } from '@urp/testing';
import { load, num } from './notifications-harness';

const MESSAGES = num('BENCH_INTAKE_MESSAGES', 5000);
const ROUNDS = num('BENCH_INTAKE_ROUNDS', 3);
const BATCH = 100;
const mongoUrl = process.env.MONGO_URL ?? `mongodb://127.0.0.1:${process.env.URP_MONGO_PORT ?? 27117}`;
const pid = Number(
  process.env.BENCH_FERRETDB_PID ??
    readFileSync(join(process.env.URP_INFRA_DIR ?? '.infra', 'ferretdb', 'ferretdb.pid'), 'utf8').trim(),
);
const cpuMs = (): number => processCpuMs(pid) ?? NaN;
const TRACE = () => `00-${randomUUID().replace(/-/g, '')}-${randomUUID().replace(/-/g, '').slice(0, 16)}-01`;

/** A citizen's queued e-mail notification as `fromCitizenRequests` queues it (the bench's). */
const state = (run: string, i: number): Notification => ({
  id: `ntf_bench-${run}-${i}`,
  revision: 1,
  requestedBy: 'CitizenNotificationRequested',
  caseId: `case_bench_${run}_${i}`,
  recipientType: 'requester',
  recipientId: `req_bench${run}${i}`,
  channel: 'email',
  preferred: true,
  template: 'case_answered',
  facts: { protocolNumber: '2026/000123', status: 'answered', dueAt: '2026-12-30T10:00:00+01:00' },
  status: 'queued',
  attempts: 0,
  queuedAt: new Date(),
  nextAttemptAt: new Date(),
});
const queued = () => ({
  id: randomUUID(),
  source: '/urp/campaigns',
  correlationid: randomUUID(),
  causationid: randomUUID(),
  traceparent: TRACE(),
});

const forms: Record<string, (n: Notification) => Document> = {
  'state as fields (before)': (n) => {
    const { id, ...rest } = n;
    return { _id: id, ...rest, _marked: true, _queued: queued() };
  },
  'compact: queried fields + one text': (n) => compactDocument(n, { _marked: true, _queued: queued() }),
};

async function main() {
  const mongo = await new MongoClient(mongoUrl).connect();
  const db = mongo.db(`bench_intake_${Date.now().toString(36)}`);
  const names = Object.keys(forms);
  const spent = new Map<string, number[]>(names.map((n) => [n, []]));
  console.log(`intake forms: ${MESSAGES} messages per round, ${ROUNDS} rounds; load ${load()}`);
  for (const [name, form] of Object.entries(forms)) {
    const doc = form(state('x', 0));
    console.log(`  ${name}: ${BSON.calculateObjectSize(doc)} bytes, ${JSON.stringify(doc).slice(0, 400)}`);
  }
  for (let r = 0; r < ROUNDS; r++)
    for (const [k, name] of names.entries()) {
      const c = db.collection(`m_${r}_${k}`);
      await c.insertOne({ _id: 'warm' } as Document);
      const run = `${r}${k}`;
      const cpu0 = cpuMs();
      for (let i = 0; i < MESSAGES; i += BATCH)
        await c.insertMany(
          Array.from({ length: BATCH }, (_, j) => forms[name](state(run, i + j))),
          { ordered: false },
        );
      spent.get(name)?.push((cpuMs() - cpu0) / MESSAGES);
    }
  for (const [name, ms] of spent)
    console.log(`| ${name} | ${ms.map((x) => x.toFixed(3)).join(' / ')} ms of FerretDB CPU per message |`);
  console.log(`load ${load()}`);
  await db.dropDatabase();
  await mongo.close();
}

void main();
