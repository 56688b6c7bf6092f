/**
 * Resolver types for the contacts subgraph. Its enums carry the domain's values at run time (`enumResolver` in app.module.ts maps
 * `DESK` ↔ `desk`), so the generated types say so: every enum value is its lowercase name.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

function* graphqlFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* graphqlFiles(path);
    else if (name.endsWith('.graphql')) yield path;
  }
}

const enumValues: Record<string, Record<string, string>> = {};
for (const file of graphqlFiles(join(__dirname, 'src'))) {
  const sdl = readFileSync(file, 'utf8');
  for (const m of sdl.matchAll(/enum\s+(\w+)\s*\{([^}]*)\}/g)) {
    const values = m[2]
      .split('\n')
      .map((l) => l.replace(/#.*$/, '').trim())
      .filter((l) => /^[A-Z][A-Z0-9_]*$/.test(l));
    enumValues[m[1]] = Object.fromEntries(values.map((v) => [v, v.toLowerCase()]));
  }
}

/** What the resolvers return for the entities: the views in shared/graphql-view.ts (domain object inside). */
const mappers = {
  Contact: '../shared/graphql-view#ContactView',
  Case: '../shared/graphql-view#CaseView',
  Requester: '../shared/graphql-view#RequesterView',
};

export default { enumValues, mappers };
