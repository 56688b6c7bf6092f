/**
 * E-mail composed and sent on a thread of its own. The notification sender is one event loop: its Kafka intake,
 * its store writes and the SMTP exchange took turns on one core while the machine's other core had room. Here the
 * `SmtpAdapter` (nodemailer's composer and pool: about half of the sender's CPU per message) runs in a worker
 * thread; the sender's thread hands it the messages and gets the outcomes back, a batch per turn of either loop.
 * Nothing else changes: the same adapter, the same bytes on the wire, the same errors (`DeliveryError` with its
 * permanence and code) and the same pool of connections.
 */
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  DeliveryError,
  type DeliveryAdapter,
  type DkimKey,
  type OutgoingMessage,
  type SendOutcome,
} from './adapters';

/** Messages the threaded adapter takes at once (`inFlight`): the notifications bench gives its baseline the same. */
export const SMTP_THREAD_IN_FLIGHT = 64;

/** What the worker is started with. */
export interface SmtpThreadConfig {
  url: string;
  from: string;
  poolSize: number;
  dkim?: DkimKey;
}

/** One message for the worker, numbered by the thread that sent it. */
export interface ThreadRequest {
  id: number;
  message: OutgoingMessage;
}

/** The outcome of one message: the adapter's result, or its error as plain data. */
export type ThreadReply =
  | { id: number; outcome: SendOutcome }
  | { id: number; error: { message: string; permanent: boolean; code?: string } };

/** The worker's module beside this one: TypeScript when run from the sources, JavaScript when compiled. */
const WORKER_FILE = join(__dirname, `smtp.worker${extname(__filename)}`);

/**
 * The options a worker gets: only the TypeScript hook when its file is TypeScript (run from the sources; Jest's
 * transform does not reach a worker thread). Nothing else of the parent's: its process-wide flags are refused by a
 * worker (`--expose-gc`, `--cpu-prof`, V8's heap sizes), and its preloads are not the worker's business (the
 * tracing preload would start a second tracing SDK there: 17 s before the first e-mail in the tests).
 */
export function workerExecArgv(file = WORKER_FILE): string[] {
  return file.endsWith('.ts') ? ['-r', '@swc-node/register'] : [];
}

/**
 * A `DeliveryAdapter` for e-mail whose work happens in a worker thread running `SmtpAdapter`. Messages handed over
 * in the same turn of the event loop cross in one `postMessage`. If the worker dies, the messages it held fail as
 * a transient error (`smtp_worker_exit`: the sender tries them again with backoff, as after a dropped connection)
 * and the next message starts a new worker.
 */
export class ThreadedSmtpAdapter implements DeliveryAdapter {
  readonly channel = 'email' as const;
  /**
   * 64, not 8: the worker's pool queues what its 4 connections are not sending, so a connection that ends a message
   * starts the next one at once, without waiting for the sender's thread (busy with the intake, the store, Kafka)
   * to take the outcome and hand over another message. With 8, the connections waited for that thread: 2,200
   * messages/s at most where raw nodemailer does about 2,900 (tools/bench/results/notifications.md, session 31).
   */
  readonly inFlight = SMTP_THREAD_IN_FLIGHT;
  private worker: Worker | null = null;
  private readonly pending = new Map<
    number,
    { resolve: (o: SendOutcome) => void; reject: (e: DeliveryError) => void }
  >();
  private outgoing: ThreadRequest[] = [];
  private flushing = false;
  private next = 1;
  private closed = false;
  private idle: NodeJS.Timeout | undefined;

  /** `idleMs`: an idle worker stops after this long (its memory returned); the next message starts another. */
  constructor(
    private readonly config: SmtpThreadConfig,
    private readonly idleMs = 30_000,
  ) {}

  send(message: OutgoingMessage): Promise<SendOutcome> {
    if (this.closed) return Promise.reject(new DeliveryError('adapter closed', false, 'smtp_closed'));
    const id = this.next++;
    return new Promise<SendOutcome>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.outgoing.push({ id, message });
      if (!this.flushing) {
        this.flushing = true;
        // every message handed over in this turn goes in one postMessage
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.flushing = false;
    const batch = this.outgoing;
    this.outgoing = [];
    if (!batch.length) return;
    try {
      const worker = this.started();
      // messages in flight keep the process alive until their outcomes are back; an idle worker never does
      worker.ref();
      clearTimeout(this.idle);
      worker.postMessage(batch);
    } catch (e) {
      this.failAll(`the SMTP worker could not take the messages: ${(e as Error).message}`, batch);
    }
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_FILE, { workerData: this.config, execArgv: workerExecArgv() });
    worker.on('message', (replies: ThreadReply[]) => {
      for (const r of replies) {
        const p = this.pending.get(r.id);
        if (!p) continue;
        this.pending.delete(r.id);
        if ('outcome' in r) p.resolve(r.outcome);
        else p.reject(new DeliveryError(r.error.message, r.error.permanent, r.error.code));
      }
      if (!this.pending.size) {
        worker.unref();
        // a service that sends now and then does not keep a second thread (about 25 MB) for nothing
        clearTimeout(this.idle);
        this.idle = setTimeout(() => this.stopIdle(worker), this.idleMs).unref();
      }
    });
    const gone = (why: string) => {
      if (this.worker !== worker) return;
      this.worker = null;
      this.failAll(why);
    };
    worker.on('error', (e) => gone(`the SMTP worker failed: ${e.message}`));
    worker.on('exit', (code) => gone(`the SMTP worker stopped (exit code ${code})`));
    this.worker = worker;
    return worker;
  }

  /** The messages the worker held (or was about to get) fail as a transient error: tried again later. */
  private failAll(why: string, batch?: ThreadRequest[]): void {
    const ids = batch ? batch.map((r) => r.id) : [...this.pending.keys()];
    for (const id of ids) {
      const p = this.pending.get(id);
      if (!p) continue;
      this.pending.delete(id);
      p.reject(new DeliveryError(why, false, 'smtp_worker_exit'));
    }
  }

  private stopIdle(worker: Worker): void {
    if (this.worker !== worker || this.pending.size || this.outgoing.length) return;
    this.worker = null;
    void worker.terminate();
  }

  async close(): Promise<void> {
    clearTimeout(this.idle);
    this.closed = true;
    const worker = this.worker;
    this.worker = null;
    if (!worker) return;
    // the pool is closed in the worker; messages still in flight there fail (transient) as on a closed pool
    await worker.terminate();
    this.failAll('the SMTP worker was stopped');
  }
}
