import { IDENTITY_HEADER, signDevToken, signIdentity, type Role } from '@urp/auth';
import {
  CaseClosedV1,
  CaseOpenedV1,
  ContactClosedV1,
  createEvent,
  IndicatorsTopic,
  SatisfactionAlertTopic,
  SurveyAnsweredV2,
  SurveyTopic,
  toKafkaRecord,
  type CloudEvent,
  type EventPayload,
} from '@urp/contracts';
import { createKafka, createProducer } from '@urp/messaging';
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
import { MongoClient } from 'mongodb';
import { romeMonth } from '../src/indicators/rome-time';
import { hashSurveyToken, newSurveyToken } from '../src/invitation/survey-token';

const SECRET = TEST_AUTH.identitySecret;
/** Requesters unique to this run: the topics keep earlier runs' events, and the quiet period would apply to them. */
const REQ = Object.fromEntries(
  ['citizen001', 'employee01', 'quiet00001', 'marker0001', 'desk000001', 'online0001'].map((n) => [
    n,
    `req_${uniqueName(n)}`,
  ]),
);
const HOUR = 3_600_000;

/**
 * The satisfaction service as its own process against the real Kafka and FerretDB, behind the real gateway:
 * a closed case (an event we produce, as contacts would) becomes a survey, the citizen answers by the
 * link, the answer reaches the indicators, the indicators rebuild to the same result.
 */
describe('satisfaction service (own process, real Kafka + FerretDB, through the gateway)', () => {
  const dbName = uniqueName('satisfaction').replace(/-/g, '_');
  const group = uniqueName('sat');
  const mongo = new MongoClient(testInfra.mongoUrl);
  const producer = createProducer(createKafka({ clientId: 'sat-test', brokers: testInfra.kafkaBrokers }));
  const env = {
    MONGO_URL: testInfra.mongoUrl,
    MONGO_DB: dbName,
    KAFKA_BROKERS: testInfra.kafkaBrokers.join(','),
    IDENTITY_SECRET: SECRET,
    KAFKA_GROUP_ID: group,
    INDICATORS_MIN_SAMPLE: '1',
    INDICATORS_CHECKPOINT_MS: '200',
    ALERT_MIN_SAMPLE: '3',
    SURVEY_PUBLIC_BASE_URL: 'http://127.0.0.1:4378',
  };
  let svc: RunningProcess;
  let gateway: RunningProcess;
  let collector: Awaited<ReturnType<typeof collectEvents>>;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    [svc, collector] = await Promise.all([
      spawnService('services/satisfaction/src/main.ts', env, 4378),
      collectEvents([SurveyTopic.name, SatisfactionAlertTopic.name, IndicatorsTopic.name]),
      producer.connect(),
    ]);
    gateway = await spawnGateway({ satisfaction: svc.url }, 4379);
    for (const role of ['operator', 'manager', 'backoffice', 'admin', 'analyst'] as const)
      tokens[role] = await signDevToken({ sub: `${role}-1`, roles: [role] }, TEST_AUTH);
  }, 120_000);
  afterAll(async () => {
    if (process.env.URP_TEST_LOGS) console.log(svc?.logs().slice(-20000));
    await producer.disconnect();
    await collector?.stop();
    await gateway?.stop();
    await svc?.stop();
    await mongo.close();
  });

  const ask = (role: string, query: string, variables: Record<string, unknown> = {}) =>
    gql(`${gateway.url}/graphql`, query, variables, { authorization: `Bearer ${tokens[role]}` });
  const direct = async (roles: Role[], query: string, variables: Record<string, unknown> = {}) =>
    gql(`${svc.url}/graphql`, query, variables, {
      [IDENTITY_HEADER]: await signIdentity({ sub: 'x', roles }, SECRET),
    });
  const send = (...events: CloudEvent[]) =>
    producer.send({ topic: topicOf(events[0]), acks: -1, messages: events.map(toKafkaRecord) });
  const topicOf = (e: CloudEvent) =>
    e.type.includes('CaseClosed') || e.type.includes('CaseOpened')
      ? CaseClosedV1.topic.name
      : e.type.includes('ContactClosed')
        ? ContactClosedV1.topic.name
        : SurveyTopic.name;
  const invitations = () =>
    mongo.db(dbName).collection<{ _id: string } & Record<string, unknown>>('survey_invitations');

  const office = uniqueName('ufficio').replace(/-/g, '_');
  const caseEvents = (
    caseId: string,
    requesterId: string,
    over: Partial<EventPayload<typeof CaseClosedV1>> = {},
  ) => {
    const openedAt = new Date(Date.now() - 50 * HOUR).toISOString();
    const closedAt = new Date(Date.now() - 2 * HOUR).toISOString();
    const common = {
      caseId,
      contactId: `c-${caseId}`,
      contactType: 'report' as const,
      channel: 'web_form' as const,
      officeId: office,
    };
    return [
      createEvent(
        CaseOpenedV1,
        caseId,
        {
          ...common,
          requesterId,
          priority: 'normal',
          openedAt,
          dueAt: new Date(Date.now() + 700 * HOUR).toISOString(),
          protocolNumber: '0004567',
        },
        { source: '/urp/contacts' },
      ),
      createEvent(
        CaseClosedV1,
        caseId,
        {
          ...common,
          category: { level1: 'strade_viabilita' },
          requesterId,
          operatorId: 'op-1',
          outcome: 'accepted',
          openedAt,
          closedAt,
          dueAt: new Date(Date.now() + 700 * HOUR).toISOString(),
          suspendedDays: 0,
          withinTerm: true,
          ...over,
        },
        { source: '/urp/contacts', traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' },
      ),
    ];
  };

  it('turns a closed case into one survey; the citizen answers once by the link; the case shows only that it was answered and the indicator counts it, through the gateway', async () => {
    const caseId = uniqueName('case');
    const [opened, closed] = caseEvents(caseId, REQ.citizen001);
    // the close is delivered twice: one invitation all the same
    await send(opened, closed, closed);
    const inv = await waitFor(async () => invitations().findOne({ caseId }), { what: 'the invitation' });
    expect(inv).toMatchObject({
      trigger: 'case_closed',
      surveyId: 'mettiamoci-la-faccia',
      status: 'pending',
      officeId: office,
    });
    // the token is stored only hashed (and sealed for delivery): never in clear
    expect(JSON.stringify(inv)).not.toMatch(/\/s\//);

    const issued = await waitFor(
      () => collector.events.find((e) => (e.data as { invitationId?: string }).invitationId === inv!._id),
      { what: 'SurveyInvitationIssued' },
    );
    expect(issued!.headers).toMatchObject({
      ce_type: 'it.urp.satisfaction.SurveyInvitationIssued.v1',
      ce_causationid: closed.id,
      traceparent: closed.traceparent,
    });

    // no staff member reads the citizen's link (they could answer it); a service identity (the deliverer) does
    const LINK = `mutation($id: ID!) { surveyLink(invitationId: $id) { url expiresAt } }`;
    const denied = await ask('operator', LINK, { id: inv!._id });
    expect(denied.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const link = await direct(['service'], LINK, { id: inv!._id });
    expect(link.body.errors).toBeUndefined();
    const url = link.body.data.surveyLink.url as string;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:4378\/s\/[A-Za-z0-9_-]{43}$/);
    const token = url.split('/s/')[1];
    expect(url).not.toContain(caseId);

    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await page.text();
    expect(html).toContain('<html lang="it">');
    expect(html).toContain('<legend>Il suo giudizio (obbligatorio)</legend>');

    const post = (body: string) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    const bad = await post('comment=niente');
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('aria-describedby="emoticon-errore"');
    // the new-user trial's comment: a staff surname after her role, health data, an e-mail
    const comment = "L'impiegata Rossi è stata gentile, ho il diabete: scrivete a mario.rossi@example.it";
    const ok = await post(
      `emoticon=satisfied&reasons=courtesy&reasons=clarity&comment=${encodeURIComponent(comment)}`,
    );
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('Grazie per il suo giudizio');
    const again = await post('emoticon=dissatisfied');
    expect(again.status).toBe(409);
    expect((await fetch(url)).status).toBe(409);

    // the answer travels anonymous: a random id, nothing that leads to the invitation, the case or the person
    const answered = await waitFor(
      () =>
        collector.events.find(
          (e) =>
            e.headers.ce_type === SurveyAnsweredV2.type &&
            (e.data as { officeId?: string }).officeId === office,
        ),
      { what: 'SurveyAnswered' },
    );
    expect(answered!.data).toMatchObject({
      emoticon: 'satisfied',
      reasons: ['courtesy', 'clarity'],
      comment: "L'impiegata [nome] è stata gentile, ho [dato particolare]: scrivete a [email]",
      officeId: office,
      serviceCode: 'strade_viabilita',
    });
    for (const field of ['requesterId', 'invitationId', 'caseId', 'contactId', 'procedureId', 'issuedAt'])
      expect(answered!.data).not.toHaveProperty(field);
    expect(answered!.key).not.toBe(inv!._id);
    expect(JSON.stringify(answered)).not.toContain(inv!._id);
    expect(JSON.stringify(answered)).not.toContain(caseId);
    // analysts read every topic: no event carries the token
    for (const e of collector.events) expect(JSON.stringify(e)).not.toContain(token);

    // the stored invitation knows it was answered, not what nor when (once its outbox is relayed)
    const stored = await waitFor(
      async () => {
        const doc = await invitations().findOne({ _id: inv!._id });
        return doc && !JSON.stringify(doc).includes('courtesy') ? doc : undefined;
      },
      { what: 'the answer to leave the invitation document' },
    );
    expect(stored).toMatchObject({ status: 'answered' });
    expect(stored).not.toHaveProperty('answer');
    expect(stored).not.toHaveProperty('answeredAt');

    // a case shows the invitation's status, never the rating (the field does not exist)
    const entity = await direct(
      ['operator'],
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Case { surveyInvitation { status trigger } } } }`,
      { r: [{ __typename: 'Case', id: caseId }] },
    );
    expect(entity.body.data._entities[0]).toEqual({
      surveyInvitation: { status: 'ANSWERED', trigger: 'CASE_CLOSED' },
    });
    const rating = await direct(
      ['admin'],
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Case { rating { emoticon } } } }`,
      { r: [{ __typename: 'Case', id: caseId }] },
    );
    expect(rating.body.errors?.[0].message).toMatch(/Cannot query field "rating"/);

    // …and the indicators count the case and its judgement, through the gateway
    const query = `query($f: IndicatorFilter) {
      satisfactionIndicators(filter: $f, groupBy: OFFICE) { key invited answered responseRate satisfiedShare reasons { key count } }
      caseTimes(filter: $f, groupBy: OFFICE) { key closed withinTermShare closureMedianDays }
    }`;
    const res = await waitFor(
      async () => {
        const r = await ask('manager', query, { f: { officeId: office } });
        return r.body.data?.satisfactionIndicators?.[0]?.answered === 1 ? r : undefined;
      },
      { what: 'the indicator to count the answer' },
    );
    expect(res!.body.data).toEqual({
      satisfactionIndicators: [
        {
          key: office,
          invited: 1,
          answered: 1,
          responseRate: 1,
          satisfiedShare: 1,
          reasons: [
            { key: 'clarity', count: 1 },
            { key: 'courtesy', count: 1 },
          ],
        },
      ],
      caseTimes: [{ key: office, closed: 1, withinTermShare: 1, closureMedianDays: 2 }],
    });
    const csv = await ask(
      'analyst',
      `{ indicatorCsv(name: SATISFACTION, groupBy: "office", filter: { officeId: "${office}" }) }`,
    );
    expect(csv.body.data.indicatorCsv.split('\r\n')[1]).toMatch(
      new RegExp(`^${office},1,1,0,1,1,false,1,0,0`),
    );
  });

  it('sends no survey to staff, nor twice to the same requester within the quiet period', async () => {
    const staffCase = uniqueName('case');
    const first = uniqueName('case');
    const second = uniqueName('case');
    const marker = uniqueName('case');
    await send(
      ...caseEvents(staffCase, REQ.employee01, { requesterIsStaff: true }),
      ...caseEvents(first, REQ.quiet00001),
      ...caseEvents(second, REQ.quiet00001),
      ...caseEvents(marker, REQ.marker0001),
    );
    await waitFor(async () => invitations().findOne({ caseId: marker }), {
      what: 'the later case to be processed',
    });
    expect(await invitations().countDocuments({ caseId: staffCase })).toBe(0);
    expect(await invitations().countDocuments({ caseId: { $in: [first, second] } })).toBe(1);
  });

  it('keeps Contact.surveyInvitation for a desk visit closed at the first contact, delivered twice', async () => {
    const contactId = uniqueName('c');
    const event = createEvent(
      ContactClosedV1,
      contactId,
      {
        contactId,
        channel: 'desk',
        contactType: 'information',
        requesterId: REQ.desk000001,
        operatorId: 'op-1',
        resolvedAtFirstContact: true,
        registeredAt: new Date(Date.now() - 600_000).toISOString(),
        closedAt: new Date().toISOString(),
      },
      { source: '/urp/contacts' },
    );
    await send(event, event);
    await waitFor(async () => (await invitations().countDocuments({ contactId })) === 1, {
      what: 'the invitation',
    });
    const q = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Contact { surveyInvitation { contactId status expiresAt } } } }`;
    const r = await direct(['operator'], q, { r: [{ __typename: 'Contact', id: contactId }] });
    expect(r.body.data._entities[0].surveyInvitation).toMatchObject({ contactId, status: 'PENDING' });
    const denied = await direct(['referent'], `{ satisfactionIndicators { key } }`);
    expect(denied.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  // the online service's survey for its integration, with the requester checked on the real contacts service:
  // staff-ratings.int-spec.ts
  it('refuses the end of an online service to staff, and reports bad input field by field', async () => {
    const m = `mutation($i: OnlineServiceCompletedInput!) { completeOnlineService(input: $i) { issued reason link { url } } }`;
    const i = { sessionId: uniqueName('sess'), serviceCode: 'cie_rilascio', requesterId: REQ.online0001 };
    for (const role of ['operator', 'backoffice', 'admin'])
      expect((await ask(role, m, { i })).body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const bad = await direct(['service'], m, {
      i: { sessionId: 'x', serviceCode: 'CIE Rilascio!', requesterId: 'mario.rossi' },
    });
    expect(bad.body.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: {
        'input.serviceCode': 'codice in minuscolo con trattini bassi (snake_case)',
        'input.requesterId': 'identificativo del richiedente non valido (req_…)',
      },
    });
  });

  it('reports field-level errors on indicator filters', async () => {
    const r = await ask('analyst', `{ satisfactionIndicators(filter: { from: "2026-13" }) { key } }`);
    expect(r.body.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { 'filter.from': 'un mese nella forma AAAA-MM' },
    });
  });

  it('raises an alert when satisfaction falls below the threshold, and records the improvement action', async () => {
    const alertOffice = uniqueName('sportello').replace(/-/g, '_');
    const now = new Date().toISOString();
    const answers = (['dissatisfied', 'dissatisfied', 'neutral'] as const).map((emoticon, i) =>
      createEvent(
        SurveyAnsweredV2,
        `ans-${alertOffice}-${i}`,
        {
          answerId: `ans-${alertOffice}-${i}`,
          surveyId: 'mettiamoci-la-faccia',
          surveyKind: 'emoticons',
          trigger: 'contact_closed',
          officeId: alertOffice,
          channel: 'desk',
          issuedMonth: romeMonth(now),
          answeredAt: now,
          emoticon,
        },
        { source: '/urp/satisfaction' },
      ),
    );
    await send(...answers);
    const alerts = await waitFor(
      async () => {
        const r = await ask(
          'backoffice',
          `{ satisfactionAlerts(scope: OFFICE, scopeId: "${alertOffice}") { id measure value threshold sampleSize } }`,
        );
        return r.body.data?.satisfactionAlerts?.length ? r.body.data.satisfactionAlerts : undefined;
      },
      { what: 'the alert' },
    );
    expect(alerts).toMatchObject([
      { measure: 'dissatisfied_share', value: 0.6667, threshold: 0.3, sampleSize: 3 },
    ]);
    await waitFor(
      () =>
        collector.events.some(
          (e) =>
            e.topic === SatisfactionAlertTopic.name &&
            (e.data as { scopeId: string }).scopeId === alertOffice,
        ),
      { what: 'SatisfactionAlertRaised' },
    );

    const proposed = await ask(
      'backoffice',
      `mutation($i: ProposeImprovementActionInput!) { proposeImprovementAction(input: $i) { id status scope scopeId } }`,
      { i: { alertId: alerts[0].id, title: 'Secondo sportello il lunedì mattina' } },
    );
    const action = proposed.body.data.proposeImprovementAction;
    expect(action).toMatchObject({ status: 'PROPOSED', scope: 'OFFICE', scopeId: alertOffice });
    const change = (role: string, status: string) =>
      ask(
        role,
        `mutation($i: ChangeImprovementActionInput!) { changeImprovementAction(input: $i) { status history { status by } } }`,
        {
          i: { id: action.id, status },
        },
      );
    expect((await change('backoffice', 'ACCEPTED')).body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await change('manager', 'DONE')).body.errors?.[0].extensions?.code).toBe('CONFLICT');
    expect((await change('manager', 'ACCEPTED')).body.data.changeImprovementAction.status).toBe('ACCEPTED');
    const done = await change('backoffice', 'DONE');
    expect(done.body.data.changeImprovementAction.history.map((h: { status: string }) => h.status)).toEqual([
      'PROPOSED',
      'ACCEPTED',
      'DONE',
    ]);
  });

  it('answers an invitation stored before the kernel (no revision) by its link, once', async () => {
    const token = newSurveyToken();
    const id = `inv_${uniqueName('prekernel')}`;
    await mongo
      .db(dbName)
      .collection<{ _id: string; invitationId: string }>('survey_tokens')
      .insertOne({ _id: hashSurveyToken(token), invitationId: id });
    await invitations().insertOne({
      _id: id,
      surveyId: 'agid-stelle',
      surveyKind: 'stars',
      trigger: 'online_service',
      subjectId: id,
      sourceEventId: `online-service:${id}`,
      channel: 'web_form',
      status: 'pending',
      createdAt: new Date(),
      expiresAt: new Date(Date.now() + 24 * HOUR),
    });
    const post = (body: string) =>
      fetch(`${svc.url}/s/${token}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
    expect((await post('stars=4')).status).toBe(200);
    expect((await post('stars=1')).status).toBe(409);
    const stored = await invitations().findOne({ _id: id });
    expect(stored).toMatchObject({ status: 'answered', revision: 1 });
    // the invitation knows it was answered, not what nor when
    expect(stored).not.toHaveProperty('answer');
    expect(stored).not.toHaveProperty('answeredAt');
  });

  it('rebuilds the indicators by replaying the topics to the same result, and resumes from its checkpoint after a restart', async () => {
    const statusQ = `{ indicatorsStatus { eventsApplied checksum rebuilding lastRebuild { events checksum } } }`;
    const everything = `{
      satisfactionIndicators(groupBy: OFFICE) { key invited answered satisfiedShare dissatisfiedShare }
      caseTimes(groupBy: OFFICE) { key closed closureMedianDays }
      contactVolumes { month channel contactType contacts }
      complaintIndicators { month complaints }
      backlog { officeId open }
    }`;
    // quiet: the live projection has applied everything published so far
    let last = -1;
    const settled = await waitFor(
      async () => {
        const r = await ask('admin', statusQ);
        const n = r.body.data.indicatorsStatus.eventsApplied as number;
        const stable = n === last;
        last = n;
        return stable ? r.body.data.indicatorsStatus : undefined;
      },
      { intervalMs: 1500, what: 'the projection to settle' },
    );
    const before = (await ask('manager', everything)).body.data;

    const rebuilt = await ask(
      'admin',
      `mutation { rebuildIndicators { eventsApplied checksum lastRebuild { events checksum } } }`,
    );
    expect(rebuilt.body.errors).toBeUndefined();
    expect(rebuilt.body.data.rebuildIndicators.lastRebuild.checksum).toBe(settled.checksum);
    expect(rebuilt.body.data.rebuildIndicators.eventsApplied).toBe(settled.eventsApplied);
    expect((await ask('manager', everything)).body.data).toEqual(before);
    await waitFor(
      () => collector.events.find((e) => e.headers.ce_type === 'it.urp.satisfaction.IndicatorsRebuilt.v1'),
      {
        what: 'IndicatorsRebuilt',
      },
    );

    // an invitation answered before answers were kept apart (the rating beside the case) is cleaned at start
    const legacy = `inv_${uniqueName('legacy')}`;
    await invitations().insertOne({
      _id: legacy,
      revision: 3,
      surveyId: 'mettiamoci-la-faccia',
      surveyKind: 'emoticons',
      trigger: 'case_closed',
      subjectId: 'case-legacy',
      caseId: 'case-legacy',
      sourceEventId: 'e-legacy',
      status: 'answered',
      createdAt: new Date(),
      expiresAt: new Date(),
      answeredAt: new Date(),
      answer: { emoticon: 'dissatisfied', comment: 'lento' },
    });

    // a restart resumes from the saved state and its offsets: nothing counted twice
    await new Promise((r) => setTimeout(r, 500));
    await svc.stop();
    svc = await spawnService('services/satisfaction/src/main.ts', env, 4378);
    const cleaned = await invitations().findOne({ _id: legacy });
    expect(cleaned).toMatchObject({ status: 'answered', caseId: 'case-legacy' });
    expect(cleaned).not.toHaveProperty('answer');
    expect(cleaned).not.toHaveProperty('answeredAt');
    const after = await waitFor(
      async () => {
        const r = await direct(['admin'], statusQ);
        return r.body.data?.indicatorsStatus;
      },
      { what: 'the restarted service' },
    );
    expect(after.checksum).toBe(settled.checksum);
    expect((await direct(['manager'], everything)).body.data).toEqual(before);
  });
  it('serves at once after a SIGKILL, and its indicators resume from the checkpoint counting nothing twice', async () => {
    const closedOf = async (officeId: string) => {
      const r = await direct(
        ['manager'],
        `query($f: IndicatorFilter) { caseTimes(filter: $f, groupBy: OFFICE) { key closed } }`,
        {
          f: { officeId },
        },
      );
      return (r.body.data?.caseTimes?.[0]?.closed as number | undefined) ?? 0;
    };
    const killedOffice = uniqueName('ufficio').replace(/-/g, '_');
    const closeOne = (requesterId: string) =>
      send(...caseEvents(uniqueName('case'), requesterId, { officeId: killedOffice }));
    await closeOne(`req_${uniqueName('k1').replace(/-/g, '_')}`);
    await waitFor(async () => (await closedOf(killedOffice)) === 1, { what: 'the first closure counted' });
    // a checkpoint after it (every 200 ms here), then the process dies without a word
    const status = `{ indicatorsStatus { checkpointedAt lastEventTime } }`;
    const seen = Date.now();
    await waitFor(
      async () => {
        const r = await direct(['admin'], status);
        const at = r.body.data?.indicatorsStatus?.checkpointedAt as string | undefined;
        return at && Date.parse(at) > seen;
      },
      { what: 'a checkpoint after the first closure' },
    );
    await svc.stop('SIGKILL');
    const killedAt = Date.now();
    // the messaging consumer's group join is not waited for here: only that HTTP answers
    svc = await spawnService('services/satisfaction/src/main.ts', env, 4378, 60000, '/health/live', {
      waitForConsumers: false,
    });
    const served = await waitFor(async () => (await direct(['admin'], status)).body.data?.indicatorsStatus, {
      what: 'GraphQL after the restart',
    });
    const servedAfterMs = Date.now() - killedAt;
    expect(served).toBeTruthy();
    // the restored state is there before any consumer joined
    expect(await closedOf(killedOffice)).toBe(1);
    await closeOne(`req_${uniqueName('k2').replace(/-/g, '_')}`);
    await waitFor(async () => (await closedOf(killedOffice)) === 2, {
      timeoutMs: 60000,
      what: 'the closure after the restart counted',
    });
    const consumingAfterMs = Date.now() - killedAt;
    // one more closure: still one each (the events between the checkpoint and the kill were applied once)
    await closeOne(`req_${uniqueName('k3').replace(/-/g, '_')}`);
    await waitFor(async () => (await closedOf(killedOffice)) === 3, { what: 'the third closure counted' });
    // figures, not assertions (tools/bench measures): how long after the SIGKILL it served and counted again
    console.log(
      `satisfaction after SIGKILL: GraphQL answered ${servedAfterMs} ms after the kill, indicators counting again ${consumingAfterMs} ms after it`,
    );
  });
});
