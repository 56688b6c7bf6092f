/**
 * Preload for profiling the contacts service (issue 17): counts every database command the process sends, by
 * database, collection, command and filter shape (a `find` whose filter is anything but `{_id}` is a scan on
 * FerretDB 1.24), with the time each took; and samples the CPU with V8's profiler.
 *
 *   STORE_OPS_OUT=/tmp/contacts-prof node -r ./services/contacts/scripts/store-ops-hook.js -r @swc-node/register \
 *     services/contacts/src/main.ts
 *   kill -WINCH <pid>   # first: forget what was counted, start the CPU profiler
 *   kill -WINCH <pid>   # second: write <out>/store-ops.json and <out>/cpu.cpuprofile (speedscope, DevTools)
 *
 * Not SIGUSR2: Nest's shutdown hooks stop the application on it.
 */
const fs = require('node:fs');
const path = require('node:path');
const inspector = require('node:inspector');
const { MongoClient } = require('mongodb');

const out = process.env.STORE_OPS_OUT || '/tmp/contacts-prof';
let ops = new Map();
const started = new Map();

/** `{_id}`, `{requesterId, at}`, `{_outbox.id: $exists}`: the keys of a filter, operators named. */
function shape(filter) {
  if (!filter || typeof filter !== 'object') return '{}';
  const keys = Object.entries(filter).map(([k, v]) =>
    v &&
    typeof v === 'object' &&
    !Array.isArray(v) &&
    !(v instanceof Date) &&
    Object.keys(v)[0]?.startsWith('$')
      ? `${k}:${Object.keys(v).join(',')}`
      : k,
  );
  return `{${keys.join(', ')}}`;
}

function describe(e) {
  const c = e.command;
  const coll = typeof c[e.commandName] === 'string' ? c[e.commandName] : '';
  let what = '';
  if (e.commandName === 'find' || e.commandName === 'count' || e.commandName === 'delete')
    what = shape(c.filter ?? c.query ?? c.deletes?.[0]?.q);
  else if (e.commandName === 'findAndModify') what = shape(c.query);
  else if (e.commandName === 'update') what = `${c.updates.length}× ${shape(c.updates[0]?.q)}`;
  else if (e.commandName === 'insert') what = `${c.documents.length} doc(s)`;
  else if (e.commandName === 'aggregate') what = JSON.stringify(c.pipeline?.map((s) => Object.keys(s)[0]));
  return `${e.databaseName}.${coll} ${e.commandName} ${what}`.trim();
}

const connect = MongoClient.prototype.connect;
MongoClient.prototype.connect = function (...args) {
  if (!this.__storeOps) {
    this.__storeOps = true;
    this.monitorCommands = true;
    this.on('commandStarted', (e) => started.set(e.requestId, { key: describe(e), at: performance.now() }));
    const done = (e) => {
      const s = started.get(e.requestId);
      if (!s) return;
      started.delete(e.requestId);
      const o = ops.get(s.key) ?? { count: 0, ms: 0, failed: 0 };
      o.count++;
      o.ms += performance.now() - s.at;
      if (e.failure) o.failed++;
      ops.set(s.key, o);
    };
    this.on('commandSucceeded', done);
    this.on('commandFailed', done);
  }
  return connect.apply(this, args);
};

const session = new inspector.Session();
session.connect();
let running = false;
let since = Date.now();
process.on('SIGWINCH', () => {
  if (!running) {
    running = true;
    ops = new Map();
    since = Date.now();
    session.post('Profiler.enable', () =>
      session.post('Profiler.setSamplingInterval', { interval: 500 }, () => session.post('Profiler.start')),
    );
    process.stderr.write('store-ops: counting and profiling\n');
    return;
  }
  running = false;
  fs.mkdirSync(out, { recursive: true });
  const rows = [...ops]
    .map(([key, o]) => ({ key, ...o, ms: Math.round(o.ms) }))
    .sort((a, b) => b.count - a.count);
  fs.writeFileSync(
    path.join(out, 'store-ops.json'),
    JSON.stringify({ seconds: (Date.now() - since) / 1000, ops: rows }, null, 2),
  );
  session.post('Profiler.stop', (err, result) => {
    if (err) return process.stderr.write(`store-ops: profile failed: ${err.message}\n`);
    fs.writeFileSync(path.join(out, 'cpu.cpuprofile'), JSON.stringify(result.profile));
    process.stderr.write(`store-ops: written to ${out}\n`);
  });
});
