// Loads the demo data of a mid-sized Comune through the gateway, one service after the other, in the order
// their data depends on each other (offices and sheets before procedure types, before contacts, …).
// Each service's seed lives in tools/scripts/seed/<service>.ts and exports `seed(ctx)`.
//
// The demo is loaded ONCE (issue 18). Where the system remembers it: a marker document `{ _id: 'demo' }` in
// the seed tool's own small database (`urp_demo`, collection `demo`, on MONGO_URL: the same server as the
// services' databases, so `infra.sh reset` wipes it together with the data it describes). The seed writes it
// as `loading` before the first write (a unique _id: two seeds at once cannot both start) and turns it into
// `loaded` LAST. Every run decides from it:
//   - `loaded`            → nothing to do (`npm start` never re-registers, never answers a survey);
//   - `loading`           → an earlier load was interrupted: the demo is partial; refuses, points to demo:reset;
//   - no marker, no data  → loads the demo;
//   - no marker, data     → the data is someone's (or a demo from before the marker): refuses, touches
//                           nothing, points to `npm run demo:reset` (which wipes everything: say so).
// A refusal is not an error (exit 0: `npm start` still serves the system); a failure while loading is (exit 1).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { seedContext, type SeedContext } from './seed/lib';
import { demoMarker, systemData } from './seed/marker';

const ORDER = ['knowledge', 'procedures', 'contacts', 'campaigns', 'satisfaction'];

async function main() {
  const ctx = seedContext(process.env.URP_GATEWAY_URL ?? 'http://127.0.0.1:4000/graphql');
  const mongo = new MongoClient(
    process.env.MONGO_URL ?? `mongodb://127.0.0.1:${process.env.URP_MONGO_PORT ?? 27117}`,
  );
  await mongo.connect();
  try {
    const marker = demoMarker(mongo.db(process.env.URP_DEMO_DB ?? 'urp_demo'));
    const now = await marker.read();
    if (now?.status === 'loaded') {
      ctx.log(`demo data already loaded on ${now.loadedAt}: nothing to do (npm run demo:reset reloads it)`);
      return;
    }
    if (now?.status === 'loading') {
      refuse(
        ctx,
        `an earlier demo load started on ${now.startedAt} did not finish: the demo data is incomplete`,
      );
      return;
    }
    const present = await systemData(ctx);
    if (present.length) {
      refuse(ctx, `the system already holds data (${present.join(', ')}) and no demo marker`);
      return;
    }
    if (!(await marker.begin())) {
      ctx.log('another demo load is running: nothing to do');
      return;
    }
    for (const name of ORDER) {
      const file = join(__dirname, 'seed', `${name}.ts`);
      if (!existsSync(file)) continue;
      const mod = (await import(file)) as { seed: (ctx: SeedContext) => Promise<void> };
      await mod.seed(ctx);
    }
    await marker.finish({
      contacts: ctx.created.contacts.size,
      cases: ctx.created.cases.size,
      procedures: ctx.created.procedures.size,
    });
    ctx.log('demo data loaded (marker written)');
  } finally {
    await mongo.close();
  }
}

function refuse(ctx: SeedContext, why: string) {
  ctx.log(`NOT loading the demo data: ${why}.`);
  ctx.log(
    'To start over with a clean demo run `npm run demo:reset` (it DELETES every local database and topic).',
  );
}

main().catch((e: unknown) => {
  // fetch says only "fetch failed": the reason (refused, bad port, timeout) is in its cause
  const cause = (e as Error).cause as { message?: string; code?: string } | undefined;
  const why = cause ? ` (${[cause.code, cause.message].filter(Boolean).join(': ')})` : '';
  console.error(`demo: ${(e as Error).message}${why}`);
  process.exit(1);
});
