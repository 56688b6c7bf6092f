/**
 * Contact registration benchmark: the `registerContact` mutation through the gateway and straight to the
 * contacts subgraph, in the same run, on the same broker and database, events included.
 *
 *   npm run bench -- contacts        (needs Kafka + FerretDB: bash deploy/local/infra.sh start)
 *
 * Spawns the contacts service and the gateway as real processes (ports 4410/4411), then for each target
 * (subgraph = baseline, gateway) and each workload (information answered at the desk: one document write;
 * complaint opening a case: protocol `$inc` + one document write) runs a closed loop of BENCH_CONCURRENCY
 * calls in flight for BENCH_SECONDS. A registration counts when its ContactRegistered event has been
 * consumed from Kafka: the rate is registrations / (first request → last event consumed).
 * Target: ≥ 300 registrations/s through the gateway. Exit non-zero only if the bench itself failed
 * (errors, lost events).
 */
import { signDevToken, signIdentity, IDENTITY_HEADER } from '@urp/auth';
import { ContactTopic } from '@urp/contracts';
import {
  collectEvents,
  spawnGateway,
  spawnService,
  TEST_AUTH,
  testInfra,
  type RunningProcess,
} from '@urp/testing';
import os from 'node:os';
import { MongoClient } from 'mongodb';
import { closedLoop, uniqueSuffix, waitUntil } from './load';
import { now, summarize } from './stats';

const num = (name: string, def: number) => (process.env[name] ? Number(process.env[name]) : def);
const SECONDS = num('BENCH_SECONDS', 8);
const CONCURRENCY = num('BENCH_CONCURRENCY', 32);
const TARGET = 300;
const say = (s = '') => process.stdout.write(`${s}\n`);

let requesterOf: (i: number) => string = (i) => `req_bench${i % 500}`;
const MUTATION = 'mutation($input: RegisterContactInput!) { registerContact(input: $input) { id } }';
const WORKLOADS = {
  information: (i: number) => ({
    channel: 'DESK',
    type: 'INFORMATION',
    subject: `Orari sportello anagrafe ${i}`,
    requesterId: requesterOf(i),
    category: { level1: 'anagrafe_stato_civile' },
    sheetIds: ['carta-identita-elettronica'],
    resolvedAtFirstContact: true,
  }),
  complaint: (i: number) => ({
    channel: 'EMAIL',
    type: 'COMPLAINT',
    subject: `Attesa allo sportello ${i}`,
    requesterId: requesterOf(i),
    category: { level1: 'urp_generale' },
    priority: 'NORMAL',
  }),
};
type Workload = keyof typeof WORKLOADS | 'read_only';
/** Baseline of the stack itself in the same run: a GraphQL query that touches neither database nor broker. */
const READ_ONLY = '{ phaseLabels { status label } }';

interface Result {
  target: string;
  workload: Workload;
  calls: number;
  errors: number;
  requestRate: number;
  endToEndRate: number;
  p50: number;
  p99: number;
  eventsMissing: number;
}

async function main() {
  const run = uniqueSuffix();
  const db = `bench_contacts_${run}`;
  const common = {
    MONGO_URL: testInfra.mongoUrl,
    MONGO_DB: db,
    KAFKA_BROKERS: testInfra.kafkaBrokers.join(','),
    IDENTITY_SECRET: TEST_AUTH.identitySecret,
    KAFKA_GROUP_ID: `bench-contacts-${run}`,
    CONTACTS_TIMER_INTERVAL_MS: '0',
    LOG_LEVEL: 'error',
  };
  const procs: RunningProcess[] = [];
  const collector = await collectEvents([ContactTopic.name]);
  try {
    const svc = await spawnService('services/contacts/src/main.ts', common, 4410);
    procs.push(svc);
    const gw = await spawnGateway({ contacts: svc.url }, 4411, { LOG_LEVEL: 'error' });
    procs.push(gw);
    const bearer = `Bearer ${await signDevToken({ sub: `bench-${run}`, roles: ['operator'] }, TEST_AUTH)}`;
    let identity = { value: '', at: 0 };
    const subgraphIdentity = async () => {
      if (Date.now() - identity.at > 5000)
        identity = {
          value: await signIdentity({ sub: `bench-${run}`, roles: ['operator'] }, TEST_AUTH.identitySecret),
          at: Date.now(),
        };
      return identity.value;
    };
    const targets = {
      subgraph: async () => ({
        url: `${svc.url}/graphql`,
        headers: { [IDENTITY_HEADER]: await subgraphIdentity() },
      }),
      gateway: async () => ({ url: `${gw.url}/graphql`, headers: { authorization: bearer } }),
    };

    // requesters exist (as at a real desk): registration reads their staff flag and preferred channel
    const requesterIds: string[] = [];
    for (let i = 0; i < 50; i++) {
      const t = await targets.subgraph();
      const res = await fetch(t.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...t.headers },
        body: JSON.stringify({
          query: 'mutation($i: RequesterInput!) { createRequester(input: $i) { id } }',
          variables: {
            i: {
              kind: 'PERSON',
              name: `Cittadino ${i}`,
              email: `c${i}@example.it`,
              preferredChannel: 'EMAIL',
              purpose: 'benchmark',
            },
          },
        }),
      });
      requesterIds.push(
        ((await res.json()) as { data: { createRequester: { id: string } } }).data.createRequester.id,
      );
    }
    requesterOf = (i) => requesterIds[i % requesterIds.length];

    const results: Result[] = [];
    let seq = 0;
    for (const workload of ['read_only', ...Object.keys(WORKLOADS)] as Workload[]) {
      for (const target of Object.keys(targets) as (keyof typeof targets)[]) {
        const call = async (i: number) => {
          const t = await targets[target]();
          const res = await fetch(t.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...t.headers },
            body: JSON.stringify(
              workload === 'read_only'
                ? { query: READ_ONLY }
                : { query: MUTATION, variables: { input: WORKLOADS[workload](i) } },
            ),
          });
          if (workload === 'read_only') {
            const b = (await res.json()) as { data?: { phaseLabels?: unknown[] } };
            if (!b.data?.phaseLabels) throw new Error(JSON.stringify(b));
            return `read-${i}`;
          }
          const body = (await res.json()) as {
            data?: { registerContact?: { id: string } };
            errors?: unknown[];
          };
          if (!body.data?.registerContact) throw new Error(JSON.stringify(body.errors ?? body));
          return body.data.registerContact.id;
        };
        // warm-up (JIT, connections, caches)
        for (let i = 0; i < 50; i++) await call(seq++);
        const ids = new Set<string>();
        const latencies: number[] = [];
        let errors = 0;
        let firstError = '';
        const start = now();
        await closedLoop({
          total: 1_000_000,
          concurrency: CONCURRENCY,
          deadline: Date.now() + SECONDS * 1000,
          task: async () => {
            const t0 = now();
            try {
              ids.add(await call(seq++));
              latencies.push(now() - t0);
            } catch (e) {
              errors++;
              firstError ||= (e as Error).message;
            }
          },
        });
        const requestsDone = now();
        // distinct contacts (delivery is at least once: a relay retry may publish an event twice)
        const seen = () =>
          new Set(
            collector.events
              .filter((e) => ids.has(e.key) && e.headers.ce_type.endsWith('ContactRegistered.v1'))
              .map((e) => e.key),
          ).size;
        if (workload !== 'read_only') await waitUntil(() => seen() >= ids.size, 60_000, 20);
        const eventsDone = now();
        const s = summarize(latencies);
        results.push({
          target,
          workload,
          calls: ids.size,
          errors,
          requestRate: (ids.size / (requestsDone - start)) * 1000,
          endToEndRate: (ids.size / (eventsDone - start)) * 1000,
          p50: s.p50,
          p99: s.p99,
          eventsMissing: workload === 'read_only' ? 0 : ids.size - seen(),
        });
        if (firstError) say(`  ${target}/${workload}: first error: ${firstError.slice(0, 300)}`);
      }
    }

    const pad = (v: string, n: number) => v.padStart(n);
    say(
      `\ncontacts registration, ${CONCURRENCY} in flight, ${SECONDS} s per run (subgraph = baseline measured in the same run)`,
    );
    say(
      `${'target'.padEnd(9)} ${'workload'.padEnd(12)} ${pad('calls', 7)} ${pad('req/s', 7)} ${pad('e2e/s', 7)} ${pad('p50 ms', 7)} ${pad('p99 ms', 7)} ${pad('errors', 6)} ${pad('lost ev', 7)}`,
    );
    for (const r of results)
      say(
        `${r.target.padEnd(9)} ${r.workload.padEnd(12)} ${pad(String(r.calls), 7)} ${pad(r.requestRate.toFixed(0), 7)} ${pad(r.endToEndRate.toFixed(0), 7)} ${pad(r.p50.toFixed(1), 7)} ${pad(r.p99.toFixed(1), 7)} ${pad(String(r.errors), 6)} ${pad(String(r.eventsMissing), 7)}`,
      );
    const ro = (t: string) => results.find((r) => r.target === t && r.workload === 'read_only')!;
    say(
      `stack ceiling (read-only query, no database, no broker): subgraph ${ro('subgraph').requestRate.toFixed(0)}/s, gateway ${ro('gateway').requestRate.toFixed(0)}/s`,
    );
    say(
      `machine load average at the end: ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} (${os.cpus().length} cores)`,
    );
    for (const w of Object.keys(WORKLOADS) as Workload[]) {
      const g = results.find((r) => r.target === 'gateway' && r.workload === w)!;
      const d = results.find((r) => r.target === 'subgraph' && r.workload === w)!;
      say(
        `${w}: gateway ${g.endToEndRate.toFixed(0)}/s events included (${((g.endToEndRate / d.endToEndRate) * 100).toFixed(0)}% of the subgraph's ${d.endToEndRate.toFixed(0)}/s); target ≥ ${TARGET}/s through the gateway: ${g.endToEndRate >= TARGET ? 'MET' : 'NOT MET'}`,
      );
    }
    const failed = results.some((r) => r.errors > 0 || r.eventsMissing > 0);
    if (failed) say('bench FAILED: errors or events not consumed (see the table)');
    process.exitCode = failed ? 1 : 0;
  } finally {
    await collector.stop();
    await Promise.all(procs.map((p) => p.stop()));
    const mongo = new MongoClient(testInfra.mongoUrl);
    await mongo
      .db(db)
      .dropDatabase()
      .catch(() => undefined);
    await mongo.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
