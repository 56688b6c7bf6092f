import { AsyncLocalStorage } from 'node:async_hooks';
import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/** What the subgraph fetches of one client request share: a signal aborted at the deadline or when the client leaves. */
export interface RequestScope {
  signal: AbortSignal;
  reason?: 'deadline' | 'client-left';
  timeoutMs: number;
  /** When the deadline passes (epoch ms): forwarded to the subgraphs in DEADLINE_HEADER. */
  deadline: number;
}

/** The header telling a subgraph until when its answer is awaited (epoch milliseconds). */
export const DEADLINE_HEADER = 'x-urp-deadline';

export const requestScope = new AsyncLocalStorage<RequestScope>();
const logger = new Logger('RequestDeadline');

/**
 * Express middleware: every GraphQL request gets a deadline; when it passes, or when the client closes the
 * connection before its answer, the subgraph fetches still running are aborted (their sockets closed), so no
 * work is left behind for a request nobody waits for.
 */
export function requestDeadlineMiddleware(timeoutMs: number) {
  return (req: Request, res: Response, next: NextFunction) => {
    const controller = new AbortController();
    const scope: RequestScope = { signal: controller.signal, timeoutMs, deadline: Date.now() + timeoutMs };
    const timer = setTimeout(() => {
      scope.reason = 'deadline';
      controller.abort(new Error(`deadline of ${timeoutMs} ms passed`));
    }, timeoutMs);
    timer.unref();
    res.on('close', () => {
      clearTimeout(timer);
      if (!res.writableFinished && !controller.signal.aborted) {
        scope.reason = 'client-left';
        // said before it is done: whoever watches the subgraph's socket close finds the line already written
        logger.warn('client closed the connection before its answer: subgraph requests aborted');
        controller.abort(new Error('the client closed the connection'));
      }
    });
    requestScope.run(scope, next);
  };
}
