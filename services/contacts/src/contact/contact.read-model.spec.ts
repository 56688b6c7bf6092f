/**
 * Issue 17 in contacts: every hot read (the queue with its filters, counts and cursor, the duplicate
 * suggestions, the contact list, the requester search) is answered from the read model at 10,000 cases; the
 * store is asked only for the page's documents by `_id`, never for a scan.
 */
import type { Actor } from '@urp/kernel';
import type { CaseStatus } from '../case/case-phases.rules';
import { rankDuplicates, type DuplicateCandidate } from '../case/duplicate.rules';
import { memoryService, MemoryContactStore, OPERATOR } from '../testing/in-memory';
import type { Contact } from './contact.rules';
import { ContactReadModel } from './contact.read-model';
import { ContactReadModelSync } from './contact.read-model.sync';
import type { ContactStore } from './contact.store';
import type { RequesterStore } from '../requester/requester.store';
import type { ContactsConfig } from '../config';

/** What the use cases ask of the contacts' store: `_id` lookups only, and never too many at once. */
class RecordingStore extends MemoryContactStore {
  calls: { op: string; ids: number }[] = [];
  override async get(id: string) {
    this.calls.push({ op: 'get', ids: 1 });
    return super.get(id);
  }
  override async getMany(ids: readonly string[]) {
    this.calls.push({ op: 'getMany', ids: ids.length });
    return super.getMany(ids);
  }
  override async listed(ids: readonly string[]) {
    this.calls.push({ op: 'listed', ids: ids.length });
    return super.listed(ids);
  }
  override all(): Contact[] {
    this.calls.push({ op: 'all', ids: Infinity });
    return super.all();
  }
}

const REFERENT: Actor = { sub: 'staff-verdi', roles: ['referent'], offices: ['off_1'] };
const REFERENT_2: Actor = { sub: 'staff-neri', roles: ['referent'], offices: ['off_2'] };
const MANAGER: Actor = { sub: 'mgr-1', roles: ['manager'] };
const N = 10_000;
const DAY = 86_400_000;
const STATUSES: CaseStatus[] = ['received', 'assigned', 'in_progress', 'answered', 'closed'];

async function setup() {
  const store = new RecordingStore('contacts');
  const s = memoryService(new Date('2026-03-02T08:00:00Z'), store);
  for (const [id, code] of [
    ['off_1', 'ufficio_uno'],
    ['off_2', 'ufficio_due'],
  ])
    s.directory.offices.push({ id, code, name: `Ufficio ${code}`, active: true });
  const mario = await s.requesterUseCases.create(OPERATOR, {
    kind: 'person',
    name: 'Mario Rossi',
    fiscalCode: 'RSSMRA80A01H501U',
    purpose: 'registrazione',
  });
  // one real registration: the template of the 10,000 (a case with every field the use cases write)
  const template = await s.contactUseCases.register(OPERATOR, {
    channel: 'desk',
    type: 'report',
    subject: 'Lampione spento in via Roma',
    openCase: true,
    officeId: 'ufficio_uno',
    category: { level1: 'ambiente_rifiuti' },
  });
  const now = s.clock.now().getTime();
  for (let i = 1; i <= N; i++) {
    const status = STATUSES[i % STATUSES.length];
    const id = `c-${String(i).padStart(5, '0')}`;
    await store.commit({
      previous: null,
      next: {
        ...template,
        id,
        revision: 0,
        registeredAt: new Date(now - (N - i) * 600_000),
        operatorId: i % 7 === 0 ? 'staff-verdi' : 'op-anna',
        protocolNumber: `${i % 2 ? 2026 : 2025}/${String(i).padStart(7, '0')}`,
        ...(i % 100 === 0 ? { requesterId: mario.id } : {}),
        subject: i % 3 ? `Buca in strada numero ${i}` : `Rifiuti abbandonati ${i}`,
        case: {
          ...template.case!,
          id: `case_${id}`,
          status,
          officeId: i % 2 ? 'off_1' : 'off_2',
          openedAt: new Date(now - (N - i) * 600_000),
          dueAt: new Date(now + ((i * 7919) % 60) * DAY - 30 * DAY),
          suspensions: i % 50 === 0 ? [{ reason: 'documenti', from: new Date(now - DAY) }] : [],
          ...(i % 97 === 0 ? { deliveryFailed: true } : {}),
        },
      },
      events: [],
    });
  }
  store.calls = [];
  return { s, store, mario: mario.id, template };
}

const ids = (page: { edges: { node: { id: string } }[] }) => page.edges.map((e) => e.node.id);

describe('the contacts read model (issue 17)', () => {
  let ctx: Awaited<ReturnType<typeof setup>>;
  beforeAll(async () => {
    ctx = await setup();
  }, 120_000);
  beforeEach(() => {
    ctx.store.calls = [];
  });
  afterEach(() => {
    // the store answered `_id` lookups of one page at most: never a scan, never the whole collection
    for (const c of ctx.store.calls) {
      expect(['get', 'getMany', 'listed']).toContain(c.op);
      expect(c.ids).toBeLessThanOrEqual(100);
    }
  });

  it('pages the queue by a stable cursor with its count, from memory', async () => {
    const { s } = ctx;
    const open = [...ctx.s.contacts.readModel.casesInOrder(false)];
    const seen: string[] = [];
    let after: string | undefined;
    let total = 0;
    for (let p = 0; p < 3; p++) {
      const page = await s.cases.queue(MANAGER, {}, 100, after);
      total = page.totalCount;
      seen.push(...ids(page));
      after = page.pageInfo.endCursor ?? undefined;
    }
    expect(total).toBe(open.length);
    expect(seen).toEqual(open.slice(0, 300).map((r) => r.id));
    // due dates never go back across pages
    const dues = open.slice(0, 300).map((r) => r.dueAt ?? 0);
    expect([...dues].sort((a, b) => a - b)).toEqual(dues);
  });

  it('"mine" for the head of an office: its cases nobody holds', async () => {
    const { s } = ctx;
    const office = s.directory.offices.find((o) => o.id === 'off_1')!;
    office.headReferentId = 'staff-verdi';
    try {
      const mine = await s.cases.queue(REFERENT, { mine: true }, 20, undefined);
      const openRows = s.contacts.readModel.casesInOrder(false);
      const expected = openRows.filter(
        (r) => r.caseOfficeId === 'off_1' && (r.referentId === undefined || r.operatorId === 'staff-verdi'),
      );
      expect(expected.length).toBeGreaterThan(0);
      expect(mine.totalCount).toBe(expected.length);
      expect(ids(mine)).toEqual(expected.slice(0, 20).map((r) => r.id));
    } finally {
      delete office.headReferentId;
    }
  });

  it('answers every filter of the queue, the office scope applied before the count', async () => {
    const { s, mario } = ctx;
    const byRef = await s.cases.queue(REFERENT, {}, 20, undefined);
    const mine = await s.cases.queue(REFERENT, { mine: true }, 20, undefined);
    const overdue = await s.cases.queue(MANAGER, { overdue: true }, 20, undefined);
    const soon = await s.cases.queue(MANAGER, { dueWithinDays: 5 }, 20, undefined);
    const suspended = await s.cases.queue(MANAGER, { suspended: true }, 20, undefined);
    const failed = await s.cases.queue(MANAGER, { alert: 'delivery_failed' }, 20, undefined);
    const closed = await s.cases.queue(MANAGER, { status: ['closed'] }, 20, undefined);
    const protocol = await s.cases.queue(MANAGER, { protocolNumber: '2026/0000123' }, 20, undefined);
    const anyYear = await s.cases.queue(
      MANAGER,
      { protocolNumber: '124', includeClosed: true },
      20,
      undefined,
    );
    const ofMario = await s.cases.queue(MANAGER, { requesterId: mario, includeClosed: true }, 20, undefined);
    const rows = s.contacts.readModel.casesInOrder(true);
    const openRows = rows.filter((r) => r.caseStatus !== 'closed');
    const now = s.clock.now().getTime();
    expect(byRef.totalCount).toBe(openRows.filter((r) => r.caseOfficeId === 'off_1').length);
    expect(byRef.edges.every((e) => e.node.case.officeId === 'off_1')).toBe(true);
    expect(mine.totalCount).toBe(
      openRows.filter((r) => r.caseOfficeId === 'off_1' && r.operatorId === 'staff-verdi').length,
    );
    expect(overdue.totalCount).toBe(openRows.filter((r) => (r.dueAt ?? 0) < now).length);
    expect(overdue.edges.every((e) => e.node.case.dueAt.getTime() < now)).toBe(true);
    expect(soon.totalCount).toBe(
      openRows.filter((r) => (r.dueAt ?? 0) >= now && (r.dueAt ?? 0) <= now + 5 * DAY).length,
    );
    expect(suspended.totalCount).toBe(openRows.filter((r) => r.suspended).length);
    expect(failed.totalCount).toBe(openRows.filter((r) => r.deliveryFailed).length);
    expect(closed.edges.every((e) => e.node.case.status === 'closed')).toBe(true);
    expect(ids(protocol)).toEqual(['c-00123']);
    expect(ids(anyYear)).toEqual(['c-00124']);
    expect(ofMario.totalCount).toBe(N / 100);
    expect(ofMario.edges.every((e) => e.node.requesterId === mario)).toBe(true);
  });

  it('pages "mine" from the cases that name me, as the pass over every open case would', async () => {
    const { s } = ctx;
    const pages = async (actor: Actor) => {
      const seen: string[] = [];
      let after: string | undefined;
      let total = 0;
      do {
        const page = await s.cases.queue(actor, { mine: true }, 100, after);
        total = page.totalCount;
        seen.push(...ids(page));
        after = page.pageInfo.hasNextPage ? (page.pageInfo.endCursor ?? undefined) : undefined;
      } while (after);
      return { seen, total };
    };
    const expected = (who: string, office?: string) =>
      s.contacts.readModel
        .casesInOrder(false)
        .filter(
          (r) =>
            (!office || r.caseOfficeId === office) &&
            (r.operatorId === who || r.referentId === who || !!r.mentioned?.includes(who)),
        )
        .map((r) => r.id);
    // a referent registered a seventh of the cases: read from the index of people
    expect(s.contacts.readModel.openCasesOf(['staff-verdi'])).toBeDefined();
    expect(s.contacts.readModel.openCasesOf(['op-anna'])).toBeUndefined();
    const verdi = await pages(REFERENT);
    expect(verdi.seen).toEqual(expected('staff-verdi', 'off_1'));
    expect(verdi.total).toBe(verdi.seen.length);
    expect(verdi.seen.length).toBeGreaterThan(100);
    // an operator who registered most of them: one pass over the open cases instead, the same answer
    const anna = await pages({ sub: 'op-anna', roles: ['manager'] });
    expect(anna.seen).toEqual(expected('op-anna'));
    // a mention puts a case in my queue at once, a referent of mine too
    const other = s.contacts.readModel
      .casesInOrder(false)
      .find((r) => r.caseOfficeId === 'off_1' && r.operatorId !== 'staff-verdi');
    await s.cases.addNote(MANAGER, { caseId: other!.caseId!, text: 'serve il parere di @staff-verdi' });
    const after = await pages(REFERENT);
    expect(after.seen).toEqual(expected('staff-verdi', 'off_1'));
    expect(after.seen).toContain(other!.id);
    expect(after.total).toBe(verdi.total + 1);
  });

  it('suggests duplicates and lists the newest contacts from memory', async () => {
    const { s } = ctx;
    const dups = await s.contactUseCases.duplicateSuggestions(OPERATOR, {
      subject: 'Rifiuti abbandonati 9999',
      category: { level1: 'ambiente_rifiuti' },
    });
    expect(dups.length).toBeGreaterThan(0);
    expect(dups.every((d) => d.contact.case && d.score >= 0.45)).toBe(true);
    const latest = await s.contactUseCases.latest(MANAGER, 20);
    expect(latest.map((c) => c.id)).toEqual(
      [...s.contacts.readModel.newestFirst()].slice(0, 20).map((r) => r.id),
    );
  });

  it("lists Open311's reports from a list of its own, newest first, however many information contacts came after", async () => {
    const model = new ContactReadModel();
    const { template } = ctx;
    const at = (min: number) => new Date(Date.parse('2026-03-01T08:00:00Z') + min * 60_000);
    const report = (id: string, min: number): Contact => ({ ...template, id, registeredAt: at(min) });
    const information = (id: string, min: number): Contact => {
      const { case: _case, ...rest } = template;
      return { ...rest, id, type: 'information', registeredAt: at(min) };
    };
    model.replaceAll([report('r1', 1), information('i1', 2), report('r2', 3)]);
    for (let i = 0; i < 50; i++) model.upsert(information(`i-later-${i}`, 10 + i));
    model.upsert(report('r3', 100));
    // a report closed without a case (none): not a service request
    const { case: _c, ...noCase } = template;
    model.upsert({ ...noCase, id: 'r-no-case', registeredAt: at(101) });
    expect([...model.reportsNewestFirst()].map((r) => r.id)).toEqual(['r3', 'r2', 'r1']);
    expect([...model.reportsNewestFirst(at(50))].map((r) => r.id)).toEqual(['r2', 'r1']);
    // every contact, for comparison: the 50 information contacts in between
    expect([...model.newestFirst(at(50))].map((r) => r.id).slice(0, 3)).toEqual([
      'i-later-40',
      'i-later-39',
      'i-later-38',
    ]);
  });

  it('suggests from the scored open cases what a pass over every contact, newest first, suggests', async () => {
    const { s } = ctx;
    const model = s.contacts.readModel;
    const now = s.clock.now();
    // the reference: every contact newest first, the open cases with stems (of the level 1 when given) of the
    // last 60 days, the newest 300; ties in score keep that order, so the order of the candidates shows
    const reference = (subject: string, level1?: string, excludeId?: string) => {
      // every row, sorted here: newest registration first, then the greater id
      const rows = model
        .rows()
        .filter((r) => r.registeredAt <= now.getTime())
        .sort((a, b) => b.registeredAt - a.registeredAt || (a.id < b.id ? 1 : -1));
      const candidates: DuplicateCandidate[] = [];
      for (const r of rows) {
        if (r.registeredAt < now.getTime() - 60 * DAY || candidates.length >= 300) break;
        if (!r.caseId || !r.tokens || r.id === excludeId || (level1 && r.level1 !== level1)) continue;
        candidates.push({
          caseId: r.caseId,
          categoryLevel1: r.level1,
          categoryLevel2: r.level2,
          lat: r.lat,
          lon: r.lon,
          openedAt: new Date(r.openedAt ?? r.registeredAt),
          tokens: new Set(r.tokens),
        });
      }
      return rankDuplicates({ categoryLevel1: level1, at: now, text: `${subject} ` }, candidates).map((d) => [
        d.caseId,
        d.score,
      ]);
    };
    const suggested = async (subject: string, level1?: string, excludeId?: string) =>
      (
        await s.contactUseCases.duplicateSuggestions(
          OPERATOR,
          { subject, ...(level1 ? { category: { level1 } } : {}) },
          excludeId,
        )
      ).map((d) => [d.caseId, d.score]);
    const top = await suggested('Rifiuti abbandonati 9999', 'ambiente_rifiuti');
    expect(top.length).toBe(5);
    expect(top).toEqual(reference('Rifiuti abbandonati 9999', 'ambiente_rifiuti'));
    const anyCategory = await suggested('Rifiuti abbandonati 9996'); // without a category: the same text only
    expect(anyCategory.length).toBeGreaterThan(0);
    expect(anyCategory).toEqual(reference('Rifiuti abbandonati 9996'));
    expect(await suggested('Rifiuti abbandonati 9999', 'mobilita_traffico')).toEqual([]);
    // the contact being registered is not its own duplicate
    const self = String(top[0][0]).replace(/^case_/, '');
    const without = await suggested('Rifiuti abbandonati 9999', 'ambiente_rifiuti', self);
    expect(without.map(([caseId]) => caseId)).not.toContain(top[0][0]);
    expect(without).toEqual(reference('Rifiuti abbandonati 9999', 'ambiente_rifiuti', self));
  });

  it('finds requesters by name or fiscal code and reads what a referent may see from memory', async () => {
    const { s, mario } = ctx;
    const found = await s.requesterUseCases.search(OPERATOR, 'ross mar', 'sportello', 10);
    expect(found.map((r) => r.id)).toEqual([mario]);
    expect((await s.requesterUseCases.search(OPERATOR, 'rssmra80a01h501u', 'sportello', 10))[0].id).toBe(
      mario,
    );
    // Mario's cases are all of off_2: its referent finds him, the referent of off_1 does not
    expect((await s.requesterUseCases.search(REFERENT_2, 'rossi', 'coda', 10)).map((r) => r.id)).toEqual([
      mario,
    ]);
    expect(await s.requesterUseCases.search(REFERENT, 'rossi', 'coda', 10)).toEqual([]);
    expect(await s.requesterUseCases.search({ ...REFERENT, offices: [] }, 'rossi', 'coda', 10)).toEqual([]);
    expect((await s.requesterUseCases.get(REFERENT_2, mario))?.id).toBe(mario);
    expect(await s.requesterUseCases.get(REFERENT, mario)).toBeNull();
  });

  it('is rebuilt from the store as the writes left it, and a second instance follows by revision', async () => {
    const { s, store } = ctx;
    const rebuilt = new ContactReadModel();
    expect(rebuilt.replaceAll(store.all())).toBe(N + 1);
    expect(rebuilt.casesInOrder(true).map((r) => r.id)).toEqual(
      s.contacts.readModel.casesInOrder(true).map((r) => r.id),
    );
    store.calls = []; // the rebuild is the one full read, at start
    // instance A writes; instance B re-reads by `_id` what A's ContactChanged names, once per revision
    const b = new ContactReadModel();
    b.replaceAll(store.all());
    store.calls = [];
    const sync = new ContactReadModelSync(
      {} as ContactsConfig,
      { get: (id: string) => store.get(id), readModel: b } as unknown as ContactStore,
      {} as RequesterStore,
    );
    const closedHere = await s.cases.close(OPERATOR, { caseId: 'case_c-00001', outcome: 'answered' });
    expect(b.get('c-00001')?.caseStatus).not.toBe('closed');
    await sync.refreshContact('c-00001', closedHere.revision);
    expect(b.get('c-00001')?.caseStatus).toBe('closed');
    const reads = store.calls.length;
    await sync.refreshContact('c-00001', closedHere.revision); // held already: no read
    expect(store.calls.length).toBe(reads);
  });
});
