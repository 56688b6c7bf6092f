// Publishes the demo's offices, forms, reply templates and its first N service sheets through the gateway,
// and nothing else (no marker, no contacts): what the chaos suite needs behind the public slice.
//   URP_GATEWAY_URL=… AUTH_JWT_SECRET=… node -r @swc-node/register tools/scripts/seed/publish-sheets.ts 8
import { seedContext } from './lib';
import { seed } from './knowledge';
import { SHEETS } from './knowledge/sheets';

const count = Number(process.argv[2] ?? SHEETS.length);
seed(seedContext(process.env.URP_GATEWAY_URL ?? 'http://127.0.0.1:4000/graphql'), {
  slugs: SHEETS.slice(0, count).map((s) => s.slug),
}).catch((e: unknown) => {
  console.error(`publish-sheets: ${(e as Error).message}`);
  process.exit(1);
});
