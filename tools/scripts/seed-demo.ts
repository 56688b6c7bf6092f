// Loads the demo data of a mid-sized Comune through the gateway, one service after the other, in the order
// their data depends on each other (offices and sheets before procedure types, before contacts, …).
// Each service's seed lives in tools/scripts/seed/<service>.ts, exports `seed(ctx)` and is idempotent.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { seedContext, type SeedContext } from './seed/lib';

const ORDER = ['knowledge', 'procedures', 'contacts', 'campaigns', 'satisfaction'];

async function main() {
  const ctx = seedContext(process.env.URP_GATEWAY_URL ?? 'http://127.0.0.1:4000/graphql');
  for (const name of ORDER) {
    const file = join(__dirname, 'seed', `${name}.ts`);
    if (!existsSync(file)) continue;
    const mod = (await import(file)) as { seed: (ctx: SeedContext) => Promise<void> };
    await mod.seed(ctx);
  }
}

main().catch((e: unknown) => {
  console.error((e as Error).message);
  process.exit(1);
});
