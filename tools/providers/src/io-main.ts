/**
 * The local IO messages API: `node -r @swc-node/register tools/providers/src/io-main.ts`
 * env: IO_PROVIDER_PORT (8930), IO_PROVIDER_KEY (the subscription key to accept; default `local-io-key`),
 * IO_PROVIDER_PROFILES (JSON `{"<fiscal code>": {"senderAllowed": true}}`; default: two demo profiles).
 */
import { startIoProvider, type IoProfile } from './io';

const env = process.env;
const profiles = new Map<string, IoProfile>(
  Object.entries(
    JSON.parse(
      env.IO_PROVIDER_PROFILES ??
        '{"RSSMRA80A01H501U":{"senderAllowed":true},"BNCGLI85M41F205X":{"senderAllowed":false}}',
    ) as Record<string, IoProfile>,
  ),
);

startIoProvider({
  port: Number.parseInt(env.IO_PROVIDER_PORT ?? '8930', 10),
  apiKey: env.IO_PROVIDER_KEY ?? 'local-io-key',
  profiles,
})
  .then((p) => {
    console.log(`io provider: ${p.url}/api/v1 (${profiles.size} profiles)`);
    const stop = () => void p.stop().then(() => process.exit(0));
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  })
  .catch((e: unknown) => {
    console.error('io provider failed to start:', e);
    process.exit(1);
  });
