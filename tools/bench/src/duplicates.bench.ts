/**
 * What the duplicate suggestions of a console registration cost in contacts (issue 17), at 100,000 contacts:
 *
 *   npm run bench -- duplicates           (no infrastructure: the read model and use case in this process)
 *   npm run bench -- duplicates --contacts=100000 --calls=200
 *
 * Fills the service's own `ContactReadModel` with a year of contacts (60 % with a case, a third of those
 * still open, 20 categories, varied subjects), then prints the CPU per call (`process.cpuUsage`) of choosing the
 * candidates to score (the newest 300 open cases of the probe's category in the last 60 days): the pass over
 * every contact newest first (`newestFirst()`, what `ContactUseCases.duplicateSuggestions` reads today) beside the
 * list of scored open cases (`scoredNewestFirst`), checked to give the same candidates; then the scoring of those
 * candidates (`rankDuplicates`) and the whole use case call, with the load average. Exits non-zero only if the
 * two ways disagree.
 */
import { loadavg } from 'node:os';
/* eslint-disable @nx/enforce-module-boundaries -- the benchmark measures the service's own read model and use
   case in process */
import { rankDuplicates, type DuplicateCandidate } from '../../../services/contacts/src/case/duplicate.rules';
import type { CaseStatus } from '../../../services/contacts/src/case/case-phases.rules';
import { ContactReadModel, type ContactRow } from '../../../services/contacts/src/contact/contact.read-model';
import type { Contact } from '../../../services/contacts/src/contact/contact.rules';
import {
  memoryService,
  MemoryContactStore,
  OPERATOR,
} from '../../../services/contacts/src/testing/in-memory';

const arg = (name: string, def: number) =>
  Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? def);
const CONTACTS = arg('contacts', 100_000);
const CALLS = arg('calls', 200);
const NOW = new Date('2026-03-02T08:00:00Z');
const DAY = 86_400_000;
/** As the use case: the window and the number of candidates scored. */
const WINDOW_DAYS = 60;
const CANDIDATES = 300;
const LEVEL1 = Array.from({ length: 20 }, (_, i) => `categoria_${i + 1}`);
const OPEN: CaseStatus[] = ['received', 'assigned', 'in_progress', 'waiting_citizen'];
const WORDS = ['buca', 'lampione', 'rifiuti', 'tributi', 'mensa', 'verde', 'rumore', 'parcheggio', 'acqua'];
const say = (s = '') => process.stdout.write(`${s}\n`);

function contact(i: number): Contact {
  const id = `c-${String(i).padStart(7, '0')}`;
  const at = new Date(NOW.getTime() - ((CONTACTS - i) * 365 * DAY) / CONTACTS);
  const hasCase = i % 10 < 6;
  const open = hasCase && i % 3 === 0;
  const w = (k: number) => WORDS[(i * k) % WORDS.length];
  return {
    id,
    revision: 0,
    type: 'report',
    status: open ? 'open' : 'closed',
    operatorId: 'op-anna',
    registeredAt: at,
    subject: `Segnalazione ${w(3)} ${w(7)} in via Roma ${i % 50}`,
    text: `Il problema ${w(5)} si ripete da giorni`,
    category: { level1: LEVEL1[i % LEVEL1.length] },
    ...(hasCase
      ? {
          protocolNumber: `2026/${String(i + 1).padStart(7, '0')}`,
          case: {
            id: `case_${id}`,
            status: open ? OPEN[i % OPEN.length] : 'closed',
            priority: 'normal',
            openedAt: at,
            dueAt: new Date(at.getTime() + 30 * DAY),
            suspensions: [],
          },
        }
      : {}),
  } as unknown as Contact;
}

/** The page's documents from memory (the use case reads the suggested ones by `_id`). */
class BenchStore extends MemoryContactStore {
  readonly byId = new Map<string, Contact>();
  override async opened(id: string): Promise<Contact | null> {
    return this.byId.get(id) ?? null;
  }
}

const candidateOf = (r: ContactRow): DuplicateCandidate => ({
  caseId: r.caseId ?? '',
  categoryLevel1: r.level1,
  categoryLevel2: r.level2,
  lat: r.lat,
  lon: r.lon,
  openedAt: new Date(r.openedAt ?? r.registeredAt),
  tokens: new Set(r.tokens),
});

function cpuPerCall(f: () => unknown, calls = CALLS): number {
  for (let i = 0; i < 20; i++) f();
  const t0 = process.cpuUsage();
  for (let i = 0; i < calls; i++) f();
  const t = process.cpuUsage(t0);
  return (t.user + t.system) / calls;
}

async function main() {
  const store = new BenchStore('contacts', new ContactReadModel());
  const s = memoryService(NOW, store);
  const all = Array.from({ length: CONTACTS }, (_, i) => contact(i));
  for (const c of all) store.byId.set(c.id, c);
  store.readModel.replaceAll(all);
  const model = store.readModel;
  const since = NOW.getTime() - WINDOW_DAYS * DAY;
  const inWindow = [...model.newestFirst()].filter((r) => r.registeredAt >= since);
  say(
    `duplicates bench: ${CONTACTS.toLocaleString('en')} contacts over a year, ${inWindow.length.toLocaleString('en')} ` +
      `in the ${WINDOW_DAYS}-day window (${inWindow.filter((r) => r.tokens).length.toLocaleString('en')} open cases); ` +
      `${CALLS} calls of the pass, ${CALLS * 10} of the list; load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
  );
  say('');
  say(
    '| probe | old: pass over every contact, µs CPU/call | now: the list, µs CPU/call | candidates | scoring them, µs |',
  );
  say('|---|---|---|---|---|');
  let failed = 0;
  for (const level1 of [LEVEL1[3], undefined]) {
    const old = () => {
      const out: DuplicateCandidate[] = [];
      for (const r of model.newestFirst(NOW)) {
        if (r.registeredAt < since || out.length >= CANDIDATES) break;
        if (!r.caseId || !r.tokens || (level1 && r.level1 !== level1)) continue;
        out.push(candidateOf(r));
      }
      return out;
    };
    const now = () => {
      const out: DuplicateCandidate[] = [];
      for (const r of model.scoredNewestFirst(NOW, level1)) {
        if (r.registeredAt < since || out.length >= CANDIDATES) break;
        out.push(candidateOf(r));
      }
      return out;
    };
    const a = old().map((c) => c.caseId);
    const b = now().map((c) => c.caseId);
    const same = a.join() === b.join();
    if (!same) failed++;
    const probe = {
      categoryLevel1: level1,
      at: NOW,
      text: 'Segnalazione buca lampione in via Roma 7',
    };
    const chosen = now();
    const scoring = cpuPerCall(() => rankDuplicates(probe, chosen));
    say(
      `| ${level1 ? 'one category' : 'no category'} | ${cpuPerCall(old).toFixed(0)} | ${cpuPerCall(now, CALLS * 10).toFixed(0)} | ` +
        `${b.length}${same ? '' : ' **DISAGREE**'} | ${scoring.toFixed(0)} |`,
    );
  }
  const probe = {
    channel: 'desk',
    type: 'report',
    subject: 'Buca in via Roma 7',
    category: { level1: LEVEL1[3] },
  };
  const found = await s.contactUseCases.duplicateSuggestions(OPERATOR, probe as never);
  for (let i = 0; i < 20; i++) await s.contactUseCases.duplicateSuggestions(OPERATOR, probe as never);
  const t0 = process.cpuUsage();
  for (let i = 0; i < CALLS; i++) await s.contactUseCases.duplicateSuggestions(OPERATOR, probe as never);
  const t = process.cpuUsage(t0);
  say('');
  say(
    `ContactUseCases.duplicateSuggestions as it is (one category): ${((t.user + t.system) / CALLS).toFixed(0)} µs ` +
      `CPU/call, ${found.length} suggestions; load average ${loadavg()[0].toFixed(1)}`,
  );
  if (failed) {
    say('the list and the pass disagree');
    process.exit(1);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
