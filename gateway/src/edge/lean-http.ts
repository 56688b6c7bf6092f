import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { HeaderMap, type ApolloServer, type BaseContext, type HTTPGraphQLRequest } from '@apollo/server';
import { metricsRegistry } from '@urp/observability';
import { Counter } from 'prom-client';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';

type Middleware = (req: Request, res: Response, next: NextFunction) => unknown;
type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** body-parser's default limit, which the express path applies to a JSON body (Nest's `json()` parser). */
export const LEAN_BODY_LIMIT = 100 * 1024;
const JSON_TYPES = new Set([
  'application/json',
  'application/json; charset=utf-8',
  'application/json;charset=utf-8',
]);
/** The content type Apollo Server gives a JSON answer, which express's `res.send` leaves as it is. */
const SENT_AS_IS = 'application/json; charset=utf-8';
/** Statuses whose body and content headers express's `res.send` strips (or sets to 0): left to it. */
const NO_BODY_STATUSES = new Set([204, 205, 304]);
const leanRequests = new Counter({
  name: 'urp_gateway_lean_http_requests_total',
  help: 'POST /graphql requests with a JSON body taken by the lean handler (src/edge/lean-http.ts) instead of express',
  registers: [metricsRegistry],
});

/** The route express gives Nest's middleware for `/graphql` (forRoutes path 'graphql', all methods). */
const NEST_MIDDLEWARE_ROUTE = '/graphql/{*path}';
/** Where the lean path hands a failure to express: its error handling answers it, as for any middleware's. */
const FAILURE = Symbol('urpLeanFailure');
type WithFailure = IncomingMessage & { [FAILURE]?: unknown };

/**
 * The requests the lean path serves: a POST to exactly `/graphql` with a JSON body of a declared size within
 * the limit, not compressed. Anything else (GET, other paths and content types, a query string, chunked or
 * encoded bodies, an empty or oversized one) goes to express as before.
 */
export function takesLeanPath(req: IncomingMessage): boolean {
  if (req.method !== 'POST' || req.url !== '/graphql') return false;
  const type = req.headers['content-type'];
  if (!type || !JSON_TYPES.has(type.toLowerCase())) return false;
  if (req.headers['content-encoding'] !== undefined || req.headers['transfer-encoding'] !== undefined)
    return false;
  const length = req.headers['content-length'];
  if (!length || !/^\d{1,6}$/.test(length)) return false;
  const bytes = Number(length);
  return bytes > 0 && bytes <= LEAN_BODY_LIMIT;
}

/**
 * First in express's chain (register it before every other middleware): a request the lean path has already
 * read but cannot serve (a body that is not JSON, a read that failed, an error of the edge) continues as the
 * same error would in express: to its error handling, skipping every other middleware.
 */
export function leanFailureMiddleware(req: Request, _res: Response, next: NextFunction): void {
  const failure = (req as unknown as WithFailure)[FAILURE];
  if (failure === undefined) return next();
  next(failure);
}

/**
 * What body-parser makes of a body the lean path does not parse itself (not strictly an object or an array,
 * a byte-order mark, a syntax error): its error, or its value, from body-parser itself on a copy of the body.
 */
function bodyParserOutcome(req: IncomingMessage, body: Buffer): Promise<{ error?: unknown; body?: unknown }> {
  const copy = Object.assign(Readable.from([body]), {
    headers: req.headers,
    method: req.method,
    url: req.url,
    body: undefined as unknown,
  });
  return new Promise((resolve) =>
    express.json()(copy as unknown as Request, {} as Response, (error?: unknown) =>
      resolve(error === undefined ? { body: copy.body } : { error }),
    ),
  );
}

export interface LeanGraphQL {
  /** The express application behind the server: its request and response prototypes, and the fallback. */
  app: Express;
  apollo: ApolloServer<BaseContext>;
  /** The Apollo Server context function as Nest's driver completed it (the `req` property included). */
  context: (args: { req: Request; res: Response }) => Promise<BaseContext>;
  /** What runs before the body is read on the express path: the HTTP metrics. */
  before: Middleware[];
  /** What runs after it, before GraphQL: the gateway's edge (deadline, slow log, identity, rate limit). */
  edge: Middleware[];
}

/**
 * Issue 17: the gateway's `/graphql` without express's router, Nest's middleware wrappers, body-parser and the
 * Apollo express integration. The request and the response get express's own prototypes (what `app.handle`
 * does), so the edge middlewares run unchanged (`req.ip` with the `trust proxy` setting, `res.status().json()`
 * for a 429); the body is read and parsed as JSON (body-parser's strict rules: an object or an array, else its
 * own error through express); then Apollo Server's `executeHTTPGraphQLRequest` with the same context, and the
 * answer written as the Apollo integration writes it (`res.send`). Everything Apollo Server checks (CSRF
 * prevention, persisted queries, limits, plugins, errors) is unchanged: it is the same server.
 */
export function leanGraphQLHandler(lean: LeanGraphQL, fallback: Handler): Handler {
  const { app, apollo, context } = lean;
  const { before, edge } = lean;
  const failed = (req: IncomingMessage, res: ServerResponse, error: unknown) => {
    (req as WithFailure)[FAILURE] = error ?? new Error('lean path failure');
    fallback(req, res);
  };

  const execute = async (req: Request, res: Response) => {
    const headers = new HeaderMap();
    for (const key in req.headers) {
      const value = req.headers[key];
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const httpGraphQLRequest: HTTPGraphQLRequest = { method: 'POST', headers, search: '', body: req.body };
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest,
      context: () => context({ req, res }),
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status || 200;
    if (response.body.kind === 'complete') {
      const body = response.body.string;
      // what express's `res.send` writes for Apollo's usual answer, without re-parsing the content type it
      // already has (whatwg-mimetype and mime-types, ~1.5 % of the CPU per request): the same headers and bytes
      if (res.getHeader('content-type') === SENT_AS_IS && !NO_BODY_STATUSES.has(res.statusCode)) {
        res.setHeader('Content-Length', String(Buffer.byteLength(body, 'utf8')));
        res.end(body, 'utf8');
        return;
      }
      res.send(body);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };

  /** Runs `chain` from `i` as express runs middlewares, then `then`; an error goes to express's handling. */
  const run = (chain: Middleware[], then: () => void, req: Request, res: Response, i: number) => {
    if (i === chain.length) return then();
    let called = false;
    const next: NextFunction = (error?: unknown) => {
      if (called) return;
      called = true;
      if (error !== undefined && error !== null) failed(req, res, error);
      else run(chain, then, req, res, i + 1);
    };
    try {
      const result = chain[i](req, res, next);
      if (result instanceof Promise) result.catch(next);
    } catch (error) {
      next(error);
    }
  };

  /**
   * The edge, then GraphQL, with `req.route` and `req.baseUrl` as express has them at each step (the HTTP
   * metrics' route label: the edge's own answers, a 429, as Nest's middleware route `/graphql`, Apollo's answers
   * as `/graphql/graphql`; a body express could not parse stays `unmatched`).
   */
  const afterBody = (req: Request, res: Response) => {
    req.route = { path: NEST_MIDDLEWARE_ROUTE };
    run(edge, () => void graphql(req, res), req, res, 0);
  };

  const graphql = (req: Request, res: Response) => {
    req.baseUrl = '/graphql'; // Apollo's middleware is mounted at /graphql
    return execute(req, res).catch((error: unknown) => {
      if (res.headersSent) res.destroy(error instanceof Error ? error : undefined);
      else failed(req, res, error);
    });
  };

  const readBody = (req: Request, res: Response) => {
    const rawReq = req as unknown as IncomingMessage;
    const rawRes = res as unknown as ServerResponse;
    const chunks: Buffer[] = [];
    let size = 0;
    rawReq.on('data', (chunk: Buffer) => {
      size += chunk.length;
      chunks.push(chunk);
    });
    let ended = false; // an error after the body was read is the request scope's business (client gone)
    rawReq.once('error', (error) => ended || failed(rawReq, rawRes, error));
    rawReq.once('end', () => {
      ended = true;
      const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size);
      let parsed: unknown;
      try {
        const text = body.toString('utf8');
        const first = text.trimStart()[0]; // JSON's white space is within trimStart's
        if (size === Number(rawReq.headers['content-length']) && (first === '{' || first === '['))
          parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      if (parsed !== undefined) {
        req.body = parsed;
        return afterBody(req, res);
      }
      void bodyParserOutcome(rawReq, body).then((outcome) => {
        if (outcome.error !== undefined || outcome.body === undefined)
          return failed(rawReq, rawRes, outcome.error);
        req.body = outcome.body;
        afterBody(req, res);
      });
    });
  };

  return (rawReq, rawRes) => {
    if (!takesLeanPath(rawReq)) return fallback(rawReq, rawRes);
    leanRequests.inc();
    // what express's app.handle does before its router (no X-Powered-By: disabled on this app)
    const req = rawReq as unknown as Request & { res: Response };
    const res = rawRes as unknown as Response & { req: Request };
    req.res = res;
    res.req = req;
    Object.setPrototypeOf(rawReq, app.request);
    Object.setPrototypeOf(rawRes, app.response);
    if (!res.locals) res.locals = Object.create(null);
    req.baseUrl = '';
    req.originalUrl = rawReq.url ?? '/graphql';
    run(before, () => readBody(req, res), req, res, 0);
  };
}

/**
 * Puts the lean handler in the place of the express application among the server's `request` listeners (the
 * others, such as Apollo's drain plugin counting requests per socket, stay as and where they are). The express
 * application stays the handler of everything else (health, metrics, GET, other content types).
 */
export function installLeanGraphQL(server: Server, lean: LeanGraphQL): void {
  const listeners = server.listeners('request') as Handler[];
  const express = lean.app as unknown as Handler;
  if (!listeners.includes(express)) throw new Error('the express application does not serve this server');
  const handler = leanGraphQLHandler(lean, express);
  server.removeAllListeners('request');
  for (const listener of listeners) server.on('request', listener === express ? handler : listener);
}
