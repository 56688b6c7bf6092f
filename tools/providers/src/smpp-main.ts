/**
 * The local SMSC (SMPP 3.4): `node -r @swc-node/register tools/providers/src/smpp-main.ts`
 * env: SMPP_PROVIDER_PORT (2775), SMPP_PROVIDER_SYSTEM_ID (`urp`), SMPP_PROVIDER_PASSWORD (`local-smpp`),
 * SMPP_PROVIDER_UNDELIVERABLE (comma-separated numbers whose receipt is UNDELIV),
 * SMPP_PROVIDER_HTTP_PORT (8931: `GET /health`, `GET /_provider/messages`, `/_provider/refused`, `/_provider/binds`).
 * The campaigns service then uses `SMPP_URL=smpp://urp:local-smpp@127.0.0.1:2775`.
 */
import { createServer } from 'node:http';
import { startSmsc } from './smpp';

const env = process.env;
const undeliverable = new Set(
  (env.SMPP_PROVIDER_UNDELIVERABLE ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);

startSmsc({
  port: Number.parseInt(env.SMPP_PROVIDER_PORT ?? '2775', 10),
  systemId: env.SMPP_PROVIDER_SYSTEM_ID ?? 'urp',
  password: env.SMPP_PROVIDER_PASSWORD ?? 'local-smpp',
  undeliverable,
})
  .then((smsc) => {
    const http = createServer((req, res) => {
      const body: unknown =
        req.url === '/health'
          ? { status: 'ok' }
          : req.url === '/_provider/messages'
            ? smsc.accepted()
            : req.url === '/_provider/refused'
              ? smsc.refused()
              : req.url === '/_provider/binds'
                ? smsc.binds()
                : undefined;
      res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body ?? { error: 'not found' }));
    });
    const httpPort = Number.parseInt(env.SMPP_PROVIDER_HTTP_PORT ?? '8931', 10);
    http.listen(httpPort, '127.0.0.1', () =>
      console.log(`smpp provider: smpp://127.0.0.1:${smsc.port} (inspection http://127.0.0.1:${httpPort})`),
    );
    const stop = () =>
      void Promise.all([smsc.stop(), new Promise((r) => http.close(r))]).then(() => process.exit(0));
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  })
  .catch((e: unknown) => {
    console.error('smpp provider failed to start:', e);
    process.exit(1);
  });
