// `npm run chaos [-- short|full]`: the chaos suite against a whole stack of its own (see README.md).
// Needs only what `npm test` needs (Kafka + FerretDB through deploy/local/infra.sh, Debian's kcat). Prints the
// table; exits 1 on any loss or double effect, never because of a timing.
import { execFileSync } from 'node:child_process';
import { PROFILES, runChaos, type Profile } from './suite';

async function main() {
  const name = (process.argv[2] ?? 'full') as Profile['name'];
  const profile = PROFILES[name];
  if (!profile) {
    console.error(`unknown profile '${name}': ${Object.keys(PROFILES).join(', ')}`);
    process.exit(2);
  }
  const load = execFileSync('uptime', { encoding: 'utf8' }).trim();
  console.log(`chaos: profile ${name}; machine: ${load}`);
  const result = await runChaos(profile);
  console.log(`\n${result.table}\n`);
  console.log(`machine after the run: ${execFileSync('uptime', { encoding: 'utf8' }).trim()}`);
  if (result.failures.length) {
    console.error(`chaos: FAILED\n  ${result.failures.join('\n  ')}`);
    process.exit(1);
  }
  console.log('chaos: nothing lost, nothing applied twice');
  process.exit(0);
}

main().catch((e: unknown) => {
  console.error(`chaos: ${(e as Error).stack ?? e}`);
  process.exit(1);
});
