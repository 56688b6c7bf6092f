/**
 * Notifications benchmark (issue 14): N notifications (default 10,000) through the real campaigns service (its own
 * process, as in production: Kafka → queue once per id → claim → address at "contacts" → render → SMTP → outcome,
 * every state written to FerretDB with its events) into the local mailbox (tools/mailbox, its own process). In the
 * same run, the baseline: raw nodemailer to the same mailbox, same pool size (4, the notification sender's) and the
 * same number of messages in flight (64, what the sender hands its threaded SMTP adapter at once).
 *
 *   npm run bench -- notifications        (needs Kafka + FerretDB: bash deploy/local/infra.sh start)
 *
 * Prints messages/s of both, the ratio (target: ≥ 0.5 of the baseline), duplicates at the SMTP server (must be 0),
 * how long after the last message the outbox was empty (every event published), and the service's memory after a
 * full GC (the service runs with `--expose-gc` and a probe that collects and reports `process.memoryUsage()` on
 * SIGUSR2). Exits non-zero only if the bench failed (a duplicate, a process
 * that never came up, messages missing at the end of the budget, events never published).
 *
 * Env: BENCH_NOTIFICATIONS (10000), BENCH_NOTIFICATIONS_BUDGET_S (600), BENCH_PORT_BASE (4460: the service, the
 * mailbox's HTTP and SMTP and the contacts stand-in take it and the next three), BENCH_DUMP (print the service's
 * log at the end), BENCH_TIMELINE (print the messages received at each 200 ms poll), BENCH_SERVICE_ARGS (more node options for the service, e.g. `--cpu-prof --cpu-prof-dir=/tmp/p`),
 * KAFKA_BROKERS, MONGO_URL.
 *
 * The events go on the contract's topic (`urp.contacts.case.v1`) and stay there: run it against a broker of its
 * own (`URP_KAFKA_PORT`…), never the `npm start` stack's, whose campaigns service would try to deliver them, and
 * whose later consumer groups (tests starting from the beginning) would replay them.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CitizenNotificationRequestedV1, createEvent, toKafkaRecord } from '@urp/contracts';
import { createKafka, createProducer, createRawKafka } from '@urp/messaging';
import { MongoClient } from 'mongodb';
/* eslint-disable @nx/enforce-module-boundaries -- the final states are read as the service's store reads them */
import {
  outcomesOf,
  type OutcomeDocument,
} from '../../../services/campaigns/src/notification/notification.store';
import { SMTP_THREAD_IN_FLIGHT } from '../../../services/campaigns/src/delivery/smtp-thread';
import {
  infra,
  load,
  num,
  rawNodemailer,
  ROOT,
  sleep,
  startAddressBook,
  startMailbox,
  startNode,
  until,
  type Mailbox,
  type NodeProcess,
} from './notifications-harness';

const config = {
  ...infra(),
  count: num('BENCH_NOTIFICATIONS', 10_000),
  budgetS: num('BENCH_NOTIFICATIONS_BUDGET_S', 600),
  pool: 4,
  parallel: SMTP_THREAD_IN_FLIGHT,
  ports: ((base) => ({ service: base, mailboxHttp: base + 1, smtp: base + 2, contacts: base + 3 }))(
    num('BENCH_PORT_BASE', 4460),
  ),
};
const SECRET = 'bench-notifications-identity-secret-0123456789';
/**
 * BENCH_SERVICE_FROM=dist: the service as `npm start` and the images run it, compiled (`nx run
 * @urp/campaigns-service:build`, cached) with V8's young generation at 4 MB; else from its TypeScript sources.
 */
const FROM_DIST = process.env.BENCH_SERVICE_FROM === 'dist';
const DIST_ENTRY = 'dist/services/campaigns/services/campaigns/src/main.js';
const run = Date.now().toString(36);
const dbName = `bench_notifications_${run}`;
const mb = (bytes: number) => (bytes / 1048576).toFixed(1);

/**
 * FerretDB's CPU time so far in ms (user + system, from `/proc`), when its pid is known: BENCH_FERRETDB_PID, else
 * `$URP_INFRA_DIR/ferretdb/ferretdb.pid` (deploy/local/infra.sh). What the store spent, whatever the load.
 */
const ferretPid = (() => {
  if (process.env.BENCH_FERRETDB_PID) return Number(process.env.BENCH_FERRETDB_PID);
  const f = join(process.env.URP_INFRA_DIR ?? join(__dirname, '../../../.infra'), 'ferretdb', 'ferretdb.pid');
  return existsSync(f) ? Number(readFileSync(f, 'utf8').trim()) : undefined;
})();
const ferretCpuMs = (pid = ferretPid): number | undefined => {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
  } catch {
    return undefined;
  }
};
/** The broker's pid (BENCH_KAFKA_PID, else `$URP_INFRA_DIR/kafka/kafka.pid`): its CPU per message beside the others. */
const kafkaPid = (() => {
  if (process.env.BENCH_KAFKA_PID) return Number(process.env.BENCH_KAFKA_PID);
  const f = join(process.env.URP_INFRA_DIR ?? join(__dirname, '../../../.infra'), 'kafka', 'kafka.pid');
  return existsSync(f) ? Number(readFileSync(f, 'utf8').trim()) : undefined;
})();
/** What the service's store probe printed last (`STOREPROBE {…}`: per collection, statements by kind and ms). */
const storeProbe = (logs: string) => {
  const all = [...logs.matchAll(/STOREPROBE (\{.*\})/g)];
  return all.length ? (JSON.parse(all[all.length - 1][1]) as Record<string, Record<string, number>>) : {};
};
const WRITES = [
  'insert',
  'insertOne',
  'update',
  'updateOne',
  'updateMany',
  'replaceOne',
  'delete',
  'deleteOne',
  'deleteMany',
];

/** The text a citizen notification carries (about 600 bytes), for a like-for-like baseline. */
const BODY = `Gentile cittadina, gentile cittadino,\n\nla sua richiesta all'Ufficio per le Relazioni con il Pubblico (protocollo n. 2026/000123) ha ricevuto una risposta.\n\nIl termine per la conclusione è il 30 dicembre 2026.\n\nPer leggere i dettagli si rivolga all’URP indicando il numero di protocollo, allo sportello o ai recapiti del Comune.\n\nQuesto messaggio è generato automaticamente: non risponda a questo indirizzo.`;

async function main() {
  console.log(
    `notifications bench: ${config.count} notifications, baseline ${config.count} raw messages; the service ${FROM_DIST ? 'compiled (dist)' : 'from its sources'}; load ${load()}`,
  );
  // the compiled service is built first (Nx's cache: nothing to do when the sources did not change)
  if (FROM_DIST)
    execFileSync('node_modules/.bin/nx', ['run', '@urp/campaigns-service:build', '--outputStyle=static'], {
      cwd: ROOT,
      stdio: 'ignore',
    });
  const contacts = await startAddressBook(config.ports.contacts);
  const producer = createProducer(
    createKafka({ clientId: 'bench-notifications', brokers: config.brokers.split(',') }),
  );
  const mongo = new MongoClient(config.mongoUrl);
  let mailbox: Mailbox | undefined;
  let service: NodeProcess | undefined;
  let failed = false;
  try {
    mailbox = await startMailbox({ smtp: config.ports.smtp, http: config.ports.mailboxHttp });

    // ---------------------------------------------------------------- baseline: raw nodemailer, same server
    const baseCpu0 = process.cpuUsage();
    const baseMailbox0 = ferretCpuMs(mailbox.child.pid);
    const baselineS = await rawNodemailer({
      smtpPort: config.ports.smtp,
      pool: config.pool,
      parallel: config.parallel,
      count: config.count,
      message: (i) => ({
        from: 'URP <urp@comune.example>',
        to: `base${i}@bench.example`,
        subject: "La sua richiesta all'URP n. 2026/000123 ha ricevuto una risposta",
        text: BODY,
      }),
    });
    const baselineRate = config.count / baselineS;
    // the baseline's CPU per message: this process (nodemailer; nothing else runs here meanwhile) and the mailbox
    const baseCpu = process.cpuUsage(baseCpu0);
    const baseClientMs = (baseCpu.user + baseCpu.system) / 1000 / config.count;
    const baseMailboxMs = ((ferretCpuMs(mailbox.child.pid) ?? 0) - (baseMailbox0 ?? 0)) / config.count;
    console.log(
      `baseline: ${config.count} raw nodemailer messages in ${baselineS.toFixed(1)} s = ${baselineRate.toFixed(0)} msg/s (load ${load()})`,
    );
    await mailbox.clear();

    // ---------------------------------------------------------------- the campaigns service
    // its consumer group starts at the end of every topic, as a deployed service's group would: the history on
    // the broker (other runs, tests) is not part of the measurement
    const groupId = `bench-notifications-${run}`;
    const admin = createRawKafka({
      clientId: 'bench-notifications-admin',
      brokers: config.brokers.split(','),
    }).admin();
    await admin.connect();
    // only the topics with a history, one at a time: each `setOffsets` waits about 5 s on this broker, and many
    // at once for one new group hang under load
    for (const t of (await admin.listTopics()).filter((x) => x.startsWith('urp.'))) {
      const offsets = await admin.fetchTopicOffsets(t);
      if (offsets.every((o) => o.high === '0')) continue;
      await admin.setOffsets({
        groupId,
        topic: t,
        partitions: offsets.map((o) => ({ partition: o.partition, offset: o.high })),
      });
    }
    await admin.disconnect();
    service = startNode(
      [
        '--expose-gc',
        ...(FROM_DIST ? ['--max-semi-space-size=4'] : []),
        ...(process.env.BENCH_SERVICE_ARGS?.split(' ').filter(Boolean) ?? []),
        '-r',
        '@swc-node/register',
        '-r',
        join(__dirname, 'notifications-gc-probe.ts'),
        FROM_DIST ? DIST_ENTRY : 'services/campaigns/src/main.ts',
      ],
      {
        PORT: String(config.ports.service),
        HOST: '127.0.0.1',
        MONGO_URL: config.mongoUrl,
        MONGO_DB: dbName,
        KAFKA_BROKERS: config.brokers,
        KAFKA_GROUP_ID: groupId,
        IDENTITY_SECRET: SECRET,
        SMTP_URL: `smtp://127.0.0.1:${config.ports.smtp}`,
        CONTACTS_INTERNAL_URL: `http://127.0.0.1:${config.ports.contacts}`,
        PUBLIC_BASE_URL: `http://127.0.0.1:${config.ports.service}`,
        BULLETIN_SCHEDULE: 'off',
        OTEL_SDK_DISABLED: 'true',
      },
    );
    await until(
      'the campaigns service',
      async () => (await fetch(`http://127.0.0.1:${config.ports.service}/health/ready`)).ok,
      90000,
      500,
    );
    await producer.connect();
    // let the consumer join before the clock starts (one warm-up notification end to end)
    const event = (i: number) =>
      createEvent(
        CitizenNotificationRequestedV1,
        `case_bench_${run}_${i}`,
        {
          notificationId: `bench-${run}-${i}`,
          requesterId: `req_bench${run}${i}`,
          caseId: `case_bench_${run}_${i}`,
          channel: 'email',
          template: 'case_answered',
          status: 'answered',
          dueAt: '2026-12-30T10:00:00+01:00',
          requestedAt: new Date().toISOString(),
          protocolNumber: '2026/000123',
        },
        { source: '/urp/contacts' },
      );
    const topic = CitizenNotificationRequestedV1.topic.name;
    await producer.send({ topic, acks: -1, messages: [toKafkaRecord(event(-1))] });
    await until('the warm-up notification', async () => (await mailbox!.stats()).received >= 1, 120000);
    await mailbox.clear();
    // the store probe starts counting from here (the warm-up and the start are not measured)
    const probeFrom = service.logs().length;
    service.child.kill('SIGWINCH');
    await until(
      'the store probe',
      async () => /STOREPROBE/.test(service!.logs().slice(probeFrom)),
      10000,
      100,
    );
    const cpu0 = ferretCpuMs();
    const serviceCpu0 = ferretCpuMs(service.child.pid);
    const mailboxCpu0 = ferretCpuMs(mailbox.child.pid);
    const kafkaCpu0 = ferretCpuMs(kafkaPid);

    const t0 = performance.now();
    const t0Epoch = Date.now();
    for (let i = 0; i < config.count; i += 500) {
      const batch = Array.from({ length: Math.min(500, config.count - i) }, (_, k) =>
        toKafkaRecord(event(i + k)),
      );
      await producer.send({ topic, acks: -1, messages: batch });
    }
    const publishedS = (performance.now() - t0) / 1000;
    let last = 0;
    let lastAt = performance.now();
    const end = Date.now() + config.budgetS * 1000;
    let progressAt = Date.now();
    while (Date.now() < end) {
      const s = await mailbox.stats();
      if (process.env.BENCH_TIMELINE)
        console.log(`  t=${((performance.now() - t0) / 1000).toFixed(1)} s: ${s.received}`);
      if (s.received !== last) {
        last = s.received;
        lastAt = performance.now();
      }
      if (Date.now() - progressAt > 15000) {
        progressAt = Date.now();
        console.log(
          `  … ${last} delivered after ${((performance.now() - t0) / 1000).toFixed(0)} s (load ${load()})`,
        );
      }
      if (last >= config.count) break;
      await sleep(200);
    }
    const s = await mailbox.stats();
    const cpuAtLast = ferretCpuMs();
    const serviceCpuAtLast = ferretCpuMs(service.child.pid);
    const mailboxCpuAtLast = ferretCpuMs(mailbox.child.pid);
    const kafkaCpuAtLast = ferretCpuMs(kafkaPid);
    // the end is when the mailbox received the last message (its clock, the same machine's), not when a poll every
    // 200 ms saw it: the polling added 0.1 s on average to a run of about 8 s (the baseline is timed in-process)
    const seconds = ((s.lastReceivedAt ?? t0Epoch + (lastAt - t0)) - t0Epoch) / 1000;
    const rate = s.received / seconds;

    // ---------------------------------------------------------------- the events: every one published (outbox empty)
    // not part of the figure above (a message counts when it reaches the mailbox), but the run is only complete when
    // the relay has published every event of every state and emptied the outbox
    const notifications = mongo.db(dbName).collection('notifications');
    // the outcomes of a slice (one document per slice, with their events) since the store kept them apart
    const outcomes = mongo.db(dbName).collection('notification_outcomes');
    const pending = async () =>
      (await notifications.countDocuments({ '_outbox.id': { $exists: true } })) +
      (await outcomes.countDocuments({ '_outbox.id': { $exists: true } }));
    // the relay's own count of what it has not published yet (its gauge, from memory): polling it costs the store
    // nothing, where counting the documents scans both collections (10,000 documents: FerretDB's CPU of the count
    // was most of what the figure "to the outbox empty" added before)
    const relayPending = async () => {
      const text = await (await fetch(`http://127.0.0.1:${config.ports.service}/metrics`)).text();
      const m = /^urp_outbox_pending_events(?:\{[^}]*\})? (\d+)/m.exec(text);
      return m ? Number(m[1]) : undefined;
    };
    let drainedS: number | undefined;
    let cpuDrained: number | undefined;
    let serviceCpuDrained: number | undefined;
    let kafkaCpuDrained: number | undefined;
    let pendingLeft = 0;
    const drainEnd = Date.now() + 120_000;
    while (Date.now() < drainEnd) {
      if ((await relayPending()) === 0) {
        const at = (performance.now() - lastAt) / 1000;
        cpuDrained = ferretCpuMs();
        serviceCpuDrained = ferretCpuMs(service.child.pid);
        kafkaCpuDrained = ferretCpuMs(kafkaPid);
        // then the store itself: no document may still carry an unpublished event (a slice recorded just after the
        // gauge was read is one more turn)
        pendingLeft = await pending();
        if (pendingLeft === 0) {
          drainedS = at;
          break;
        }
      }
      await sleep(200);
    }

    const probeAt = service.logs().length;
    service.child.kill('SIGWINCH');
    await until('the store probe', async () => /STOREPROBE/.test(service!.logs().slice(probeAt)), 10000, 100);
    const probe = storeProbe(service.logs().slice(probeAt));
    // ---------------------------------------------------------------- memory after a full GC, in the service
    const before = service.logs().length;
    service.child.kill('SIGUSR2');
    await until(
      'the GC probe',
      async () => /GCPROBE (\{.*\})/.test(service!.logs().slice(before)),
      10000,
      100,
    );
    const mem = JSON.parse(/GCPROBE (\{.*\})/.exec(service.logs().slice(before))![1]) as NodeJS.MemoryUsage;

    // the final state of each message: its document's, or the last outcome recorded in a slice for it
    const finalOf = new Map<string, string>();
    for await (const d of notifications.find({}, { projection: { status: 1 } }))
      finalOf.set(String(d._id), String(d.status));
    for await (const o of outcomes.find({}, { projection: { _outbox: 0 } }))
      for (const x of outcomesOf(o as unknown as OutcomeDocument)) finalOf.set(x.id, x.status);
    const tally = new Map<string, number>();
    for (const st of finalOf.values()) tally.set(st, (tally.get(st) ?? 0) + 1);
    const byStatus = [...tally].map(([_id, n]) => ({ _id, n }));

    console.log('');
    console.log('| | messages | seconds | messages/s |');
    console.log('|---|---|---|---|');
    console.log(
      `| raw nodemailer (pool ${config.pool}, ${config.parallel} in flight) | ${config.count} | ${baselineS.toFixed(1)} | ${baselineRate.toFixed(0)} |`,
    );
    console.log(
      `| notifications (Kafka → campaigns → SMTP, states in FerretDB) | ${s.received} | ${seconds.toFixed(1)} | ${rate.toFixed(0)} |`,
    );
    console.log('');
    console.log(
      `published to Kafka in ${publishedS.toFixed(1)} s; states: ${byStatus.map((x) => `${x._id} ${x.n}`).join(', ')}`,
    );
    console.log(
      `ratio ${(rate / baselineRate).toFixed(2)} of the baseline (target ≥ 0.50): ${rate >= baselineRate / 2 ? 'met' : 'NOT met'}`,
    );
    console.log(`duplicates at the SMTP server: ${s.duplicates}; recipients ${s.recipients}`);
    console.log(
      `outbox: ${drainedS === undefined ? `NOT empty 120 s after the last message (${pendingLeft} documents with unpublished events at the last look)` : `empty ${drainedS.toFixed(1)} s after the last message (the relay's gauge; then 0 documents with unpublished events in the store)`}`,
    );
    console.log(
      `service memory after GC: heap used ${mb(mem.heapUsed)} MiB, heap total ${mb(mem.heapTotal)} MiB, rss ${mb(mem.rss)} MiB, external ${mb(mem.external)} MiB`,
    );
    const per = (x: number) => (x / Math.max(1, s.received)).toFixed(2);
    const total = (kinds: string[]) =>
      Object.values(probe).reduce((a, c) => a + kinds.reduce((b, k) => b + (c[k] ?? 0), 0), 0);
    console.log(
      `store statements per message (service, from the start to the outbox empty): writes ${per(total(WRITES))}, point reads ${per(total(['read']))}, scans ${per(total(['scan']))}`,
    );
    for (const [coll, c] of Object.entries(probe).sort())
      console.log(
        `  ${coll}: ${Object.entries(c)
          .filter(([k]) => k !== 'ms')
          .map(([k, v]) => `${k} ${per(v)}`)
          .join(', ')}; ${per(c.ms ?? 0)} ms of commands per message (wall, as the driver saw them)`,
      );
    if (cpu0 !== undefined && cpuAtLast !== undefined && cpuDrained !== undefined)
      console.log(
        `FerretDB CPU per message: ${per(cpuAtLast - cpu0)} ms to the last message, ${per(cpuDrained - cpu0)} ms to the outbox empty (pid ${ferretPid})`,
      );
    else console.log('FerretDB CPU: not measured (set BENCH_FERRETDB_PID or URP_INFRA_DIR)');
    if (serviceCpu0 !== undefined && serviceCpuAtLast !== undefined)
      console.log(
        `campaigns service CPU per message to the last message: ${per(serviceCpuAtLast - serviceCpu0)} ms; the mailbox's: ${per((mailboxCpuAtLast ?? 0) - (mailboxCpu0 ?? 0))} ms`,
      );
    if (kafkaCpu0 !== undefined && kafkaCpuAtLast !== undefined && kafkaCpuDrained !== undefined)
      console.log(
        `Kafka CPU per message: ${per(kafkaCpuAtLast - kafkaCpu0)} ms to the last message, ${per(kafkaCpuDrained - kafkaCpu0)} ms to the outbox empty (pid ${kafkaPid}; the bench's own producer included)`,
      );
    const spent = (a: number | undefined, b: number | undefined) =>
      a === undefined || b === undefined ? undefined : b - a;
    const parts = [
      spent(cpu0, cpuDrained),
      spent(serviceCpu0, serviceCpuDrained),
      spent(kafkaCpu0, kafkaCpuDrained),
      spent(mailboxCpu0, mailboxCpuAtLast),
    ];
    if (parts.every((x) => x !== undefined))
      console.log(
        `CPU per message to the outbox empty, every process: ${per(parts.reduce((a = 0, b = 0) => a + b, 0) ?? 0)} ms (the service's alone ${per(parts[1] ?? 0)}); the baseline's: ${(baseClientMs + baseMailboxMs).toFixed(2)} ms (nodemailer ${baseClientMs.toFixed(2)}, the mailbox ${baseMailboxMs.toFixed(2)})`,
      );
    console.log(`load average at the end: ${load()}`);
    if (process.env.BENCH_DUMP) console.log(service.logs());
    if (s.duplicates > 0) {
      console.error('FAILED: someone received a notification twice');
      failed = true;
    }
    if (drainedS === undefined) {
      console.error('FAILED: events still unpublished 120 s after the last message');
      failed = true;
    }
    if (s.received < config.count) {
      console.error(
        `FAILED: ${config.count - s.received} notifications not delivered within ${config.budgetS} s`,
      );
      failed = true;
    }
  } catch (e) {
    console.error('bench failed:', (e as Error).message);
    if (service) console.error(service.logs().slice(-3000));
    failed = true;
  } finally {
    service?.child.kill('SIGTERM');
    mailbox?.child.kill('SIGTERM');
    await producer.disconnect().catch(() => undefined);
    await contacts.close();
    if (!process.env.BENCH_KEEP)
      await mongo
        .db(dbName)
        .dropDatabase()
        .catch(() => undefined);
    await mongo.close();
  }
  process.exit(failed ? 1 : 0);
}

void main();
