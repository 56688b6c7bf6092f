/**
 * Preloaded into the satisfaction service by satisfaction-page.bench.ts (`-r` after @swc-node/register), never
 * in production: MongoDB command monitoring on every connection the service opens (each command counted by
 * name and collection, with the documents a `find` returned), and V8's CPU profiler.
 *
 * The first SIGWINCH resets the counters (and starts the profiler when SAT_PAGE_PROFILE names a file); the
 * second writes `{ commands, profile }` to SAT_PAGE_PROBE_OUT (and the profile to SAT_PAGE_PROFILE, for Chrome
 * DevTools or speedscope). Not SIGUSR2: Nest's shutdown hooks stop the application on it.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { MongoClient, type CommandStartedEvent, type CommandSucceededEvent } from 'mongodb';

interface Count {
  commands: number;
  /** Documents returned by find/getMore (a scan returns few but reads many: see `filters`). */
  returned: number;
  totalMs: number;
  /** The distinct filters seen (first 5), to tell an `_id` lookup from a scan. */
  filters: string[];
}

const counts = new Map<string, Count>();
const started = new Map<number, string>();
const PROFILE = process.env.SAT_PAGE_PROFILE;
const OUT = process.env.SAT_PAGE_PROBE_OUT ?? '/tmp/satisfaction-page-probe.json';

function onStarted(e: CommandStartedEvent): void {
  const cmd = e.command as Record<string, unknown>;
  const coll = typeof cmd[e.commandName] === 'string' ? String(cmd[e.commandName]) : '';
  const key = `${e.commandName} ${coll}`.trim();
  started.set(e.requestId, key);
  const c = counts.get(key) ?? { commands: 0, returned: 0, totalMs: 0, filters: [] };
  c.commands++;
  const filter = cmd.filter ?? (cmd.updates as { q?: unknown }[] | undefined)?.[0]?.q;
  if (filter !== undefined && c.filters.length < 5) {
    const shape = JSON.stringify(filter, (_k, v) => (typeof v === 'string' && v.length > 12 ? '…' : v));
    if (!c.filters.includes(shape)) c.filters.push(shape);
  }
  counts.set(key, c);
}

function onSucceeded(e: CommandSucceededEvent): void {
  const key = started.get(e.requestId);
  started.delete(e.requestId);
  const c = key ? counts.get(key) : undefined;
  if (!c) return;
  c.totalMs += e.duration;
  const cursor = (e.reply as { cursor?: { firstBatch?: unknown[]; nextBatch?: unknown[] } }).cursor;
  c.returned += (cursor?.firstBatch ?? cursor?.nextBatch ?? []).length;
}

const connect = MongoClient.prototype.connect;
MongoClient.prototype.connect = function (this: MongoClient) {
  // the driver reads this option at each command (a setter the typings leave out)
  (this as unknown as { monitorCommands: boolean }).monitorCommands = true;
  this.on('commandStarted', onStarted);
  this.on('commandSucceeded', onSucceeded);
  return connect.call(this);
} as typeof connect;

const session = new Session();
session.connect();
let running = false;
process.on('SIGWINCH', () => {
  if (!running) {
    running = true;
    counts.clear();
    if (PROFILE)
      session.post('Profiler.enable', () =>
        session.post('Profiler.setSamplingInterval', { interval: 200 }, () => session.post('Profiler.start')),
      );
    return;
  }
  running = false;
  const write = () =>
    writeFileSync(OUT, JSON.stringify({ commands: Object.fromEntries(counts), profile: PROFILE ?? null }));
  if (!PROFILE) return write();
  session.post('Profiler.stop', (err, result) => {
    if (!err) writeFileSync(PROFILE, JSON.stringify(result.profile));
    write();
  });
});
