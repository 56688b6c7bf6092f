import { FixedClock, ServiceKernel, type Actor } from '@urp/kernel';
import { MemoryKnowledgeStore } from '../content/content.store.memory';
import type { Office, Referent } from '../organisation/organisation.rules';
import { OrganisationUseCases } from '../organisation/organisation.use-cases';
import { SheetSearchService } from '../search/search.service';
import { SheetReadModel } from './sheet.read-model';
import type { ReviewClaim, Sheet, SheetContentInput } from './sheet.rules';
import { MemorySheetSnapshot } from './sheet.snapshot';
import { SheetUseCases } from './sheet.use-cases';

const alice: Actor = { sub: 'alice', roles: ['backoffice'] };
const bruno: Actor = { sub: 'bruno', roles: ['backoffice'] };
const olga: Actor = { sub: 'olga', roles: ['operator'] };

/** The sheets' store, recording what the use cases ask of it. */
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
  override async find() {
    this.calls.push('find');
    return super.find();
  }
}

const content = (title: string): SheetContentInput => ({
  title,
  shortDescription: 'Come comunicare al Comune il trasferimento della residenza.',
  whoIsItFor: 'Chi si trasferisce nel Comune.',
  howTo: 'Compilare la dichiarazione e inviarla via PEC.',
  whatYouGet: "L'iscrizione anagrafica al nuovo indirizzo.",
  category: 'anagrafe_stato_civile',
  officeIds: ['anagrafe'],
  citizenWords: ['trasloco'],
});

/** An instance of the service on shared stores and a shared snapshot (in memory). */
async function instance(store: RecordingStore, snapshot: MemorySheetSnapshot) {
  const kernel = new ServiceKernel(
    { source: '/urp/knowledge-base' },
    new FixedClock(new Date('2026-03-02T09:00:00Z')),
  );
  const organisation = new OrganisationUseCases(
    new MemoryKnowledgeStore<Office>('offices'),
    new MemoryKnowledgeStore<Referent>('referents'),
    kernel,
  );
  await organisation.saveOffice(alice, { code: 'anagrafe', name: 'Servizi demografici' });
  const readModel = new SheetReadModel(new SheetSearchService());
  const useCases = new SheetUseCases(
    store,
    new MemoryKnowledgeStore<ReviewClaim>('review_claims'),
    { record: async () => undefined, all: async () => new Map() },
    kernel,
    readModel,
    organisation,
    undefined,
    snapshot,
  );
  return { readModel, useCases };
}

const flush = () => new Promise((r) => setImmediate(r));

async function published(useCases: SheetUseCases, slug: string, title: string) {
  const sheet = await useCases.create(alice, { slug, content: content(title) });
  await useCases.workflow.submit(alice, sheet.id);
  return useCases.workflow.approve(bruno, sheet.id, {});
}

describe("the read model's snapshot (issue 17: a start without reading the sheets)", () => {
  function shared() {
    const store = new RecordingStore('sheets');
    const snapshot = new MemorySheetSnapshot(async () => new Map(store.all().map((s) => [s.id, s.revision])));
    return { store, snapshot };
  }

  it('the first start reads the collection and saves the snapshot; the next reads only the snapshot', async () => {
    const { store, snapshot } = shared();
    const a = await instance(store, snapshot);
    expect(await a.useCases.loadIndex()).toBe(0);
    const sheet = await published(a.useCases, 'cambio-residenza', 'Cambio di residenza');
    await flush();
    expect(snapshot.held.get(sheet.id)?.revision).toBe(sheet.revision); // saved after each own write

    store.calls = [];
    const b = await instance(store, snapshot);
    expect(await b.useCases.loadIndex()).toBe(1);
    expect(store.calls).toEqual([]); // the sheets were not read
    const held = b.useCases.find(olga, sheet.id)!;
    expect(held).toEqual(a.useCases.find(olga, sheet.id)); // dates are Dates again, the same summary
    expect(held.updatedAt).toBeInstanceOf(Date);
    expect(held.live!.publishedAt).toBeInstanceOf(Date);
    expect(held.content).toBe(held.live!.content); // the working copy shares the live version's object
    expect(b.useCases.searchSheets(olga, 'trasloco', {}, 'staff').hits.map((h) => h.id)).toEqual([sheet.id]);
    expect(b.readModel.watermark.getTime()).toBe(held.updatedAt.getTime());
  });

  it('after a start from the snapshot, the catch-up re-reads by `_id` what the snapshot missed', async () => {
    const { store, snapshot } = shared();
    const a = await instance(store, snapshot);
    await a.useCases.loadIndex();
    const kept = await published(a.useCases, 'cambio-residenza', 'Cambio di residenza');
    const draft = await a.useCases.create(alice, {
      slug: 'carta-identita',
      content: content("Carta d'identità"),
    });
    await a.useCases.workflow.submit(alice, draft.id);
    await flush();
    const stale = snapshot.held.get(draft.id)!; // in review
    const lost = await a.useCases.workflow.approve(bruno, draft.id, {});
    await flush();
    // the snapshot write after the approval never landed (a crash between the two writes)
    snapshot.held.set(lost.id, stale);
    const before = await snapshot.load();
    expect(before).toHaveLength(2);

    const b = await instance(store, snapshot);
    await b.useCases.loadIndex();
    expect(b.useCases.find(olga, lost.id)?.status).toBe('in_review'); // stale until the catch-up
    store.calls = [];
    expect(await b.useCases.catchUp()).toBe(1);
    expect(store.calls).toEqual([`getMany ${lost.id}`]); // only the one that differs, by `_id`
    expect(b.useCases.find(olga, lost.id)?.status).toBe('published');
    expect(b.useCases.find(olga, kept.id)?.status).toBe('published');
    expect(snapshot.held.get(lost.id)?.revision).toBe(lost.revision); // repaired for the next start
    // later joins of the consumer are the usual re-read of what changed since
    store.calls = [];
    await b.useCases.catchUp();
    expect(store.calls).toEqual(['find']);
  });

  it('an entry is replaced only by a newer write of its sheet', async () => {
    const { store, snapshot } = shared();
    const a = await instance(store, snapshot);
    await a.useCases.loadIndex();
    const sheet = await published(a.useCases, 'cambio-residenza', 'Cambio di residenza');
    await flush();
    await snapshot.save([{ ...sheet, revision: sheet.revision - 1, status: 'draft' }]);
    expect(snapshot.held.get(sheet.id)?.revision).toBe(sheet.revision);
    expect((await snapshot.load())[0].status).toBe('published');
  });
});
