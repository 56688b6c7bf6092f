import { IDENTITY_HEADER, signDevToken, signIdentity, type Role } from '@urp/auth';
import {
  ContactRegisteredV1,
  createEvent,
  FaqProposedV1,
  FeedbackTopic,
  FormTopic,
  OrganisationTopic,
  ProcedureTypeChangedV1,
  ReplyTemplateTopic,
  SheetTopic,
  toKafkaRecord,
  type CloudEvent,
  type EventDefinition,
} from '@urp/contracts';
import { createRawKafka } from '@urp/messaging';
import { MongoClient } from 'mongodb';
import {
  collectEvents,
  gql,
  spawnGateway,
  spawnService,
  TEST_AUTH,
  testInfra,
  uniqueName,
  waitFor,
  type RunningProcess,
} from '@urp/testing';
// the demo seed runs here against the test gateway (tools/scripts is not a project: seed code, not a dependency)
// eslint-disable-next-line @nx/enforce-module-boundaries
import { seed } from '../../../tools/scripts/seed/knowledge';

/**
 * The knowledge base as it runs: two instances of the service (same database, same consumer group) behind
 * the gateway, real Kafka and FerretDB. Cross-service input (procedures, contacts) is produced here.
 */
describe('knowledge-base (two instances, gateway, real Kafka + FerretDB)', () => {
  const db = uniqueName('kb').replace(/-/g, '_');
  const env = {
    MONGO_URL: testInfra.mongoUrl,
    MONGO_DB: db,
    KAFKA_BROKERS: testInfra.kafkaBrokers.join(','),
    KAFKA_GROUP_ID: uniqueName('g-kb'),
    IDENTITY_SECRET: TEST_AUTH.identitySecret,
    KB_SCHEDULER_INTERVAL_MS: '1000',
    // no polling: the second instance must stay current through the SheetChanged events alone
    KB_INDEX_SYNC_MS: '3600000',
  };
  let kb1: RunningProcess;
  let kb2: RunningProcess;
  let gateway: RunningProcess;
  let collector: Awaited<ReturnType<typeof collectEvents>>;
  let producer: ReturnType<ReturnType<typeof createRawKafka>['producer']>;
  const tokens: Record<string, string> = {};
  const run = Date.now().toString(36);

  /** Written as the service stored them before the kernel: a `seq` counter, the content number in `revision`. */
  const before = new Date('2026-01-10T09:00:00Z');
  const oldRevision = (n: number, body: string) => ({
    revision: n,
    content: { kind: 'reply', title: 'Risposta di prima', body, audience: 'internal', sheetIds: [] },
    author: 'alice',
    at: before,
    note: n === 1 ? 'prima stesura' : 'correzione',
  });
  const oldTemplate = {
    _id: `old-tpl-${run}`,
    code: `vecchia_${run}`,
    seq: 4,
    createdAt: before,
    updatedAt: before,
    status: 'draft',
    revision: 2,
    content: oldRevision(2, 'Il testo corretto della risposta.').content,
    author: 'alice',
    revisions: [
      oldRevision(1, 'Il testo della risposta.'),
      oldRevision(2, 'Il testo corretto della risposta.'),
    ],
    log: [
      { action: 'created', by: 'alice', at: before, revision: 1 },
      { action: 'edited', by: 'alice', at: before, revision: 2, note: 'correzione' },
    ],
  };

  beforeAll(async () => {
    const mongo = new MongoClient(testInfra.mongoUrl);
    await mongo.connect();
    await mongo.db(db).collection<{ _id: string }>('reply_templates').insertOne(oldTemplate);
    await mongo.close();
    [kb1, kb2, collector] = await Promise.all([
      spawnService('services/knowledge-base/src/main.ts', env, 4331),
      spawnService('services/knowledge-base/src/main.ts', env, 4332),
      collectEvents([
        SheetTopic.name,
        FormTopic.name,
        ReplyTemplateTopic.name,
        OrganisationTopic.name,
        FeedbackTopic.name,
      ]),
    ]);
    gateway = await spawnGateway({ knowledge: kb1.url }, 4330);
    const who: [string, Role[], string[]?][] = [
      ['alice', ['backoffice']],
      ['bruno', ['backoffice']],
      ['olga', ['operator']],
      // referents answer for their offices only (the gateway forwards the token's `offices`)
      ['rossi', ['referent'], [`anagrafe_${run}`]],
      ['verdi', ['referent'], [`tributi_${run}`]],
      ['nessuno', ['referent'], []],
      ['bo-marco', ['backoffice']],
      ['mgr-paolo', ['manager']],
    ];
    for (const [sub, roles, offices] of who)
      tokens[sub] = await signDevToken({ sub, roles, offices }, TEST_AUTH);
    producer = createRawKafka({ clientId: 'kb-test', brokers: testInfra.kafkaBrokers }).producer();
    await producer.connect();
  });
  afterAll(async () => {
    await producer?.disconnect();
    await collector?.stop();
    await Promise.all([gateway?.stop(), kb1?.stop(), kb2?.stop()]);
  });

  /** Through the gateway as `who` (undefined: anonymous citizen). */
  const ask = async (who: string | undefined, query: string, variables: Record<string, unknown> = {}) =>
    (
      await gql(
        `${gateway.url}/graphql`,
        query,
        variables,
        who ? { authorization: `Bearer ${tokens[who]}` } : {},
      )
    ).body;
  const ok = async (who: string | undefined, query: string, variables: Record<string, unknown> = {}) => {
    const body = await ask(who, query, variables);
    if (body.errors)
      throw new Error(
        `${JSON.stringify(body.errors)}\n${body.errors.some((e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR') ? kb1.logs().slice(-2500) + kb2.logs().slice(-2500) : ''}`,
      );
    return body.data;
  };
  const produce = async (def: EventDefinition, event: CloudEvent) => {
    await producer.send({ topic: def.topic.name, messages: [toKafkaRecord(event)] });
  };
  const eventsOf = (type: string, key?: string) =>
    collector.events.filter(
      (e) => e.headers.ce_type === `it.urp.knowledge-base.${type}.v1` && (!key || e.key === key),
    );

  const content = (over: Record<string, unknown> = {}) => ({
    title: 'Cambio di residenza',
    shortDescription: 'Come comunicare al Comune il trasferimento della residenza o il cambio di indirizzo.',
    whoIsItFor: 'Chi si trasferisce a Borgo Aurelio o cambia abitazione nel Comune.',
    howTo: 'Compilare la dichiarazione e inviarla via PEC, email o allo sportello.',
    whatYouNeed: 'Documento di identità; patente e libretti dei veicoli.',
    whatYouGet: "L'iscrizione anagrafica al nuovo indirizzo.",
    timesAndDeadlines: 'Registrazione entro 2 giorni; accertamento entro 45 giorni.',
    responseTimeDays: 45,
    costs: 'Gratuito.',
    accessChannels: [{ channel: 'PEC', description: 'Invio della dichiarazione alla PEC del Comune' }],
    officeIds: [`anagrafe_${run}`],
    category: 'anagrafe_stato_civile',
    lifeEvents: ['cambio casa'],
    topics: ['residenza'],
    procedureTypeCode: `cambio_residenza_${run}`,
    citizenWords: ['trasloco', 'nuova casa', 'spostare la residenza'],
    audience: 'PUBLIC',
    ...over,
  });

  const SHEET_FIELDS = `id slug status revision publishedRevision title content { title responseTimeDays offices { code } }`;
  const createSheet = async (slug: string, over: Record<string, unknown> = {}) =>
    (
      await ok('alice', `mutation($i: CreateSheetInput!) { createSheet(input: $i) { ${SHEET_FIELDS} } }`, {
        i: { slug, content: content(over), note: 'prima stesura' },
      })
    ).createSheet;
  const act = (who: string, action: string, kind: string, id: string, extra: Record<string, unknown> = {}) =>
    ask(
      who,
      `mutation($i: ${action === 'approveContent' ? 'ApproveContentInput' : 'ContentActionInput'}!) { ${action}(input: $i) { id status revision publishedRevision scheduledPublishAt expireAt } }`,
      { i: { kind, id, ...extra } },
    );
  const publish = async (kind: string, id: string) => {
    expect((await act('alice', 'submitContent', kind, id)).errors).toBeUndefined();
    const r = await act('bruno', 'approveContent', kind, id);
    expect(r.errors).toBeUndefined();
    return r.data.approveContent;
  };

  it('keeps offices and referents, each change an event with the full state; bad input changes nothing', async () => {
    const office = await ok(
      'alice',
      `mutation($i: OfficeInput!) { saveOffice(input: $i) { id code name pec active } }`,
      {
        i: {
          code: `anagrafe_${run}`,
          name: 'Servizi demografici',
          pec: 'anagrafe@pec.comune.borgoaurelio.it',
          address: 'Piazza San Lorenzo 1',
        },
      },
    );
    expect(office.saveOffice).toMatchObject({ id: `anagrafe_${run}`, active: true });
    const ref = await ok(
      'alice',
      `mutation($i: ReferentInput!) { saveReferent(input: $i) { id name office { code } } }`,
      {
        i: {
          id: `ref-rossi-${run}`,
          name: 'Maria Rossi',
          staffId: 'rossi',
          officeId: `anagrafe_${run}`,
          email: 'm.rossi@comune.borgoaurelio.it',
        },
      },
    );
    expect(ref.saveReferent.office.code).toBe(`anagrafe_${run}`);

    const bad = await ask('alice', `mutation($i: OfficeInput!) { saveOffice(input: $i) { id } }`, {
      i: { code: `anagrafe_${run}`, name: 'X', pec: 'non-una-pec' },
    });
    expect(bad.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(Object.keys(bad.errors![0].extensions!.fields).sort()).toEqual(['input.name', 'input.pec']);
    const still = await ok(undefined, `query($c: String) { office(code: $c) { name pec } }`, {
      c: `anagrafe_${run}`,
    });
    expect(still.office).toEqual({ name: 'Servizi demografici', pec: 'anagrafe@pec.comune.borgoaurelio.it' });

    await waitFor(
      () =>
        eventsOf('OfficeChanged', `anagrafe_${run}`).length === 1 &&
        eventsOf('ReferentChanged', `ref-rossi-${run}`).length === 1,
      {
        what: 'OfficeChanged and ReferentChanged',
      },
    );
    expect(eventsOf('OfficeChanged', `anagrafe_${run}`)[0].data).toMatchObject({
      code: `anagrafe_${run}`,
      active: true,
    });
  });

  it('publishes a sheet only with a second person approving; the public sees the published revision only', async () => {
    const sheet = await createSheet(`cambio-residenza-${run}`);
    expect(sheet).toMatchObject({ status: 'DRAFT', revision: 1, publishedRevision: null });
    expect(
      (await ask(undefined, `query($s: String!) { publicSheet(slug: $s) { id } }`, { s: sheet.slug })).data
        .publicSheet,
    ).toBeNull();

    expect((await act('alice', 'submitContent', 'SHEET', sheet.id)).data.submitContent.status).toBe(
      'IN_REVIEW',
    );
    const self = await act('alice', 'approveContent', 'SHEET', sheet.id);
    expect(self.errors![0].extensions!.code).toBe('FORBIDDEN');
    const approved = await act('bruno', 'approveContent', 'SHEET', sheet.id);
    expect(approved.data.approveContent).toMatchObject({ status: 'PUBLISHED', publishedRevision: 1 });
    await waitFor(() => eventsOf('SheetPublished', sheet.id).length === 1, { what: 'SheetPublished' });
    expect(eventsOf('SheetPublished', sheet.id)[0].data).toMatchObject({
      sheetId: sheet.id,
      revision: 1,
      slug: sheet.slug,
      responseTimeDays: 45,
      audience: 'public',
      approvedBy: 'bruno',
    });

    // a new revision stays a draft: the public still reads revision 1
    const edited = await ok(
      'bruno',
      `mutation($i: EditSheetInput!) { editSheet(input: $i) { status revision publishedRevision diff(from: 1, to: 2) { field before after } } }`,
      {
        i: {
          id: sheet.id,
          content: content({ costs: 'Gratuito. Marca da bollo non dovuta.' }),
          note: 'costi',
        },
      },
    );
    expect(edited.editSheet).toMatchObject({ status: 'DRAFT', revision: 2, publishedRevision: 1 });
    expect(edited.editSheet.diff).toEqual([
      { field: 'costs', before: 'Gratuito.', after: 'Gratuito. Marca da bollo non dovuta.' },
    ]);
    const pub = await ok(
      undefined,
      `query($s: String!) { publicSheet(slug: $s) { title content { costs offices { code name } } } }`,
      {
        s: sheet.slug,
      },
    );
    expect(pub.publicSheet.content.costs).toBe('Gratuito.');
    expect(pub.publicSheet.content.offices).toEqual([
      { code: `anagrafe_${run}`, name: 'Servizi demografici' },
    ]);
    // staff-only fields are refused to the anonymous public
    const leak = await ask(
      undefined,
      `query($s: String!) { publicSheet(slug: $s) { revisions { author } } }`,
      { s: sheet.slug },
    );
    expect(leak.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');

    // bruno wrote revision 2, so alice approves it: an update
    expect((await act('bruno', 'submitContent', 'SHEET', sheet.id)).errors).toBeUndefined();
    expect((await act('bruno', 'approveContent', 'SHEET', sheet.id)).errors![0].extensions!.code).toBe(
      'FORBIDDEN',
    );
    expect(
      (await act('alice', 'approveContent', 'SHEET', sheet.id)).data.approveContent.publishedRevision,
    ).toBe(2);
    await waitFor(() => eventsOf('SheetUpdated', sheet.id).length === 1, { what: 'SheetUpdated' });

    const history = await ok(
      'olga',
      `query($id: ID) { sheet(id: $id) { revisions { revision author note } history { action by } } }`,
      {
        id: sheet.id,
      },
    );
    expect(history.sheet.revisions.map((r: { author: string }) => r.author)).toEqual(['alice', 'bruno']);
    expect(history.sheet.history.map((h: { action: string }) => h.action)).toEqual([
      'created',
      'submitted',
      'approved',
      'published',
      'edited',
      'submitted',
      'approved',
      'published',
    ]);
    // operators read, but do not edit
    const denied = await ask('olga', `mutation($i: EditSheetInput!) { editSheet(input: $i) { id } }`, {
      i: { id: sheet.id, content: content(), note: 'x' },
    });
    expect(denied.errors![0].extensions!.code).toBe('FORBIDDEN');
  });

  it("serves one instance's writes from the other's read model, through their SheetChanged events", async () => {
    // the gateway talks to the first instance; the second is asked directly, as a second replica would be
    const atKb2 = async (query: string, variables: Record<string, unknown>) =>
      (
        await gql(`${kb2.url}/graphql`, query, variables, {
          [IDENTITY_HEADER]: await signIdentity(
            { sub: 'olga', roles: ['operator'] },
            TEST_AUTH.identitySecret,
          ),
        })
      ).body;
    const sheet = await createSheet(`replica-${run}`, { citizenWords: [`replicaparola${run}`] });
    const byId = `query($id: ID) { sheet(id: $id) { id status publishedRevision } }`;
    await waitFor(async () => (await atKb2(byId, { id: sheet.id })).data?.sheet?.status === 'DRAFT', {
      what: 'the draft in the second instance',
    });
    await publish('SHEET', sheet.id);
    await waitFor(async () => (await atKb2(byId, { id: sheet.id })).data?.sheet?.publishedRevision === 1, {
      what: 'the publication in the second instance',
    });
    const found = await atKb2(
      `query($q: String!) { searchSheets(input: { query: $q }) { hits { sheet { id } } } }`,
      { q: `replicaparola${run}` },
    );
    expect(found.data.searchSheets.hits).toEqual([{ sheet: { id: sheet.id } }]);
  });

  it('rejects bad sheet input field by field and writes nothing', async () => {
    const r = await ask('alice', `mutation($i: CreateSheetInput!) { createSheet(input: $i) { id } }`, {
      i: { slug: 'Non Valido', content: content({ title: 'x', officeIds: [] }) },
    });
    expect(r.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(Object.keys(r.errors![0].extensions!.fields)).toEqual(
      expect.arrayContaining(['input.slug', 'input.content.title']),
    );
    const none = await ok('olga', `query { sheet(slug: "Non Valido") { id } }`);
    expect(none.sheet).toBeNull();
  });

  it('publishes and expires on schedule', async () => {
    const sheet = await createSheet(`programmata-${run}`, { procedureTypeCode: null });
    await act('alice', 'submitContent', 'SHEET', sheet.id);
    const publishAt = new Date(Date.now() + 1500).toISOString();
    const expireAt = new Date(Date.now() + 4000).toISOString();
    const r = await act('bruno', 'approveContent', 'SHEET', sheet.id, { publishAt, expireAt });
    expect(r.data.approveContent).toMatchObject({
      status: 'IN_REVIEW',
      scheduledPublishAt: publishAt,
      expireAt,
    });
    await waitFor(() => eventsOf('SheetPublished', sheet.id).length === 1, {
      what: 'scheduled SheetPublished',
    });
    await waitFor(() => eventsOf('SheetExpired', sheet.id).length === 1, { what: 'scheduled SheetExpired' });
    const after = await ok('olga', `query($id: ID) { sheet(id: $id) { status publishedRevision } }`, {
      id: sheet.id,
    });
    expect(after.sheet).toEqual({ status: 'EXPIRED', publishedRevision: null });
    expect(eventsOf('SheetPublished', sheet.id)).toHaveLength(1); // two instances, one publication
  });

  it('emits SheetReviewDue once per review date with two instances, and shows the sheet overdue until reviewed', async () => {
    const sheet = await createSheet(`revisione-${run}`, {
      procedureTypeCode: null,
      ownerReferentId: `ref-rossi-${run}`,
    });
    await publish('SHEET', sheet.id);
    const due = new Date(Date.now() + 800).toISOString();
    await ok('alice', `mutation($i: MarkSheetReviewedInput!) { markSheetReviewed(input: $i) { id } }`, {
      i: { id: sheet.id, nextReviewDueAt: due },
    });
    await waitFor(() => eventsOf('SheetReviewDue', sheet.id).length >= 1, { what: 'SheetReviewDue' });
    await new Promise((r) => setTimeout(r, 2500)); // several ticks of both instances
    expect(eventsOf('SheetReviewDue', sheet.id)).toHaveLength(1);
    expect(eventsOf('SheetReviewDue', sheet.id)[0].data).toMatchObject({
      ownerReferentId: `ref-rossi-${run}`,
      reviewDueAt: due,
    });
    const overdue = await ok(
      'olga',
      `{ sheets(filter: REVIEW_OVERDUE) { id reviewOverdue owner { name } } }`,
    );
    expect(overdue.sheets).toContainEqual({
      id: sheet.id,
      reviewOverdue: true,
      owner: { name: 'Maria Rossi' },
    });
    // the owner referent confirms the review; another referent may not
    const other = await ask(
      'verdi',
      `mutation($i: MarkSheetReviewedInput!) { markSheetReviewed(input: $i) { id } }`,
      {
        i: { id: sheet.id },
      },
    );
    expect(other.errors![0].extensions!.code).toBe('FORBIDDEN');
    await ok('rossi', `mutation($i: MarkSheetReviewedInput!) { markSheetReviewed(input: $i) { id } }`, {
      i: { id: sheet.id },
    });
    const reviewed = await ok(
      'olga',
      `query($id: ID) { sheet(id: $id) { reviewOverdue reviewDueAt lastReviewedAt } }`,
      { id: sheet.id },
    );
    expect(reviewed.sheet.reviewOverdue).toBe(false);
    expect(new Date(reviewed.sheet.reviewDueAt).getUTCFullYear()).toBe(new Date().getUTCFullYear() + 1);
  });

  it('flags a linked sheet when the procedure term changes, until a fixed revision is published', async () => {
    const sheet = await createSheet(`residenza-termini-${run}`, { responseTimeDays: 30 });
    await publish('SHEET', sheet.id);
    const code = `cambio_residenza_${run}`;
    await produce(
      ProcedureTypeChangedV1,
      createEvent(
        ProcedureTypeChangedV1,
        `pt-${run}`,
        {
          procedureTypeId: `pt-${run}`,
          code,
          name: 'Cambio di residenza',
          kind: 'generic',
          legalTermDays: 45,
          silenceRule: 'silent_assent',
          changedAt: new Date().toISOString(),
        },
        { source: '/urp/procedures' },
      ),
    );
    await waitFor(() => eventsOf('SheetFlaggedInconsistent', sheet.id).length === 1, {
      what: 'SheetFlaggedInconsistent',
    });
    expect(eventsOf('SheetFlaggedInconsistent', sheet.id)[0].data).toMatchObject({
      procedureTypeCode: code,
      sheetResponseTimeDays: 30,
      legalTermDays: 45,
    });
    const flagged = await ok(
      'olga',
      `{ sheets(filter: INCONSISTENT) { id inconsistency { legalTermDays sheetResponseTimeDays } } }`,
    );
    expect(flagged.sheets).toContainEqual({
      id: sheet.id,
      inconsistency: { legalTermDays: 45, sheetResponseTimeDays: 30 },
    });

    await ok('bruno', `mutation($i: EditSheetInput!) { editSheet(input: $i) { id } }`, {
      i: { id: sheet.id, content: content({ responseTimeDays: 45 }), note: 'termine di legge: 45 giorni' },
    });
    await act('bruno', 'submitContent', 'SHEET', sheet.id);
    await act('alice', 'approveContent', 'SHEET', sheet.id);
    const fixed = await ok('olga', `query($id: ID) { sheet(id: $id) { inconsistency { legalTermDays } } }`, {
      id: sheet.id,
    });
    expect(fixed.sheet.inconsistency).toBeNull();
    expect(eventsOf('SheetFlaggedInconsistent', sheet.id)).toHaveLength(1);
  });

  it('turns a proposed FAQ into a draft, counts usage from contacts, and ranks unclear sheets', async () => {
    const sheet = await createSheet(`tari-${run}`, {
      title: 'TARI - Tassa sui rifiuti',
      shortDescription: 'La tassa per la raccolta e lo smaltimento dei rifiuti urbani: chi la paga e come.',
      procedureTypeCode: null,
      category: 'tributi',
      citizenWords: ['tassa spazzatura', 'bolletta rifiuti'],
    });
    await publish('SHEET', sheet.id);
    const proposalId = `prop-${run}`;
    await produce(
      FaqProposedV1,
      createEvent(
        FaqProposedV1,
        `c-${run}`,
        {
          proposalId,
          contactId: `c-${run}`,
          question: 'Posso pagare la TARI a rate?',
          answer: 'Sì, la TARI si paga in tre rate con i modelli F24 o pagoPA inviati dal Comune.',
          proposedBy: 'olga',
          proposedAt: new Date().toISOString(),
          sheetIds: [sheet.id],
        },
        { source: '/urp/contacts' },
      ),
    );
    // four contacts answered with the sheet, the first one delivered twice (the fourth shares its key, so it is
    // consumed after the repeat): counted four times
    const registered = Array.from({ length: 4 }, (_, i) =>
      createEvent(
        ContactRegisteredV1,
        `c-${run}-${i % 3}`,
        {
          contactId: `c-${run}-${i}`,
          channel: 'phone',
          contactType: 'information',
          operatorId: 'olga',
          registeredAt: new Date().toISOString(),
          sheetIds: [sheet.id],
        },
        { source: '/urp/contacts' },
      ),
    );
    for (const e of [registered[0], registered[1], registered[2], registered[0], registered[3]])
      await produce(ContactRegisteredV1, e);
    const faq = await waitFor(
      async () =>
        (
          await ok('alice', `{ replyTemplates(kind: FAQ, status: DRAFT) { id title sheetIds origin } }`)
        ).replyTemplates.find((t: { origin: string }) => t.origin === `faq_proposal:${proposalId}`),
      { what: 'the draft FAQ' },
    );
    expect(faq).toMatchObject({ title: 'Posso pagare la TARI a rate?', sheetIds: [sheet.id] });

    for (const clear of [false, false, true]) {
      const r = await ok(
        undefined,
        `mutation($i: ClarityFeedbackInput!) { submitClarityFeedback(input: $i) { received } }`,
        {
          i: { sheetId: sheet.id, clear, reason: clear ? null : 'incomplete' },
        },
      );
      expect(r.submitClarityFeedback.received).toBe(true);
    }
    const badReason = await ask(
      undefined,
      `mutation($i: ClarityFeedbackInput!) { submitClarityFeedback(input: $i) { received } }`,
      {
        i: { sheetId: sheet.id, clear: false, reason: 'Mario Rossi via Roma 3' },
      },
    );
    expect(badReason.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    await waitFor(() => eventsOf('ClarityFeedbackReceived', sheet.id).length === 3, {
      what: 'ClarityFeedbackReceived',
    });
    const usage = await waitFor(
      async () => {
        const u = (
          await ok('alice', `query($id: ID) { sheet(id: $id) { usage { contacts clear unclear } } }`, {
            id: sheet.id,
          })
        ).sheet.usage;
        return u.contacts >= 4 ? u : undefined;
      },
      { what: 'usage from ContactRegistered' },
    );
    expect(usage).toEqual({ contacts: 4, clear: 1, unclear: 2 });
    const ranking = await ok('alice', `{ unclearSheets(first: 5) { id } }`);
    expect(ranking.unclearSheets[0].id).toBe(sheet.id);

    // and the public search finds it from the citizen's words, through the gateway, without a login
    const found = await waitFor(
      async () => {
        const r = await ok(
          undefined,
          `{ publicSearch(query: "tassa spazatura", first: 3) { hits { sheet { slug } } expandedQuery } }`,
        );
        return r.publicSearch.hits.length ? r.publicSearch : undefined;
      },
      { what: 'search hit' },
    );
    expect(found.hits.map((h: { sheet: { slug: string } }) => h.sheet.slug)).toContain(`tari-${run}`);
  });

  it('versions forms: each publication an immutable version with its event; submissions validated per version', async () => {
    const fields = [
      { name: 'nome', label: 'Nome e cognome', type: 'TEXT', required: true, order: 1 },
      { name: 'figli', label: 'Numero di figli', type: 'NUMBER', required: false, order: 2, min: 0, max: 20 },
    ];
    const created = await ask(
      'alice',
      `mutation($i: CreateFormInput!) { createForm(input: $i) { id code status } }`,
      {
        i: { code: `modulo_${run}`, content: { title: 'Domanda di iscrizione', fields } },
      },
    );
    const id = created.data.createForm.id;
    await publish('FORM', id);
    await waitFor(() => eventsOf('FormPublished', id).length === 1, { what: 'FormPublished v1' });
    expect(eventsOf('FormPublished', id)[0].data).toMatchObject({
      code: `modulo_${run}`,
      version: 1,
      fields: [
        { name: 'nome', type: 'text' },
        { name: 'figli', type: 'number' },
      ],
    });

    await ok('bruno', `mutation($i: EditFormInput!) { editForm(input: $i) { revision } }`, {
      i: {
        id,
        note: 'aggiunta email',
        content: {
          title: 'Domanda di iscrizione',
          fields: [...fields, { name: 'email', label: 'Email', type: 'TEXT', required: true, order: 3 }],
        },
      },
    });
    await act('bruno', 'submitContent', 'FORM', id);
    await act('alice', 'approveContent', 'FORM', id);
    await waitFor(() => eventsOf('FormPublished', id).length === 2, { what: 'FormPublished v2' });

    const v = (version: number) =>
      ok(
        undefined,
        `query($c: String!, $v: Int, $d: String!) { validateFormSubmission(code: $c, version: $v, dataJson: $d) { ok errors { field message } } }`,
        {
          c: `modulo_${run}`,
          v: version,
          d: JSON.stringify({ nome: 'Anna Bianchi', figli: 'due' }),
        },
      );
    expect((await v(1)).validateFormSubmission).toEqual({
      ok: false,
      errors: [{ field: 'figli', message: '«Numero di figli»: deve essere un numero' }],
    });
    expect((await v(2)).validateFormSubmission.errors.map((e: { field: string }) => e.field)).toEqual([
      'figli',
      'email',
    ]);

    const badField = await ask('alice', `mutation($i: CreateFormInput!) { createForm(input: $i) { id } }`, {
      i: {
        code: `modulo_bad_${run}`,
        content: {
          title: 'Modulo',
          fields: [{ name: 'scelta', label: 'Scelta', type: 'SINGLE_CHOICE', required: true, order: 1 }],
        },
      },
    });
    expect(badField.errors![0].extensions!.fields['input.content.fields.0.options']).toBe(
      'un campo a scelta richiede le opzioni',
    );
  });

  it('keeps canned replies with known placeholders only, and renders them', async () => {
    const bad = await ask(
      'alice',
      `mutation($i: CreateReplyTemplateInput!) { createReplyTemplate(input: $i) { id } }`,
      {
        i: {
          code: `sospensione_${run}`,
          content: { kind: 'REPLY', title: 'Sospensione', body: 'Gentile {{nome}}, la pratica è sospesa.' },
        },
      },
    );
    expect(bad.errors![0].extensions!.fields['input.content.body']).toMatch(
      /segnaposto non previsti: \{\{nome\}\}/,
    );
    const t = await ok(
      'alice',
      `mutation($i: CreateReplyTemplateInput!) { createReplyTemplate(input: $i) { id placeholders } }`,
      {
        i: {
          code: `sospensione_${run}`,
          content: {
            kind: 'REPLY',
            title: 'Sospensione dei termini',
            body: 'La pratica {{protocol_number}} è sospesa; il termine riprende e scade il {{due_date}}. Responsabile: {{responsible_person}}.',
            caseStatus: 'suspended',
          },
        },
      },
    );
    expect(t.createReplyTemplate.placeholders).toEqual(['protocol_number', 'due_date', 'responsible_person']);
    await publish('REPLY_TEMPLATE', t.createReplyTemplate.id);
    await waitFor(() => eventsOf('ReplyTemplatePublished', t.createReplyTemplate.id).length === 1, {
      what: 'ReplyTemplatePublished',
    });
    const r = await ok(
      'olga',
      `query($id: ID) { replyTemplate(id: $id) { render(valuesJson: "{\\"protocol_number\\":\\"0001234\\",\\"due_date\\":\\"15/01/2027\\"}") } }`,
      {
        id: t.createReplyTemplate.id,
      },
    );
    expect(r.replyTemplate.render).toBe(
      'La pratica 0001234 è sospesa; il termine riprende e scade il 15/01/2027. Responsabile: {{responsible_person}}.',
    );
  });

  it('reads and edits documents stored before the kernel; an edit of an old revision is a CONFLICT', async () => {
    const read = await ok('olga', `query($id: ID) { replyTemplate(id: $id) { revision status body } }`, {
      id: oldTemplate._id,
    });
    expect(read.replyTemplate).toEqual({
      revision: 2,
      status: 'DRAFT',
      body: 'Il testo corretto della risposta.',
    });
    const edit = (expectedRevision: number, body: string) =>
      ask(
        'bruno',
        `mutation($i: EditReplyTemplateInput!) { editReplyTemplate(input: $i) { revision body } }`,
        {
          i: {
            id: oldTemplate._id,
            note: 'aggiornata',
            expectedRevision,
            content: { kind: 'REPLY', title: 'Risposta di prima', body },
          },
        },
      );
    const edited = await edit(2, 'Il testo della risposta, aggiornato.');
    expect(edited.errors).toBeUndefined();
    expect(edited.data.editReplyTemplate.revision).toBe(3);
    // alice still has revision 2 open: her edit would overwrite bruno's, so it is refused
    const stale = await edit(2, 'Il testo di alice.');
    expect(stale.errors![0].extensions!.code).toBe('CONFLICT');
    const after = await ok('olga', `query($id: ID) { replyTemplate(id: $id) { revision body } }`, {
      id: oldTemplate._id,
    });
    expect(after.replyTemplate).toEqual({ revision: 3, body: 'Il testo della risposta, aggiornato.' });
  });

  it("loads the demo content through the gateway, idempotently; the public finds sheets by citizens' words", async () => {
    const people: Record<string, string> = { backoffice: 'bo-marco', manager: 'mgr-paolo', operator: 'olga' };
    const logs: string[] = [];
    const ctx = {
      gatewayUrl: `${gateway.url}/graphql`,
      log: (m: string) => void logs.push(m),
      call: (role: string, query: string, variables?: Record<string, unknown>) =>
        ok(people[role], query, variables),
      created: { contacts: new Set<string>(), cases: new Set<string>(), procedures: new Set<string>() },
    };
    // the sheets other services' seeds refer to (the full demo set is 72 sheets: see the search quality test)
    const slugs = [
      'carta-identita-elettronica',
      'cambio-residenza',
      'certificati-anagrafici',
      'tari-tassa-rifiuti',
      'permesso-ztl',
      'iscrizione-asilo-nido',
      'accesso-documentale',
      'accesso-civico-generalizzato',
      'permesso-di-costruire',
      'rimozione-veicoli',
      'ritiro-ingombranti',
      'segnalazione-guasti-illuminazione',
    ];
    await seed(ctx, { slugs });
    await seed(ctx, { slugs }); // idempotent: the second run creates nothing
    expect(logs[logs.length - 1]).toMatch(/0 forms, 0 sheets, 0 reply templates published \(of 8, \d+, 10\)/);
    const all = await ok(undefined, `{ publicSheets(first: 500) { slug content { offices { code } } } }`);
    const published = all.publicSheets.map((s: { slug: string }) => s.slug);
    for (const slug of slugs) expect(published).toContain(slug);
    const found = await waitFor(
      async () => {
        const r = await ok(
          undefined,
          `{ publicSearch(query: "mi hanno portato via la macchina", first: 3) { hits { sheet { slug } } } }`,
        );
        return r.publicSearch.hits.length
          ? r.publicSearch.hits.map((h: { sheet: { slug: string } }) => h.sheet.slug)
          : undefined;
      },
      { what: 'the demo sheets in the search index' },
    );
    expect(found).toContain('rimozione-veicoli');
    const form = await ok(
      undefined,
      `{ publicSheet(slug: "cambio-residenza") { forms { code version fields { name type } } } }`,
    );
    expect(form.publicSheet.forms[0]).toMatchObject({ code: 'dichiarazione_residenza', version: 1 });
  }, 180_000);

  it('shows referents the sheets of their own office only: read, list, search', async () => {
    const sheet = await createSheet(`scope-${run}`, { procedureTypeCode: null, title: `Ambito ${run}` });
    const read = `query($id: ID) { sheet(id: $id) { id } }`;
    expect((await ok('rossi', read, { id: sheet.id })).sheet).toEqual({ id: sheet.id });
    for (const other of ['verdi', 'nessuno'])
      expect((await ask(other, read, { id: sheet.id })).errors![0].extensions!.code).toBe('FORBIDDEN');
    const listed = async (who: string) =>
      (await ok(who, `{ sheets(first: 500) { id } }`)).sheets.map((s: { id: string }) => s.id);
    expect(await listed('rossi')).toContain(sheet.id);
    expect(await listed('verdi')).toEqual([]);
    expect(await listed('nessuno')).toEqual([]);
    const search = `query($i: SheetSearchInput!) { searchSheets(input: $i) { total hits { sheet { id } } } }`;
    const found = async (who: string) =>
      (await ok(who, search, { i: { query: `ambito ${run}`, first: 50 } })).searchSheets;
    await waitFor(async () => (await found('rossi')).hits.some((h: any) => h.sheet.id === sheet.id), {
      what: 'the sheet in the search index',
    });
    expect(await found('verdi')).toEqual({ total: 0, hits: [] });
    // referents of another office cannot send it to review either
    expect((await act('verdi', 'submitContent', 'SHEET', sheet.id)).errors![0].extensions!.code).toBe(
      'FORBIDDEN',
    );
    expect((await act('rossi', 'submitContent', 'SHEET', sheet.id)).errors).toBeUndefined();
    // published for citizens, its drafts and who wrote them stay with its office
    expect((await act('bruno', 'approveContent', 'SHEET', sheet.id)).errors).toBeUndefined();
    const drafts = `query($s: String!) { publicSheet(slug: $s) { title revisions { author } history { by } } }`;
    expect((await ok('rossi', drafts, { s: sheet.slug })).publicSheet.revisions).toHaveLength(1);
    const other = await ask('verdi', drafts, { s: sheet.slug });
    expect(other.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(
      (await ok('verdi', `query($s: String!) { publicSheet(slug: $s) { title } }`, { s: sheet.slug }))
        .publicSheet.title,
    ).toBe(`Ambito ${run}`);
  });

  it('four eyes: a colleague re-saving identical text does not let the author approve it', async () => {
    const sheet = await createSheet(`quattro-occhi-${run}`, { procedureTypeCode: null });
    const resaved = await ok('bruno', `mutation($i: EditSheetInput!) { editSheet(input: $i) { revision } }`, {
      i: { id: sheet.id, content: content({ procedureTypeCode: null }), note: 'salvata di nuovo' },
    });
    expect(resaved.editSheet.revision).toBe(2);
    expect((await act('bruno', 'submitContent', 'SHEET', sheet.id)).errors).toBeUndefined();
    for (const writer of ['alice', 'bruno']) {
      const self = await act(writer, 'approveContent', 'SHEET', sheet.id);
      expect(self.errors![0].extensions!.code).toBe('FORBIDDEN');
      expect(self.errors![0].message).toMatch(/Quattro occhi/);
    }
    const state = await ok('olga', `query($id: ID) { sheet(id: $id) { status publishedRevision } }`, {
      id: sheet.id,
    });
    expect(state.sheet).toEqual({ status: 'IN_REVIEW', publishedRevision: null });
    const approved = await act('mgr-paolo', 'approveContent', 'SHEET', sheet.id);
    expect(approved.data.approveContent).toMatchObject({ status: 'PUBLISHED', publishedRevision: 2 });
  });
});
