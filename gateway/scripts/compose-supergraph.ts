// Composes the static supergraph the gateway serves, from the subgraphs' SDL files, with
// @apollo/composition (no downloaded binary). `npm run supergraph` writes gateway/supergraph.graphql;
// the tests fail when composition fails or the checked-in file is stale.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';

const ROOT = join(__dirname, '..', '..');
export const SUPERGRAPH_PATH = join(__dirname, '..', 'supergraph.graphql');

/** Every subgraph: its name (also the gateway's SUBGRAPH_<NAME>_URL variable) and its local default URL. */
export const SUBGRAPHS = [
  { name: 'contacts', dir: 'services/contacts', url: 'http://127.0.0.1:4001/graphql' },
  { name: 'satisfaction', dir: 'services/satisfaction', url: 'http://127.0.0.1:4002/graphql' },
  { name: 'knowledge', dir: 'services/knowledge-base', url: 'http://127.0.0.1:4003/graphql' },
  { name: 'procedures', dir: 'services/procedures', url: 'http://127.0.0.1:4004/graphql' },
  { name: 'campaigns', dir: 'services/campaigns', url: 'http://127.0.0.1:4005/graphql' },
];

export function composeSupergraph(): string {
  const result = composeServices(
    SUBGRAPHS.map((s) => {
      const src = join(s.dir, 'src');
      const files = readdirSync(join(ROOT, src), { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.graphql'))
        .sort()
        .map((f) => join(src, f));
      if (!files.length) throw new Error(`no .graphql files in ${src}`);
      const sdl = files.map((f) => readFileSync(join(ROOT, f), 'utf8')).join('\n');
      return { name: s.name, url: s.url, typeDefs: parse(sdl) };
    }),
  );
  if (result.errors?.length || !result.supergraphSdl) {
    throw new Error(
      `supergraph composition failed:\n${(result.errors ?? []).map((e) => `  - ${e.message}`).join('\n')}`,
    );
  }
  return result.supergraphSdl;
}

if (require.main === module) {
  try {
    writeFileSync(SUPERGRAPH_PATH, composeSupergraph());
    console.log(`wrote ${SUPERGRAPH_PATH}`);
  } catch (e) {
    console.error((e as Error).message);
    process.exit(1);
  }
}
