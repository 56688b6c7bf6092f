import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { spawnService, waitFor, type RunningProcess } from '@urp/testing';
import { serviceEnv } from './helpers';

const REPO_ROOT = join(__dirname, '../../..');
const FISCAL_CODE = 'RSSMRA80A01H501U';
const TOKEN = 'q8Zr3kVb0TnWc5yLmA7xP2sD9fHjK4gE1uIoY6tRwQe'; // the shape of a survey token (43 base64url)
const SATISFACTION_PORT = 41701;
const IO_PORT = 41702;

interface SpanLine {
  service: string;
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
}
const spansIn = (file: string): SpanLine[] =>
  existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as SpanLine)
    : [];

/**
 * Spans written by the real SDK, instrumentations and file exporter (traces.jsonl) carry no fiscal code and no
 * survey token: the App IO profile check through the campaigns IO adapter (client and server spans), and a real
 * satisfaction service answering `GET /s/<token>`.
 */
describe('spans exported to traces.jsonl carry no fiscal code and no token', () => {
  const dir = mkdtempSync(join(tmpdir(), 'urp-redaction-'));
  const tracing = (file: string) => ({ OTEL_SDK_DISABLED: 'false', URP_TRACES_FILE: join(dir, file) });

  it('the IO profile check: GET /api/v1/profiles/<fiscal code>', async () => {
    // a process traced as the services are (register.ts preloaded), calling a stub of IO with the real adapter
    const script = `
      const http = require('node:http');
      const { shutdownTracing } = require('./libs/observability/src/tracing.ts');
      const { IoAdapter } = require('./services/campaigns/src/delivery/adapters.ts');
      const server = http.createServer((req, res) => {
        res.writeHead(req.method === 'GET' ? 200 : 201, { 'content-type': 'application/json' });
        res.end(req.method === 'GET' ? '{"sender_allowed":true}' : '{"id":"m1"}');
      });
      server.listen(${IO_PORT}, '127.0.0.1', async () => {
        const io = new IoAdapter('http://127.0.0.1:${IO_PORT}', 'key');
        const outcome = await io.send({ to: '${FISCAL_CODE.toLowerCase()}', subject: 'Avviso', text: 'Testo' });
        server.close();
        await shutdownTracing();
        console.log(JSON.stringify(outcome));
      });`;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['-r', '@swc-node/register', '-r', './libs/observability/src/register.ts', '-e', script],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, ...tracing('io.jsonl'), OTEL_SERVICE_NAME: 'io-check' },
        timeout: 120_000,
      },
    );
    expect(JSON.parse(stdout.trim().split('\n').pop()!)).toEqual({ status: 'sent', code: 'io:m1' });

    const spans = spansIn(join(dir, 'io.jsonl'));
    // client (2) and server (1) spans of both calls, with their URLs redacted
    const client = spans.filter((s) => s.kind === 2);
    const server = spans.filter((s) => s.kind === 1);
    expect(client.map((s) => s.attributes['url.full']).sort()).toEqual([
      `http://127.0.0.1:${IO_PORT}/api/v1/messages/{id}`,
      `http://127.0.0.1:${IO_PORT}/api/v1/profiles/{id}`,
    ]);
    expect(server.length).toBe(2);
    expect(readFileSync(join(dir, 'io.jsonl'), 'utf8')).not.toMatch(new RegExp(FISCAL_CODE, 'i'));
  });

  describe('a survey page', () => {
    let satisfaction: RunningProcess;
    beforeAll(async () => {
      satisfaction = await spawnService(
        'services/satisfaction/src/main.ts',
        serviceEnv('satisfaction', tracing('satisfaction.jsonl')),
        SATISFACTION_PORT,
      );
    });
    afterAll(() => satisfaction?.stop());

    it('GET /s/<token> and /s/<fiscal code>', async () => {
      for (const secret of [TOKEN, FISCAL_CODE]) {
        const res = await fetch(`${satisfaction.url}/s/${secret}?from=mail`);
        await res.text();
        expect(res.status).toBeLessThan(500);
      }
      const file = join(dir, 'satisfaction.jsonl');
      const pages = await waitFor(
        () => {
          const found = spansIn(file).filter((s) => s.kind === 1 && s.attributes['url.path'] === '/s/{id}');
          return found.length >= 2 ? found : undefined;
        },
        { timeoutMs: 30_000 },
      );
      expect(pages).toHaveLength(2);
      const text = readFileSync(file, 'utf8');
      expect(text).not.toContain(TOKEN);
      expect(text).not.toMatch(new RegExp(FISCAL_CODE, 'i'));
      expect(text).not.toContain('from=mail');
    });
  });
});
