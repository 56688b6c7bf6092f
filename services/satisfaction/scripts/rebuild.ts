// Rebuilds the indicators from nothing by replaying every topic they are built from, and replaces the stored
// snapshot (state + offsets). `npm run -w @urp/satisfaction-service rebuild [-- --dry-run]`.
// Run it with the service stopped (a running service would overwrite the snapshot at its next checkpoint):
// on a running service use the GraphQL mutation `rebuildIndicators` (admin), which does the same live.
import { createKafka } from '@urp/messaging';
import { loadConfig } from '@urp/platform';
import { MongoClient } from 'mongodb';
import { z } from 'zod';
import { INDICATOR_TOPICS } from '../src/indicators/projection';
import { replayTopics } from '../src/indicators/replay';
import { SnapshotStore } from '../src/indicators/indicators.store';

const env = z.object({
  MONGO_URL: z.string().default(`mongodb://127.0.0.1:${process.env.URP_MONGO_PORT ?? 27117}`),
  MONGO_DB: z.string().default('urp_satisfaction'),
  KAFKA_BROKERS: z
    .string()
    .default(`127.0.0.1:${process.env.URP_KAFKA_PORT ?? 19092}`)
    .transform((s) => s.split(',')),
});

async function main() {
  const dryRun = process.argv.includes('--dry-run');
  const config = loadConfig(env);
  const kafka = createKafka({ clientId: 'satisfaction-rebuild', brokers: config.KAFKA_BROKERS });
  const result = await replayTopics(kafka, INDICATOR_TOPICS, {
    groupPrefix: 'urp.satisfaction.cli',
  });
  const checksum = result.projection.checksum();
  console.log(
    JSON.stringify({
      topics: INDICATOR_TOPICS,
      messages: result.messages,
      eventsApplied: result.events,
      invalidMessages: result.invalid,
      durationMs: result.durationMs,
      eventsPerSecond: Math.round(result.messages / Math.max(result.durationMs / 1000, 0.001)),
      checksum,
    }),
  );
  if (dryRun) return;
  const mongo = new MongoClient(config.MONGO_URL);
  try {
    const snapshots = new SnapshotStore(mongo.db(config.MONGO_DB));
    const bytes = await snapshots.save(result.projection, new Date());
    console.log(`snapshot replaced in ${config.MONGO_DB} (${bytes} bytes compressed)`);
  } finally {
    await mongo.close();
  }
}

main().catch((e: unknown) => {
  console.error((e as Error).message);
  process.exit(1);
});
