/**
 * The console's routes in Chromium: time to interactive and JavaScript transferred, per route, beside the
 * sign-in page (the baseline: the shell and the smallest route) measured in the same run.
 *
 *   npm run bench -- console                 (CONSOLE_BENCH_RUNS=5 cold loads per route)
 *
 * It starts what the console needs on free ports (contacts, knowledge base, satisfaction, procedures,
 * campaigns on the Kafka + FerretDB of URP_KAFKA_PORT / URP_MONGO_PORT, the gateway, the console's own server),
 * builds the console as `npm run build -w @urp/console` does, and loads demo data: the knowledge base's demo
 * seed (offices, referents, forms, canned replies, a dozen published sheets), 40 contacts of which 30 opened
 * cases, a procedure, a campaign. Each load is a fresh browser context (empty cache), signed in with a
 * development token put in the tab's session storage before the first script runs.
 *
 * Time to interactive, here: from the navigation's start to the first animation frame after the route's heading
 * is on screen with no loading indicator left in it (its data loaded and rendered, the page answering input).
 * JavaScript transferred: every script response of the load, as sent (the console's server does not compress)
 * and gzipped at level 9 (what a compressing proxy would send).
 *
 * Prints the median, minimum and maximum of the runs; with --write, also replaces the console section of
 * tools/bench/README.md (between its markers) with the table. Exits non-zero only if it fails to measure.
 */
import { execFile, spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { signDevToken, type Role } from '@urp/auth';
import {
  freePorts,
  gql,
  REPO_ROOT,
  spawnGateway,
  spawnService,
  TEST_AUTH,
  testInfra,
  uniqueName,
  waitFor,
  type RunningProcess,
} from '@urp/testing';
import { chromium, type Browser } from 'playwright-core';

/** Chosen by the OS at start (the machine is shared: fixed ports collide with other runs and tests). */
const PORTS = {
  gateway: 0,
  contacts: 0,
  satisfaction: 0,
  knowledge: 0,
  procedures: 0,
  campaigns: 0,
  console: 0,
};
const RUNS = Number(process.env.CONSOLE_BENCH_RUNS ?? 5);
const BOOT_MS = 240_000;
const CONSOLE_DIR = join(REPO_ROOT, 'apps/console');
const WRITE = process.argv.includes('--write');
const DIST = join(tmpdir(), `urp-console-bench-dist-${process.pid}`);

const PEOPLE: Record<string, { sub: string; name: string; roles: Role[]; offices: string[] }> = {
  operator: { sub: 'op-giulia', name: 'Giulia Bianchi', roles: ['operator'], offices: ['urp'] },
  backoffice: { sub: 'bo-marco', name: 'Marco Esposito', roles: ['backoffice'], offices: ['urp'] },
  manager: { sub: 'mgr-paolo', name: 'Paolo Conti', roles: ['manager'], offices: ['urp'] },
};
type Who = keyof typeof PEOPLE;

interface Measure {
  ms: number;
  scripts: number;
  rawBytes: number;
  gzipBytes: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kb = (b: number) => `${(b / 1024).toFixed(1)}`;

function runScript(code: string, env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = '';
    const child = spawn(process.execPath, ['-r', '@swc-node/register', '-e', code], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        ...env,
        AUTH_ISSUER: TEST_AUTH.issuer,
        AUTH_AUDIENCE: TEST_AUTH.audience,
        AUTH_JWT_SECRET: TEST_AUTH.secret,
        KEYCLOAK_URL: 'http://127.0.0.1:9',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (c) => (c === 0 ? resolve() : reject(new Error(`script failed (${c}):\n${out}`))));
  });
}

async function main() {
  const run = Date.now().toString(36);
  const procs: RunningProcess[] = [];
  let browser: Browser | undefined;
  try {
    const free = await freePorts(Object.keys(PORTS).length);
    for (const [i, k] of (Object.keys(PORTS) as (keyof typeof PORTS)[]).entries()) PORTS[k] = free[i];
    const common = {
      MONGO_URL: testInfra.mongoUrl,
      KAFKA_BROKERS: testInfra.kafkaBrokers.join(','),
      IDENTITY_SECRET: TEST_AUTH.identitySecret,
    };
    const node = (args: string[]) =>
      promisify(execFile)(process.execPath, args, {
        cwd: CONSOLE_DIR,
        env: { ...process.env, NODE_ENV: 'production' },
      });
    console.log('console bench: building the console and starting the stack…');
    const started = await Promise.allSettled([
      spawnService(
        'services/contacts/src/main.ts',
        { ...common, MONGO_DB: `bench_console_contacts_${run}`, KAFKA_GROUP_ID: uniqueName('bc-contacts') },
        PORTS.contacts,
        BOOT_MS,
      ),
      spawnService(
        'services/knowledge-base/src/main.ts',
        {
          ...common,
          MONGO_DB: `bench_console_kb_${run}`,
          KAFKA_GROUP_ID: uniqueName('bc-kb'),
          KB_INDEX_SYNC_MS: '1000',
        },
        PORTS.knowledge,
        BOOT_MS,
      ),
      spawnService(
        'services/satisfaction/src/main.ts',
        { ...common, MONGO_DB: `bench_console_sat_${run}`, KAFKA_GROUP_ID: uniqueName('bc-sat') },
        PORTS.satisfaction,
        BOOT_MS,
      ),
      spawnService(
        'services/procedures/src/main.ts',
        { ...common, MONGO_DB: `bench_console_proc_${run}`, KAFKA_GROUP_ID: uniqueName('bc-proc') },
        PORTS.procedures,
        BOOT_MS,
      ),
      spawnService(
        'services/campaigns/src/main.ts',
        {
          ...common,
          MONGO_DB: `bench_console_camp_${run}`,
          KAFKA_GROUP_ID: uniqueName('bc-camp'),
          SCHEDULER: 'off',
          BULLETIN_SCHEDULE: 'off',
          CONTACTS_INTERNAL_URL: `http://127.0.0.1:${PORTS.contacts}`,
        },
        PORTS.campaigns,
        BOOT_MS,
      ),
      // its own output folder: the console's browser test may be building apps/console/dist meanwhile
      node([
        join(REPO_ROOT, 'node_modules/vite/bin/vite.js'),
        'build',
        '--logLevel',
        'warn',
        '--outDir',
        DIST,
      ]),
    ]);
    for (const s of started)
      if (s.status === 'fulfilled' && s.value && 'stop' in s.value) procs.push(s.value);
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
    const [contacts, knowledge, satisfaction, procedures, campaigns] = procs;
    const gateway = await spawnGateway(
      {
        contacts: contacts.url,
        knowledge: knowledge.url,
        satisfaction: satisfaction.url,
        procedures: procedures.url,
        campaigns: campaigns.url,
      },
      PORTS.gateway,
    );
    procs.push(gateway);
    const gw = `${gateway.url}/graphql`;
    const consoleServer = await spawnService(
      'apps/console/server.ts',
      {
        GATEWAY_URL: gateway.url,
        CONSOLE_DEV_LOGIN: 'true',
        URP_CONSOLE_PORT: String(PORTS.console),
        CONSOLE_DIST: DIST,
      },
      PORTS.console,
    );
    procs.push(consoleServer);

    console.log('console bench: loading the demo data…');
    await runScript(
      `require('./tools/scripts/seed/knowledge').seed(require('./tools/scripts/seed/lib').seedContext(process.env.GW), ` +
        `{ slugs: ['carta-identita-elettronica', 'cambio-residenza', 'tari-tassa-rifiuti', 'imu-imposta-municipale', ` +
        `'iscrizione-asilo-nido', 'mensa-scolastica', 'permesso-ztl', 'occupazione-suolo-pubblico', ` +
        `'accesso-documentale', 'segnalazione-buche-strade', 'ritiro-ingombranti', 'contrassegno-disabili'] })` +
        `.catch((e) => { console.error(e); process.exit(1); })`,
      { GW: gw },
    );
    const ask = async (who: Who, query: string, variables: Record<string, unknown> = {}) => {
      const r = await gql(gw, query, variables, {
        authorization: `Bearer ${await signDevToken(PEOPLE[who], TEST_AUTH)}`,
      });
      if (r.body.errors) throw new Error(JSON.stringify(r.body.errors));
      return r.body.data;
    };
    const register = (i: Record<string, unknown>) =>
      ask(
        'operator',
        `mutation($i: RegisterContactInput!) { registerContact(input: $i) { id case { id } } }`,
        {
          i,
        },
      );
    await waitFor(
      async () =>
        register({
          channel: 'PHONE',
          type: 'INFORMATION',
          subject: 'prova di instradamento',
          openCase: true,
          officeId: 'tributi',
          referentId: 'ref-tributi-ricci',
        }).then(
          () => true,
          () => false,
        ),
      { timeoutMs: 60_000, intervalMs: 1000, what: 'contacts to know the offices' },
    );
    const channels = ['DESK', 'PHONE', 'EMAIL', 'WEB_FORM'];
    let caseId = '';
    for (let i = 0; i < 40; i++) {
      const r = await register({
        channel: channels[i % channels.length],
        type: i % 3 === 0 ? 'COMPLAINT' : i % 3 === 1 ? 'REPORT' : 'INFORMATION',
        subject: `Richiesta dimostrativa n. ${i + 1} sul servizio ${i % 2 ? 'tributi' : 'anagrafe'}`,
        ...(i < 30
          ? {
              openCase: true,
              officeId: i % 2 ? 'tributi' : 'anagrafe',
              referentId: i % 2 ? 'ref-tributi-ricci' : 'ref-anagrafe-colombo',
            }
          : { resolvedAtFirstContact: true }),
      });
      caseId ||= r.registerContact.case?.id ?? '';
    }
    const sheet = await ask('backoffice', `{ sheet(slug: "tari-tassa-rifiuti") { id } }`);
    const campaign = await ask(
      'backoffice',
      `mutation($i: CampaignInput!) { createCampaign(input: $i) { id } }`,
      {
        i: {
          title: 'Seconda rata TARI',
          goal: 'Meno pagamenti in ritardo e meno telefonate allo sportello tributi.',
          topics: ['tributi'],
          segment: { topics: ['tributi'] },
          startsAt: new Date(Date.now() + 86_400_000).toISOString(),
          steps: [
            {
              channel: 'EMAIL',
              waitHours: 0,
              subject: 'TARI: la seconda rata scade il 16 dicembre',
              body: 'La seconda rata della TARI scade il 16 dicembre. Puoi pagare con PagoPA.',
            },
          ],
        },
      },
    );

    const ROUTES: { name: string; path: string; who?: Who }[] = [
      { name: 'accesso (baseline)', path: '/accesso' },
      { name: 'sportello', path: '/sportello', who: 'operator' },
      { name: 'pratiche', path: '/pratiche', who: 'operator' },
      { name: 'pratica', path: `/pratiche/${encodeURIComponent(caseId)}`, who: 'operator' },
      { name: 'schede', path: '/schede', who: 'backoffice' },
      { name: 'scheda', path: `/schede/${encodeURIComponent(sheet.sheet.id)}`, who: 'backoffice' },
      { name: 'procedimenti', path: '/procedimenti', who: 'backoffice' },
      { name: 'campagne', path: '/campagne', who: 'manager' },
      {
        name: 'campagna',
        path: `/campagne/${encodeURIComponent(campaign.createCampaign.id)}`,
        who: 'manager',
      },
      { name: 'cruscotto', path: '/cruscotto', who: 'manager' },
    ];
    const sessions: Partial<Record<Who, string>> = {};
    for (const who of Object.keys(PEOPLE) as Who[]) {
      const token = await signDevToken(PEOPLE[who], TEST_AUTH);
      sessions[who] = JSON.stringify({
        token,
        sub: PEOPLE[who].sub,
        name: PEOPLE[who].name,
        roles: PEOPLE[who].roles,
        expiresAt: Date.now() + 3_600_000,
        via: 'dev',
      });
    }

    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
    const measure = async (path: string, who?: Who): Promise<Measure> => {
      const context = await browser!.newContext({ locale: 'it-IT', viewport: { width: 1280, height: 900 } });
      if (who)
        await context.addInitScript(
          ([key, value]) => (globalThis as any).sessionStorage.setItem(key, value),
          ['urp.console.session', sessions[who]!] as [string, string],
        );
      const page = await context.newPage();
      const bodies: Promise<Buffer | null>[] = [];
      page.on('response', (r) => {
        if (r.request().resourceType() === 'script') bodies.push(r.body().catch(() => null));
      });
      await page.goto(`${consoleUrl}${path}`, { waitUntil: 'commit' });
      // the heading is on screen and nothing in the page is still loading; then one frame (input is handled)
      const handle = await page.waitForFunction(
        () => {
          const d = (globalThis as any).document;
          const h1 = d.querySelector('main h1');
          const loading = [...d.querySelectorAll('main [role=status]')].some((e: any) =>
            /Caricamento|in corso…|Verifica/.test(e.textContent ?? ''),
          );
          return h1 && !loading ? (globalThis as any).performance.now() : false;
        },
        undefined,
        { polling: 'raf', timeout: 60_000 },
      );
      const ms = (await handle.jsonValue()) as number;
      await page.waitForLoadState('networkidle');
      const scripts = (await Promise.all(bodies)).filter((b): b is Buffer => !!b);
      await context.close();
      return {
        ms,
        scripts: scripts.length,
        rawBytes: scripts.reduce((s, b) => s + b.length, 0),
        gzipBytes: scripts.reduce((s, b) => s + gzipSync(b, { level: 9 }).length, 0),
      };
    };
    const consoleUrl = consoleServer.url;

    console.log(
      `console bench: ${RUNS} cold loads per route, alternated (load average ${loadavg()[0].toFixed(1)})`,
    );
    const results = new Map<string, Measure[]>();
    await measure('/accesso'); // warm the server and the gateway's plans once, not measured
    for (let i = 0; i < RUNS; i++)
      for (const r of ROUTES) {
        const m = await measure(r.path, r.who);
        results.set(r.name, [...(results.get(r.name) ?? []), m]);
      }
    const base = results.get(ROUTES[0].name)!;
    const baseMs = median(base.map((m) => m.ms));
    const baseGz = median(base.map((m) => m.gzipBytes));
    const header =
      '| route | time to interactive, median (min–max) | vs baseline | scripts | JS transferred | JS gzipped | vs baseline |';
    const lines = [header, '|---|---|---|---|---|---|---|'];
    for (const r of ROUTES) {
      const ms = results.get(r.name)!;
      const t = median(ms.map((m) => m.ms));
      const gz = median(ms.map((m) => m.gzipBytes));
      lines.push(
        `| ${r.name} | ${t.toFixed(0)} ms (${Math.min(...ms.map((m) => m.ms)).toFixed(0)}–${Math.max(...ms.map((m) => m.ms)).toFixed(0)}) | ` +
          `${r === ROUTES[0] ? '—' : `+${(t - baseMs).toFixed(0)} ms`} | ${median(ms.map((m) => m.scripts))} | ` +
          `${kb(median(ms.map((m) => m.rawBytes)))} KB | ${kb(gz)} KB | ${r === ROUTES[0] ? '—' : `+${kb(gz - baseGz)} KB`} |`,
      );
    }
    const load = loadavg()[0].toFixed(1);
    console.log(lines.join('\n'));
    console.log(`(load average at the end: ${load})`);
    if (WRITE) {
      const readme = join(REPO_ROOT, 'tools/bench/README.md');
      const START = '<!-- console-bench:start -->';
      const END = '<!-- console-bench:end -->';
      const section =
        `${START}\n_Last run: ${new Date().toISOString().slice(0, 16)} UTC, ${RUNS} cold loads per route, ` +
        `load average ${load} at the end._\n\n${lines.join('\n')}\n${END}`;
      const text = readFileSync(readme, 'utf8');
      const a = text.indexOf(START);
      const b = text.indexOf(END);
      if (a < 0 || b < 0) throw new Error(`tools/bench/README.md has no ${START} … ${END} section`);
      writeFileSync(readme, text.slice(0, a) + section + text.slice(b + END.length));
      console.log('written to tools/bench/README.md');
    }
  } finally {
    await browser?.close();
    await Promise.all(procs.map((p) => p.stop()));
    rmSync(DIST, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
