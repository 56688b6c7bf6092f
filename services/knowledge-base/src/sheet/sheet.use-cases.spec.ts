import { startOfRomeDay } from '@urp/legal-clock';
import { createEvent, ProcedureTypeChangedV1, type CloudEvent } from '@urp/contracts';
import { FixedClock, ServiceKernel, type Actor } from '@urp/kernel';
import { MemoryKnowledgeStore } from '../content/content.store.memory';
import type { Office, Referent } from '../organisation/organisation.rules';
import { OrganisationUseCases } from '../organisation/organisation.use-cases';
import { SheetSearchService } from '../search/search.service';
import type { ReviewClaim, Sheet, SheetContentInput } from './sheet.rules';
import { SheetReadModel } from './sheet.read-model';
import { SheetUseCases } from './sheet.use-cases';

const alice: Actor = { sub: 'alice', roles: ['backoffice'] };
const bruno: Actor = { sub: 'bruno', roles: ['backoffice'] };
const olga: Actor = { sub: 'olga', roles: ['operator'] };
const rossi: Actor = { sub: 'rossi', roles: ['referent'], offices: ['anagrafe'] };
/** A referent of the same office who does not own the sheet. */
const verdi: Actor = { sub: 'verdi', roles: ['referent'], offices: ['anagrafe'] };
/** Referents of another office, and of none. */
const bianchi: Actor = { sub: 'bianchi', roles: ['referent'], offices: ['tributi'] };
const senzaUfficio: Actor = { sub: 'senza', roles: ['referent'], offices: [] };

const content = (over: Partial<SheetContentInput> = {}): SheetContentInput => ({
  title: 'Cambio di residenza',
  shortDescription: 'Come comunicare al Comune il trasferimento della residenza.',
  whoIsItFor: 'Chi si trasferisce nel Comune.',
  howTo: 'Compilare la dichiarazione e inviarla via PEC.',
  whatYouGet: "L'iscrizione anagrafica al nuovo indirizzo.",
  category: 'anagrafe_stato_civile',
  officeIds: ['anagrafe'],
  responseTimeDays: 45,
  procedureTypeCode: 'cambio_residenza',
  citizenWords: ['trasloco'],
  ownerReferentId: 'ref-rossi',
  ...over,
});

/** The sheets' use cases on in-memory stores: no database, no broker. */
function setup(legalTerms: Record<string, number> = { cambio_residenza: 45 }) {
  const clock = new FixedClock(new Date('2026-03-02T09:00:00Z'));
  const kernel = new ServiceKernel({ source: '/urp/knowledge-base' }, clock);
  const offices = new MemoryKnowledgeStore<Office>('offices');
  const referents = new MemoryKnowledgeStore<Referent>('referents');
  const sheets = new MemoryKnowledgeStore<Sheet>('sheets');
  const claims = new MemoryKnowledgeStore<ReviewClaim>('review_claims');
  const terms = new Map(Object.entries(legalTerms));
  const search = new SheetReadModel(new SheetSearchService());
  const organisation = new OrganisationUseCases(offices, referents, kernel);
  const useCases = new SheetUseCases(
    sheets,
    claims,
    { record: async (t) => void terms.set(t._id, t.legalTermDays), all: async () => new Map(terms) },
    kernel,
    search,
    organisation,
  );
  // SheetChanged goes with every write (the other instances' read models): left out of these lists
  const types = (store: { events: CloudEvent[] }) =>
    store.events.map((e) => e.type.split('.')[3]).filter((t) => t !== 'SheetChanged');
  return { clock, sheets, claims, search, organisation, useCases, types };
}

async function withOrganisation(s: ReturnType<typeof setup>) {
  await s.organisation.saveOffice(alice, { code: 'anagrafe', name: 'Servizi demografici' });
  await s.organisation.saveReferent(alice, {
    id: 'ref-rossi',
    name: 'Maria Rossi',
    officeId: 'anagrafe',
    staffId: 'rossi',
  });
}

async function published(s: ReturnType<typeof setup>, over: Partial<SheetContentInput> = {}) {
  const sheet = await s.useCases.create(alice, { slug: 'cambio-residenza', content: content(over) });
  await s.useCases.workflow.submit(alice, sheet.id);
  return s.useCases.workflow.approve(bruno, sheet.id, {});
}

describe('sheet use cases (in-memory stores)', () => {
  it('publishes only with a second person approving, with its event, and the search finds it', async () => {
    const s = setup();
    await withOrganisation(s);
    const sheet = await s.useCases.create(alice, { slug: 'cambio-residenza', content: content() });
    expect(sheet).toMatchObject({ status: 'draft', latestRevision: 1, revision: 1 });
    await s.useCases.workflow.submit(alice, sheet.id);
    await expect(s.useCases.workflow.approve(alice, sheet.id, {})).rejects.toMatchObject({
      extensions: { code: 'FORBIDDEN' },
    });
    const live = await s.useCases.workflow.approve(bruno, sheet.id, {});
    expect(live).toMatchObject({ status: 'published', live: { revision: 1, approvedBy: 'bruno' } });
    expect(live.reviewDueAt).toEqual(new Date(startOfRomeDay('2027-03-02')));
    expect(s.types(s.sheets)).toEqual(['SheetPublished']);
    expect(s.sheets.events.find((e) => e.type.endsWith('.SheetPublished.v1'))?.data).toMatchObject({
      sheetId: sheet.id,
      revision: 1,
      approvedBy: 'bruno',
    });
    expect(s.search.search('trasloco', { liveOnly: true }).hits.map((h) => h.id)).toEqual([sheet.id]);
  });

  it('refuses bad input field by field, unknown offices, duplicate slugs and operators, writing nothing', async () => {
    const s = setup();
    await withOrganisation(s);
    await expect(
      s.useCases.create(alice, { slug: 'Non Valido', content: content({ title: 'x' }) }),
    ).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, fields: expect.objectContaining({}) });
    await expect(
      s.useCases.create(alice, { slug: 'altra', content: content({ officeIds: ['nessuno'] }) }),
    ).rejects.toMatchObject({ fields: { 'input.content.officeIds': 'ufficio inesistente: nessuno' } });
    await expect(s.useCases.create(olga, { slug: 'altra', content: content() })).rejects.toMatchObject({
      extensions: { code: 'FORBIDDEN' },
    });
    expect(s.sheets.all()).toHaveLength(0);
    await s.useCases.create(alice, { slug: 'altra', content: content() });
    await expect(s.useCases.create(alice, { slug: 'altra', content: content() })).rejects.toMatchObject({
      fields: { 'input.slug': 'esiste già una scheda con questo slug' },
    });
  });

  it('refuses a stale edit with CONFLICT and keeps the newer revision', async () => {
    const s = setup();
    await withOrganisation(s);
    const sheet = await s.useCases.create(alice, { slug: 'cambio-residenza', content: content() });
    await s.useCases.edit(bruno, { id: sheet.id, content: content({ costs: 'Gratuito.' }), note: 'costi' });
    await expect(
      s.useCases.edit(alice, {
        id: sheet.id,
        content: content({ costs: 'Bollo.' }),
        note: 'bollo',
        expectedRevision: 1,
      }),
    ).rejects.toMatchObject({ extensions: { code: 'CONFLICT' } });
    const now = (await s.sheets.get(sheet.id))!;
    expect(now).toMatchObject({ latestRevision: 2, content: { costs: 'Gratuito.' } });
  });

  it('flags a sheet whose response time differs from the legal term, once per term', async () => {
    const s = setup({ cambio_residenza: 45 });
    await withOrganisation(s);
    const sheet = await published(s, { responseTimeDays: 30 });
    expect(sheet.inconsistency).toMatchObject({ legalTermDays: 45, sheetResponseTimeDays: 30 });
    // flagged from the first draft on (what would be published is already wrong), not again on publication
    expect(s.types(s.sheets)).toEqual(['SheetFlaggedInconsistent', 'SheetPublished']);
    const changed = (legalTermDays: number) =>
      createEvent(
        ProcedureTypeChangedV1,
        'pt-1',
        {
          procedureTypeId: 'pt-1',
          code: 'cambio_residenza',
          name: 'Cambio di residenza',
          kind: 'generic',
          legalTermDays,
          silenceRule: 'silent_assent',
          changedAt: '2026-03-02T10:00:00Z',
        },
        { source: '/urp/procedures' },
      );
    // the same term again: no new flag
    const same = changed(45);
    expect(await s.useCases.onProcedureTypeChanged(same.data, same)).toBe(0);
    // a new term: flagged again, and a redelivery of that event changes nothing
    const longer = changed(60);
    expect(await s.useCases.onProcedureTypeChanged(longer.data, longer)).toBe(1);
    expect(await s.useCases.onProcedureTypeChanged(longer.data, longer)).toBe(0);
    expect(s.types(s.sheets).filter((t) => t === 'SheetFlaggedInconsistent')).toHaveLength(2);
  });

  it('takes the schedule from its read model and corrects a stale entry from the stored sheet', async () => {
    const s = setup({});
    await withOrganisation(s);
    const sheet = await s.useCases.create(alice, { slug: 'programmata', content: content() });
    await s.useCases.workflow.submit(alice, sheet.id);
    await s.useCases.workflow.approve(bruno, sheet.id, { publishAt: new Date('2026-03-02T10:00:00Z') });
    // another instance (same store, its own read model) publishes it first; this one has not heard of it
    const other = new SheetUseCases(
      s.sheets,
      s.claims,
      { record: async () => undefined, all: async () => new Map() },
      new ServiceKernel({ source: '/urp/knowledge-base' }, s.clock),
      new SheetReadModel(new SheetSearchService()),
      s.organisation,
    );
    await other.loadIndex();
    s.clock.set(new Date('2026-03-02T10:00:00Z'));
    expect(await other.runSchedule()).toBe(1);
    expect(s.search.get(sheet.id)?.status).toBe('in_review');
    expect(await s.useCases.runSchedule()).toBe(0); // nothing left to do on what is stored…
    expect(s.search.get(sheet.id)?.status).toBe('published'); // …and the read model knows it now
    expect(s.types(s.sheets)).toEqual(['SheetPublished']);
    expect(await s.useCases.runSchedule()).toBe(0);
  });

  it('publishes and expires on schedule when the clock comes', async () => {
    const s = setup({});
    await withOrganisation(s);
    const sheet = await s.useCases.create(alice, { slug: 'programmata', content: content() });
    await s.useCases.workflow.submit(alice, sheet.id);
    await s.useCases.workflow.approve(bruno, sheet.id, {
      publishAt: new Date('2026-03-02T10:00:00Z'),
      expireAt: new Date('2026-03-03T10:00:00Z'),
    });
    expect(await s.useCases.runSchedule()).toBe(0);
    s.clock.set(new Date('2026-03-02T10:00:00Z'));
    expect(await s.useCases.runSchedule()).toBe(1);
    expect(await s.useCases.runSchedule()).toBe(0);
    s.clock.set(new Date('2026-03-03T10:00:00Z'));
    expect(await s.useCases.runSchedule()).toBe(1);
    expect(await s.sheets.get(sheet.id)).toMatchObject({ status: 'expired' });
    expect(s.types(s.sheets)).toEqual(['SheetPublished', 'SheetExpired']);
  });

  it('emits SheetReviewDue once per review date; only the owner referent confirms the review', async () => {
    const s = setup({});
    await withOrganisation(s);
    const sheet = await published(s);
    s.clock.set(new Date('2027-03-02T09:00:00Z'));
    expect(await s.useCases.emitDueReviews()).toBe(1);
    expect(await s.useCases.emitDueReviews()).toBe(0); // a second instance's sweep: the claim exists
    expect(s.types(s.claims)).toEqual(['SheetReviewDue']);
    await expect(s.useCases.markReviewed(verdi, { id: sheet.id })).rejects.toMatchObject({
      extensions: { code: 'FORBIDDEN' },
    });
    const reviewed = await s.useCases.markReviewed(rossi, { id: sheet.id });
    expect(reviewed).toMatchObject({
      lastReviewedBy: 'rossi',
      reviewDueAt: new Date(startOfRomeDay('2028-03-02')),
    });
    expect(await s.useCases.emitDueReviews()).toBe(0);
  });

  it('shows referents the sheets of their own office(s) only; no office is no sheet', async () => {
    const s = setup({});
    await withOrganisation(s);
    const sheet = await published(s);
    expect(s.useCases.find(rossi, sheet.id)).toMatchObject({ id: sheet.id });
    for (const other of [bianchi, senzaUfficio]) {
      expect(() => s.useCases.find(other, sheet.id)).toThrow(
        expect.objectContaining({ extensions: expect.objectContaining({ code: 'FORBIDDEN' }) }),
      );
      expect(s.useCases.list(other, 'all', undefined, 100)).toEqual([]);
      await expect(s.useCases.markReviewed(other, { id: sheet.id })).rejects.toMatchObject({
        extensions: { code: 'FORBIDDEN' },
      });
    }
    expect(s.useCases.list(rossi, 'all', undefined, 100).map((d) => d.id)).toEqual([sheet.id]);
  });
});
