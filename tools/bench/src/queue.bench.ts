/**
 * The office queue's cost per call in the contacts read model (issue 17), at 50,000 open cases:
 *
 *   npm run bench -- queue            (no infrastructure: the read model in this process)
 *   npm run bench -- queue --open=50000 --calls=200   (calls of the old pass; the lists get ten times as many)
 *
 * Fills the service's own `ContactReadModel` with open cases (10 offices, 12 due days each way, types,
 * suspensions, alerts) and as many closed ones, then for the console's views (the manager's "Tutte le aperte",
 * overdue, due soon, suspended, one office, a type; a referent of one office; the first page and a page deep
 * in the queue) prints the CPU per call (`process.cpuUsage`) of the lists (`ContactReadModel.queuePage`, what
 * `CaseUseCases.queue` reads now) beside the old one pass over every open case (`walkQueue` over
 * `casesInOrder(false)`, what it read before), with the load average; then the whole use case call
 * (`CaseUseCases.queue`, documents from memory). Exits non-zero only if the two ways disagree on a count or a page.
 */
import { loadavg } from 'node:os';
import type { Actor } from '@urp/kernel';
/* eslint-disable @nx/enforce-module-boundaries -- the benchmark measures the service's own read model and use
   case in process */
import {
  decodeCursor,
  queuePlan,
  queuePredicate,
  walkQueue,
  type QueueFilter,
} from '../../../services/contacts/src/case/case-queue.rules';
import type { CaseStatus } from '../../../services/contacts/src/case/case-phases.rules';
import {
  ContactReadModel,
  officeOfRow,
  scopeOf,
  type ContactRow,
} from '../../../services/contacts/src/contact/contact.read-model';
import type { Contact } from '../../../services/contacts/src/contact/contact.rules';
import { contactsPolicy } from '../../../services/contacts/src/contacts.policy';
import { memoryService, MemoryContactStore } from '../../../services/contacts/src/testing/in-memory';

const arg = (name: string, def: number) =>
  Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? def);
const OPEN = arg('open', 50_000);
const CALLS = arg('calls', 200);
const NOW = new Date('2026-03-02T08:00:00Z');
const DAY = 86_400_000;
const OFFICES = Array.from({ length: 10 }, (_, i) => `off_${i + 1}`);
const OPEN_STATUSES: CaseStatus[] = ['received', 'assigned', 'in_progress', 'waiting_citizen'];
const TYPES = ['report', 'complaint', 'information', 'suggestion'];
const say = (s = '') => process.stdout.write(`${s}\n`);

function contact(i: number, open: boolean): Contact {
  const id = `c-${String(i).padStart(7, '0')}`;
  const k = Math.floor(i / 2); // open and closed alternate: the open ones' attributes vary with k
  return {
    id,
    revision: 0,
    type: TYPES[k % TYPES.length],
    status: open ? 'open' : 'closed',
    operatorId: 'op-anna',
    registeredAt: new Date(NOW.getTime() - (i % 400) * DAY),
    protocolNumber: `2026/${String(i + 1).padStart(7, '0')}`,
    subject: 'Lampione spento',
    category: { level1: 'ambiente_rifiuti' },
    case: {
      id: `case_${id}`,
      status: open ? OPEN_STATUSES[k % OPEN_STATUSES.length] : 'closed',
      priority: 'normal',
      officeId: OFFICES[(k * 7) % OFFICES.length],
      openedAt: new Date(NOW.getTime() - (i % 400) * DAY),
      dueAt: new Date(NOW.getTime() + (((i * 7919) % 24) - 12) * DAY + (i % 1000) * 1000),
      suspensions: k % 20 === 0 ? [{ reason: 'documenti', from: NOW }] : [],
      ...(k % 97 === 0 ? { deliveryFailed: true } : {}),
    },
  } as unknown as Contact;
}

/** The documents of the page, from memory without copies (the use case reads them by `_id`). */
class BenchStore extends MemoryContactStore {
  readonly byId = new Map<string, Contact>();
  override async listed(ids: readonly string[]): Promise<Contact[]> {
    return ids.flatMap((id) => this.byId.get(id) ?? []);
  }
}

const MANAGER: Actor = { sub: 'mgr-1', roles: ['manager'] };
const REFERENT: Actor = { sub: 'staff-verdi', roles: ['referent'], offices: ['off_3'] };

/** CPU microseconds per call of `f`, over `calls` calls (after a few unmeasured ones). */
function cpuPerCall(f: () => unknown, calls = CALLS): number {
  for (let i = 0; i < 20; i++) f();
  const t0 = process.cpuUsage();
  for (let i = 0; i < calls; i++) f();
  const t = process.cpuUsage(t0);
  return (t.user + t.system) / calls;
}

async function cpuPerCallAsync(f: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 20; i++) await f();
  const t0 = process.cpuUsage();
  for (let i = 0; i < CALLS; i++) await f();
  const t = process.cpuUsage(t0);
  return (t.user + t.system) / CALLS;
}

async function main() {
  const store = new BenchStore('contacts', new ContactReadModel());
  const s = memoryService(NOW, store);
  const all: Contact[] = [];
  for (let i = 0; i < OPEN * 2; i++) all.push(contact(i, i % 2 === 0));
  for (const c of all) store.byId.set(c.id, c);
  const t0 = process.cpuUsage();
  store.readModel.replaceAll(all);
  const built = process.cpuUsage(t0);
  const model = store.readModel;
  const open = model.casesInOrder(false).length;
  say(
    `queue bench: ${open.toLocaleString('en')} open cases (+ ${(all.length - open).toLocaleString('en')} closed) ` +
      `in ${OFFICES.length} offices; read model built in ${((built.user + built.system) / 1000).toFixed(0)} ms CPU; ` +
      `${CALLS} calls of the pass and ${CALLS * 10} of the lists per view, page of 20; load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
  );
  // a cursor deep in the queue: the 25,000th open case
  const deep = model.casesInOrder(false)[Math.floor(open / 2)];
  const deepCursor = { dueAt: new Date(deep.dueAt ?? 0), id: deep.id };
  const views: { name: string; actor: Actor; filter: QueueFilter; deep?: boolean }[] = [
    { name: 'manager, all open (first page)', actor: MANAGER, filter: {} },
    { name: 'manager, all open (page at the middle)', actor: MANAGER, filter: {}, deep: true },
    { name: 'manager, overdue', actor: MANAGER, filter: { overdue: true } },
    { name: 'manager, due within 7 days', actor: MANAGER, filter: { dueWithinDays: 7 } },
    { name: 'manager, suspended', actor: MANAGER, filter: { suspended: true } },
    { name: 'manager, one office', actor: MANAGER, filter: { officeId: 'off_2' } },
    {
      name: 'manager, complaints, delivery failed',
      actor: MANAGER,
      filter: { type: 'complaint', alert: 'delivery_failed' },
    },
    { name: 'referent of one office, all open', actor: REFERENT, filter: {} },
    { name: 'referent of one office, overdue', actor: REFERENT, filter: { overdue: true }, deep: true },
  ];
  say('');
  say(
    '| view | old: one pass over every open case, µs CPU/call | now: the lists, µs CPU/call | ratio | totalCount |',
  );
  say('|---|---|---|---|---|');
  let failed = 0;
  for (const v of views) {
    const keep = queuePredicate(v.filter, NOW, { staffId: v.actor.sub, ids: [v.actor.sub] });
    const byOffice = new Map<string | undefined, boolean>();
    const visible = (r: ContactRow): boolean => {
      const office = officeOfRow(r);
      let ok = byOffice.get(office);
      if (ok === undefined)
        byOffice.set(office, (ok = contactsPolicy.allows('case.queue', v.actor, scopeOf(r))));
      return ok;
    };
    const plan = queuePlan(v.filter, NOW);
    if (!plan) throw new Error(`no plan for ${v.name}`);
    const cursor = v.deep ? deepCursor : undefined;
    const old = () => walkQueue(model.casesInOrder(false), (r) => keep(r) && visible(r), cursor, 20);
    const now = () => model.queuePage(plan, visible, keep, cursor, 20);
    const a = old();
    const b = now();
    const same =
      a.total === b.total &&
      a.hasNextPage === b.hasNextPage &&
      a.page.map((r) => r.id).join() === b.page.map((r) => r.id).join();
    if (!same) failed++;
    const before = cpuPerCall(old);
    const after = cpuPerCall(now, CALLS * 10);
    say(
      `| ${v.name} | ${before.toFixed(0)} | ${after.toFixed(1)} | ${(before / after).toFixed(0)}× | ${b.total}${same ? '' : ' **DISAGREE**'} |`,
    );
  }
  // the whole use case (policy, predicate, lists, the page's documents, edges), as the resolver calls it
  const first = await s.cases.queue(MANAGER, {}, 20, undefined);
  const whole = await cpuPerCallAsync(() => s.cases.queue(MANAGER, {}, 20, undefined));
  const next = await cpuPerCallAsync(() =>
    s.cases.queue(MANAGER, {}, 20, first.pageInfo.endCursor ?? undefined),
  );
  decodeCursor(first.pageInfo.endCursor ?? '');
  say('');
  say(
    `CaseUseCases.queue (manager, all open, page of 20, documents from memory): first page ${whole.toFixed(0)} µs ` +
      `CPU/call, second page ${next.toFixed(0)} µs; totalCount ${first.totalCount}; load average ${loadavg()[0].toFixed(1)}`,
  );
  if (failed) {
    say(`${failed} view(s): the lists and the pass disagree`);
    process.exit(1);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
