import { Logger, RequestMethod } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { LoggerModule, type Params } from 'nestjs-pino';

/**
 * The JSON logs of the gateway and of every service (`name`: `gateway`, `contacts`, …). GraphQL requests are not
 * logged one by one: pino-http's per-request logger (a child logger, its context bound for the request, a line
 * serialised per answer) was a few per cent of the gateway's CPU and about a tenth of a subgraph's on every
 * request (issue 17), and what such a line says is in `/metrics` (`urp_http_*`, `urp_graphql_*`) and in the
 * traces. `slowOrFailedRequestLog` writes a line for the requests an operator has to look at. Other routes
 * (internal endpoints, the public pages) keep pino-http's line, cut to what an operator needs and no citizen's
 * data (`loggedRequest`); `/health` is not logged (nor passed through pino-http), nor a survey link
 * (`unloggedRequest`).
 */
export const jsonLoggerModule = (level: string, name: string) =>
  LoggerModule.forRoot({
    pinoHttp: requestLogOptions(level, name),
    // the probes write no line (`unloggedRequest`): without pino-http they also build no child logger
    exclude: [
      { path: 'graphql', method: RequestMethod.ALL },
      { path: 'health/*path', method: RequestMethod.ALL },
    ],
  });

/** pino-http's options: structured JSON lines, no header (secrets, user agent), no address, no credential. */
export const requestLogOptions = (level: string, name: string) =>
  ({
    level,
    name,
    serializers: { req: loggedRequest, res: loggedResponse },
    autoLogging: { ignore: (req) => unloggedRequest(req.url ?? '') },
    customProps: () => ({ service: name }),
  }) satisfies Params['pinoHttp'];

/**
 * Requests pino-http writes no line for: the health probes, and the citizen's survey link (satisfaction's
 * `/s/<token>`), whose URL is the credential that answers the survey (a log line would hand it to whoever
 * reads the logs; the page's views are counted in `/metrics` by route template, `/s/:token`).
 */
export const unloggedRequest = (url: string): boolean => url.startsWith('/health') || url.startsWith('/s/');

/**
 * Public routes whose path segment after the prefix is a per-delivery credential: whoever holds the URL of
 * `/u/<token>` unsubscribes the citizen (POST), `/t/o/<token>.gif` and `/t/c/<token>/<link>` record an open or a
 * click as theirs, `/feedback/<token>` is a delivery's report URL, `/s/<token>` answers the survey.
 */
const TOKEN_ROUTES = ['/t/o/', '/t/c/', '/u/', '/feedback/', '/s/'];

/**
 * The URL as a log line keeps it: the route's shape, each token replaced by `:token` (`/t/c/:token/2`), the
 * query's parameter names without their values (`?service_code&status`): no credential, nothing a citizen typed.
 */
export function loggedUrl(url: string | undefined): string {
  if (!url) return '';
  const q = url.indexOf('?');
  let path = q < 0 ? url : url.slice(0, q);
  for (const prefix of TOKEN_ROUTES)
    if (path.startsWith(prefix)) {
      const rest = path.slice(prefix.length);
      const slash = rest.indexOf('/');
      path = `${prefix}:token${slash < 0 ? '' : rest.slice(slash)}`;
      break;
    }
  if (q < 0) return path;
  const names = url
    .slice(q + 1)
    .split('&')
    .map((pair) => pair.split('=')[0])
    .filter(Boolean)
    .map((n) => (/^[\w.[\]-]{1,32}$/.test(n) ? n : '…'));
  return names.length ? `${path}?${[...new Set(names)].join('&')}` : path;
}

/**
 * A request in a log line: its id, method and `loggedUrl`. Not its headers (the user agent, cookies, tokens),
 * not the caller's address: a citizen's IP next to a delivery's route ties them to a message and a requester,
 * and a hash of an IPv4 address is undone by trying the 2^32 of them. Correlation goes by the request id and
 * the trace; the rate limits count addresses in memory and write none.
 */
export function loggedRequest(req: { id?: unknown; method?: string; url?: string }) {
  return { id: req.id, method: req.method, url: loggedUrl(req.url) };
}

/** A response in a log line: its status (not its headers: a redirect's `location` is a citizen's click). */
export function loggedResponse(res: { statusCode?: number }) {
  return { statusCode: res.statusCode };
}

const logger = new Logger('GraphQLRequest');

/**
 * Express middleware for `/graphql`: one warning for a request answered with a server error (5xx) or slower
 * than `slowMs`, with its operation name (the client's, shortened), status and duration; nothing otherwise.
 * No header, variable or address is logged.
 */
export function slowOrFailedRequestLog(slowMs: number) {
  return (req: Request, res: Response, next: NextFunction) => {
    const start = performance.now();
    res.once('finish', () => {
      const ms = Math.round(performance.now() - start);
      if (res.statusCode < 500 && ms < slowMs) return;
      const body = req.body as { operationName?: unknown } | undefined;
      const operation =
        typeof body?.operationName === 'string' ? body.operationName.slice(0, 100) : undefined;
      logger.warn(
        { method: req.method, status: res.statusCode, ms, ...(operation ? { operation } : {}) },
        res.statusCode >= 500 ? 'GraphQL request failed' : 'slow GraphQL request',
      );
    });
    next();
  };
}
