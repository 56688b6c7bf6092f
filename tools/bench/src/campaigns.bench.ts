/**
 * Campaigns benchmark: one email campaign step to N recipients (default 100,000) through the real campaigns service
 * (its own process, as in production) into a real SMTP server (tools/mailbox, its own process), against Kafka and
 * FerretDB. In the same run, the baseline: raw nodemailer (same pool size) to the same SMTP server.
 *
 *   npm run bench -- campaigns        (needs Kafka + FerretDB: bash deploy/local/infra.sh start)
 *
 * Measures messages/s (campaign vs baseline), the service's memory (RSS) over the run, and kills the service
 * (SIGKILL) mid-campaign, restarts it, and checks at the SMTP server that nobody received the step twice.
 * Targets (issue 6): ≥ 500 messages/s, memory flat (no growth with the audience), nobody twice after a restart.
 * Exits non-zero only if the bench itself failed (a duplicate, a process that never came up, a run that never ended).
 *
 * Env: BENCH_CAMPAIGN_RECIPIENTS (100000), BENCH_CAMPAIGN_BASELINE (10000), BENCH_CAMPAIGN_KILL_AT (0.3 of the
 * recipients), BENCH_CAMPAIGN_CONCURRENCY (64), BENCH_CAMPAIGN_POOL (32), BENCH_CAMPAIGN_BUDGET_S (1200: then the
 * figures are over what was sent), KAFKA_BROKERS, MONGO_URL, BENCH_KEEP.
 */
import { readFileSync } from 'node:fs';
import { IDENTITY_HEADER, signIdentity } from '@urp/auth';
import { MongoClient } from 'mongodb';
import {
  infra,
  num,
  rawNodemailer,
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
  recipients: num('BENCH_CAMPAIGN_RECIPIENTS', 100_000),
  baseline: num('BENCH_CAMPAIGN_BASELINE', 10_000),
  killAt: num('BENCH_CAMPAIGN_KILL_AT', 0.3),
  concurrency: num('BENCH_CAMPAIGN_CONCURRENCY', 64),
  pool: num('BENCH_CAMPAIGN_POOL', 32),
  budgetS: num('BENCH_CAMPAIGN_BUDGET_S', 1200),
  ports: { service: 4450, mailboxHttp: 4451, smtp: 2540, contacts: 4452 },
};
const SECRET = 'bench-campaigns-identity-secret-0123456789';
const run = Date.now().toString(36);
const dbName = `bench_campaigns_${run}`;
const mb = (bytes: number) => Math.round(bytes / 1048576);

function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

const start = (entry: string, env: Record<string, string>) =>
  startNode(['-r', '@swc-node/register', entry], env, 20_000);

async function main() {
  console.log(
    `campaigns bench: ${config.recipients} recipients, baseline ${config.baseline} raw messages, kill at ${Math.round(config.killAt * 100)} %`,
  );
  // ---------------------------------------------------------------- the SMTP server and the address book
  const contacts = await startAddressBook(config.ports.contacts);
  const mongo = new MongoClient(config.mongoUrl);
  let mailbox: Mailbox | undefined;
  let service: NodeProcess | undefined;
  let failed = false;
  try {
    mailbox = await startMailbox({ smtp: config.ports.smtp, http: config.ports.mailboxHttp });
    const mailboxStats = mailbox.stats;

    // ---------------------------------------------------------------- baseline: raw nodemailer, same server
    const baselineS = await rawNodemailer({
      smtpPort: config.ports.smtp,
      pool: config.pool,
      parallel: config.concurrency,
      count: config.baseline,
      message: (i) => ({
        from: 'urp@comune.example',
        to: `baseline-${i}@bench.example`,
        // the same shape as a campaign message: text + HTML alternative, RFC 8058 headers
        subject: 'TARI: la seconda rata scade il 16 dicembre',
        text: `La seconda rata della TARI scade il 16 dicembre. Tutte le informazioni: https://comune.example/t/c/${i}\n\nPer non ricevere più queste comunicazioni: https://comune.example/u/${i}`,
        html: `<p>La seconda rata della TARI scade il 16 dicembre. Tutte le informazioni: <a href="https://comune.example/t/c/${i}">https://comune.example/tari</a></p><p><a href="https://comune.example/u/${i}">Non voglio più ricevere queste comunicazioni</a></p><img src="https://comune.example/t/o/${i}.gif" width="1" height="1" alt="">`,
        headers: {
          'List-Unsubscribe': `<https://comune.example/u/${i}>`,
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        },
      }),
    });
    const baselineRate = config.baseline / baselineS;
    console.log(`baseline: raw nodemailer, pool ${config.pool}: ${Math.round(baselineRate)} msg/s`);
    await mailbox.clear();

    // ---------------------------------------------------------------- the audience (pseudonymous, consenting)
    await mongo.connect();
    const recipients = mongo.db(dbName).collection('recipients');
    const s0 = performance.now();
    const consentAt = new Date().toISOString();
    for (let i = 0; i < config.recipients; i += 50) {
      const docs = [];
      for (let j = i; j < Math.min(i + 50, config.recipients); j++)
        docs.push({
          _id: `req_bench${String(j).padStart(7, '0')}` as never,
          consents: {
            email_campaigns: { given: true, at: consentAt, source: 'import', topics: ['tributi'] },
          },
          servicesUsed: [],
        });
      await recipients.insertMany(docs, { ordered: false });
    }
    console.log(
      `audience: ${config.recipients} recipients inserted in ${((performance.now() - s0) / 1000).toFixed(1)} s`,
    );

    // ---------------------------------------------------------------- the campaigns service
    const env = {
      PORT: String(config.ports.service),
      HOST: '127.0.0.1',
      MONGO_URL: config.mongoUrl,
      MONGO_DB: dbName,
      KAFKA_BROKERS: config.brokers,
      KAFKA_GROUP_ID: `bench-campaigns-${run}`,
      IDENTITY_SECRET: SECRET,
      SMTP_URL: `smtp://127.0.0.1:${config.ports.smtp}`,
      SMTP_POOL_SIZE: String(config.pool),
      CONTACTS_INTERNAL_URL: `http://127.0.0.1:${config.ports.contacts}`,
      PUBLIC_BASE_URL: `http://127.0.0.1:${config.ports.service}`,
      DELIVERY_RATE_PER_SECOND: '100000',
      DELIVERY_CONCURRENCY: String(config.concurrency),
      DELIVERY_LEASE_MS: '3000',
      SCHEDULER_TICK_MS: '500',
      LOG_LEVEL: 'info',
      // lets the service measure its heap after a full collection (flat memory is about live objects)
      NODE_OPTIONS: '--expose-gc',
    };
    const url = `http://127.0.0.1:${config.ports.service}`;
    const boot = async () => {
      const s = start('services/campaigns/src/main.ts', env);
      await until('the campaigns service', async () => (await fetch(`${url}/health/ready`)).ok, 60000);
      return s;
    };
    service = await boot();
    const gql = async (
      sub: string,
      roles: string[],
      query: string,
      variables: Record<string, unknown> = {},
    ) => {
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [IDENTITY_HEADER]: await signIdentity({ sub, roles: roles as never }, SECRET),
        },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as { data?: any; errors?: { message: string }[] };
      if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
      return body.data;
    };
    const created = await gql(
      'bo-bench',
      ['backoffice'],
      `mutation($i: CampaignInput!) { createCampaign(input: $i) { id } }`,
      {
        i: {
          title: 'Scadenza TARI (benchmark)',
          goal: 'Misurare l’invio a centomila destinatari.',
          topics: ['tributi'],
          segment: { topics: ['tributi'] },
          startsAt: new Date().toISOString(),
          steps: [
            {
              channel: 'EMAIL',
              waitHours: 0,
              subject: 'TARI: la seconda rata scade il 16 dicembre',
              body: 'La seconda rata della TARI scade il 16 dicembre. Tutte le informazioni: https://comune.example/tari',
            },
          ],
        },
      },
    );
    const id = created.createCampaign.id as string;
    await gql('bo-bench', ['backoffice'], `mutation($id: ID!) { submitCampaign(id: $id) { status } }`, {
      id,
    });
    await gql('mgr-bench', ['manager'], `mutation($id: ID!) { approveCampaign(id: $id) { status } }`, { id });
    await gql('bo-bench', ['backoffice'], `mutation($id: ID!) { scheduleCampaign(id: $id) { status } }`, {
      id,
    });
    const launched = performance.now();

    // ---------------------------------------------------------------- run, kill, restart, finish
    const samples: { t: number; received: number; rss: number }[] = [];
    let killedAt: number | undefined;
    let restartedAt: number | undefined;
    const killAfter = Math.floor(config.recipients * config.killAt);
    let firstAt: number | undefined;
    const status = async () =>
      (await gql('mgr-bench', ['manager'], `query($id: ID!) { campaign(id: $id) { status } }`, { id }))
        .campaign.status as string;
    // a time budget, so a slow machine cannot make the run last for ever: the figures are then over what was sent
    const deadline = Date.now() + config.budgetS * 1000;
    let incomplete = false;
    for (;;) {
      await sleep(1000);
      const st = await mailboxStats();
      const pid = service.child.pid!;
      const t = (performance.now() - launched) / 1000;
      if (st.received > 0 && firstAt === undefined) firstAt = t;
      samples.push({ t, received: st.received, rss: rssOf(pid) });
      if (killedAt === undefined && st.received >= killAfter) {
        service.child.kill('SIGKILL');
        await new Promise((r) => service!.child.once('exit', r));
        killedAt = t;
        console.log(`killed the service (SIGKILL) at ${st.received} messages received, t=${t.toFixed(1)} s`);
        // not awaiting readiness: the scheduler sends as soon as the app is up, while the Kafka consumer is
        // still waiting for the dead member's session to expire (readiness comes after that)
        service = start('services/campaigns/src/main.ts', env);
        restartedAt = (performance.now() - launched) / 1000;
        continue;
      }
      if (samples.length % 10 === 0)
        console.log(
          `t=${t.toFixed(0)} s: ${st.received} received, service RSS ${mb(samples[samples.length - 1].rss)} MB`,
        );
      if ((killedAt !== undefined || config.killAt >= 1) && (await status().catch(() => '')) === 'COMPLETED')
        break;
      if (Date.now() > deadline) {
        incomplete = true;
        console.log(
          `time budget of ${config.budgetS} s used up: stopping the measurement at ${st.received} messages`,
        );
        break;
      }
    }
    const end = (performance.now() - launched) / 1000;
    const final = await mailboxStats();
    const deliveries = mongo.db(dbName).collection('deliveries');
    const [stuck, delivered] = await Promise.all([
      deliveries.countDocuments({ status: 'queued' }),
      deliveries.countDocuments({ status: 'delivered' }),
    ]);
    const run1 = samples.filter((s) => s.t <= (killedAt ?? end));
    const run2 = samples.filter((s) => restartedAt !== undefined && s.t > restartedAt);
    const rate = (xs: typeof samples) =>
      xs.length > 1 ? (xs[xs.length - 1].received - xs[0].received) / (xs[xs.length - 1].t - xs[0].t) : 0;
    // sending rate while sending: from the first message to the kill, and from the first message after the restart
    const sending1 = rate(run1.filter((s) => s.received > 0));
    // from the last sample before the first message after the restart to the end
    const firstNew = run2.findIndex((s) => s.received > run2[0].received);
    const run2Sending = firstNew > 0 ? run2.slice(firstNew - 1) : [];
    if (run2Sending.length)
      console.log(
        `first message after the restart at t=${run2Sending[1]?.t.toFixed(1) ?? '?'} s (restart at ${restartedAt?.toFixed(1)} s)`,
      );
    const sending2 = rate(run2Sending);
    const overall = final.received / (end - (firstAt ?? 0));
    const rssSeries = samples.filter((s) => s.rss > 0);
    const at = (frac: number) => rssSeries.filter((s) => s.received >= config.recipients * frac)[0]?.rss ?? 0;
    const rss2 = run2.filter((s) => s.rss > 0).map((s) => s.rss);
    const run2Growth =
      rss2.length > 4 ? mb(rss2[rss2.length - 1]) - mb(rss2[Math.floor(rss2.length / 4)]) : 0;
    const peak = Math.max(...rssSeries.map((s) => s.rss));

    // the service's own account (every 2,000 messages): time per chunk phase, heap after a full GC
    const profile = service
      .logs()
      .split('\n')
      .filter((l) => l.includes('profile per chunk'))
      .map((l) => {
        try {
          return (JSON.parse(l) as { msg: string }).msg;
        } catch {
          return l;
        }
      });
    for (const p of profile.slice(-3)) console.log(`service ${p}`);
    // live heap (after a full GC) against the recipients handled, in the run after the restart
    const heap = profile
      .map((p) => ({
        heap: Number(/heapUsed (\d+)/.exec(p)?.[1]),
        handled: Number(/handled (\d+)/.exec(p)?.[1]),
      }))
      .filter((h) => Number.isFinite(h.heap) && Number.isFinite(h.handled));
    if (heap.length)
      console.log(
        `service live heap (MB) by recipients handled since the restart: ${heap.map((h) => `${h.handled}: ${h.heap}`).join(', ')}`,
      );
    const heapGrowth =
      heap.length > 4 ? heap[heap.length - 1].heap - heap[Math.floor(heap.length / 4)].heap : 0;
    console.log('\n| figure | value |\n|---|---|');
    console.log(
      `| baseline: raw nodemailer (pool ${config.pool}, ${config.concurrency} in flight) | ${Math.round(baselineRate)} msg/s |`,
    );
    console.log(`| campaign, before the kill | ${Math.round(sending1)} msg/s |`);
    console.log(`| campaign, after the restart | ${Math.round(sending2)} msg/s |`);
    console.log(
      `| campaign overall, first message → completed, incl. kill and restart | ${Math.round(overall)} msg/s (${(end - (firstAt ?? 0)).toFixed(1)} s) |`,
    );
    console.log(`| campaign / baseline (after restart) | ${Math.round((sending2 / baselineRate) * 100)} % |`);
    console.log(
      `| service RSS at 10 / 25 / 50 / 75 / 95 % of the audience | ${[0.1, 0.25, 0.5, 0.75, 0.95].map((f) => mb(at(f))).join(' / ')} MB |`,
    );
    console.log(`| service RSS peak | ${mb(peak)} MB |`);
    console.log(
      `| received at the SMTP server | ${final.received} (distinct recipients ${final.recipients}) |`,
    );
    console.log(`| recipients who received the step twice | ${final.duplicates} |`);
    console.log(`| deliveries recorded but unsent at the kill (at-most-once: not resent) | ${stuck} |`);
    console.log(`| deliveries recorded as delivered | ${delivered} |`);
    const okRate = sending2 >= 500 && sending1 >= 500;
    const okMemory = heapGrowth <= 10;
    console.log(
      `\ntarget ≥ 500 msg/s: ${okRate ? 'met' : 'NOT met'} (${Math.round(sending1)} / ${Math.round(sending2)} msg/s)`,
    );
    console.log(
      `target flat memory: ${okMemory ? 'met' : 'NOT met'} (live heap change over the last three quarters after the restart: ${heapGrowth} MB; RSS change ${run2Growth} MB)`,
    );
    console.log(
      `target nobody twice after a restart: ${final.duplicates === 0 ? 'met' : 'NOT met'} (${final.duplicates} duplicates)`,
    );
    if (final.duplicates > 0) failed = true;
    if (incomplete)
      console.log(
        `NOTE: incomplete run: ${final.received} of ${config.recipients} messages in the ${config.budgetS} s budget; the figures are over those`,
      );
    else if (final.recipients + stuck < config.recipients)
      console.log(
        `note: ${config.recipients - final.recipients - stuck} recipients neither received nor recorded`,
      );
  } catch (e) {
    failed = true;
    console.error(`campaigns bench failed: ${(e as Error).message}`);
    if (service) console.error(service.logs().slice(-3000));
  } finally {
    service?.child.kill('SIGTERM');
    mailbox?.child.kill('SIGTERM');
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
