/**
 * Satisfaction indicators under a stream of 100,000 events, measured on the real service process, the real
 * Kafka and FerretDB (`npm run bench -- satisfaction`):
 *
 *  1. baseline: plain kafkajs consuming the same 100,000 messages (no parsing, no state): the ceiling;
 *  2. burst: 100,000 events produced as fast as possible while the service consumes: events/s into the
 *     indicators (first send → last event applied), lag samples, memory;
 *  3. steady: 5,000 events/s for 8 s: the lag between a message's append and its effect (p50/p95/max);
 *  4. rebuild: `rebuildIndicators` replays every topic into a fresh projection (time, events/s);
 *  5. queries: indicator queries over HTTP (GraphQL, as the gateway sends them), each with a filter not
 *     asked before (no cache hit), p50/p95.
 *
 * Topics are `bench.satisfaction.<run>.<real topic>` (INDICATORS_TOPIC_PREFIX) so the run does not pollute
 * the real topics. Ports 4470-4479.
 */
import { IDENTITY_HEADER, signIdentity } from '@urp/auth';
import { catalog } from '@urp/contracts';
import { spawnService, testInfra, type RunningProcess } from '@urp/testing';
import { createRawKafka, kafkaPartitioners } from '@urp/messaging';
import { generateEvents, type BenchEvent } from './satisfaction-events';
import { now, perSecond, summarize } from './stats';

const EVENTS = Number(process.env.BENCH_SAT_EVENTS ?? 100_000);
const STEADY_RATE = 5_000;
const STEADY_SECONDS = 8;
const SECRET = 'bench-satisfaction-identity-secret-0123456789';
const INDICATOR_TOPICS = [
  'urp.contacts.contact.v1',
  'urp.contacts.case.v1',
  'urp.procedures.procedure.v1',
  'urp.knowledge-base.sheet.v1',
  'urp.knowledge-base.feedback.v1',
  'urp.satisfaction.survey.v1',
];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const fmt = (n: number, d = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

async function main() {
  const run = `r${Date.now().toString(36)}`;
  const prefix = `bench.satisfaction.${run}.`;
  const kafka = createRawKafka({ clientId: 'bench-sat', brokers: testInfra.kafkaBrokers });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    topics: INDICATOR_TOPICS.map((t) => ({
      topic: `${prefix}${t}`,
      numPartitions: catalog.topics.find((x) => x.name === t)?.partitions ?? 3,
    })),
    waitForLeaders: true,
  });
  const producer = kafka.producer({
    createPartitioner: kafkaPartitioners.DefaultPartitioner,
    allowAutoTopicCreation: false,
  });
  await producer.connect();

  console.log(`generating ${fmt(EVENTS)} events…`);
  const burst = generateEvents(EVENTS, prefix, 42);
  const steady = generateEvents(STEADY_RATE * STEADY_SECONDS, prefix, 7);

  const send = async (events: BenchEvent[], batch = 1000, inFlight = 4) => {
    const byTopic = (slice: BenchEvent[]) => {
      const m = new Map<string, BenchEvent['record'][]>();
      for (const e of slice) (m.get(e.topic) ?? m.set(e.topic, []).get(e.topic)!).push(e.record);
      return [...m].map(([topic, messages]) => ({ topic, messages }));
    };
    const chunks: BenchEvent[][] = [];
    for (let i = 0; i < events.length; i += batch) chunks.push(events.slice(i, i + batch));
    let next = 0;
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (next < chunks.length) {
          const c = chunks[next++];
          await producer.sendBatch({ acks: -1, topicMessages: byTopic(c) });
        }
      }),
    );
  };

  // ---------------------------------------------------------------- 1. service up, then burst
  let svc: RunningProcess | undefined;
  let failed = false;
  try {
    svc = await spawnService(
      'services/satisfaction/src/main.ts',
      {
        MONGO_URL: testInfra.mongoUrl,
        MONGO_DB: `bench_sat_${run}`,
        KAFKA_BROKERS: testInfra.kafkaBrokers.join(','),
        IDENTITY_SECRET: SECRET,
        KAFKA_GROUP_ID: `bench.sat.${run}`,
        INDICATORS_TOPIC_PREFIX: prefix,
        INDICATORS_MIN_SAMPLE: '10',
        LOG_LEVEL: 'warn',
      },
      4470,
    );
    let identity = { at: 0, header: '' };
    const ask = async (query: string, variables: Record<string, unknown> = {}) => {
      if (Date.now() - identity.at > 5000)
        identity = { at: Date.now(), header: await signIdentity({ sub: 'bench', roles: ['admin'] }, SECRET) };
      const post = () =>
        fetch(`${svc!.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: identity.header },
          body: JSON.stringify({ query, variables }),
        });
      // a keep-alive socket the server closed at the same moment: one retry on a new one
      const res = await post().catch(() => sleep(50).then(post));
      const body = (await res.json()) as { data?: any; errors?: { message: string }[] };
      if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
      return body.data;
    };
    const status = async () =>
      (
        await ask(
          `{ indicatorsStatus { eventsApplied lagMs memoryRssBytes snapshotBytes checksum lastRebuild { events durationMs } } }`,
        )
      ).indicatorsStatus as {
        eventsApplied: number;
        lagMs: number | null;
        memoryRssBytes: number;
        snapshotBytes: number | null;
        checksum: string;
        lastRebuild: { events: number; durationMs: number } | null;
      };
    const base = (await status()).eventsApplied;
    const rssBefore = (await status()).memoryRssBytes;

    console.log('burst: producing while the service consumes…');
    const lagSamples: number[] = [];
    const t0 = now();
    const producing = send(burst).then(() => now());
    let applied = base;
    while (applied < base + EVENTS) {
      await sleep(100);
      const s = await status();
      applied = s.eventsApplied;
      if (s.lagMs !== null) lagSamples.push(s.lagMs);
      if (now() - t0 > 300_000)
        throw new Error(`burst: only ${applied - base} of ${EVENTS} applied in 5 minutes`);
    }
    const t1 = now();
    const producedAt = await producing;
    const afterBurst = await status();
    const burstRate = perSecond(EVENTS, t1 - t0);
    const produceRate = perSecond(EVENTS, producedAt - t0);
    const catchUpMs = t1 - producedAt;

    // ---------------------------------------------------------------- 2. steady 5,000/s: lag
    console.log(`steady: ${fmt(STEADY_RATE)} events/s for ${STEADY_SECONDS} s…`);
    const steadyLag: number[] = [];
    const tickMs = 100;
    const perTick = (STEADY_RATE * tickMs) / 1000;
    const s0 = now();
    let sent = 0;
    const sampler = (async () => {
      while (sent < steady.length) {
        await sleep(200);
        const s = await status();
        if (s.lagMs !== null) steadyLag.push(s.lagMs);
      }
    })();
    for (let tick = 0; sent < steady.length; tick++) {
      const due = s0 + tick * tickMs;
      const wait = due - now();
      if (wait > 0) await sleep(wait);
      const slice = steady.slice(sent, sent + perTick);
      sent += slice.length;
      await send(slice, slice.length, 1);
    }
    await sampler;
    const totalEvents = EVENTS + steady.length;
    while ((await status()).eventsApplied < base + totalEvents) await sleep(50);
    const drainedMs = now() - s0 - STEADY_SECONDS * 1000;
    const lagSummary = summarize(steadyLag);

    // ---------------------------------------------------------------- 3. rebuild
    console.log('rebuild: replaying every topic into a fresh projection…');
    const checksumBefore = (await status()).checksum;
    const r0 = now();
    const rebuilt = (
      await ask(
        `mutation { rebuildIndicators { checksum eventsApplied lastRebuild { events durationMs } memoryRssBytes } }`,
      )
    ).rebuildIndicators as {
      checksum: string;
      eventsApplied: number;
      lastRebuild: { events: number; durationMs: number };
      memoryRssBytes: number;
    };
    const rebuildMs = now() - r0;

    // ---------------------------------------------------------------- 4. queries
    console.log('queries…');
    const months = Array.from({ length: 14 }, (_, i) => {
      const d = new Date(Date.UTC(2025, 9 + i, 1));
      return d.toISOString().slice(0, 7);
    });
    const offices = ['urp', 'anagrafe', 'tributi', 'polizia_locale', 'lavori_pubblici', 'ambiente'];
    const queries = [
      `query($f: IndicatorFilter) { satisfactionIndicators(filter: $f, groupBy: OFFICE) { key answered satisfiedShare reasons { key count } } }`,
      `query($f: IndicatorFilter) { caseTimes(filter: $f, groupBy: OFFICE) { key closed closureMedianDays closureP90Days firstResponseMedianDays } }`,
      `query($f: IndicatorFilter) { contactVolumes(filter: $f) { month channel contactType contacts } }`,
      `query($f: IndicatorFilter) { performanceEvaluation(filter: $f) { officeId serviceCode surveysAnswered casesClosed } }`,
      `query($f: IndicatorFilter) { complaintIndicators(filter: $f) { month complaintsPer1000Contacts } }`,
      `query($f: IndicatorFilter) { backlog(filter: $f) { officeId referentId open overdue } }`,
    ];
    const latencies: number[] = [];
    const perQuery = new Map<number, number[]>();
    let n = 0;
    for (let i = 0; i < 600; i++) {
      const qi = i % queries.length;
      const from = months[Math.floor(i / queries.length) % months.length];
      const to = months[months.length - 1 - (Math.floor(i / (queries.length * months.length)) % 4)];
      const f: Record<string, string> = from <= to ? { from, to } : { from: to, to: from };
      if (i % 3 === 0) f.officeId = offices[i % offices.length];
      const q0 = now();
      await ask(queries[qi], { f });
      const ms = now() - q0;
      latencies.push(ms);
      (perQuery.get(qi) ?? perQuery.set(qi, []).get(qi)!).push(ms);
      n++;
    }
    const q = summarize(latencies);
    const qp95 = [...latencies].sort((a, b) => a - b)[Math.ceil(0.95 * latencies.length) - 1];

    // ---------------------------------------------------------------- 5. baseline: raw kafkajs on the same topics
    console.log('baseline: plain kafkajs consumer on the same messages…');
    const consumer = kafka.consumer({
      groupId: `bench.sat.raw.${run}`,
      maxBytesPerPartition: 4 * 1024 * 1024,
    });
    await consumer.connect();
    await consumer.subscribe({ topics: INDICATOR_TOPICS.map((t) => `${prefix}${t}`), fromBeginning: true });
    let raw = 0;
    let rawStart = 0;
    let rawEnd = 0;
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        if (!rawStart) rawStart = now();
        raw += batch.messages.length;
        if (raw >= totalEvents && !rawEnd) rawEnd = now();
      },
    });
    const b0 = now();
    while (raw < totalEvents && now() - b0 < 120_000) await sleep(20);
    await consumer.disconnect();
    const rawRate = perSecond(raw, (rawEnd || now()) - rawStart);

    // ---------------------------------------------------------------- report
    const lagP95 = lagSummary.count
      ? [...steadyLag].sort((a, b) => a - b)[Math.ceil(0.95 * steadyLag.length) - 1]
      : NaN;
    const rebuildRate = perSecond(rebuilt.lastRebuild.events, rebuilt.lastRebuild.durationMs);
    const rebuild100k = (rebuilt.lastRebuild.durationMs * 100_000) / rebuilt.lastRebuild.events;
    const rows: [string, string, string, boolean | null][] = [
      ['baseline: plain kafkajs consume (same messages)', `${fmt(rawRate)} msg/s`, '(ceiling)', null],
      [
        'burst: events into the indicators (send → applied)',
        `${fmt(burstRate)} events/s`,
        '≥ 5,000 events/s',
        burstRate >= 5000,
      ],
      ['burst: producer alone', `${fmt(produceRate)} events/s`, '', null],
      ['burst: catch-up after the last send', `${fmt(catchUpMs)} ms`, '', null],
      [
        'steady 5,000/s: lag p50 / p95 / max',
        `${fmt(lagSummary.p50)} / ${fmt(lagP95)} / ${fmt(lagSummary.max)} ms`,
        'p95 < 2,000 ms',
        lagP95 < 2000,
      ],
      ['steady 5,000/s: drained after the last send', `${fmt(Math.max(0, drainedMs))} ms`, '', null],
      [
        `rebuild of ${fmt(rebuilt.lastRebuild.events)} events`,
        `${fmt(rebuilt.lastRebuild.durationMs / 1000, 1)} s (${fmt(rebuildRate)} events/s; mutation ${fmt(rebuildMs / 1000, 1)} s)`,
        '',
        null,
      ],
      [
        'rebuild time scaled to 100,000 events',
        `${fmt(rebuild100k / 1000, 1)} s`,
        '< 60 s',
        rebuild100k < 60_000,
      ],
      [
        'rebuild gives the same state (checksum)',
        rebuilt.checksum === checksumBefore ? 'identical' : 'DIFFERENT',
        'identical',
        rebuilt.checksum === checksumBefore,
      ],
      [
        `indicator queries (${n}, uncached filters) p50 / p95 / max`,
        `${fmt(q.p50, 1)} / ${fmt(qp95, 1)} / ${fmt(q.max, 1)} ms`,
        'p95 < 100 ms',
        qp95 < 100,
      ],
      [
        'memory (service RSS) before / after burst / after rebuild',
        `${fmt(rssBefore / 2 ** 20)} / ${fmt(afterBurst.memoryRssBytes / 2 ** 20)} / ${fmt(rebuilt.memoryRssBytes / 2 ** 20)} MiB`,
        '',
        null,
      ],
      [
        'snapshot (state + offsets, deflated)',
        `${fmt((afterBurst.snapshotBytes ?? 0) / 1024)} KiB`,
        '',
        null,
      ],
    ];
    console.log('\n| measure | result | target | met |\n|---|---|---|---|');
    for (const [m, v, t, ok] of rows)
      console.log(`| ${m} | ${v} | ${t} | ${ok === null ? '' : ok ? 'yes' : '**no**'} |`);
    console.log(`\nburst lag samples (ms): ${JSON.stringify(summarize(lagSamples))}`);
    for (const [qi, ls] of perQuery) {
      const s = summarize(ls);
      console.log(
        `query ${qi}: p50 ${fmt(s.p50, 1)} ms, p90 ${fmt(s.p90, 1)} ms, max ${fmt(s.max, 1)} ms — ${queries[qi].slice(0, 80)}…`,
      );
    }
  } catch (e) {
    failed = true;
    console.error(
      `satisfaction bench failed: ${(e as Error).message} ${String((e as { cause?: unknown }).cause ?? '')}`,
    );
    if (svc) console.error(svc.logs().slice(-6000));
  } finally {
    await svc?.stop();
    await producer.disconnect();
    await admin.deleteTopics({ topics: INDICATOR_TOPICS.map((t) => `${prefix}${t}`) }).catch(() => undefined);
    await admin.disconnect();
  }
  process.exit(failed ? 1 : 0);
}

void main();
