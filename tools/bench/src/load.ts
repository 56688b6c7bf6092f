import { now } from './stats';

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls `done` every `intervalMs` until it is true (→ true) or `timeoutMs` passed (→ false). */
export async function waitUntil(
  done: () => boolean | Promise<boolean>,
  timeoutMs: number,
  intervalMs = 5,
): Promise<boolean> {
  const deadline = now() + timeoutMs;
  for (;;) {
    if (await done()) return true;
    if (now() >= deadline) return false;
    await sleep(intervalMs);
  }
}

export interface ClosedLoopOptions {
  total: number;
  concurrency: number;
  /** Stop issuing new calls after this instant (epoch ms); calls in flight finish. */
  deadline: number;
  /** Back-pressure: while it returns true no new call starts (polled every 2 ms). Gets the number started so far. */
  hold?: (started: number) => boolean;
  task: (index: number) => Promise<void>;
}

/** Runs `task(0..total-1)` with at most `concurrency` calls in flight. Returns how many were started. */
export async function closedLoop(o: ClosedLoopOptions): Promise<number> {
  let next = 0;
  const worker = async () => {
    while (next < o.total && now() < o.deadline) {
      if (o.hold?.(next)) {
        await sleep(2);
        continue;
      }
      await o.task(next++);
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, worker));
  return next;
}

export interface OpenLoopOptions {
  ratePerSecond: number;
  total: number;
  tickMs: number;
  /** Called on each tick with the indices due since the previous tick (the schedule catches up after a late tick). */
  emit: (from: number, count: number) => void;
  /** Checked on each tick: a reason to stop early (overload), or undefined to go on. */
  stopIf?: () => string | undefined;
}

export interface OpenLoopResult {
  issued: number;
  startedAt: number;
  endedAt: number;
  stoppedEarly?: string;
}

/** Emits `total` items at a fixed rate, in small groups every `tickMs`, independently of how fast they are handled. */
export function openLoop(o: OpenLoopOptions): Promise<OpenLoopResult> {
  return new Promise((resolve) => {
    const startedAt = now();
    let issued = 0;
    const tick = () => {
      const reason = o.stopIf?.();
      if (reason) return finish(reason);
      const due = Math.min(o.total, Math.floor(((now() - startedAt) * o.ratePerSecond) / 1000));
      if (due > issued) {
        o.emit(issued, due - issued);
        issued = due;
      }
      if (issued >= o.total) finish();
    };
    const timer = setInterval(tick, o.tickMs);
    const finish = (stoppedEarly?: string) => {
      clearInterval(timer);
      resolve({ issued, startedAt, endedAt: now(), ...(stoppedEarly ? { stoppedEarly } : {}) });
    };
  });
}

/** A unique name part: letters and digits only (valid in topic, group and FerretDB database names). */
export const uniqueSuffix = (): string =>
  `${Date.now().toString(36)}${Math.floor(Math.random() * 36 ** 4)
    .toString(36)
    .padStart(4, '0')}`;
