import type { NextFunction, Request, Response } from 'express';

type Middleware = (req: Request, res: Response, next: NextFunction) => unknown;

/**
 * Express middlewares run one after the other as one: each calls the next one's `next`, an error (or
 * `next('route')`) leaves the chain at once to the framework's `next`, as Express does between middlewares.
 * A middleware that answers (a 429) and calls no `next` ends the chain there. Something a middleware throws
 * synchronously, or an async one rejects with, goes to `next(error)`, as Express 5 does.
 */
export function chainMiddleware(middlewares: readonly Middleware[]): Middleware {
  return (req, res, done) => {
    const step = (i: number) => (error?: unknown) => {
      if (error !== undefined && error !== null) return done(error);
      if (i === middlewares.length) return done();
      try {
        const result = middlewares[i](req, res, step(i + 1));
        if (result instanceof Promise) result.catch(done);
      } catch (e) {
        done(e);
      }
    };
    step(0)();
  };
}
