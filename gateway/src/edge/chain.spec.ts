import type { NextFunction, Request, Response } from 'express';
import { chainMiddleware } from './chain';

type Mw = (req: Request, res: Response, next: NextFunction) => unknown;
const req = {} as Request;
const res = {} as Response;

/** Runs the chain and resolves with what it handed to the framework's `next` (or 'answered' if nothing). */
const run = (mws: Mw[]) =>
  new Promise<unknown>((resolve) => {
    chainMiddleware(mws)(req, res, (e?: unknown) => resolve(e === undefined ? 'next' : e));
    setTimeout(() => resolve('answered'), 20);
  });

describe('chainMiddleware (the gateway edge as one middleware)', () => {
  it('runs each middleware in order, then the framework’s next', async () => {
    const seen: string[] = [];
    const mw =
      (name: string): Mw =>
      (_q, _s, next) => {
        seen.push(name);
        next();
      };
    expect(await run([mw('deadline'), mw('log'), mw('identity'), mw('limit')])).toBe('next');
    expect(seen).toEqual(['deadline', 'log', 'identity', 'limit']);
  });

  it('stops at an error, at a middleware that answers, at a throw and at a rejection', async () => {
    const after = jest.fn<void, [Request, Response, NextFunction]>((_q, _s, next) => next());
    const failure = new Error('no');
    expect(await run([(_q, _s, next) => next(failure), after])).toBe(failure);
    expect(await run([() => undefined, after])).toBe('answered'); // a 429: no next
    expect(
      await run([
        () => {
          throw failure;
        },
        after,
      ]),
    ).toBe(failure);
    expect(await run([async () => Promise.reject(failure), after])).toBe(failure);
    expect(after).not.toHaveBeenCalled();
  });
});
