import { now, perSecond, sortedPercentile } from './stats';

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

// ------------------------------------------------------------------------ targets measured in turn

/** One request: resolves when answered, throws when it failed. */
export type Send = () => Promise<void>;

/** A target's figures over one phase. */
export interface TurnPhase {
  /** Calls measured: answered, and timed out (see `isTimeout`); failed calls are in `errors` only. */
  calls: number;
  errors: number;
  /** Calls that failed with a timeout: slow, not broken; their time is in the percentiles (at least that long). */
  timeouts: number;
  firstError?: string;
  /** Answered calls per second of the clients' busy time (Little's law: concurrency / mean time of a call). */
  rps: number;
  /** Throughput phase: answered calls per second of the slices' wall time, each slice's drain included. */
  wallRps?: number;
  p50: number;
  p95: number;
  p99: number;
}

export interface TurnOptions {
  /** Which failures are timeouts (counted apart, their time kept); default: none. */
  isTimeout?: (e: unknown) => boolean;
  /** More than this many errors without one answer: the target is broken, no more calls to it (default 50). */
  giveUpAfterErrors?: number;
}

interface Tally {
  latencies: number[];
  /** The sum of every call's time, failed ones included: the time the clients were busy with this target. */
  busy: number;
  errors: number;
  timeouts: number;
  firstError?: string;
  /** Wall time of the slices this target ran in (throughput phase). */
  wall: number;
}

/** An error's message with its cause (`fetch failed` alone does not say whether the peer reset or refused). */
function describe(e: unknown): string {
  const err = e as Error & { cause?: { code?: string; message?: string } };
  const cause = err.cause ? (err.cause.code ?? err.cause.message) : undefined;
  return cause ? `${err.message} (${cause})` : String(err.message ?? e);
}

const tally = (): Tally => ({ latencies: [], busy: 0, errors: 0, timeouts: 0, wall: 0 });
const brokenAfter = (o: TurnOptions) => (t: Tally) =>
  t.errors > (o.giveUpAfterErrors ?? 50) && t.latencies.length === 0;

async function call(send: Send, t: Tally, o: TurnOptions): Promise<void> {
  const started = now();
  try {
    await send();
    t.latencies.push(now() - started);
  } catch (e) {
    if (o.isTimeout?.(e)) {
      t.timeouts++;
      t.latencies.push(now() - started);
    } else {
      t.errors++;
      t.firstError ??= describe(e).slice(0, 300);
    }
  } finally {
    t.busy += now() - started;
  }
}

function phaseOf(t: Tally, concurrency: number): TurnPhase {
  const sorted = [...t.latencies].sort((a, b) => a - b);
  const answered = sorted.length - t.timeouts;
  return {
    calls: sorted.length,
    errors: t.errors,
    timeouts: t.timeouts,
    ...(t.firstError ? { firstError: t.firstError } : {}),
    // a closed loop keeps `concurrency` calls of this target in flight: the answered calls over the clients'
    // busy time, times the concurrency. It does not depend on how the phase is cut into slices, so targets
    // measured in slices compare alike (at c = 1 it is one over the mean time of a call)
    rps: perSecond(answered * concurrency, t.busy),
    ...(t.wall > 0 ? { wallRps: perSecond(answered, t.wall) } : {}),
    p50: sortedPercentile(sorted, 50),
    p95: sortedPercentile(sorted, 95),
    p99: sortedPercentile(sorted, 99),
  };
}

/**
 * One call at a time, the targets in turn, request by request, each one first in turn (A B, B A, A B, …),
 * for `seconds` per target in all. Measuring one for a few seconds and then the other compares two moments
 * of a shared machine; in turn, both meet the same load, and their ratio is what counts.
 */
export async function latencyInTurn(
  sends: Send[],
  seconds: number,
  o: TurnOptions = {},
): Promise<TurnPhase[]> {
  const broken = brokenAfter(o);
  const tallies = sends.map(tally);
  const stopAt = now() + seconds * 1000 * sends.length;
  for (let round = 0; now() < stopAt && !tallies.every(broken); round++)
    for (let j = 0; j < sends.length; j++) {
      const k = (round + j) % sends.length;
      if (!broken(tallies[k])) await call(sends[k], tallies[k], o);
    }
  return tallies.map((t) => phaseOf(t, 1));
}

/**
 * `concurrency` calls in flight, the targets in turn by slices of `sliceMs` (each one first in turn), `seconds`
 * per target in all. A slice ends when its last call has answered: two targets never run at the same time.
 */
export async function throughputInTurn(
  sends: Send[],
  concurrency: number,
  seconds: number,
  o: TurnOptions & { sliceMs?: number } = {},
): Promise<TurnPhase[]> {
  const broken = brokenAfter(o);
  const tallies = sends.map(tally);
  const slices = Math.max(1, Math.round((seconds * 1000) / (o.sliceMs ?? 1000)));
  const sliceMs = (seconds * 1000) / slices;
  for (let round = 0; round < slices; round++)
    for (let j = 0; j < sends.length; j++) {
      const k = (round + j) % sends.length;
      const t = tallies[k];
      if (broken(t)) continue;
      const started = now();
      const stopAt = started + sliceMs;
      const worker = async () => {
        while (now() < stopAt && !broken(t)) await call(sends[k], t, o);
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
      t.wall += now() - started;
    }
  return tallies.map((t) => phaseOf(t, concurrency));
}
