// Checks the output of tools/scripts/build-app.sh before anything runs it: every import of the compiled code
// must work on plain node in the production image.
//   node tools/scripts/build-check.js dist/services/contacts
// - no `@urp/*` import is left (SWC rewrites them to relative paths; one left would reach the TypeScript
//   sources through node_modules/@urp at run time);
// - every relative import names a file of the output (a module outside src that the build did not compile);
// - every package imported is a production dependency of the root package.json (the image installs
//   `npm ci --omit=dev`: a devDependency would be missing there).
// Plain JavaScript, so the build needs no TypeScript hook.
'use strict';
const { execFileSync } = require('node:child_process');
const { existsSync, readFileSync } = require('node:fs');
const { builtinModules } = require('node:module');
const { dirname, join, resolve } = require('node:path');

const out = process.argv[2];
if (!out || !existsSync(out)) {
  console.error('usage: node tools/scripts/build-check.js <output dir>');
  process.exit(2);
}
const root = resolve(__dirname, '..', '..');
const production = new Set(Object.keys(require(join(root, 'package.json')).dependencies ?? {}));
const builtins = new Set(builtinModules);
const packageOf = (spec) => (spec.startsWith('@') ? spec.split('/').slice(0, 2) : spec.split('/').slice(0, 1)).join('/');

const problems = [];
const files = execFileSync('find', [out, '-name', '*.js'], { encoding: 'utf8' }).split('\n').filter(Boolean);
for (const file of files) {
  for (const [, spec] of readFileSync(file, 'utf8').matchAll(/require\("([^"]+)"\)/g)) {
    if (spec.startsWith('@urp/')) problems.push(`${file}: ${spec} (not rewritten to a relative path)`);
    else if (spec.startsWith('.')) {
      const target = resolve(dirname(file), spec);
      const found = [target, `${target}.js`, `${target}.json`, join(target, 'index.js')].some((t) => existsSync(t));
      if (!found) problems.push(`${file}: ${spec} (not in the output)`);
    } else if (!spec.startsWith('node:') && !builtins.has(packageOf(spec)) && !production.has(packageOf(spec))) {
      problems.push(`${file}: ${spec} (not a production dependency of the root package.json)`);
    }
  }
}
if (problems.length) {
  console.error(`build: ERROR: imports that would fail in production:\n${problems.join('\n')}`);
  process.exit(1);
}
