// Measures what the production build is for (issue 17): the time from `npm start` to a ready stack, each part's
// share of it (up.sh prints a phase line per part: when it started, when it answered, the CPU seconds it used),
// and the idle resident memory of every service and the gateway.
//
//   node -r @swc-node/register tools/scripts/measure-stack.ts           # RSS of the stack that runs now
//   node -r @swc-node/register tools/scripts/measure-stack.ts --start   # runs deploy/local/up.sh, times it, then RSS
//
// Use the same URP_* environment as `npm start` (the pid files are under $URP_INFRA_DIR/run). `--start` expects
// the stack stopped (`npm stop`) and the caches warm (a previous `npm start` built, installed and loaded the demo).
// `--settle <s>` (default 20) waits that long after ready before sampling, so start-up garbage is collected;
// `--script <path>` starts with another script than deploy/local/up.sh (say, a copy of the previous one).
// `--runs <n>` (with --start) stops the stack (deploy/local/down.sh) and starts it again n times, printing each
// run's phases and the median; RSS is sampled after the last. CPU seconds depend much less on the machine's load
// than wall time: both are printed, with the load average before and after each start.
// Exits non-zero only when it cannot measure (up.sh failed, a process is missing).
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
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

interface Phase {
  name: string;
  startedS: number;
  readyS: number;
  cpuS: number | undefined;
}
interface StartRun {
  readyS: number;
  phases: Phase[];
  loadBefore: number[];
  loadAfter: number[];
  /** CPU seconds of the start script and what it waited for (build, seed, infra scripts), by /usr/bin/time. */
  scriptCpuS?: number;
  /** CPU seconds the running processes (services, tools, Kafka, FerretDB, Keycloak) had used when it exited. */
  processesCpuS: number;
}

const INFRA = process.env.URP_INFRA_DIR ?? join(ROOT, '.infra');
const TICKS = 100; // USER_HZ on Linux

/** CPU seconds of a process and the children it reaped (utime, stime, cutime, cstime of /proc/<pid>/stat). */
function cpuOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
      .replace(/^.*\) /, '')
      .split(' ');
    return fields.slice(11, 15).reduce((sum, f) => sum + Number(f), 0) / TICKS;
  } catch {
    return 0;
  }
}

/** Every process of the stack by its pid file: $RUN/<name>.pid and the infrastructure's. */
function stackPids(): number[] {
  const files = [
    ...(existsSync(RUN)
      ? readdirSync(RUN)
          .filter((f) => f.endsWith('.pid'))
          .map((f) => join(RUN, f))
      : []),
    join(INFRA, 'kafka', 'kafka.pid'),
    join(INFRA, 'ferretdb', 'ferretdb.pid'),
    join(INFRA, 'keycloak', 'keycloak.pid'),
  ];
  return files.filter((f) => existsSync(f)).map((f) => Number(readFileSync(f, 'utf8').trim()));
}

// "up: phase contacts      started +  25.1 s, ready +  47.6 s ( 22.4 s),   1.8 s CPU"
const PHASE =
  /^up: phase (\S+)\s+started \+\s*([\d.]+) s, ready \+\s*([\d.]+) s \(\s*[\d.]+ s\),\s*([\d.]*) s CPU/;

/** Runs the start script, each line of its output prefixed with the seconds since the start. */
function runUp(): Promise<StartRun> {
  const started = process.hrtime.bigint();
  const elapsed = () => Number(process.hrtime.bigint() - started) / 1e9;
  const phases: Phase[] = [];
  const loadBefore = loadavg();
  return new Promise((done, fail) => {
    const timeFile = join(RUN, 'measure-stack.time');
    const timed = existsSync('/usr/bin/time');
    const child = timed
      ? spawn('/usr/bin/time', ['-f', '%U %S', '-o', timeFile, 'bash', upScript], {
          stdio: ['ignore', 'pipe', 'pipe'],
        })
      : spawn('bash', [upScript], { stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => {
        console.log(`[${elapsed().toFixed(1).padStart(6)} s] ${line}`);
        const m = PHASE.exec(line);
        if (m)
          phases.push({
            name: m[1],
            startedS: Number(m[2]),
            readyS: Number(m[3]),
            cpuS: m[4] ? Number(m[4]) : undefined,
          });
      });
    }
    child.on('error', fail);
    child.on('exit', (code) =>
      code === 0
        ? done({
            readyS: elapsed(),
            phases,
            loadBefore,
            loadAfter: loadavg(),
            scriptCpuS: timed
              ? readFileSync(timeFile, 'utf8')
                  .trim()
                  .split(/\s+/)
                  .slice(-2)
                  .reduce((sum, x) => sum + Number(x), 0)
              : undefined,
            processesCpuS: stackPids().reduce((sum, pid) => sum + cpuOf(pid), 0),
          })
        : fail(new Error(`${upScript} exited with ${code}`)),
    );
  });
}

function stopStack(): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn('bash', [join(ROOT, 'deploy', 'local', 'down.sh')], { stdio: 'ignore' });
    child.on('error', fail);
    child.on('exit', () => done());
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN;
};
const loads = (l: number[]) => l.map((x) => x.toFixed(1)).join(' ');

function printRun(run: StartRun, title: string) {
  console.log(`\n${title}: load average ${loads(run.loadBefore)} before, ${loads(run.loadAfter)} after`);
  console.table(
    run.phases.map((p) => ({
      part: p.name,
      'started (s)': p.startedS,
      'ready (s)': p.readyS,
      'wall (s)': Number((p.readyS - p.startedS).toFixed(1)),
      'CPU (s)': p.cpuS ?? '-',
    })),
  );
  const cpu = run.phases.reduce((sum, p) => sum + (p.cpuS ?? 0), 0);
  console.log(
    `npm start → ready: ${run.readyS.toFixed(1)} s wall (target ≤ ${READY_TARGET_S} s: ` +
      `${run.readyS <= READY_TARGET_S ? 'ok' : 'OVER'}), ${cpu.toFixed(1)} s of CPU in its parts ` +
      `(${(cpu / cpus().length).toFixed(1)} s on ${cpus().length} cores if nothing else ran)`,
  );
  console.log(`CPU of the whole start: ${totalCpu(run).toFixed(1)} s (${cpuParts(run)})`);
}

/** The script and what it waited for, plus the processes it left running: comparable between start scripts. */
const totalCpu = (run: StartRun) => (run.scriptCpuS ?? 0) + run.processesCpuS;
const cpuParts = (run: StartRun) =>
  `start script and what it waited for ${run.scriptCpuS?.toFixed(1) ?? '?'} s, ` +
  `the processes it started ${run.processesCpuS.toFixed(1)} s`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main() {
  const runs: StartRun[] = [];
  if (args.includes('--start')) {
    const n = Number(option('--runs') ?? 1);
    for (let i = 0; i < n; i++) {
      if (i > 0 || args.includes('--stop-first')) await stopStack();
      const run = await runUp();
      runs.push(run);
      printRun(run, `start ${i + 1} of ${n}`);
    }
    if (runs.length > 1) {
      const names = [...new Set(runs.flatMap((r) => r.phases.map((p) => p.name)))];
      console.log(`\nmedian of ${runs.length} starts`);
      console.table(
        names.map((name) => {
          const ps = runs.flatMap((r) => r.phases.filter((p) => p.name === name));
          return {
            part: name,
            'ready (s)': median(ps.map((p) => p.readyS)),
            'wall (s)': Number(median(ps.map((p) => p.readyS - p.startedS)).toFixed(1)),
            'CPU (s)': median(ps.map((p) => p.cpuS ?? NaN).filter((x) => !Number.isNaN(x))),
          };
        }),
      );
      console.log(
        `npm start → ready: median ${median(runs.map((r) => r.readyS)).toFixed(1)} s wall ` +
          `(${runs.map((r) => r.readyS.toFixed(1)).join(', ')}), CPU of the whole start: median ` +
          `${median(runs.map(totalCpu)).toFixed(1)} s (${runs.map((r) => totalCpu(r).toFixed(1)).join(', ')})`,
      );
    }
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
