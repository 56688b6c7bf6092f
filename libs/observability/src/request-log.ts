import { Logger, RequestMethod } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { LoggerModule } from 'nestjs-pino';

/**
 * The JSON logs of the gateway and of every service (`name`: `gateway`, `contacts`, …). GraphQL requests are not
 * logged one by one: pino-http's per-request logger (a child logger, its context bound for the request, a line
 * serialised per answer) was a few per cent of the gateway's CPU and about a tenth of a subgraph's on every
 * request (issue 17), and what such a line says is in `/metrics` (`urp_http_*`, `urp_graphql_*`) and in the
 * traces. `slowOrFailedRequestLog` writes a line for the requests an operator has to look at. Other routes
 * (internal endpoints, the public pages) keep pino-http's line; `/health` is not logged (nor passed through
 * pino-http), nor a survey link (`unloggedRequest`).
 */
export const jsonLoggerModule = (level: string, name: string) =>
  LoggerModule.forRoot({
    pinoHttp: {
      level,
      name,
      // structured JSON logs; secrets never reach them
      redact: ['req.headers.authorization', 'req.headers["x-urp-identity"]', 'req.headers.cookie'],
      autoLogging: { ignore: (req) => unloggedRequest(req.url ?? '') },
      customProps: () => ({ service: name }),
    },
    // the probes write no line (`unloggedRequest`): without pino-http they also build no child logger
    exclude: [
      { path: 'graphql', method: RequestMethod.ALL },
      { path: 'health/*path', method: RequestMethod.ALL },
    ],
  });

/**
 * Requests pino-http writes no line for: the health probes, and the citizen's survey link (satisfaction's
 * `/s/<token>`), whose URL is the credential that answers the survey (a log line would hand it to whoever
 * reads the logs; the page's views are counted in `/metrics` by route template, `/s/:token`).
 */
export const unloggedRequest = (url: string): boolean => url.startsWith('/health') || url.startsWith('/s/');

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
