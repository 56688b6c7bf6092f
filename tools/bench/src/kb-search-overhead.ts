/**
 * The gateway's own cost per request, without a database (issue 17: "a fixed ~8–10 ms per request in the
 * gateway"): the real gateway process in front of a canned knowledge-base subgraph (an HTTP server in this
 * process answering the search's body at once), and the same request sent straight to the canned subgraph,
 * in turn one by one so that both see the same machine load. The difference is what the gateway adds; the
 * gateway's CPU time per request (from /proc) is steadier than latency on a shared machine.
 *
 *   node -r @swc-node/register tools/bench/src/kb-search-overhead.ts
 *       KB_OVERHEAD_PORT=4440 (canned subgraph; the gateway on +1)  KB_OVERHEAD_REQUESTS=1000
 *       KB_OVERHEAD_PROFILE=<file.cpuprofile>  samples the gateway's CPU while the measured requests run
 *       KB_OVERHEAD_GATEWAY=<path of main.ts>  another copy of the gateway (say, the previous commit's)
 *       KB_OVERHEAD_GATEWAY_B=<path of main.ts>  a second gateway beside the first, measured in the same loop
 *       KB_OVERHEAD_ENV='K=V …', KB_OVERHEAD_ENV_B='K=V …'  settings of the first or the second gateway only
 *         (say OTEL_SDK_DISABLED=false URP_TRACES_FILE=/tmp/t.jsonl OTEL_TRACES_SAMPLER=parentbased_traceidratio)
 *       KB_OVERHEAD_LOG_LEVEL=error  the gateway's LOG_LEVEL (production runs `info`; its lines are discarded)
 *       KB_OVERHEAD_QUERY=probe  the paths bench's gateway probe instead of the search: `phaseLabels` of the
 *         contacts subgraph (canned too: ten labels), the cheapest call the gateway forwards
 *
 * No infrastructure needed. Exits non-zero only on errors.
 */
import { signDevToken, signIdentity } from '@urp/auth';
import { gatewayEnv, REPO_ROOT, TEST_AUTH } from '@urp/testing';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import os from 'node:os';
import { join } from 'node:path';
import { now, sortedPercentile } from './stats';

const PORT = Number(process.env.KB_OVERHEAD_PORT ?? 4440);
const REQUESTS = Number(process.env.KB_OVERHEAD_REQUESTS ?? 1000);
const PROFILE = process.env.KB_OVERHEAD_PROFILE;
const say = (s = '') => process.stdout.write(`${s}\n`);

export const SEARCH = `query($q: String!) { searchSheets(input: { query: $q, first: 10 }) {
  total hits { score sheet { id slug title shortDescription category } } } }`;

/** What the knowledge base answers for a search with ten hits (the shape and size of a real answer). */
const CANNED = JSON.stringify({
  data: {
    searchSheets: {
      total: 137,
      hits: Array.from({ length: 10 }, (_, i) => ({
        score: 12.5 - i,
        sheet: {
          id: `bench-${i}`,
          slug: `carta-di-identita-elettronica-${i}`,
          title: `Carta d'identità elettronica - Comune di Borgo Aurelio ${i}`,
          shortDescription:
            'Come richiedere la carta d’identità elettronica: documenti, costi, tempi e dove presentarsi.',
          category: 'anagrafe',
        },
      })),
    },
  },
});

/** The paths bench's gateway probe (`phaseLabels`, contacts) and a canned answer of its size (ten labels). */
export const PROBE = 'query PhaseLabels { phaseLabels { status label } }';
const PROBE_ANSWER = JSON.stringify({
  data: {
    phaseLabels: ['RECEIVED', 'TRIAGED', 'ASSIGNED', 'IN_PROGRESS', 'WAITING_CITIZEN', 'WAITING_REFERENT']
      .concat(['ANSWERED', 'CLOSED', 'REOPENED', 'MERGED'])
      .map((status) => ({ status, label: `Fase ${status.toLowerCase().replace(/_/g, ' ')}` })),
  },
});
const ASK_PROBE = process.env.KB_OVERHEAD_QUERY === 'probe';

/** CPU time (user + system, ms) a process has used so far, from /proc (Linux); NaN elsewhere. */
function cpuMsOf(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return Number.NaN;
  }
}

/** `A=1 B=2` → { A: '1', B: '2' }: settings for one of the two gateways only. */
const extraEnv = (spec = ''): Record<string, string> =>
  Object.fromEntries(
    spec
      .split(/\s+/)
      .filter((kv) => kv.includes('='))
      .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
  );

async function main() {
  say(
    `machine: ${os.cpus().length} cores, load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  const stub = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(ASK_PROBE ? PROBE_ANSWER : CANNED);
    });
  });
  let connections = 0; // TCP connections the canned subgraph accepted (keep-alive: a handful, not one a request)
  stub.on('connection', () => connections++);
  await new Promise<void>((r) => stub.listen(PORT, '127.0.0.1', r));
  const stubUrl = `http://127.0.0.1:${PORT}`;

  // the gateway as production starts it (compiled on the fly by the register hook, as the tests do); with
  // KB_OVERHEAD_GATEWAY_B a second one (another version) beside it, measured in the same loop
  const hook = PROFILE ? ['-r', join(__dirname, 'kb-search-profile-hook.js')] : [];
  const entries: [string, string][] = [
    ['gateway', process.env.KB_OVERHEAD_GATEWAY ?? join(REPO_ROOT, 'gateway/src/main.ts')],
    ...(process.env.KB_OVERHEAD_GATEWAY_B
      ? ([['gateway B', process.env.KB_OVERHEAD_GATEWAY_B]] as [string, string][])
      : []),
  ];
  const gateways = entries.map(([name, entry], k) => ({
    name,
    url: `http://127.0.0.1:${PORT + 1 + k}`,
    child: spawn(process.execPath, ['-r', '@swc-node/register', ...hook, entry], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        ...gatewayEnv({ knowledge: stubUrl, contacts: stubUrl }),
        LOG_LEVEL: process.env.KB_OVERHEAD_LOG_LEVEL ?? 'error',
        PORT: String(PORT + 1 + k),
        HOST: '127.0.0.1',
        ...extraEnv(process.env[k ? 'KB_OVERHEAD_ENV_B' : 'KB_OVERHEAD_ENV']),
        ...(PROFILE
          ? { KB_OVERHEAD_PROFILE: `${PROFILE.replace(/\.cpuprofile$/, '')}-${k}.cpuprofile` }
          : {}),
      },
      stdio: ['ignore', 'ignore', 'inherit'], // its JSON logs go to stdout
    }),
  }));
  let failed = false;
  try {
    for (const { url, child } of gateways)
      for (let i = 0; ; i++) {
        if (child.exitCode !== null) throw new Error(`gateway exited with ${child.exitCode}`);
        const ok = await fetch(`${url}/health/live`).then(
          (r) => r.ok,
          () => false,
        );
        if (ok) break;
        if (i > 600) throw new Error('gateway not live after 150 s');
        await new Promise((r) => setTimeout(r, 250));
      }
    const bearer = `Bearer ${await signDevToken({ sub: 'bench-overhead', roles: ['operator'] }, TEST_AUTH)}`;
    const identity = await signIdentity(
      { sub: 'bench-overhead', roles: ['operator'] },
      TEST_AUTH.identitySecret,
    );
    const ask = async (url: string, headers: Record<string, string>, q: string) => {
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(ASK_PROBE ? { query: PROBE } : { query: SEARCH, variables: { q } }),
      });
      const body = (await res.json()) as {
        data?: { searchSheets?: { hits: unknown[] }; phaseLabels?: unknown[] };
        errors?: unknown;
      };
      const items = ASK_PROBE ? body.data?.phaseLabels : body.data?.searchSheets?.hits;
      if (!res.ok || body.errors || items?.length !== 10)
        throw new Error(`${url}: ${JSON.stringify(body).slice(0, 400)}`);
    };
    const paths: { name: string; run: (q: string) => Promise<void>; times: number[]; pid?: number }[] = [
      { name: 'direct', run: (q) => ask(stubUrl, { 'x-urp-identity': identity }, q), times: [] },
      ...gateways.map((g) => ({
        name: g.name,
        run: (q: string) => ask(g.url, { authorization: bearer }, q),
        times: [] as number[],
        pid: g.child.pid,
      })),
    ];
    for (let i = 0; i < 200; i++) for (const p of paths) await p.run(`q${i}`);
    if (PROFILE) for (const g of gateways) g.child.kill('SIGWINCH'); // start sampling
    const cpuBefore = paths.map((p) => cpuMsOf(p.pid ?? process.pid));
    const connectionsBefore = connections;
    for (let i = 0; i < REQUESTS; i++)
      for (let k = 0; k < paths.length; k++) {
        const p = paths[(i + k) % paths.length]; // each path first in turn
        const t = now();
        await p.run(`domanda ${i % 60}`);
        p.times.push(now() - t);
      }
    const cpuMs = paths.map((p, k) => cpuMsOf(p.pid ?? process.pid) - cpuBefore[k]);
    if (PROFILE) {
      for (const g of gateways) g.child.kill('SIGWINCH'); // write it
      await new Promise((r) => setTimeout(r, 3000));
    }
    say(
      `${REQUESTS} requests each, in turn, one at a time (ms); load now ${os.loadavg()[0].toFixed(1)}; ` +
        `new connections to the subgraph while measuring: ${connections - connectionsBefore}`,
    );
    say('| path | p50 | p95 | p99 | mean | process CPU per request |');
    say('|---|---|---|---|---|---|');
    paths.forEach((p, k) => {
      const t = p.times.sort((a, b) => a - b);
      const mean = t.reduce((a, b) => a + b, 0) / t.length;
      const cpu = p.pid ? `${(cpuMs[k] / REQUESTS).toFixed(2)} ms` : '(client and canned subgraph)';
      say(
        `| ${p.name} | ${sortedPercentile(t, 50).toFixed(2)} | ${sortedPercentile(t, 95).toFixed(2)} | ` +
          `${sortedPercentile(t, 99).toFixed(2)} | ${mean.toFixed(2)} | ${cpu} |`,
      );
    });
    for (const p of paths.slice(1))
      say(
        `${p.name} − direct at p50: ${(sortedPercentile(p.times, 50) - sortedPercentile(paths[0].times, 50)).toFixed(2)} ms`,
      );
  } catch (e) {
    failed = true;
    console.error(e);
  } finally {
    for (const { child } of gateways) {
      child.kill('SIGTERM');
      if (child.exitCode === null) await new Promise((r) => child.once('exit', r));
    }
    stub.close();
  }
  process.exit(failed ? 1 : 0);
}

void main();
