/**
 * The kernel's promises about services/, checked by the test command:
 *  - no `as never` cast and no `Model<any>` anywhere (the stores are typed); no `as any` or explicit `any` in
 *    production code (tests may type fixtures loosely);
 *  - no untyped resolver input (`@Args(...) x: never | unknown | any`): inputs come from the generated types;
 *  - the generated resolver types are current (`npm run codegen` leaves them unchanged).
 * Prints each finding with its place and the counts; exits 1 when any count is above zero.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');
/** `codeOnly`: counted in production code, not in tests (where the lint rules allow `any` for fixtures). */
const CHECKS: { name: string; pattern: RegExp; codeOnly?: boolean }[] = [
  { name: 'as never', pattern: /\bas never\b/ },
  { name: 'Model<any>', pattern: /Model<any>/ },
  { name: 'untyped resolver input', pattern: /@Args\([^)]*\)\s*\w+\??\s*:\s*(never|unknown|any)\b/ },
  { name: 'as any', pattern: /\bas any\b/, codeOnly: true },
  { name: 'explicit any', pattern: /:\s*any(\s*[,);=\]>|{]|\s*$)|<any>|\bany\[\]/, codeOnly: true },
];
const isTest = (file: string) => /\.(spec|int-spec)\.ts$|\/test\//.test(file);

function* files(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === '__generated__') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (path.endsWith('.ts')) yield path;
  }
}

const counts = new Map(CHECKS.map((c) => [c.name, 0]));
for (const file of files(join(ROOT, 'services'))) {
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (/^\s*(\/\/|\*)/.test(line)) return;
      for (const c of CHECKS)
        if (c.pattern.test(line) && !(c.codeOnly && isTest(file))) {
          counts.set(c.name, counts.get(c.name)! + 1);
          console.log(`${relative(ROOT, file)}:${i + 1}: ${c.name}: ${line.trim()}`);
        }
    });
}

let stale = false;
if (!process.argv.includes('--no-codegen')) {
  execFileSync('npx', ['graphql-codegen', '--config', 'codegen.ts', '--silent'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  try {
    execFileSync('git', ['diff', '--quiet', '--', 'services/*/src/__generated__'], { cwd: ROOT });
  } catch {
    stale = true;
    console.log('the generated resolver types were out of date: run `npm run codegen` and commit the result');
  }
}
const total = [...counts.values()].reduce((a, b) => a + b, 0);
console.log(
  `check-services: ${[...counts].map(([n, c]) => `${n} ${c}`).join(', ')}${stale ? ', generated types stale' : ''}`,
);
process.exit(total > 0 || stale ? 1 : 0);
