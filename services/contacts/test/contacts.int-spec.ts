import { IDENTITY_HEADER, signIdentity } from '@urp/auth';
import {
  CaseTopic,
  ContactTopic,
  OfficeChangedV1,
  ProcedureTypeChangedV1,
  SheetPublishedV1,
  ProcedureSubmittedV1,
  ReferentChangedV1,
  ReplyTemplatePublishedV1,
  RequesterTopic,
} from '@urp/contracts';
import {
  collectEvents,
  freePort,
  spawnGateway,
  spawnService,
  TEST_AUTH,
  sleep,
  testInfra,
  uniqueName,
  waitFor,
  uniqueFiscalCode,
  type RunningProcess,
} from '@urp/testing';
import { endOfRomeDay, LegalCalendar, romeCivilDate, romeDayStartMs, termFrom } from '@urp/legal-clock';
import { MongoClient } from 'mongodb';
import { DirectoryStore } from '../src/directory/directory.store';
import { ADMIN, ANALYST, BACKOFFICE, eventProducer, gatewayClient, MANAGER, OPERATOR } from './helpers';

const CASE_FIELDS = `id contactId protocolNumber status statusLabel priority officeId officeName referentId referentName
  dueAt reminderAt overdue suspended suspendedDays suspensions { reason from to days } outcome forwardedTo withinTerm
  duplicateOf duplicates history { action status detail dueAt by } notes { text mentions } messages { text }`;
const REGISTER = `mutation($input: RegisterContactInput!) { registerContact(input: $input) { id status protocolNumber requesterId case { ${CASE_FIELDS} } } }`;

/**
 * The contacts service as it runs: two instances on one database (time-driven events, protocol numbers under
 * concurrency), the gateway in front of the first, real Kafka and FerretDB. Other services' events
 * (offices, referents, reply templates) are produced by the test.
 */
describe('contacts service (two instances + gateway, real Kafka + FerretDB)', () => {
  const dbName = uniqueName('contacts').replace(/-/g, '_');
  const run = uniqueName('r').replace(/-/g, '');
  const office = {
    id: `off_lp_${run}`,
    code: `lavori_pubblici_${run}`,
    name: 'Lavori pubblici e manutenzioni',
  };
  const referent = { id: `ref_verdi_${run}`, name: 'Ing. Paola Verdi', staffId: 'staff-verdi' };
  const mongo = new MongoClient(testInfra.mongoUrl);
  let a: RunningProcess;
  let b: RunningProcess;
  let gateway: RunningProcess;
  let collector: Awaited<ReturnType<typeof collectEvents>>;
  let producer: Awaited<ReturnType<typeof eventProducer>>;
  let ask: ReturnType<typeof gatewayClient>;

  const env = (group: string) => ({
    MONGO_URL: testInfra.mongoUrl,
    MONGO_DB: dbName,
    KAFKA_BROKERS: testInfra.kafkaBrokers.join(','),
    IDENTITY_SECRET: TEST_AUTH.identitySecret,
    KAFKA_GROUP_ID: group,
    CONTACTS_TIMER_INTERVAL_MS: '400',
  });

  beforeAll(async () => {
    const group = uniqueName('g-contacts');
    [collector, producer] = await Promise.all([
      collectEvents([ContactTopic.name, CaseTopic.name, RequesterTopic.name]),
      eventProducer(),
    ]);
    [a, b] = await Promise.all([
      spawnService('services/contacts/src/main.ts', env(group), 4313),
      spawnService(
        'services/contacts/src/main.ts',
        { ...env(group), OPEN311_API_KEYS: 'civic-app-key' },
        4314,
      ),
    ]);
    gateway = await spawnGateway({ contacts: a.url }, 4315);
    ask = gatewayClient(gateway.url);
    await producer.send(OfficeChangedV1, office.id, {
      officeId: office.id,
      code: office.code,
      name: office.name,
      headReferentId: referent.id,
      active: true,
      changedAt: new Date().toISOString(),
    });
    await producer.send(ReferentChangedV1, referent.id, {
      referentId: referent.id,
      name: referent.name,
      officeId: office.id,
      staffId: referent.staffId,
      active: true,
      changedAt: new Date().toISOString(),
    });
    await producer.send(ReplyTemplatePublishedV1, `tpl_${run}`, {
      templateId: `tpl_${run}`,
      revision: 1,
      code: 'presa_in_carico',
      title: 'Presa in carico',
      body: 'La sua segnalazione (prot. {{protocol_number}}) è seguita da {{responsible_person}}, {{office}}: risposta entro il {{due_date}}.',
      placeholders: ['protocol_number', 'responsible_person', 'office', 'due_date'],
      audience: 'public',
      publishedAt: new Date().toISOString(),
    });
  }, 120_000);

  afterAll(async () => {
    await Promise.all([collector?.stop(), producer?.stop()]);
    await Promise.all([gateway?.stop(), a?.stop(), b?.stop()]);
    await mongo.close();
  });

  // ContactChanged / RequesterChanged go with every write (the other instances' read models): left out here
  const eventsOf = (key: string) =>
    collector.events.filter(
      (e) => e.key === key && !/\.(Contact|Requester)Changed\./.test(e.headers.ce_type),
    );
  const types = (key: string) => eventsOf(key).map((e) => e.headers.ce_type.split('.')[3]);
  const count = (col: string) => mongo.db(dbName).collection(col).countDocuments();

  async function newRequester(extra: Record<string, unknown> = {}) {
    const res = await ask(
      `mutation($input: RequesterInput!) { createRequester(input: $input) { id kind preferredChannel } }`,
      {
        input: {
          kind: 'PERSON',
          name: 'Maria Bianchi',
          // contacts refuses a second requester with one fiscal code: each call its own
          fiscalCode: uniqueFiscalCode(),
          email: 'maria.bianchi@example.it',
          preferredChannel: 'EMAIL',
          purpose: 'registrazione al front office',
          ...extra,
        },
      },
    );
    expect(res.body.errors).toBeUndefined();
    return res.body.data.createRequester.id as string;
  }

  it('waits for the knowledge base’s offices to reach the local directory', async () => {
    await waitFor(
      async () => {
        const r = await ask(REGISTER, {
          input: { channel: 'DESK', type: 'COMPLAINT', subject: 'probe', officeId: 'no_such_office' },
        });
        return r.body.errors?.[0]?.extensions?.fields?.['input.officeId'];
      },
      { timeoutMs: 30_000, intervalMs: 300, what: 'the directory to know offices' },
    );
    // on a broker other tests used, the directory knows their offices first: wait for this run's own, then for
    // the instances' held copy of the directory to expire: the instance that did not apply the event serves the
    // list it holds while reading it again for up to SERVE_HELD_MS (the probes above refreshed it, maybe before
    // this run's office arrived: a consumer's fetch waits up to 200 ms for a batch)
    const directory = mongo.db(dbName).collection<{ _id: string }>('directory');
    await waitFor(
      async () =>
        !!(await directory.findOne({ _id: `office:${office.id}` })) &&
        !!(await directory.findOne({ _id: `referent:${referent.id}` })),
      { timeoutMs: 30_000, intervalMs: 300, what: 'this run’s office and referent in the directory' },
    );
    await sleep(DirectoryStore.SERVE_HELD_MS + 500);
  });

  it('keeps personal data in the requester record: pseudonymous id, audited reads, role-restricted', async () => {
    const cf = uniqueFiscalCode();
    const id = await newRequester({ fiscalCode: cf });
    expect(id).toMatch(/^req_/);
    const q = `query($id: ID!) { requester(id: $id) { id kind personalData(purpose: "risposta al reclamo") { name email fiscalCode } } }`;
    const asOperator = await ask(q, { id });
    expect(asOperator.body.data.requester.personalData).toEqual({
      name: 'Maria Bianchi',
      email: 'maria.bianchi@example.it',
      fiscalCode: cf,
    });
    const asManager = await ask(q, { id }, MANAGER);
    expect(asManager.body.data?.requester?.personalData ?? null).toBeNull();
    expect(asManager.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const audit = await ask(
      `query($id: ID!) { requester(id: $id) { audit { who action purpose fields } } }`,
      { id },
      ADMIN,
    );
    expect(audit.body.data.requester.audit).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          who: 'op-anna',
          action: 'create',
          purpose: 'registrazione al front office',
        }),
        expect.objectContaining({ who: 'op-anna', action: 'read', purpose: 'risposta al reclamo' }),
      ]),
    );
    const bad = await ask(
      `mutation { createRequester(input: { kind: PERSON, email: "x", purpose: "ok purpose" }) { id } }`,
    );
    expect(bad.body.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { 'input.name': expect.any(String), 'input.email': expect.any(String) },
    });
  });

  it('updates personal data with a purpose, finds requesters by fiscal code, and shows the pseudonymous requester on a contact', async () => {
    const id = await newRequester({ fiscalCode: 'VRDGPP70A01H501S' });
    const upd = await ask(
      `mutation($i: UpdateRequesterInput!) { updateRequester(input: $i) { id preferredChannel } }`,
      {
        i: {
          id,
          phone: '+39 333 7654321',
          preferredChannel: 'SMS',
          purpose: 'il cittadino preferisce gli SMS',
        },
      },
    );
    expect(upd.body.data.updateRequester.preferredChannel).toBe('SMS');
    // an edit made on the record as it was before that change: CONFLICT, nothing overwritten
    const stale = await ask(`mutation($i: UpdateRequesterInput!) { updateRequester(input: $i) { id } }`, {
      i: { id, phone: '+39 06 7654321', expectedRevision: 1, purpose: 'correzione del numero' },
    });
    expect(stale.body.errors?.[0].extensions?.code).toBe('CONFLICT');
    const noPurpose = await ask(`mutation($i: UpdateRequesterInput!) { updateRequester(input: $i) { id } }`, {
      i: { id, email: 'bad', purpose: '' },
    });
    expect(noPurpose.body.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { 'input.email': expect.any(String), 'input.purpose': expect.any(String) },
    });
    const found = await ask(
      `query { findRequesters(fiscalCode: "vrdgpp70a01h501s", purpose: "verifica identità allo sportello") { id } }`,
    );
    expect(found.body.data.findRequesters).toEqual([{ id }]);
    const reg = await ask(REGISTER, {
      input: {
        channel: 'PHONE',
        type: 'INFORMATION',
        subject: 'Orari',
        requesterId: id,
        resolvedAtFirstContact: true,
      },
    });
    const contact = await ask(
      `query($id: ID!) { contact(id: $id) { status requester { id kind preferredChannel anonymised } } }`,
      { id: reg.body.data.registerContact.id },
    );
    expect(contact.body.data.contact).toEqual({
      status: 'CLOSED',
      requester: { id, kind: 'PERSON', preferredChannel: 'SMS', anonymised: false },
    });
    const audit = await mongo
      .db(dbName)
      .collection('personal_data_audit')
      .find({ requesterId: id })
      .toArray();
    expect(audit.map((x) => x.action).sort()).toEqual(['create', 'search', 'update']);
  });

  it('serves addresses to services only (x-urp-identity with role service), audited, with 404/409/410', async () => {
    const cf = uniqueFiscalCode();
    const id = await newRequester({ fiscalCode: cf });
    const svc = {
      [IDENTITY_HEADER]: await signIdentity(
        { sub: 'svc-campaigns', roles: ['service'] },
        TEST_AUTH.identitySecret,
      ),
    };
    const user = {
      [IDENTITY_HEADER]: await signIdentity(
        { sub: 'op', roles: ['operator', 'admin'] },
        TEST_AUTH.identitySecret,
      ),
    };
    const get = (rid: string, channel: string, headers: Record<string, string>) =>
      fetch(
        `${a.url}/internal/requesters/${rid}/address?channel=${channel}&purpose=${encodeURIComponent('scadenza TARI')}`,
        { headers },
      );
    const ok = await get(id, 'email', svc);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({
      requesterId: id,
      channel: 'email',
      address: 'maria.bianchi@example.it',
    });
    expect((await get(id, 'pec', svc)).status).toBe(409);
    // the preferred channel (WAVE4): the requester chose e-mail and has it
    const preferred = await get(id, 'preferred', svc);
    expect(preferred.status).toBe(200);
    expect(await preferred.json()).toEqual({
      requesterId: id,
      status: 'ok',
      channel: 'email',
      address: 'maria.bianchi@example.it',
    });
    expect((await get('req_nobody0001', 'email', svc)).status).toBe(404);
    expect((await get(id, 'email', user)).status).toBe(403);
    expect((await get(id, 'email', {})).status).toBe(401);

    const batch = await fetch(`${b.url}/internal/requesters/addresses`, {
      method: 'POST',
      headers: { ...svc, 'content-type': 'application/json' },
      body: JSON.stringify({
        requesterIds: [id, 'req_nobody0001'],
        channel: 'io',
        purpose: 'avviso scadenza',
      }),
    });
    expect(batch.status).toBe(200);
    expect(await batch.json()).toEqual({
      addresses: [
        { requesterId: id, status: 'ok', address: cf },
        { requesterId: 'req_nobody0001', status: 'unknown' },
      ],
    });
    // preferred in a batch: the requester's PEC, named beside the address; an unknown id as before
    const noPhone = await newRequester({ preferredChannel: 'PEC', pec: 'maria@pec.example.it' });
    const preferredBatch = await fetch(`${b.url}/internal/requesters/addresses`, {
      method: 'POST',
      headers: { ...svc, 'content-type': 'application/json' },
      body: JSON.stringify({
        requesterIds: [noPhone, 'req_nobody0001'],
        channel: 'preferred',
        purpose: 'avviso',
      }),
    });
    expect(await preferredBatch.json()).toEqual({
      addresses: [
        { requesterId: noPhone, status: 'ok', channel: 'pec', address: 'maria@pec.example.it' },
        { requesterId: 'req_nobody0001', status: 'unknown' },
      ],
    });
    const audits = await mongo
      .db(dbName)
      .collection('personal_data_audit')
      .find({ requesterId: id, action: 'address' })
      .toArray();
    expect(audits.map((x) => [x.who, x.purpose])).toEqual(
      expect.arrayContaining([
        ['svc-campaigns', 'scadenza TARI'],
        ['svc-campaigns', 'avviso scadenza'],
      ]),
    );

    // anonymisation on request: personal data gone, 410 for services, one RequesterAnonymised event without personal data
    const anon = await ask(
      `mutation($id: ID!) { anonymiseRequester(input: { id: $id, purpose: "richiesta art. 17 GDPR" }) { anonymised } }`,
      { id },
      BACKOFFICE,
    );
    expect(anon.body.data.anonymiseRequester.anonymised).toBe(true);
    expect((await get(id, 'email', svc)).status).toBe(410);
    await waitFor(() => types(id).includes('RequesterAnonymised'), { what: 'RequesterAnonymised' });
    expect(eventsOf(id)[0].data).toMatchObject({ requesterId: id, reason: 'request' });
    const stored = await mongo.db(dbName).collection<{ _id: string }>('requesters').findOne({ _id: id });
    expect(stored).not.toHaveProperty('email');
    expect(stored).not.toHaveProperty('name');
    expect(stored).toMatchObject({ kind: 'person', anonymisedReason: 'request' });
  });

  it('registers a complaint: a case with protocol number, due date from the policy, routing, notification; events carry no personal data', async () => {
    const cf = uniqueFiscalCode();
    const requesterId = await newRequester({ fiscalCode: cf });
    const res = await ask(REGISTER, {
      input: {
        channel: 'EMAIL',
        type: 'COMPLAINT',
        subject: 'Marciapiede dissestato davanti alla scuola',
        text: 'Sono Maria Bianchi, il marciapiede di via Roma 3 è pericoloso',
        requesterId,
        category: { level1: 'strade_viabilita', level2: 'marciapiedi' },
        place: { area: 'centro_storico', lat: 41.901, lon: 12.501, address: 'via Roma 3' },
        officeId: office.code,
        referentId: referent.id,
      },
    });
    expect(res.body.errors).toBeUndefined();
    const contact = res.body.data.registerContact;
    const c = contact.case;
    expect(contact.protocolNumber).toMatch(/^\d{4}\/\d{7}$/);
    expect(c).toMatchObject({
      status: 'ASSIGNED',
      statusLabel: 'Assegnata',
      officeId: office.id,
      officeName: office.name,
      referentName: referent.name,
    });
    // the legal clock's due date for the same inputs: today (Rome) + 30 days, off holidays, to the end of that day
    const national = new LegalCalendar();
    const today = romeCivilDate(new Date());
    expect(romeCivilDate(c.dueAt)).toBe(termFrom(today, 30, national));
    expect(Date.parse(c.dueAt)).toBe(Date.parse(endOfRomeDay(termFrom(today, 30, national))));
    expect(Date.parse(c.reminderAt)).toBe(romeDayStartMs(termFrom(today, 10, national)));

    await waitFor(
      () => types(c.id).includes('CitizenNotificationRequested') && types(contact.id).length > 0,
      { what: 'case events' },
    );
    expect(types(contact.id)).toEqual(['ContactRegistered']);
    expect(types(c.id)).toEqual(['CaseOpened', 'CaseRouted', 'CitizenNotificationRequested']);
    expect(eventsOf(c.id)[0].data).toMatchObject({
      caseId: c.id,
      contactId: contact.id,
      requesterId,
      protocolNumber: contact.protocolNumber,
      priority: 'normal',
      area: 'centro_storico',
    });
    expect(eventsOf(c.id)[2].data).toMatchObject({
      requesterId,
      channel: 'email',
      template: 'case_received',
      caseId: c.id,
    });
    const all = JSON.stringify([...eventsOf(contact.id), ...eventsOf(c.id)]);
    // by e-mail, not at the desk: the notification names the receipt, whose code is on no event
    expect(eventsOf(c.id)[2].data).toMatchObject({ messageId: `receipt_${contact.id}` });
    for (const leak of ['Bianchi', 'maria', 'via Roma', cf, 'Marciapiede dissestato'])
      expect(all).not.toContain(leak);

    // personal context only for roles that need it
    const q = `query($id: ID!) { contact(id: $id) { text place { area address } } }`;
    expect((await ask(q, { id: contact.id })).body.data.contact).toMatchObject({
      text: expect.stringContaining('pericoloso'),
      place: { address: 'via Roma 3' },
    });
    expect((await ask(q, { id: contact.id }, MANAGER)).body.data.contact).toEqual({
      text: null,
      place: { area: 'centro_storico', address: null },
    });
    // the referent of the office it is routed to reads the request they must answer, not the exact place
    const ownReferent = { sub: referent.staffId, roles: ['referent' as const], offices: [office.id] };
    expect((await ask(q, { id: contact.id }, ownReferent)).body.data.contact).toEqual({
      text: expect.stringContaining('pericoloso'),
      place: { area: 'centro_storico', address: null },
    });
    // another office's referent does not see the contact at all
    const otherReferent = { ...ownReferent, offices: ['another_office'] };
    expect((await ask(q, { id: contact.id }, otherReferent)).body.data?.contact ?? null).toBeNull();
  });

  it('works a case: suspension moves the due date with a reason in the history, notes vs messages, canned reply, forwarded closing, reopening', async () => {
    const requesterId = await newRequester();
    const reg = await ask(REGISTER, {
      input: {
        channel: 'DESK',
        type: 'REPORT',
        subject: 'Lampione spento',
        requesterId,
        category: { level1: 'strade_viabilita' },
      },
    });
    const caseId = reg.body.data.registerContact.case.id as string;
    const due0 = reg.body.data.registerContact.case.dueAt as string;
    const m = (mutation: string, input: Record<string, unknown>, who = OPERATOR) =>
      ask(
        `mutation($input: ${mutation[0].toUpperCase() + mutation.slice(1)}Input!) { ${mutation}(input: $input) { ${CASE_FIELDS} } }`,
        { input },
        who,
      );

    const routed = await m('routeCase', { caseId, officeId: office.id, referentId: referent.id });
    expect(routed.body.data.routeCase).toMatchObject({
      status: 'ASSIGNED',
      officeId: office.id,
      referentId: referent.id,
    });

    const suspended = await m('suspendCase', {
      caseId,
      reason: 'in attesa di fotografie dal cittadino',
      request: 'Ci invii due fotografie della buca.',
    });
    expect(suspended.body.data.suspendCase).toMatchObject({ status: 'WAITING_CITIZEN', suspended: true });
    // the clock cannot be suspended twice at once: a conflict, nothing written
    expect(
      (await m('suspendCase', { caseId, reason: 'again', request: 'x' })).body.errors?.[0].extensions?.code,
    ).toBe('CONFLICT');
    const resumed = await ask(
      `mutation { resumeCase(input: { caseId: "${caseId}" }) { status dueAt suspendedDays history { action detail } } }`,
    );
    expect(resumed.body.data.resumeCase).toMatchObject({
      status: 'IN_PROGRESS',
      dueAt: due0,
      suspendedDays: 0,
    });
    expect(resumed.body.data.resumeCase.history.at(-1)).toMatchObject({
      action: 'resumed',
      detail: expect.stringContaining('in attesa di fotografie'),
    });

    const triage = await ask(
      `mutation { changeCaseStatus(input: { caseId: "${caseId}", status: CLOSED }) { status } }`,
    );
    expect(triage.body.errors?.[0].extensions?.fields).toHaveProperty(['input.status']);
    const waiting = await ask(
      `mutation { changeCaseStatus(input: { caseId: "${caseId}", status: WAITING_REFERENT }) { status } }`,
    );
    expect(waiting.body.data.changeCaseStatus.status).toBe('WAITING_REFERENT');
    const labelAsOperator = await ask(
      `mutation { setPhaseLabel(status: CLOSED, label: "Archiviata") { label } }`,
    );
    expect(labelAsOperator.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const note = await ask(
      `mutation { addCaseNote(input: { caseId: "${caseId}", text: "@${referent.id} puoi verificare il quadro elettrico?" }) { notes { text mentions } } }`,
    );
    expect(note.body.data.addCaseNote.notes[0].mentions).toEqual([referent.id]);
    // internal notes are not for analysts; the referent finds the case in "my cases"
    const asAnalyst = await ask(`query { case(id: "${caseId}") { notes { text } } }`, {}, ANALYST);
    expect(asAnalyst.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const mine = await ask(
      `query { caseQueue(filter: { mine: true }) { edges { node { id } } } }`,
      {},
      { sub: referent.staffId, roles: ['referent'], offices: [office.id] },
    );
    expect(mine.body.data.caseQueue.edges.map((e: { node: { id: string } }) => e.node.id)).toContain(caseId);

    const replies = await ask(
      `query { cannedReplies(caseId: "${caseId}") { code text missingPlaceholders } }`,
    );
    const reply = replies.body.data.cannedReplies.find((r: { code: string }) => r.code === 'presa_in_carico');
    expect(reply.missingPlaceholders).toEqual([]);
    expect(reply.text).toContain(referent.name);
    expect(reply.text).toContain(office.name);
    const suggested = await ask(`query { case(id: "${caseId}") { suggestedReplies { code } } }`);
    expect(suggested.body.data.case.suggestedReplies.map((r: { code: string }) => r.code)).toContain(
      'presa_in_carico',
    );
    const answered = await m('sendCaseMessage', { caseId, templateId: `tpl_${run}`, answer: true });
    expect(answered.body.errors).toBeUndefined();
    expect(answered.body.data.sendCaseMessage).toMatchObject({
      status: 'ANSWERED',
      // the request of what was missing first (a public message too), then the answer
      messages: [{ text: 'Ci invii due fotografie della buca.' }, { text: reply.text }],
    });

    const noBody = await m('closeCase', { caseId, outcome: 'FORWARDED' });
    expect(noBody.body.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { 'input.forwardedTo': expect.any(String) },
    });
    const closed = await m('closeCase', { caseId, outcome: 'FORWARDED', forwardedTo: 'Enel Sole S.r.l.' });
    expect(closed.body.data.closeCase).toMatchObject({
      status: 'CLOSED',
      outcome: 'FORWARDED',
      forwardedTo: 'Enel Sole S.r.l.',
      withinTerm: true,
    });
    const reopened = await m('reopenCase', { caseId, reason: 'il guasto si è ripresentato' }, BACKOFFICE);
    expect(reopened.body.data.reopenCase).toMatchObject({ status: 'REOPENED', outcome: null });

    await waitFor(
      () => types(caseId).includes('CaseReopened') && types(reg.body.data.registerContact.id).length === 2,
      { what: 'case events' },
    );
    expect(types(caseId).filter((t) => t !== 'CitizenNotificationRequested')).toEqual([
      'CaseOpened',
      'CaseRouted',
      'CaseSuspended',
      'CaseResumed',
      'CaseAnswered',
      'CaseClosed',
      'CaseReopened',
    ]);
    const closedEvent = eventsOf(caseId).find((e) => e.headers.ce_type.includes('CaseClosed'))!.data;
    expect(closedEvent).toMatchObject({
      outcome: 'forwarded',
      forwardedTo: 'Enel Sole S.r.l.',
      withinTerm: true,
      suspendedDays: 0,
    });
    const notified = eventsOf(caseId)
      .filter((e) => e.headers.ce_type.includes('CitizenNotification'))
      .map((e) => (e.data as { status: string }).status);
    expect(notified).toEqual(['received', 'assigned', 'waiting_citizen', 'answered', 'closed', 'reopened']);
    // closing a suspended case ends the suspension; the term counts it
    const other = await ask(REGISTER, {
      input: { channel: 'DESK', type: 'COMPLAINT', subject: 'Reclamo sospeso' },
    });
    const otherId = other.body.data.registerContact.case.id;
    await m('suspendCase', {
      caseId: otherId,
      reason: 'documenti dal cittadino',
      request: 'Ci invii i documenti.',
    });
    const closedSuspended = await m('closeCase', { caseId: otherId, outcome: 'WITHDRAWN' });
    expect(closedSuspended.body.data.closeCase).toMatchObject({
      status: 'CLOSED',
      suspended: false,
      withinTerm: true,
    });
    expect(closedSuspended.body.data.closeCase.suspensions[0].to).toEqual(expect.any(String));
    // the contact closed with its case: satisfaction gets its ContactClosed
    expect(types(reg.body.data.registerContact.id)).toEqual(['ContactRegistered', 'ContactClosed']);
  });

  it('refuses bad input with field-level errors and changes nothing', async () => {
    const before = await Promise.all(['contacts', 'requesters', 'protocol_counters'].map(count));
    const bad = await ask(REGISTER, {
      input: {
        channel: 'DESK',
        type: 'PROCEDURE_START',
        subject: ' ',
        category: { level1: 'Not A Code' },
        place: { lat: 100 },
      },
    });
    expect(bad.body.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: {
        'input.subject': 'obbligatorio',
        'input.procedureTypeCode': expect.any(String),
        'input.category.level1': expect.any(String),
        'input.place.lat': expect.any(String),
      },
    });
    const imported = await ask(REGISTER, {
      input: {
        channel: 'DESK',
        type: 'INFORMATION',
        subject: 'x',
        registeredAt: '2025-10-01T09:00:00+02:00',
      },
    });
    expect(imported.body.errors?.[0].extensions?.fields).toHaveProperty(['input.registeredAt']);
    const badPolicy = await ask(
      `mutation { setDuePolicy(rules: [{ contactType: COMPLAINT, days: 10, reminderAfterDays: 20 }]) { days } }`,
      {},
      ADMIN,
    );
    expect(badPolicy.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(await Promise.all(['contacts', 'requesters', 'protocol_counters'].map(count))).toEqual(before);
  });

  it('refuses bad dates, unknown references and control characters at once: a named field, nothing written, no protocol number', async () => {
    // another office with its referent, and procedures' catalogue, as the projections learn them from events
    const other = { id: `off_tributi_${run}`, code: `tributi_${run}`, name: 'Tributi' };
    await producer.send(OfficeChangedV1, other.id, {
      officeId: other.id,
      code: other.code,
      name: other.name,
      active: true,
      changedAt: new Date().toISOString(),
    });
    await producer.send(ReferentChangedV1, `ref_neri_${run}`, {
      referentId: `ref_neri_${run}`,
      name: 'Dott. Carlo Neri',
      officeId: other.id,
      active: true,
      changedAt: new Date().toISOString(),
    });
    await producer.send(ProcedureTypeChangedV1, `pt_residenza_${run}`, {
      procedureTypeId: `pt_residenza_${run}`,
      code: 'cambio_residenza',
      name: 'Cambio di residenza',
      kind: 'generic',
      legalTermDays: 45,
      silenceRule: 'silent_assent',
      changedAt: new Date().toISOString(),
    });
    await producer.send(SheetPublishedV1, `sh_tari_${run}`, {
      sheetId: `sh_tari_${run}`,
      revision: 1,
      slug: `tari-${run}`,
      title: 'TARI',
      category: 'tributi',
      topics: [],
      lifeEvents: [],
      officeIds: [other.id],
      audience: 'public',
      publishedAt: new Date().toISOString(),
      reviewDueAt: new Date(Date.now() + 365 * 86_400_000).toISOString(),
    });
    const seqs = async () =>
      (await mongo.db(dbName).collection('protocol_counters').find({}).toArray()).map((d) => d.seq as number);
    const before = [await count('contacts'), await seqs()];
    type GqlError = { extensions?: { code?: string; field?: string; fields?: Record<string, string> } };
    const fieldOf = (res: { body: { errors?: GqlError[] } }) => {
      const ext = res.body.errors?.[0].extensions;
      expect(ext?.code).toBe('BAD_USER_INPUT');
      return { ...(ext?.field ? { [ext.field]: 'refused' } : {}), ...(ext?.fields ?? {}) };
    };
    const register = (input: Record<string, unknown>, who = ADMIN) =>
      ask(REGISTER, { input: { channel: 'DESK', type: 'COMPLAINT', subject: 'Prova', ...input } }, who);

    for (const registeredAt of [
      '2026-02-30T09:00:00+01:00',
      '04/12/2026',
      '2026-03-02T09:00:00',
      '0001-01-01T00:00:00Z',
      '1900-01-01T00:00:00Z',
      '12345-01-01T00:00:00Z',
    ])
      expect(fieldOf(await register({ registeredAt }))).toHaveProperty(['input.registeredAt']);
    expect(
      fieldOf(
        await ask(
          `mutation { closeCase(input: { caseId: "case_x", outcome: ANSWERED, closedAt: "2026-02-30T10:00:00Z" }) { id } }`,
          {},
          ADMIN,
        ),
      ),
    ).toHaveProperty(['input.closedAt']);
    // (the gateway may refuse it first, naming the field in `extensions.field`)
    expect(fieldOf(await register({ subject: 'Buca\u0000 \u001b[31mrossa' }))).toHaveProperty([
      'input.subject',
    ]);
    expect(fieldOf(await register({ requesterId: 'req_doesnotexist' }))).toMatchObject({
      'input.requesterId': expect.stringContaining('sconosciuto'),
    });
    expect(fieldOf(await register({ officeId: 'ufficio_inesistente' }))).toHaveProperty(['input.officeId']);
    // categories from the administration's taxonomy (issue 13), each level beside its field
    expect(
      fieldOf(await register({ category: { level1: 'tributi', level2: 'tassa_inventata' } }, OPERATOR)),
    ).toMatchObject({ 'input.category.level2': expect.stringContaining('sottocategoria sconosciuta') });
    expect(fieldOf(await register({ category: { level1: 'tributti' } }, OPERATOR))).toMatchObject({
      'input.category.level1': expect.stringContaining('categoria sconosciuta'),
    });
    // the projections are fed by Kafka: wait until they know the other office's referent and the catalogue
    await waitFor(
      async () =>
        (
          fieldOf(await register({ officeId: office.id, referentId: `ref_neri_${run}` }))[
            'input.referentId'
          ] ?? ''
        ).includes('non è referente dell’ufficio'),
      { what: 'a referent of another office refused' },
    );
    // (while the catalogue is unknown a start is taken as given: wait for the projection, not by registering)
    await waitFor(
      async () =>
        !!(await mongo
          .db(dbName)
          .collection<{ _id: string }>('directory')
          .findOne({ _id: `procedureType:pt_residenza_${run}` })),
      { what: 'the procedure type in the projection' },
    );
    expect(
      fieldOf(await register({ type: 'PROCEDURE_START', procedureTypeCode: 'tipo_inesistente' })),
    ).toMatchObject({ 'input.procedureTypeCode': expect.stringContaining('sconosciuto') });
    await waitFor(
      async () =>
        !!(await mongo
          .db(dbName)
          .collection<{ _id: string }>('directory')
          .findOne({ _id: `sheet:sh_tari_${run}` })),
      { what: 'the sheet in the projection' },
    );
    expect(
      fieldOf(await register({ sheetIds: [`sh_tari_${run}`, 'scheda_fantasma'] }, OPERATOR)),
    ).toMatchObject({ 'input.sheetIds.1': expect.stringContaining('scheda sconosciuta') });
    expect([await count('contacts'), await seqs()]).toEqual(before);
    // Open311: a date that does not exist is a 400 naming the parameter
    const open311 = await fetch(`${a.url}/open311/v2/requests.json?start_date=2026-02-30T00:00:00Z`);
    expect(open311.status).toBe(400);
    expect(((await open311.json()) as { description: string }[])[0].description).toContain('start_date');
  });

  it('hands procedure starts to procedures and proposes FAQs scrubbed of personal data', async () => {
    const requesterId = await newRequester({
      name: 'Giorgio Neri',
      fiscalCode: 'NREGRG70A01H501A',
      email: 'giorgio@example.it',
    });
    const res = await ask(REGISTER, {
      input: {
        channel: 'DESK',
        type: 'PROCEDURE_START',
        subject: 'Richiesta di cambio di residenza',
        requesterId,
        procedureTypeCode: 'cambio_residenza',
        formId: 'form_residenza',
        formVersion: 2,
        formData: JSON.stringify({ comune_provenienza: 'Roma', componenti: 3 }),
      },
    });
    const contact = res.body.data.registerContact;
    expect(contact.case).toBeNull();
    await waitFor(() => types(contact.id).includes('ProcedureRequested'), { what: 'ProcedureRequested' });
    expect(
      eventsOf(contact.id).find((e) => e.headers.ce_type.includes('ProcedureRequested'))!.data,
    ).toMatchObject({
      contactId: contact.id,
      requesterId,
      procedureTypeCode: 'cambio_residenza',
      protocolNumber: contact.protocolNumber,
      hasFormData: true,
    });
    // the form (personal data) never travels on the event: procedures fetches it, as a service, audited
    const requested = eventsOf(contact.id).find((e) => e.headers.ce_type.includes('ProcedureRequested'))!;
    expect(requested.data).not.toHaveProperty('formData');
    const formOf = async (contactId: string, who: Parameters<typeof signIdentity>[0]) =>
      fetch(
        `${a.url}/internal/contacts/${contactId}/procedure-form?purpose=${encodeURIComponent('avvio del procedimento')}`,
        { headers: { [IDENTITY_HEADER]: await signIdentity(who, TEST_AUTH.identitySecret) } },
      );
    const svcProcedures: Parameters<typeof signIdentity>[0] = { sub: 'svc-procedures', roles: ['service'] };
    const fetched = await formOf(contact.id, svcProcedures);
    expect(fetched.status).toBe(200);
    expect(await fetched.json()).toEqual({
      contactId: contact.id,
      formData: { comune_provenienza: 'Roma', componenti: 3 },
    });
    expect((await formOf(contact.id, { sub: 'op', roles: ['operator', 'admin'] })).status).toBe(403);
    expect((await formOf('con_nonexistent', svcProcedures)).status).toBe(404);
    const handOver = await mongo
      .db(dbName)
      .collection('personal_data_audit')
      .findOne({ requesterId, action: 'procedure_form' });
    expect(handOver).toMatchObject({
      who: 'svc-procedures',
      fields: expect.arrayContaining(['formData.componenti']),
    });
    // the operator sees the start waiting for procedures' confirmation, then confirmed by ProcedureSubmitted
    // asked of the subgraph itself (the field is new: the gateway's static supergraph is recomposed separately)
    const startOf = async () => {
      const res = await fetch(`${a.url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [IDENTITY_HEADER]: await signIdentity(OPERATOR, TEST_AUTH.identitySecret),
        },
        body: JSON.stringify({
          query: `query { contact(id: "${contact.id}") { procedureStart { status statusLabel procedureId } } }`,
        }),
      });
      const body = (await res.json()) as {
        data: {
          contact: { procedureStart: { status: string; statusLabel: string; procedureId: string | null } };
        };
      };
      return body.data.contact.procedureStart;
    };
    expect(await startOf()).toMatchObject({ status: 'REQUESTED', procedureId: null });
    await producer.send(ProcedureSubmittedV1, `prc_${run}`, {
      procedureId: `prc_${run}`,
      procedureTypeCode: 'cambio_residenza',
      kind: 'generic',
      requesterId,
      contactId: contact.id,
      protocolNumber: contact.protocolNumber,
      submittedAt: new Date().toISOString(),
    });
    await waitFor(async () => (await startOf()).status === 'SUBMITTED', {
      what: 'procedure start confirmed',
    });
    expect(await startOf()).toMatchObject({ statusLabel: 'Procedimento avviato', procedureId: `prc_${run}` });
    // minimisation: procedures has the form with the procedure's file, contacts no longer keeps it
    expect((await formOf(contact.id, svcProcedures)).status).toBe(409);
    expect(
      await mongo.db(dbName).collection<{ _id: string }>('contacts').findOne({ _id: contact.id }),
    ).not.toHaveProperty('formData');

    // a start whose requester is anonymised before procedures fetched the form: erased, 410
    const gone = await newRequester({ name: 'Ortensia Gallo', fiscalCode: 'GLLRTN75C41H501V' });
    const goneStart = (
      await ask(REGISTER, {
        input: {
          channel: 'DESK',
          type: 'PROCEDURE_START',
          subject: 'Richiesta di cambio di residenza',
          requesterId: gone,
          procedureTypeCode: 'cambio_residenza',
          formData: JSON.stringify({ cognome: 'Gallo', codice_fiscale: 'GLLRTN75C41H501V' }),
        },
      })
    ).body.data.registerContact;
    const anonymised = await ask(
      `mutation($id: ID!) { anonymiseRequester(input: { id: $id, purpose: "richiesta art. 17 GDPR" }) { anonymised } }`,
      { id: gone },
      BACKOFFICE,
    );
    expect(anonymised.body.data.anonymiseRequester.anonymised).toBe(true);
    expect((await formOf(goneStart.id, svcProcedures)).status).toBe(410);
    expect(
      JSON.stringify(
        await mongo.db(dbName).collection<{ _id: string }>('contacts').findOne({ _id: goneStart.id }),
      ),
    ).not.toContain('GLLRTN75C41H501V');

    await ask(
      `mutation { closeContact(input: { id: "${contact.id}", resolvedAtFirstContact: true }) { id } }`,
    );
    const faq = await ask(
      `mutation($i: ProposeFaqInput!) { proposeFaq(input: $i) { proposalId question answer } }`,
      {
        i: {
          contactId: contact.id,
          question:
            'Giorgio Neri (giorgio@example.it, 333 1234567) chiede: quanto tempo serve per il cambio di residenza?',
          answer:
            'Il Comune registra la dichiarazione entro 2 giorni lavorativi; gli accertamenti entro 45 giorni.',
        },
      },
    );
    expect(faq.body.errors).toBeUndefined();
    const { question, proposalId } = faq.body.data.proposeFaq;
    for (const leak of ['Giorgio', 'Neri', 'giorgio@', '1234567']) expect(question).not.toContain(leak);
    await waitFor(() => types(contact.id).includes('FaqProposed'), { what: 'FaqProposed' });
    expect(eventsOf(contact.id).find((e) => e.headers.ce_type.includes('FaqProposed'))!.data).toMatchObject({
      proposalId,
      question,
    });
  });

  it('suggests duplicates and merges them: updates of the duplicate go to the original', async () => {
    const base = {
      channel: 'APP',
      type: 'REPORT',
      category: { level1: 'ambiente_rifiuti', level2: 'rifiuti_abbandonati' },
    };
    const first = await ask(REGISTER, {
      input: { ...base, subject: 'Materassi abbandonati vicino al parco', place: { lat: 41.95, lon: 12.55 } },
    });
    const second = await ask(
      `mutation($input: RegisterContactInput!) { registerContactWithSuggestions(input: $input) { contact { id case { id } } duplicates { score reasons case { id } } } }`,
      {
        input: { ...base, subject: 'Materasso abbandonato al parco', place: { lat: 41.9502, lon: 12.5501 } },
      },
    );
    const original = first.body.data.registerContact.case.id;
    const { contact, duplicates } = second.body.data.registerContactWithSuggestions;
    expect(duplicates[0]).toMatchObject({ case: { id: original } });
    expect(duplicates[0].score).toBeGreaterThan(0.7);
    const merged = await ask(
      `mutation { markDuplicate(input: { caseId: "${contact.case.id}", originalCaseId: "${original}" }) { status duplicateOf } }`,
    );
    expect(merged.body.data.markDuplicate).toEqual({ status: 'MERGED', duplicateOf: original });
    await ask(
      `mutation { addCaseNote(input: { caseId: "${contact.case.id}", text: "il cittadino ha mandato una foto" }) { id } }`,
    );
    const orig = await ask(`query { case(id: "${original}") { duplicates notes { text } } }`);
    expect(orig.body.data.case).toEqual({
      duplicates: [contact.case.id],
      notes: [{ text: 'il cittadino ha mandato una foto' }],
    });
    await waitFor(() => types(contact.case.id).includes('DuplicateMarked'), { what: 'DuplicateMarked' });
  });

  it('searches requesters by name or fiscal code and the queue by protocol number and requester, across instances (WAVE4)', async () => {
    // the requester and her case are written on instance b; the gateway asks instance a (its read model learns
    // them from b's ContactRegistered / RequesterChanged events: a registration carries no ContactChanged)
    const asB = async (query: string, variables: Record<string, unknown>, who = OPERATOR) => {
      const res = await fetch(`${b.url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [IDENTITY_HEADER]: await signIdentity(who, TEST_AUTH.identitySecret),
        },
        body: JSON.stringify({ query, variables }),
      });
      return (await res.json()) as { data: Record<string, any>; errors?: unknown[] };
    };
    const fiscalCode = uniqueFiscalCode();
    const created = await asB(`mutation($input: RequesterInput!) { createRequester(input: $input) { id } }`, {
      input: {
        kind: 'PERSON',
        name: `Màrio Rossì ${run}`,
        fiscalCode,
        purpose: 'registrazione allo sportello',
      },
    });
    expect(created.errors).toBeUndefined();
    const requesterId = created.data.createRequester.id as string;
    const registered = await asB(REGISTER, {
      input: {
        channel: 'DESK',
        type: 'COMPLAINT',
        subject: 'Lampione spento in via dei Mille',
        requesterId,
        officeId: office.id,
      },
    });
    const { protocolNumber, case: kase } = registered.data.registerContact;
    const SEARCH = `query($q: String!) { searchRequesters(query: $q, purpose: "ricerca allo sportello", first: 5) { id } }`;
    const found = async (q: string, who: Parameters<typeof ask>[2] = OPERATOR) =>
      ((await ask(SEARCH, { q }, who)).body.data?.searchRequesters ?? []).map((r: { id: string }) => r.id);
    // words in any order, prefixes, accents and case ignored; or the fiscal code
    await waitFor(async () => (await found(`ross mar ${run}`)).includes(requesterId), {
      what: 'instance a finds the requester written on b',
    });
    expect(await found(`MARIO ${run}`)).toEqual([requesterId]);
    expect(await found(fiscalCode.toLowerCase())).toEqual([requesterId]);
    expect(await found(`rossi luigi ${run}`)).toEqual([]);
    // audited with the purpose, as findRequesters
    const audits = await mongo
      .db(dbName)
      .collection('personal_data_audit')
      .find({ requesterId, action: 'search' })
      .toArray();
    expect(audits.map((x) => [x.purpose, x.fields])).toContainEqual(['ricerca allo sportello', ['name']]);
    // a referent finds only requesters of their offices' cases; an analyst may not search
    const referentOf = (o: string) => ({ sub: referent.staffId, roles: ['referent' as const], offices: [o] });
    await waitFor(async () => (await found(`rossi ${run}`, referentOf(office.id))).includes(requesterId), {
      what: 'the case reached instance a',
    });
    expect(await found(`rossi ${run}`, referentOf('another_office'))).toEqual([]);
    const refused = await ask(SEARCH, { q: 'rossi' }, ANALYST);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const short = await ask(SEARCH, { q: 'r' });
    expect(short.body.errors?.[0]?.extensions?.fields).toHaveProperty('query');

    // the queue by protocol number (full, or the number alone) and by requester
    const QUEUE = `query($f: CaseQueueFilter) { caseQueue(filter: $f) { totalCount edges { node { id protocolNumber } } } }`;
    const queue = async (f: Record<string, unknown>, who: Parameters<typeof ask>[2] = OPERATOR) =>
      (await ask(QUEUE, { f }, who)).body;
    const seq = Number(protocolNumber.split('/')[1]);
    expect((await queue({ protocolNumber })).data.caseQueue).toEqual({
      totalCount: 1,
      edges: [{ node: { id: kase.id, protocolNumber } }],
    });
    const anyYear = (await queue({ protocolNumber: String(seq) })).data.caseQueue;
    expect(anyYear.edges.map((e: { node: { id: string } }) => e.node.id)).toContain(kase.id);
    expect((await queue({ requesterId })).data.caseQueue.edges).toEqual([
      { node: { id: kase.id, protocolNumber } },
    ]);
    // office scope stays: a referent of another office sees nothing of it, not even in the count
    expect((await queue({ requesterId }, referentOf('another_office'))).data.caseQueue).toEqual({
      totalCount: 0,
      edges: [],
    });
    const bad = await queue({ protocolNumber: 'Rossi' });
    expect(bad.errors?.[0]?.extensions?.fields).toHaveProperty(['filter.protocolNumber']);
  });

  it('starts a third instance from the read model snapshot and replays the writes made since', async () => {
    // a and b wrote a snapshot when they started; everything the tests wrote since is on the topic
    const c = await spawnService(
      'services/contacts/src/main.ts',
      {
        ...env(uniqueName('g-contacts-c')),
        LOG_LEVEL: 'info',
        CONTACTS_SNAPSHOT_INTERVAL_MS: '0',
        // no scheduler: the timers' lease stays with a and b (a stopped holder would keep it for its TTL)
        CONTACTS_TIMER_INTERVAL_MS: '0',
      },
      await freePort(),
    );
    try {
      expect(c.logs()).toMatch(/read models ready from the snapshot/);
      const QUEUE = `query { caseQueue(filter: { includeClosed: true }, first: 100) { totalCount edges { node { id status } } } }`;
      const viaC = async () => {
        const res = await fetch(`${c.url}/graphql`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            [IDENTITY_HEADER]: await signIdentity(MANAGER, TEST_AUTH.identitySecret),
          },
          body: JSON.stringify({ query: QUEUE }),
        });
        return ((await res.json()) as { data: { caseQueue: unknown } }).data.caseQueue;
      };
      // the same queue as instance a's, every case in its latest state
      await waitFor(
        async () =>
          JSON.stringify(await viaC()) ===
          JSON.stringify((await ask(QUEUE, {}, MANAGER)).body.data.caseQueue),
        {
          what: 'instance c answers the queue as instance a does',
        },
      );
    } finally {
      await c.stop();
    }
  });

  it('renames phase labels and pages through the queue by due date', async () => {
    const renamed = await ask(
      `mutation { setPhaseLabel(status: IN_PROGRESS, label: "In istruttoria") { status label } }`,
      {},
      ADMIN,
    );
    expect(renamed.body.data.setPhaseLabel).toContainEqual({
      status: 'IN_PROGRESS',
      label: 'In istruttoria',
    });
    const seen: string[] = [];
    let after: string | null = null;
    let total = 0;
    do {
      const page = await ask(
        `query($after: String) { caseQueue(first: 2, after: $after) { totalCount edges { cursor node { id dueAt } } pageInfo { hasNextPage endCursor } } }`,
        { after },
      );
      total = page.body.data.caseQueue.totalCount;
      seen.push(...page.body.data.caseQueue.edges.map((e: { node: { dueAt: string } }) => e.node.dueAt));
      after = page.body.data.caseQueue.pageInfo.hasNextPage
        ? page.body.data.caseQueue.pageInfo.endCursor
        : null;
    } while (after);
    expect(seen.length).toBe(total);
    expect([...seen].sort()).toEqual(seen);
    const byOffice = await ask(
      `query { caseQueue(filter: { officeId: "${office.id}" }) { edges { node { officeId } } } }`,
    );
    expect(
      byOffice.body.data.caseQueue.edges.every(
        (e: { node: { officeId: string } }) => e.node.officeId === office.id,
      ),
    ).toBe(true);
  });

  it('gives unique consecutive protocol numbers under concurrent registrations on two instances', async () => {
    const bClient = async (i: number) => {
      const identity = await signIdentity(OPERATOR, TEST_AUTH.identitySecret);
      const res = await fetch(`${b.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: identity },
        body: JSON.stringify({
          query: REGISTER,
          variables: { input: { channel: 'PEC', type: 'FOIA', subject: `FOIA ${i}` } },
        }),
      });
      const body = (await res.json()) as { data: { registerContact: { protocolNumber: string } } };
      return body.data.registerContact.protocolNumber;
    };
    const viaA = (i: number) =>
      ask(REGISTER, { input: { channel: 'PEC', type: 'FOIA', subject: `FOIA ${i}` } }).then(
        (r) => r.body.data.registerContact.protocolNumber as string,
      );
    const numbers = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? bClient(i) : viaA(i))));
    expect(new Set(numbers).size).toBe(40);
    const seqs = numbers.map((n) => Number(n.split('/')[1])).sort((x, y) => x - y);
    expect(seqs[39] - seqs[0]).toBe(39); // no gaps
  });

  it('fires each reminder and due date exactly once with two instances running', async () => {
    const registered = await Promise.all(
      [45, 20, 12].map((daysAgo) =>
        ask(
          REGISTER,
          {
            input: {
              channel: 'LETTER',
              type: 'COMPLAINT',
              subject: `Reclamo storico ${daysAgo}`,
              registeredAt: new Date(Date.now() - daysAgo * 86_400_000).toISOString(),
            },
          },
          ADMIN,
        ).then((r) => r.body.data.registerContact as { protocolNumber: string; case: { id: string } }),
      ),
    );
    const imported = registered.map((r) => r.case.id);
    // 45 days ago: reminder and due; 20 days ago: reminder only; 12: reminder only (after 10 days)
    await waitFor(
      () =>
        imported.every((id) => types(id).includes('ReminderDue')) &&
        types(imported[0]).filter((t) => t === 'ReminderDue').length === 2,
      {
        timeoutMs: 20_000,
        what: 'the reminders',
      },
    );
    await new Promise((r) => setTimeout(r, 2000)); // several more scans of both instances
    const fired = imported.map((id) =>
      eventsOf(id)
        .filter((e) => e.headers.ce_type.includes('ReminderDue'))
        .map((e) => (e.data as { kind: string }).kind),
    );
    expect(fired).toEqual([['reminder', 'due'], ['reminder'], ['reminder']]);
    // each says which case it is about by its protocol number (the reminder e-mail names it)
    const numbers = imported.map((id) =>
      eventsOf(id)
        .filter((e) => e.headers.ce_type.includes('ReminderDue'))
        .map((e) => (e.data as { protocolNumber?: string }).protocolNumber),
    );
    expect(numbers).toEqual([
      [registered[0].protocolNumber, registered[0].protocolNumber],
      [registered[1].protocolNumber],
      [registered[2].protocolNumber],
    ]);
    expect(registered.every((r) => /^\d{4}\/\d{7}$/.test(r.protocolNumber))).toBe(true);
    const claims = await mongo
      .db(dbName)
      .collection('timer_claims')
      .find({ caseId: { $in: imported } })
      .toArray();
    expect(claims).toHaveLength(4);
    const overdue = await ask(
      `query { caseQueue(filter: { overdue: true }) { edges { node { id overdue } } } }`,
    );
    expect(overdue.body.data.caseQueue.edges.map((e: { node: { id: string } }) => e.node.id)).toContain(
      imported[0],
    );
  });

  it('anonymisation reaches every copy: after RequesterAnonymised no collection holds the person', async () => {
    const person = {
      name: 'Ermenegilda Scarpantibus',
      fiscalCode: 'SCRRNG80A41H501F',
      email: 'ermenegilda.scarpantibus@example.it',
      pec: 'scarpantibus@pec.example.it',
      phone: '347 555 0123',
    };
    const needles = [
      'Ermenegilda',
      'Scarpantibus',
      person.fiscalCode,
      person.email,
      person.pec,
      person.phone,
      '3475550123',
    ];
    const ok = <R extends { body: { errors?: unknown[] } }>(res: R): R => {
      expect(res.body.errors).toBeUndefined();
      return res;
    };
    const requesterId = await newRequester({
      ...person,
      purpose: `registrazione di ${person.name} allo sportello`,
    });
    ok(
      await ask(
        `query($id: ID!) { requester(id: $id) { personalData(purpose: "risposta a ${person.name}, tel. ${person.phone}") { name } } }`,
        { id: requesterId },
      ),
    );
    const reg = ok(
      await ask(REGISTER, {
        input: {
          channel: 'DESK',
          type: 'COMPLAINT',
          subject: `Reclamo di ${person.name}`,
          text: `Sono ${person.name} (${person.fiscalCode}), scrivetemi a ${person.email} o chiamate il ${person.phone}`,
          requesterId,
          category: { level1: 'strade_viabilita' },
        },
      }),
    );
    const contactId = reg.body.data.registerContact.id as string;
    const caseId = reg.body.data.registerContact.case.id as string;
    const m = (mutation: string, type: string, input: Record<string, unknown>) =>
      ask(`mutation($input: ${type}!) { ${mutation}(input: $input) { id } }`, { input }).then(ok);
    await m('routeCase', 'RouteCaseInput', { caseId, officeId: office.id });
    await m('addCaseNote', 'AddCaseNoteInput', {
      caseId,
      text: `Richiamare ${person.name} al ${person.phone}, CF ${person.fiscalCode}`,
    });
    await m('sendCaseMessage', 'SendCaseMessageInput', {
      caseId,
      text: `Gentile ${person.name}, risponda a ${person.email} o alla PEC ${person.pec}`,
    });
    await m('suspendCase', 'SuspendCaseInput', {
      caseId,
      reason: `documenti da ${person.name} (${person.fiscalCode})`,
      request: `Gentile ${person.name}, ci invii i documenti a ${person.email}`,
    });
    await m('resumeCase', 'CaseIdInput', { caseId });
    await m('closeCase', 'CloseCaseInput', {
      caseId,
      outcome: 'FORWARDED',
      forwardedTo: `Ufficio legale, att.ne ${person.name}`,
    });
    await m('reopenCase', 'ReopenCaseInput', {
      caseId,
      reason: `${person.name} ha riscritto dal 3475550123`,
    });
    await m('closeCase', 'CloseCaseInput', { caseId, outcome: 'ANSWERED' });
    ok(
      await ask(`mutation($i: ProposeFaqInput!) { proposeFaq(input: $i) { proposalId } }`, {
        i: {
          contactId,
          question: `${person.name} chiede quando sarà riparata la strada`,
          answer: `Entro 30 giorni, come scritto a Ermenegilda.`,
        },
      }),
    );

    // before: the person is in the database (the search finds what it looks for)
    const scan = async () => {
      const db = mongo.db(dbName);
      const hits: string[] = [];
      for (const { name } of await db.listCollections().toArray()) {
        for (const doc of await db.collection(name).find({}).toArray()) {
          const text = JSON.stringify(doc).toLowerCase();
          for (const n of needles)
            if (text.includes(n.toLowerCase())) hits.push(`${name}/${String(doc._id)}: ${n}`);
        }
      }
      return hits;
    };
    expect((await scan()).length).toBeGreaterThan(needles.length);

    ok(
      await ask(
        `mutation($id: ID!) { anonymiseRequester(input: { id: $id, purpose: "richiesta art. 17 GDPR" }) { anonymised } }`,
        { id: requesterId },
        BACKOFFICE,
      ),
    );
    await waitFor(() => types(requesterId).includes('RequesterAnonymised'), { what: 'RequesterAnonymised' });
    // after: every collection, every document, as JSON text
    expect(await scan()).toEqual([]);
  });

  it('speaks Open311 GeoReport v2 to any civic app (plain HTTP, form-encoded POST as the standard says)', async () => {
    // instance b has an api_key configured; instance a none: by default its POST is refused
    const base = `${b.url}/open311/v2`;
    const discovery = (await (await fetch(`${base}/discovery.json`)).json()) as {
      endpoints: { url: string }[];
    };
    expect(discovery.endpoints[0].url).toBe(base);
    const services = (await (await fetch(`${base}/services.json`)).json()) as {
      service_code: string;
      type: string;
    }[];
    expect(services.map((x) => x.service_code)).toContain('buche_stradali');
    expect(services.every((x) => x.type === 'realtime')).toBe(true);
    const def = await fetch(`${base}/services/buche_stradali.json`);
    expect(((await def.json()) as { attributes: unknown[] }).attributes.length).toBeGreaterThan(0);
    expect((await fetch(`${base}/services/nope.json`)).status).toBe(404);

    const form = new URLSearchParams({
      service_code: 'buche_stradali',
      lat: '41.9021',
      long: '12.4964',
      address_string: 'Via Appia 100',
      description:
        'Buca profonda, mia madre ci è caduta e si è rotta il femore. Luigi Gialli, scrivetemi a luigi@example.it',
      email: 'luigi@example.it',
      first_name: 'Luigi',
      last_name: 'Gialli',
      'attribute[dangerous]': 'yes',
      api_key: 'civic-app-key',
    });
    const created = await fetch(`${base}/requests.json`, { method: 'POST', body: form });
    expect(created.status).toBe(201);
    const [{ service_request_id, service_notice }] = (await created.json()) as {
      service_request_id: string;
      service_notice: string;
    }[];
    expect(service_notice).toMatch(/^Protocollo n\. \d{4}\/\d{7}$/);

    const [one] = (await (await fetch(`${base}/requests/${service_request_id}.json`)).json()) as Record<
      string,
      unknown
    >[];
    expect(one).toMatchObject({
      service_request_id,
      status: 'open',
      service_code: 'buche_stradali',
      // the public answer generalises the place: coordinates rounded (3 decimals), street without number
      lat: 41.902,
      long: 12.496,
      address: 'Via Appia',
    });
    // never the citizen's own words: GeoReport v2's description is optional, and a scrubber misses health data
    expect(one.description).toBeNull();
    // GeoReport v2 fields and nothing more: no reporter anywhere in the public answer
    expect(Object.keys(one).sort()).toEqual(
      [
        'address',
        'address_id',
        'agency_responsible',
        'description',
        'expected_datetime',
        'lat',
        'long',
        'media_url',
        'requested_datetime',
        'service_code',
        'service_name',
        'service_notice',
        'service_request_id',
        'status',
        'status_notes',
        'updated_datetime',
        'zipcode',
      ].sort(),
    );
    expect(JSON.stringify(one)).not.toMatch(/Luigi|Gialli|Via Appia 100|41\.9021|femore|madre/);
    expect(Date.parse(one.expected_datetime as string)).toBeGreaterThan(Date.now());
    // a report taken by phone: its text is what the citizen said, for the office only
    const phoned = await ask(REGISTER, {
      input: {
        channel: 'PHONE',
        type: 'REPORT',
        subject: 'Buca in via dei Mille',
        text: 'Mio figlio ha la 104 e con la carrozzina non passa; siamo in cura al Sert, chiamate dopo le 18',
        category: { level1: 'strade_viabilita', level2: 'buche_stradali' },
        place: { address: 'via dei Mille 12' },
        openCase: true,
      },
    });
    expect(phoned.body.errors).toBeUndefined();
    const phonedId = phoned.body.data.registerContact.case.id as string;
    const list = await waitFor(
      async () => {
        const rows = (await (
          await fetch(`${base}/requests.json?service_code=buche_stradali&status=open`)
        ).json()) as Record<string, unknown>[];
        const ids = rows.map((r) => r.service_request_id);
        return ids.includes(service_request_id) && ids.includes(phonedId) ? rows : null;
      },
      { what: 'both reports in the Open311 list of instance b' },
    );
    if (!list) throw new Error('unreachable: waitFor returns a list');
    const [byPhone] = list.filter((r) => r.service_request_id === phonedId);
    expect(byPhone).toMatchObject({
      service_code: 'buche_stradali',
      description: null,
      address: 'via dei Mille',
    });
    expect(list.every((r) => r.description === null)).toBe(true);
    expect(JSON.stringify(list)).not.toMatch(/104|carrozzina|Sert|femore|luigi@/);

    const missing = await fetch(`${base}/requests.json`, {
      method: 'POST',
      body: new URLSearchParams({ service_code: 'buche_stradali', api_key: 'civic-app-key' }),
    });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { code: number; description: string }[])[0]).toMatchObject({
      code: 400,
      description: expect.stringContaining('location'),
    });
    expect((await fetch(`${base}/requests/case_nope.json`)).status).toBe(404);
    // an instance configured with API keys wants one on POST
    const keyed = (extra: Record<string, string>) =>
      fetch(`${b.url}/open311/v2/requests.json`, {
        method: 'POST',
        body: new URLSearchParams({
          service_code: 'segnaletica',
          address_string: 'Piazza del Mercato',
          ...extra,
        }),
      });
    const refused = await keyed({});
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { description: string }[])[0].description).toContain('api_key');
    expect((await keyed({ api_key: 'wrong' })).status).toBe(403);
    expect((await keyed({ api_key: 'civic-app-key' })).status).toBe(201);
    // no key configured (instance a): POST refused by default
    const open = await fetch(`${a.url}/open311/v2/requests.json`, {
      method: 'POST',
      body: new URLSearchParams({ service_code: 'segnaletica', address_string: 'Piazza del Mercato' }),
    });
    expect(open.status).toBe(403);
    // the reporter became a requester; the case is high priority (dangerous) and nothing personal left in events
    await waitFor(() => types(service_request_id).includes('CaseOpened'), {
      what: 'CaseOpened of the Open311 request',
    });
    const opened = eventsOf(service_request_id)[0].data as Record<string, unknown>;
    expect(opened).toMatchObject({
      channel: 'app',
      contactType: 'report',
      priority: 'high',
      requesterId: expect.stringMatching(/^req_/),
    });
    expect(JSON.stringify(eventsOf(service_request_id))).not.toMatch(/luigi|Gialli|Appia/i);
  });
});
