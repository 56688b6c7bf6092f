import type { CloudEvent } from '@urp/contracts';
import { FixedClock, ServiceKernel, type Actor } from '@urp/kernel';
import { MemoryKnowledgeStore } from '../content/content.store.memory';
import type { Office, Referent } from '../organisation/organisation.rules';
import { OrganisationUseCases } from '../organisation/organisation.use-cases';
import { SheetSearchService } from '../search/search.service';
import { SheetReadModel } from './sheet.read-model';
import type { ReviewClaim, Sheet, SheetContentInput } from './sheet.rules';
import { SheetUseCases } from './sheet.use-cases';

const alice: Actor = { sub: 'alice', roles: ['backoffice'] };
const bruno: Actor = { sub: 'bruno', roles: ['backoffice'] };
const olga: Actor = { sub: 'olga', roles: ['operator'] };
const citizen: Actor = { sub: 'anonymous', roles: [], anonymous: true };

/** What the use cases ask of the sheets' store: the hot reads must ask it nothing (FerretDB scans for any filter). */
class RecordingStore extends MemoryKnowledgeStore<Sheet> {
  calls: string[] = [];
  override async get(id: string) {
    this.calls.push(`get ${id}`);
    return super.get(id);
  }
  override async getMany(ids: readonly string[]) {
    this.calls.push(`getMany ${ids.join(',')}`);
    return super.getMany(ids);
  }
  override async find(filter: object = {}) {
    this.calls.push(`find ${JSON.stringify(filter)}`);
    return super.find();
  }
  override async findOne(filter: object) {
    this.calls.push(`findOne ${JSON.stringify(filter)}`);
    return super.findOne(filter);
  }
}

const content = (title: string, over: Partial<SheetContentInput> = {}): SheetContentInput => ({
  title,
  shortDescription: 'Come comunicare al Comune il trasferimento della residenza.',
  whoIsItFor: 'Chi si trasferisce nel Comune.',
  howTo: 'Compilare la dichiarazione e inviarla via PEC.',
  whatYouGet: "L'iscrizione anagrafica al nuovo indirizzo.",
  category: 'anagrafe_stato_civile',
  officeIds: ['anagrafe'],
  citizenWords: ['trasloco'],
  ...over,
});

/** One or two instances of the service on the same stores (in memory): each its own read model. */
function setup(store = new RecordingStore('sheets')) {
  const clock = new FixedClock(new Date('2026-03-02T09:00:00Z'));
  const kernel = new ServiceKernel({ source: '/urp/knowledge-base' }, clock);
  const organisation = new OrganisationUseCases(
    new MemoryKnowledgeStore<Office>('offices'),
    new MemoryKnowledgeStore<Referent>('referents'),
    kernel,
  );
  const readModel = new SheetReadModel(new SheetSearchService());
  const useCases = new SheetUseCases(
    store,
    new MemoryKnowledgeStore<ReviewClaim>('review_claims'),
    { record: async () => undefined, all: async () => new Map() },
    kernel,
    readModel,
    organisation,
  );
  return { clock, store, organisation, readModel, useCases };
}

async function publishedSheet(s: ReturnType<typeof setup>, slug: string, title: string) {
  const sheet = await s.useCases.create(alice, { slug, content: content(title) });
  await s.useCases.workflow.submit(alice, sheet.id);
  return s.useCases.workflow.approve(bruno, sheet.id, {});
}

const TOWNS = ['Borgo Aurelio', 'Castel Lorenzo', 'Valle Serena', 'Monte Alto'];

describe('the sheets read model (issue 17)', () => {
  it('answers every hot read at 10,000 sheets without asking the store anything', async () => {
    const s = setup();
    await s.organisation.saveOffice(alice, { code: 'anagrafe', name: 'Servizi demografici' });
    const model = await publishedSheet(s, 'cambio-residenza', 'Cambio di residenza');
    // 9,999 more sheets as stored (published, a tenth of them drafts), written straight to the store
    for (let i = 1; i < 10_000; i++) {
      const c = {
        ...model.content,
        title: `Cambio di residenza - Comune di ${TOWNS[i % TOWNS.length]} ${i}`,
      };
      const draft = i % 10 === 0;
      const next: Sheet = {
        ...model,
        id: `s-${i}`,
        slug: `cambio-residenza-${String(i).padStart(5, '0')}`,
        content: c,
        status: draft ? 'draft' : 'published',
        live: draft ? undefined : { ...model.live!, content: c },
      };
      await s.store.commit({ previous: null, next, events: [] as CloudEvent[] });
    }
    s.store.calls = [];
    expect(await s.useCases.rebuildIndex()).toBe(10_000);
    expect(s.store.calls).toEqual(['find {}']); // the rebuild: the one full read, at start
    s.store.calls = [];

    // search with the hits' sheets (staff and public)
    const staff = s.useCases.hitsWithSheets(
      s.useCases.searchSheets(olga, 'trasloco castel lorenzo', { limit: 10 }, 'staff'),
      false,
      olga,
    );
    expect(staff.hits).toHaveLength(10);
    expect(staff.hits[0].sheet.content.title).toMatch(/Castel Lorenzo/);
    const pub = s.useCases.hitsWithSheets(
      s.useCases.searchSheets(citizen, 'cambio residenza', { limit: 10 }, 'public'),
      true,
    );
    expect(pub.hits.every((h) => h.sheet.live?.content.audience === 'public')).toBe(true);
    // one sheet by id or slug (staff, the public site, entity references, feedback)
    expect(s.useCases.find(olga, 's-42')?.slug).toBe('cambio-residenza-00042');
    expect(s.useCases.find(olga, null, 'cambio-residenza-00043')?.id).toBe('s-43');
    expect(s.useCases.publicSheet(citizen, 'cambio-residenza-00044')?.id).toBe('s-44');
    expect(s.useCases.publicSheet(citizen, 'cambio-residenza-00040')).toBeNull(); // a draft
    expect(s.useCases.publicSheet(citizen, 'nessuna-scheda')).toBeNull(); // unknown: no query either
    expect(s.useCases.byId('s-45')?.id).toBe('s-45');
    expect([...s.useCases.byIds(['s-46', 's-47', 'nessuna']).keys()]).toEqual(['s-46', 's-47']);
    expect(s.useCases.requireLivePublic('s-48').id).toBe('s-48');
    // lists, in slug order, with their filters
    const all = s.useCases.list(olga, 'all', undefined, 50);
    expect(all.map((d) => d.slug)).toEqual([...all.map((d) => d.slug)].sort());
    expect(all).toHaveLength(50);
    expect(s.useCases.list(olga, 'draft', undefined, 500)).toHaveLength(500);
    expect(s.useCases.list(olga, 'published', 'anagrafe_stato_civile', 20)).toHaveLength(20);
    expect(s.useCases.list(olga, 'review_overdue', undefined, 20)).toEqual([]);
    expect(s.useCases.list(olga, 'in_review', undefined, 20)).toEqual([]);
    expect(s.useCases.publicSheets(citizen, 'anagrafe_stato_civile', 100)).toHaveLength(100);

    expect(s.store.calls).toEqual([]); // not even an `_id` lookup: the read model answered everything
  });

  it('the review sweep takes its candidates from the read model and reads each by `_id` before its claim', async () => {
    const s = setup();
    await s.organisation.saveOffice(alice, { code: 'anagrafe', name: 'Servizi demografici' });
    await publishedSheet(s, 'cambio-residenza', 'Cambio di residenza');
    const later = await publishedSheet(s, 'carta-identita', "Carta d'identità");
    await s.useCases.markReviewed(alice, { id: later.id, nextReviewDueAt: new Date('2030-01-01T00:00:00Z') });
    s.clock.set(new Date('2027-03-02T09:00:00Z'));
    s.store.calls = [];
    expect(await s.useCases.emitDueReviews()).toBe(1);
    expect(s.store.calls).toHaveLength(1);
    expect(s.store.calls[0]).toMatch(/^get /);
  });

  it('keeps the history out of memory and reads it by `_id` when a staff field asks for it', async () => {
    const s = setup();
    await s.organisation.saveOffice(alice, { code: 'anagrafe', name: 'Servizi demografici' });
    const sheet = await publishedSheet(s, 'cambio-residenza', 'Cambio di residenza');
    const held = s.readModel.get(sheet.id)!;
    expect(held).not.toHaveProperty('revisions');
    expect(held).not.toHaveProperty('log');
    expect(held.content).toBe(held.live!.content); // one object for the working copy and the live version
    s.store.calls = [];
    const full = await s.useCases.fullMany([sheet.id]);
    expect(full.get(sheet.id)!.revisions).toHaveLength(1);
    expect(s.store.calls).toEqual([`getMany ${sheet.id}`]);
  });

  it("a second instance sees the first one's writes once it re-reads what their SheetChanged names", async () => {
    const store = new RecordingStore('sheets');
    const a = setup(store);
    const b = setup(store);
    await a.organisation.saveOffice(alice, { code: 'anagrafe', name: 'Servizi demografici' });
    await b.organisation.saveOffice(alice, { code: 'anagrafe', name: 'Servizi demografici' });
    const sheet = await publishedSheet(a, 'cambio-residenza', 'Cambio di residenza');
    const changed = store.events.filter((e) => e.type === 'it.urp.knowledge-base.SheetChanged.v1');
    expect(changed.length).toBeGreaterThanOrEqual(3); // create, submit, approve: every write
    expect(changed.every((e) => e.subject === sheet.id)).toBe(true);
    expect(b.useCases.find(olga, sheet.id)).toBeNull();
    for (const e of changed) await b.useCases.refresh(e.subject); // what the read model's consumer does
    expect(b.useCases.find(olga, sheet.id)).toMatchObject({ status: 'published' });
    expect(b.useCases.searchSheets(olga, 'trasloco', {}, 'staff').hits.map((h) => h.id)).toEqual([sheet.id]);
    // an older write (a late or repeated event's read) never replaces a newer one
    const older = { ...sheet, revision: sheet.revision - 1, status: 'draft' as const };
    expect(b.readModel.upsert(older)).toBe(false);
    expect(b.useCases.find(olga, sheet.id)?.status).toBe('published');
    // a draft written by one instance shows in the other's staff lists (no event of its own besides SheetChanged)
    const draft = await a.useCases.create(alice, { slug: 'bozza', content: content('Una bozza di scheda') });
    await b.useCases.refresh(draft.id);
    expect(b.useCases.list(olga, 'draft', undefined, 10).map((d) => d.id)).toEqual([draft.id]);
  });

  describe('the staff list page by page (sheetList)', () => {
    async function shelf() {
      const s = setup();
      await s.organisation.saveOffice(alice, { code: 'anagrafe', name: 'Servizi demografici' });
      // 30 sheets created in an order unrelated to their slugs; every third one published
      const slugs = Array.from({ length: 30 }, (_, i) => `scheda-${String((i * 7) % 30).padStart(2, '0')}`);
      for (const [i, slug] of slugs.entries()) {
        if (i % 3 === 0) await publishedSheet(s, slug, `Scheda numero ${slug}`);
        else await s.useCases.create(alice, { slug, content: content(`Scheda numero ${slug}`) });
      }
      return { s, slugs: [...slugs].sort() };
    }

    function readAll(s: ReturnType<typeof setup>, filter: 'all' | 'published' | 'draft', first: number) {
      const pages = [];
      let after: string | null = null;
      for (;;) {
        const page = s.useCases.listPage(olga, filter, undefined, first, after);
        pages.push(page);
        if (!page.hasNextPage) return pages;
        after = page.endCursor;
      }
    }

    it('shows every sheet of the view once, in slug order, with the same total on every page', async () => {
      const { s, slugs } = await shelf();
      s.store.calls = [];
      for (const [filter, expected] of [
        ['all', slugs],
        ['published', slugs.filter((slug) => !!s.useCases.find(olga, undefined, slug)?.live)],
        ['draft', slugs.filter((slug) => s.useCases.find(olga, undefined, slug)?.status === 'draft')],
      ] as const) {
        expect(expected.length).toBeGreaterThan(0);
        for (const first of [1, 7, 10, 50]) {
          const pages = readAll(s, filter, first);
          expect(pages.flatMap((p) => p.items.map((d) => d.slug))).toEqual(expected);
          expect(pages.every((p) => p.totalCount === expected.length)).toBe(true);
          expect(pages.length).toBe(Math.max(1, Math.ceil(expected.length / first)));
        }
      }
      expect(s.store.calls.filter((c) => c.startsWith('find'))).toEqual([]);
    });

    it('continues after its cursor when sheets are added before it meanwhile, repeating none', async () => {
      const { s } = await shelf();
      const first = s.useCases.listPage(olga, 'all', undefined, 10, null);
      expect(first.items.at(-1)?.slug).toBe('scheda-09');
      await s.useCases.create(alice, {
        slug: 'scheda-00-bis',
        content: content('Una scheda nuova in testa'),
      });
      const next = s.useCases.listPage(olga, 'all', undefined, 10, first.endCursor);
      expect(next.items.map((d) => d.slug)).toEqual(
        Array.from({ length: 10 }, (_, i) => `scheda-${String(i + 10).padStart(2, '0')}`),
      );
      expect(next.totalCount).toBe(31);
    });

    it('refuses a cursor it did not make, on the after field, in Italian', async () => {
      const { s } = await shelf();
      expect(() => s.useCases.listPage(olga, 'all', undefined, 10, 'non-un-cursore')).toThrow(
        expect.objectContaining({ fields: { after: expect.stringContaining('segnalibro') } }),
      );
    });
  });
});
