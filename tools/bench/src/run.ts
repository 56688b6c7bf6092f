/**
 * Runs the benchmarks, each in its own process (so one's heap does not weigh on the next):
 *
 *   npm run bench                 every tools/bench/src/*.bench.ts, in name order
 *   npm run bench -- contacts     only contacts.bench.ts (several names allowed)
 *   npm run bench -- privacy      only privacy.bench.ts (the scrubber's recall, precision, throughput; no infrastructure)
 *   npm run bench -- paths --scale=0.1   options (`--name=value`) are passed on to every benchmark run
 *
 * Each benchmark compares against its baseline in the same run and prints its own figures.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const all = readdirSync(__dirname)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''))
  .sort();
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const options = process.argv.slice(2).filter((a) => a.startsWith('--'));
const unknown = wanted.filter((w) => !all.includes(w));
if (unknown.length) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; available: ${all.join(', ')}`);
  process.exit(2);
}
let failed = 0;
for (const name of wanted.length ? wanted : all) {
  console.log(`\n=== bench: ${name}`);
  const r = spawnSync(
    process.execPath,
    ['-r', '@swc-node/register', join(__dirname, `${name}.bench.ts`), ...options],
    {
      stdio: 'inherit',
      env: process.env,
    },
  );
  if (r.status !== 0) {
    failed++;
    console.error(`bench ${name} failed (exit ${r.status ?? r.signal})`);
  }
}
process.exit(failed ? 1 : 0);
