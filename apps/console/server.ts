// Serves the built console (dist/) and proxies /graphql to the gateway, so the console and the API are one
// origin: no CORS, and the bearer token never leaves it. `npm start -w @urp/console` (after `npm run build`).
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { extname, join, normalize, resolve } from 'node:path';
import { z } from 'zod';

const Env = z.object({
  URP_CONSOLE_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  PORT: z.coerce.number().int().min(1).max(65535).optional(),
  HOST: z.string().default('127.0.0.1'),
  GATEWAY_URL: z.string().url().default('http://127.0.0.1:4000'),
  OIDC_ISSUER: z.string().url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).default('urp-console'),
  // development only: lets a tester sign in with a pasted dev token; never on by default
  CONSOLE_DEV_LOGIN: z.enum(['true', 'false']).default('false'),
  CONSOLE_DIST: z.string().optional(),
});

export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const bad = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`console: bad configuration: ${bad}`);
  }
  const e = parsed.data;
  return {
    port: e.URP_CONSOLE_PORT ?? e.PORT ?? 4480,
    host: e.HOST,
    gateway: new URL('/graphql', e.GATEWAY_URL.replace(/\/graphql\/?$/, '/')),
    issuer: e.OIDC_ISSUER,
    clientId: e.OIDC_CLIENT_ID,
    devLogin: e.CONSOLE_DEV_LOGIN === 'true',
    dist: resolve(e.CONSOLE_DIST ?? join(__dirname, 'dist')),
  };
}
type Config = ReturnType<typeof loadConfig>;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ico': 'image/x-icon',
};

function securityHeaders(cfg: Config): Record<string, string> {
  const idp = cfg.issuer ? ` ${new URL(cfg.issuer).origin}` : '';
  return {
    'content-security-policy':
      `default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; ` +
      `connect-src 'self'${idp}; form-action 'self'${idp}; frame-ancestors 'none'; base-uri 'self'`,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  };
}

function proxyGraphql(cfg: Config, req: IncomingMessage, res: ServerResponse): void {
  const target = cfg.gateway;
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const headers = { ...req.headers, host: target.host };
  delete headers.cookie; // the console authenticates with its bearer token only
  const up = send(target, { method: req.method, headers }, (upRes) => {
    res.writeHead(upRes.statusCode ?? 502, upRes.headers);
    upRes.pipe(res);
  });
  up.on('error', () => {
    if (res.headersSent) return res.destroy();
    res.writeHead(502, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({ errors: [{ message: 'gateway unreachable', extensions: { code: 'BAD_GATEWAY' } }] }),
    );
  });
  req.pipe(up);
}

/**
 * The browser's code-for-token exchange goes through here: same origin, so the identity provider needs no
 * CORS entry per console address (Keycloak's web origins match exact origins only, ports included).
 */
function oidcTokenProxy(cfg: Config) {
  let endpoint: Promise<string> | null = null;
  const tokenEndpoint = () =>
    (endpoint ??= fetch(`${cfg.issuer}/.well-known/openid-configuration`)
      .then(async (r) => {
        if (!r.ok) throw new Error(`discovery answered ${r.status}`);
        return ((await r.json()) as { token_endpoint: string }).token_endpoint;
      })
      .catch((e: unknown) => {
        endpoint = null;
        throw e;
      }));
  return async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    try {
      const upstream = await fetch(await tokenEndpoint(), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: Buffer.concat(chunks),
      });
      res.writeHead(upstream.status, {
        'content-type': upstream.headers.get('content-type') ?? 'application/json',
        'cache-control': 'no-store',
      });
      res.end(Buffer.from(await upstream.arrayBuffer()));
    } catch {
      res.writeHead(502, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          error: 'temporarily_unavailable',
          error_description: 'identity provider unreachable',
        }),
      );
    }
  };
}

function serveFile(
  res: ServerResponse,
  file: string,
  headers: Record<string, string>,
  immutable: boolean,
): void {
  res.writeHead(200, {
    ...headers,
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  createReadStream(file).pipe(res);
}

export function createConsoleServer(cfg: Config) {
  const sec = securityHeaders(cfg);
  const index = join(cfg.dist, 'index.html');
  const tokenProxy = cfg.issuer ? oidcTokenProxy(cfg) : null;
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://console');
    const path = url.pathname;
    if (path === '/graphql') return proxyGraphql(cfg, req, res);
    if (path === '/oidc/token' && req.method === 'POST' && tokenProxy) return void tokenProxy(req, res);
    if (path === '/health/live' || path === '/health/ready') {
      const ok = path === '/health/live' || existsSync(index);
      res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
      return res.end(
        JSON.stringify({ status: ok ? 'ok' : 'console not built (npm run build -w @urp/console)' }),
      );
    }
    if (path === '/config.json') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      return res.end(
        JSON.stringify({
          issuer: cfg.issuer,
          clientId: cfg.issuer ? cfg.clientId : undefined,
          devLogin: cfg.devLogin,
        }),
      );
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' });
      return res.end();
    }
    const file = normalize(join(cfg.dist, decodeURIComponent(path)));
    if (file.startsWith(cfg.dist + '/') && existsSync(file) && statSync(file).isFile()) {
      return serveFile(res, file, sec, path.startsWith('/assets/'));
    }
    if (path.startsWith('/assets/')) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      return res.end('non trovato');
    }
    if (!existsSync(index)) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
      return res.end('La scrivania non è stata compilata: npm run build -w @urp/console');
    }
    // client-side routes (/sportello, /pratiche/…): the single page
    return serveFile(res, index, sec, false);
  });
}

if (require.main === module) {
  let cfg: Config;
  try {
    cfg = loadConfig();
  } catch (e) {
    console.error((e as Error).message);
    process.exit(1);
  }
  const server = createConsoleServer(cfg);
  server.listen(cfg.port, cfg.host, () => {
    console.log(
      `console: http://${cfg.host}:${cfg.port}/ (GraphQL proxied to ${cfg.gateway.href}${cfg.devLogin ? '; DEVELOPMENT sign-in ON' : ''})`,
    );
  });
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
