/**
 * The local SMSC (SMPP 3.4): `node -r @swc-node/register tools/providers/src/smpp-main.ts`
 * env: SMPP_PROVIDER_PORT (2775), SMPP_PROVIDER_SYSTEM_ID (`urp`), SMPP_PROVIDER_PASSWORD (`local-smpp`),
 * SMPP_PROVIDER_UNDELIVERABLE (comma-separated numbers whose receipts are UNDELIV),
 * SMPP_PROVIDER_HOLD_RECEIPTS (comma-separated numbers whose receipts wait for `POST /_provider/receipts`),
 * SMPP_PROVIDER_HTTP_PORT (8931): `GET /health`, `GET /_provider/messages` (whole messages),
 * `/_provider/parts` (every submit_sm, with its concatenation header and receipt), `/_provider/refused`,
 * `/_provider/binds`; `POST /_provider/receipts` `{"id": "<part id>", "stat": "DELIVRD" | "UNDELIV" | "REJECTD" |
 * "EXPIRED" | "DELETED" | "UNKNOWN", "via"?: "other"}` sends a held receipt, or a part's receipt once more (404
 * when that part has none);
 * `via: "other"`: on the newest other session of the account, not the one that submitted.
 * The campaigns service then uses `SMPP_URL=smpp://urp:local-smpp@127.0.0.1:2775`.
 */
import { createServer } from 'node:http';
import { startSmsc, type ReceiptStat } from './smpp';

const env = process.env;
const numbers = (list: string | undefined) =>
  new Set(
    (list ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );

startSmsc({
  port: Number.parseInt(env.SMPP_PROVIDER_PORT ?? '2775', 10),
  systemId: env.SMPP_PROVIDER_SYSTEM_ID ?? 'urp',
  password: env.SMPP_PROVIDER_PASSWORD ?? 'local-smpp',
  undeliverable: numbers(env.SMPP_PROVIDER_UNDELIVERABLE),
  holdReceipts: numbers(env.SMPP_PROVIDER_HOLD_RECEIPTS),
})
  .then((smsc) => {
    const http = createServer((req, res) => {
      const answer = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.method === 'POST' && req.url === '/_provider/receipts') {
        let raw = '';
        req.on('data', (c: Buffer) => (raw += c.toString()));
        req.on('end', () => {
          let body: { id?: unknown; stat?: unknown; via?: unknown } = {};
          try {
            body = JSON.parse(raw) as typeof body;
          } catch {
            return answer(400, { error: 'invalid JSON' });
          }
          const ok = smsc.releaseReceipt(
            String(body.id),
            String(body.stat) as ReceiptStat,
            body.via === 'other' ? 'other' : undefined,
          );
          answer(ok ? 202 : 404, ok ? { released: body.id } : { error: 'no held receipt' });
        });
        return;
      }
      const body: unknown =
        req.url === '/health'
          ? { status: 'ok' }
          : req.url === '/_provider/messages'
            ? smsc.accepted()
            : req.url === '/_provider/parts'
              ? smsc.parts()
              : req.url === '/_provider/refused'
                ? smsc.refused()
                : req.url === '/_provider/binds'
                  ? smsc.binds()
                  : undefined;
      answer(body === undefined ? 404 : 200, body ?? { error: 'not found' });
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
