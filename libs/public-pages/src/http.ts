import type { Request, Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { StatusPageConfig } from './config';

/**
 * The headers of every public page: HTML, never cached (a status or a survey link is one person's), no script or
 * third party at all (inline style only), forms post only to the page's own origin, never framed, no referrer (a
 * survey link's token is in its URL), not indexed.
 */
export const PUBLIC_PAGE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-robots-tag': 'noindex, nofollow',
});

/** Sends a public page with its status and `PUBLIC_PAGE_HEADERS`. */
export function sendPublicPage(res: Response, status: number, html: string): void {
  res.status(status).set(PUBLIC_PAGE_HEADERS).send(html);
}

/** Lets a look-up through (`true`), or has answered it with the 429 page (`false`). */
export type LookupGate = (req: Request, res: Response) => Promise<boolean>;

/**
 * The per-address limit of a public look-up (a status page's POST: a number and a secret to guess), counted
 * before the look-up itself so that every attempt counts, right or wrong (express-rate-limit, in memory per
 * instance, standard `RateLimit` headers): `STATUS_PAGE_RATE_LIMIT` per `STATUS_PAGE_RATE_WINDOW_MS` of the service's
 * configuration (`statusPageEnv`). Over the limit the answer is 429 with `retry-after` and the page `tooMany(seconds)`
 * builds.
 */
export function lookupGate(
  config: Pick<StatusPageConfig, 'STATUS_PAGE_RATE_LIMIT' | 'STATUS_PAGE_RATE_WINDOW_MS'>,
  tooMany: (seconds: number) => string,
): LookupGate {
  const limiter = rateLimit({
    windowMs: config.STATUS_PAGE_RATE_WINDOW_MS,
    limit: config.STATUS_PAGE_RATE_LIMIT,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (req, res) => {
      const reset = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const seconds = Math.max(1, Math.ceil(((reset?.getTime() ?? Date.now()) - Date.now()) / 1000));
      res.set('retry-after', String(seconds));
      sendPublicPage(res, 429, tooMany(seconds));
    },
  });
  return async (req, res) => {
    const passed = await new Promise<boolean>((resolve) => {
      res.once('finish', () => resolve(false));
      void limiter(req, res, () => resolve(true));
    });
    return passed && !res.headersSent;
  };
}
