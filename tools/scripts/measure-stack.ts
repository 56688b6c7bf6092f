// Measures what the production build is for (issue 17): the time from `npm start` to a ready stack and the
// idle resident memory of every service and the gateway.
//
//   node -r @swc-node/register tools/scripts/measure-stack.ts           # RSS of the stack that runs now
//   node -r @swc-node/register tools/scripts/measure-stack.ts --start   # runs deploy/local/up.sh, times it, then RSS
//
// Use the same URP_* environment as `npm start` (the pid files are under $URP_INFRA_DIR/run). `--start` expects
// the stack stopped (`npm stop`) and the caches warm (a previous `npm start` built, installed and loaded the demo).
// `--settle <s>` (default 20) waits that long after ready before sampling, so start-up garbage is collected;
// `--script <path>` starts with another script than deploy/local/up.sh (say, a copy of the previous one).
// Exits non-zero only when it cannot measure (up.sh failed, a process is missing).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = resolve(__dirname, '..', '..');
const RUN = join(process.env.URP_INFRA_DIR ?? join(ROOT, '.infra'), 'run');

/** name in $RUN/<name>.pid, target in MB, the figure issue 17 measured with the register hook. */
const APPS = [
  { name: 'contacts', target: 150, before: '235-267' },
  { name: 'satisfaction', target: 150, before: '235-267' },
  { name: 'knowledge', target: 150, before: '235-267' },
  { name: 'procedures', target: 150, before: '235-267' },
  { name: 'campaigns', target: 150, before: '235-267' },
  { name: 'gateway', target: 200, before: '358' },
  { name: 'console', target: undefined, before: '-' },
  { name: 'mailbox', target: undefined, before: '-' },
] as const;
const READY_TARGET_S = 40;

const args = process.argv.slice(2);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const settleS = Number(option('--settle') ?? 20);
const upScript = resolve(option('--script') ?? join(ROOT, 'deploy', 'local', 'up.sh'));

function rssMb(pid: number): number | undefined {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmRSS:'));
    return line ? Number(line.replace(/\D+/g, '')) / 1024 : undefined; // kB → MiB
  } catch {
    return undefined;
  }
}

function pidOf(name: string): number | undefined {
  const file = join(RUN, `${name}.pid`);
  return existsSync(file) ? Number(readFileSync(file, 'utf8').trim()) : undefined;
}

/** Runs the start script, each line of its output prefixed with the seconds since the start. */
function runUp(): Promise<number> {
  const started = process.hrtime.bigint();
  const elapsed = () => Number(process.hrtime.bigint() - started) / 1e9;
  return new Promise((done, fail) => {
    const child = spawn('bash', [upScript], { stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) =>
        console.log(`[${elapsed().toFixed(1).padStart(6)} s] ${line}`),
      );
    }
    child.on('error', fail);
    child.on('exit', (code) =>
      code === 0 ? done(elapsed()) : fail(new Error(`${upScript} exited with ${code}`)),
    );
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main() {
  let readyS: number | undefined;
  if (args.includes('--start')) {
    readyS = await runUp();
    console.log(`\nsettling ${settleS} s before sampling the resident memory…`);
    await sleep(settleS * 1000);
  }
  // three samples 2 s apart; the median is the idle figure
  const samples = new Map<string, number[]>();
  for (let i = 0; i < 3; i++) {
    for (const app of APPS) {
      const pid = pidOf(app.name);
      const mb = pid ? rssMb(pid) : undefined;
      if (mb !== undefined) samples.set(app.name, [...(samples.get(app.name) ?? []), mb]);
    }
    if (i < 2) await sleep(2000);
  }
  const rows = APPS.map((app) => {
    const s = (samples.get(app.name) ?? []).sort((a, b) => a - b);
    const mb = s.length ? s[Math.floor(s.length / 2)] : undefined;
    const verdict =
      mb === undefined ? 'not running' : app.target === undefined ? '' : mb <= app.target ? 'ok' : 'OVER';
    return {
      process: app.name,
      'idle RSS (MiB)': mb === undefined ? '-' : mb.toFixed(0),
      'target (MB)': app.target ?? '-',
      'before, register hook (MB)': app.before,
      verdict,
    };
  });
  console.log(
    `\nidle resident memory (${RUN}; load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')})`,
  );
  console.table(rows);
  if (readyS !== undefined) {
    console.log(
      `npm start → ready (${upScript} exited): ${readyS.toFixed(1)} s (target ≤ ${READY_TARGET_S} s: ${readyS <= READY_TARGET_S ? 'ok' : 'OVER'})`,
    );
  }
  const missing = APPS.filter((a) => a.target !== undefined && !samples.has(a.name)).map((a) => a.name);
  if (missing.length) {
    console.error(`cannot measure, not running: ${missing.join(', ')}`);
    process.exit(1);
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
