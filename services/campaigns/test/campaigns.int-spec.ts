import { signDevToken, type Role } from '@urp/auth';
import {
  BulletinTopic,
  CampaignTopic,
  CaseOpenedV1,
  ConsentTopic,
  ContactRegisteredV1,
  createEvent,
  DeliveryTopic,
  OfficeChangedV1,
  RequesterAnonymisedV1,
  SheetUpdatedV1,
  toKafkaRecord,
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
import { inboxOf, publishReferent, startContactsStub, startMailbox, startProviderStub } from './fixtures';

const PORT = 4350;
const MAILBOX_HTTP = 4351;
const SMTP = 2531;
const CONTACTS = 4352;
const PROVIDER = 4353;
const GATEWAY = 4354;
const run = uniqueName('t').replace(/-/g, '');
const req = (n: string) => `req_${run}${n}`;
const mail = (n: string) => `${n}.${run}@example.org`;

/**
 * The campaigns service as a real process behind the real gateway, with real Kafka, FerretDB and a real SMTP
 * server (tools/mailbox). The contacts service's address endpoint is a local server implementing its documented
 * contract (the contacts service is another engineer's work in progress).
 */
describe('campaigns: from consent to the mailbox and back (gateway, Kafka, FerretDB, SMTP)', () => {
  const dbName = uniqueName('campaigns').replace(/-/g, '_');
  const producer = createProducer(
    createKafka({ clientId: 'campaigns-test', brokers: testInfra.kafkaBrokers }),
  );
  const book = new Map<string, Partial<Record<'email' | 'sms' | 'io', string>> | 'anonymised'>([
    [req('a'), { email: mail('anna') }],
    [req('b'), { email: mail('bruno') }],
    [req('c'), { email: 'bounce@example.org' }],
    [req('d'), { email: mail('dario') }],
    [req('e'), { email: mail('elena') }],
    [req('s'), { sms: '+393331234567' }],
  ]);
  let svc: RunningProcess;
  let mailbox: RunningProcess;
  let gateway: RunningProcess;
  let contacts: Awaited<ReturnType<typeof startContactsStub>>;
  let provider: Awaited<ReturnType<typeof startProviderStub>>;
  let collector: Awaited<ReturnType<typeof collectEvents>>;
  const tokens = new Map<string, string>();
  const PROVIDER_SECRET = 'sms-provider-callback-secret-0123456789';

  beforeAll(async () => {
    [contacts, provider, collector, mailbox] = await Promise.all([
      startContactsStub(TEST_AUTH.identitySecret, CONTACTS, book),
      startProviderStub(PROVIDER),
      collectEvents([CampaignTopic.name, DeliveryTopic.name, ConsentTopic.name, BulletinTopic.name]),
      startMailbox(SMTP, MAILBOX_HTTP),
      producer.connect(),
    ]);
    svc = await spawnService(
      'services/campaigns/src/main.ts',
      {
        MONGO_URL: testInfra.mongoUrl,
        MONGO_DB: dbName,
        KAFKA_BROKERS: testInfra.kafkaBrokers.join(','),
        KAFKA_GROUP_ID: uniqueName('campaigns'),
        IDENTITY_SECRET: TEST_AUTH.identitySecret,
        SMTP_URL: `smtp://127.0.0.1:${SMTP}`,
        CONTACTS_INTERNAL_URL: `http://127.0.0.1:${CONTACTS}`,
        PUBLIC_BASE_URL: `http://127.0.0.1:${PORT}`,
        SMS_ADAPTER_URL: `${provider.url}/sms`,
        PROVIDER_CALLBACK_SECRET: PROVIDER_SECRET,
        SCHEDULER_TICK_MS: '300',
        DELIVERY_RETRY_BASE_MS: '50',
        ELECTION_BLACKOUTS: JSON.stringify([
          {
            label: 'Elezioni comunali 2027',
            from: '2027-04-10T00:00:00+02:00',
            to: '2027-05-24T23:00:00+02:00',
          },
        ]),
      },
      PORT,
    );
    gateway = await spawnGateway({ campaigns: svc.url }, GATEWAY);
  });

  afterAll(async () => {
    await Promise.all([gateway?.stop(), svc?.stop(), mailbox?.stop()]);
    await Promise.all([producer.disconnect(), collector?.stop(), contacts?.stop(), provider?.stop()]);
  });

  const as = async (role: Role, sub?: string) => {
    const key = `${role}:${sub ?? ''}`;
    if (!tokens.has(key))
      tokens.set(key, await signDevToken({ sub: sub ?? `t-${role}`, roles: [role] }, TEST_AUTH));
    return tokens.get(key)!;
  };
  const ask = async (
    role: Role,
    query: string,
    variables: Record<string, unknown> = {},
    sub?: string,
  ): Promise<any> =>
    (
      await gql(`${gateway.url}/graphql`, query, variables, {
        authorization: `Bearer ${await as(role, sub)}`,
      })
    ).body;
  const inbox = (to: string) => inboxOf(MAILBOX_HTTP, to);
  const mine = (type: string, campaignId: string) =>
    collector.events.filter(
      (e) => e.headers.ce_type?.includes(`.${type}.`) && (e.data as any).campaignId === campaignId,
    );

  const consent = (requesterId: string, extra: Record<string, unknown> = {}) =>
    ask(
      'operator',
      `mutation($i: CampaignConsentInput!) { recordCampaignConsent(input: $i) { requesterId consents { channel purpose given source topics } } }`,
      { i: { requesterId, purpose: 'CAMPAIGNS', channel: 'EMAIL', source: 'desk', ...extra } },
    );

  const CAMPAIGN_FIELDS = `id status authorId approvedBy blackoutJustification { reason recordedBy periods }
    steps { stepId channel readability { gulpease level } links { linkId url } progress { sent bounced skipped } }`;
  const campaignInput = (overrides: Record<string, unknown> = {}) => ({
    title: 'Scadenza TARI 2026',
    goal: 'Meno pagamenti in ritardo e meno telefonate confuse allo sportello tributi.',
    topics: ['tributi'],
    sheetIds: ['sheet-tari'],
    segment: { topics: ['tributi'] },
    startsAt: new Date(Date.now() - 60_000).toISOString(),
    steps: [
      {
        channel: 'EMAIL',
        waitHours: 0,
        subject: 'TARI: la seconda rata scade il 16 dicembre',
        body: 'La seconda rata della TARI scade il 16 dicembre. Puoi pagare con PagoPA. Tutte le informazioni: https://comune.borgoaurelio.example/schede/sheet-tari',
      },
      {
        channel: 'EMAIL',
        waitHours: 0.003,
        subject: 'Promemoria: TARI entro il 16 dicembre',
        body: 'Mancano pochi giorni alla scadenza della TARI. Se hai già pagato, non fare nulla.',
      },
    ],
    ...overrides,
  });

  it('records consent with its source, and refuses attributes nobody consented to', async () => {
    for (const n of ['a', 'b', 'c', 'd'])
      expect((await consent(req(n), { topics: ['tributi'] })).errors).toBeUndefined();
    const other = await consent(req('e'), { topics: ['scuola_infanzia'] });
    expect(other.data.recordCampaignConsent.consents).toEqual([
      { channel: 'EMAIL', purpose: 'CAMPAIGNS', given: true, source: 'desk', topics: ['scuola_infanzia'] },
    ]);
    const dnc = await ask(
      'operator',
      `mutation($r: ID!) { setDoNotContact(requesterId: $r, doNotContact: true, reason: "chiesto allo sportello") { doNotContact } }`,
      { r: req('d') },
    );
    expect(dnc.data.setDoNotContact.doNotContact).toBe(true);

    const preview = await ask(
      'analyst',
      `query($s: CampaignSegmentInput!) { campaignSegmentPreview(segment: $s, channel: EMAIL) { count consenting excludedDoNotContact excludedNotInSegment } }`,
      { s: { topics: ['tributi'] } },
    );
    expect(preview.errors).toBeUndefined();
    // counts only; our five plus whatever an earlier run left in this fresh database (none)
    expect(preview.data.campaignSegmentPreview).toEqual({
      count: 3,
      consenting: 5,
      excludedDoNotContact: 1,
      excludedNotInSegment: 1,
    });
    const bad = await ask(
      'analyst',
      `query { campaignSegmentPreview(segment: { areas: ["Via Roma 1"] }, channel: EMAIL) { count } }`,
    );
    expect(bad.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(Object.keys(bad.errors[0].extensions.fields)).toEqual(['segment.areas.0']);
    await waitFor(
      () =>
        collector.events.filter((e) => e.key === req('a') && e.headers.ce_type.endsWith('ConsentGiven.v1'))
          .length === 1,
      { what: 'ConsentGiven' },
    );
  });

  it('bad input changes nothing and names each bad field', async () => {
    const before = (await ask('backoffice', `{ campaigns(first: 200) { id } }`)).data.campaigns.length;
    const res = await ask('backoffice', `mutation($i: CampaignInput!) { createCampaign(input: $i) { id } }`, {
      i: campaignInput({
        title: 'x',
        topics: [],
        steps: [{ channel: 'EMAIL', waitHours: -1, body: 'corto' }],
      }),
    });
    expect(res.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(res.errors[0].extensions.fields).toMatchObject({
      'input.title': expect.any(String),
      'input.topics': expect.any(String),
      'input.steps.0.waitHours': expect.any(String),
      'input.steps.0.body': expect.any(String),
      'input.steps.0.subject': "un'email ha bisogno di un oggetto",
    });
    const io = await ask('backoffice', `mutation($i: CampaignInput!) { createCampaign(input: $i) { id } }`, {
      i: campaignInput({ steps: [{ channel: 'IO', waitHours: 0, body: "Messaggio per l'app IO." }] }),
    });
    expect(io.errors[0].extensions.fields).toEqual({
      'input.steps.0.channel': 'nessun adattatore io è configurato',
    });
    expect((await ask('backoffice', `{ campaigns(first: 200) { id } }`)).data.campaigns).toHaveLength(before);
  });

  it('sends a two-step campaign through real SMTP; an unsubscribe stops the next step; bounces, opens and clicks are tracked', async () => {
    const created = await ask(
      'backoffice',
      `mutation($i: CampaignInput!) { createCampaign(input: $i) { ${CAMPAIGN_FIELDS} } }`,
      { i: campaignInput() },
      'bo-marco',
    );
    expect(created.errors).toBeUndefined();
    const c = created.data.createCampaign;
    expect(c.steps[0].readability.gulpease).toBeGreaterThan(40);
    expect(c.steps[0].links).toEqual([
      { linkId: 'l1', url: 'https://comune.borgoaurelio.example/schede/sheet-tari' },
    ]);
    const id = c.id as string;
    expect(
      (
        await ask(
          'backoffice',
          `mutation($id: ID!) { submitCampaign(id: $id) { status } }`,
          { id },
          'bo-marco',
        )
      ).data.submitCampaign.status,
    ).toBe('IN_APPROVAL');
    const self = await ask(
      'backoffice',
      `mutation($id: ID!) { approveCampaign(id: $id) { status } }`,
      { id },
      'bo-marco',
    );
    // four eyes is a rule about who may act: FORBIDDEN (it was CONFLICT before the kernel)
    expect(self.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(self.errors[0].message).toMatch(/quattro occhi/);
    const approved = await ask(
      'manager',
      `mutation($id: ID!) { approveCampaign(id: $id) { status approvedBy } }`,
      { id },
      'mgr-paolo',
    );
    expect(approved.data.approveCampaign).toEqual({ status: 'APPROVED', approvedBy: 'mgr-paolo' });
    const scheduled = await ask(
      'backoffice',
      `mutation($id: ID!) { scheduleCampaign(id: $id) { status } }`,
      { id },
      'bo-marco',
    );
    expect(scheduled.data.scheduleCampaign.status).toBe('SCHEDULED');

    // step 1 arrives at the real SMTP server: consenting recipients on the topic only
    await waitFor(
      async () => (await inbox(mail('anna'))).length === 1 && (await inbox(mail('bruno'))).length === 1,
      { what: 'step 1 in the mailbox', timeoutMs: 30000 },
    );
    await waitFor(() => mine('CampaignStepSent', id).length === 1, { what: 'CampaignStepSent 1' });
    const pause = await ask('backoffice', `mutation($id: ID!) { pauseCampaign(id: $id) { status } }`, { id });
    expect(pause.data.pauseCampaign.status).toBe('PAUSED');

    expect(await inbox(mail('dario'))).toHaveLength(0); // do-not-contact wins over consent
    expect(await inbox(mail('elena'))).toHaveLength(0); // subscribed to another topic
    const [anna] = await inbox(mail('anna'));
    expect(anna.subject).toBe('TARI: la seconda rata scade il 16 dicembre');
    expect(anna.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    const unsubscribeUrl = /<([^>]+)>/.exec(anna.headers['list-unsubscribe'])![1];
    expect(anna.text).toContain(unsubscribeUrl);
    expect(anna.text).not.toContain('https://comune.borgoaurelio.example/schede/sheet-tari'); // tracked instead

    // Anna unsubscribes in one click (RFC 8058 POST); the GET alone only asks
    expect((await fetch(unsubscribeUrl)).status).toBe(200);
    const one = await fetch(unsubscribeUrl, {
      method: 'POST',
      body: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(one.status).toBe(200);
    // Bruno opens the message and follows the link
    const [bruno] = await inbox(mail('bruno'));
    const pixel = /<img src="([^"]+)"/.exec(bruno.html)![1];
    expect((await fetch(pixel)).headers.get('content-type')).toMatch(/^image\/gif/);
    const click = /https?:\/\/127\.0\.0\.1:\d+\/t\/c\/\S+/.exec(bruno.text)![0];
    const redirect = await fetch(click, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toBe('https://comune.borgoaurelio.example/schede/sheet-tari');
    // forged tokens do nothing
    expect((await fetch(`${svc.url}/u/dlv_${'0'.repeat(32)}.forged`, { method: 'POST' })).status).toBe(404);
    // the token of Bruno's own links is no delivery report: not without the provider's secret, not with it
    const linkToken = /\/t\/o\/([^/"]+)\.gif/.exec(pixel)![1];
    const forgedReport = (auth?: string) =>
      fetch(`${svc.url}/feedback/${linkToken}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) },
        body: JSON.stringify({ status: 'bounced', code: '550' }),
      });
    expect((await forgedReport()).status).toBe(401);
    expect((await forgedReport(`Bearer ${PROVIDER_SECRET}`)).status).toBe(404);

    expect(
      (await ask('backoffice', `mutation($id: ID!) { resumeCampaign(id: $id) { status } }`, { id })).data
        .resumeCampaign.status,
    ).toBe('RUNNING');
    await waitFor(
      async () =>
        (await ask('manager', `query($id: ID!) { campaign(id: $id) { status } }`, { id })).data.campaign
          .status === 'COMPLETED',
      { what: 'the campaign to complete', timeoutMs: 40000 },
    );

    expect(await inbox(mail('anna'))).toHaveLength(1); // the unsubscribe stopped step 2 for her
    expect(await inbox(mail('bruno'))).toHaveLength(2);
    const report = await ask(
      'manager',
      `query($id: ID!) { campaign(id: $id) { deliveryStats { delivered bounced opened clicked unsubscribed } steps { progress { sent bounced skipped } } } }`,
      { id },
    );
    expect(report.data.campaign.deliveryStats).toEqual({
      delivered: 3,
      bounced: 2,
      opened: 1,
      clicked: 1,
      unsubscribed: 1,
    });
    expect(report.data.campaign.steps.map((s: any) => s.progress)).toEqual([
      { sent: 2, bounced: 1, skipped: 2 },
      // Anna withdrew her consent: she is no longer in the audience at all (d: do-not-contact, e: other topic)
      { sent: 1, bounced: 1, skipped: 2 },
    ]);
    const statuses = await ask(
      'manager',
      `query($id: ID!) { campaignDeliveries(campaignId: $id) { requesterId stepId status error } }`,
      { id },
    );
    expect(statuses.data.campaignDeliveries).toEqual(
      expect.arrayContaining([
        { requesterId: req('a'), stepId: 's1', status: 'UNSUBSCRIBED', error: null },
        { requesterId: req('b'), stepId: 's1', status: 'CLICKED', error: null },
        { requesterId: req('c'), stepId: 's1', status: 'BOUNCED', error: '550' },
      ]),
    );
    // an analyst sees counts, never who
    const denied = await ask(
      'analyst',
      `query($id: ID!) { campaignDeliveries(campaignId: $id) { requesterId } }`,
      { id },
    );
    expect(denied.errors[0].extensions.code).toBe('FORBIDDEN');

    await waitFor(() => mine('CampaignCompleted', id).length === 1, { what: 'CampaignCompleted' });
    const types = (t: string) => mine(t, id).length;
    expect([types('CampaignApproved'), types('CampaignLaunched'), types('CampaignStepSent')]).toEqual([
      1, 1, 2,
    ]);
    await waitFor(
      () =>
        types('MessageDelivered') === 3 &&
        types('MessageBounced') === 2 &&
        types('MessageOpened') === 1 &&
        types('LinkClicked') === 1 &&
        types('Unsubscribed') === 1,
      { what: 'delivery events' },
    );
    const withdrawn = collector.events.filter(
      (e) => e.key === req('a') && e.headers.ce_type.endsWith('ConsentWithdrawn.v1'),
    );
    expect(withdrawn).toHaveLength(1);
    expect(withdrawn[0].data).toMatchObject({
      source: 'unsubscribe_link',
      campaignId: id,
      purpose: 'campaigns',
      channel: 'email',
    });
    // no personal data in events: never an address
    expect(JSON.stringify(collector.events)).not.toContain('@example.org');
    // addresses were asked at delivery time, with the purpose, by the service identity
    expect(contacts.audit.filter((a) => a.requesterId === req('a'))[0]).toMatchObject({
      sub: 'svc-campaigns',
      purpose: `campaign ${id} step s1`,
    });
  });

  it('refuses a campaign in an election blackout unless impersonal and indispensable, and records the justification', async () => {
    const input = campaignInput({ startsAt: '2027-05-02T09:00:00+02:00' });
    const id = (
      await ask(
        'backoffice',
        `mutation($i: CampaignInput!) { createCampaign(input: $i) { id } }`,
        { i: input },
        'bo-marco',
      )
    ).data.createCampaign.id;
    const refused = await ask(
      'backoffice',
      `mutation($id: ID!) { submitCampaign(id: $id) { status } }`,
      { id },
      'bo-marco',
    );
    expect(refused.errors[0].message).toMatch(/L\. 28\/2000 art\. 9/);
    expect(refused.errors[0].extensions.fields.blackoutJustification).toBeDefined();
    expect(
      (await ask('backoffice', `query($id: ID!) { campaign(id: $id) { status } }`, { id })).data.campaign
        .status,
    ).toBe('DRAFT');
    const justified = campaignInput({
      startsAt: '2027-05-02T09:00:00+02:00',
      blackoutJustification: {
        impersonal: true,
        indispensable: true,
        reason: 'Scadenza di legge della TARI: senza avviso i cittadini pagano sanzioni.',
      },
    });
    await ask(
      'backoffice',
      `mutation($id: ID!, $i: CampaignInput!) { updateCampaign(id: $id, input: $i) { id } }`,
      { id, i: justified },
      'bo-marco',
    );
    await ask('backoffice', `mutation($id: ID!) { submitCampaign(id: $id) { status } }`, { id }, 'bo-marco');
    const ok = await ask(
      'manager',
      `mutation($id: ID!) { approveCampaign(id: $id) { status blackoutJustification { reason recordedBy periods } } }`,
      { id },
      'mgr-paolo',
    );
    expect(ok.errors).toBeUndefined();
    expect(ok.data.approveCampaign.blackoutJustification).toEqual({
      reason: 'Scadenza di legge della TARI: senza avviso i cittadini pagano sanzioni.',
      recordedBy: 'bo-marco',
      periods: ['Elezioni comunali 2027'],
    });
    await waitFor(() => mine('CampaignApproved', id).length === 1, { what: 'CampaignApproved' });
    expect((mine('CampaignApproved', id)[0].data as any).blackoutJustification).toMatch(/Scadenza di legge/);
  });

  it('sends SMS through the provider adapter, takes its delivery report, and drops an anonymised requester', async () => {
    await ask(
      'operator',
      `mutation($i: CampaignConsentInput!) { recordCampaignConsent(input: $i) { requesterId } }`,
      {
        i: { requesterId: req('s'), purpose: 'CAMPAIGNS', channel: 'SMS', source: 'web_form' },
      },
    );
    const anonymous = req('x');
    await ask(
      'operator',
      `mutation($i: CampaignConsentInput!) { recordCampaignConsent(input: $i) { requesterId } }`,
      {
        i: { requesterId: anonymous, purpose: 'CAMPAIGNS', channel: 'SMS', source: 'web_form' },
      },
    );
    await producer.send({
      topic: RequesterAnonymisedV1.topic.name,
      acks: -1,
      messages: [
        toKafkaRecord(
          createEvent(
            RequesterAnonymisedV1,
            anonymous,
            { requesterId: anonymous, anonymisedAt: new Date().toISOString(), reason: 'request' },
            { source: '/urp/contacts' },
          ),
        ),
      ],
    });
    await waitFor(
      async () =>
        (
          await ask('operator', `query($r: ID!) { campaignRecipient(requesterId: $r) { anonymised } }`, {
            r: anonymous,
          })
        ).data.campaignRecipient?.anonymised,
      { what: 'the anonymisation' },
    );

    const input = campaignInput({
      title: 'Nuovi orari Anagrafe',
      topics: ['anagrafe_stato_civile'],
      segment: {},
      steps: [
        { channel: 'SMS', waitHours: 0, body: "Dal 1 dicembre l'Anagrafe apre anche il giovedì pomeriggio." },
      ],
    });
    const id = (
      await ask(
        'backoffice',
        `mutation($i: CampaignInput!) { createCampaign(input: $i) { id } }`,
        { i: input },
        'bo-marco',
      )
    ).data.createCampaign.id;
    await ask('backoffice', `mutation($id: ID!) { submitCampaign(id: $id) { status } }`, { id }, 'bo-marco');
    await ask('manager', `mutation($id: ID!) { approveCampaign(id: $id) { status } }`, { id }, 'mgr-paolo');
    await ask(
      'backoffice',
      `mutation($id: ID!) { scheduleCampaign(id: $id) { status } }`,
      { id },
      'bo-marco',
    );
    await waitFor(() => mine('CampaignCompleted', id).length === 1, {
      what: 'the SMS campaign',
      timeoutMs: 30000,
    });
    const sms = provider.received.filter((p) => p.body.text.includes('Anagrafe'));
    expect(sms).toHaveLength(1);
    expect(sms[0]).toMatchObject({ path: '/sms', body: { to: '+393331234567' } });
    expect(sms[0].body.text).toMatch(/Stop: http/);
    expect(contacts.audit.some((a) => a.requesterId === anonymous)).toBe(false); // dropped before any lookup
    const providerReport = (status: string, secret = PROVIDER_SECRET) =>
      fetch(sms[0].body.feedbackUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
        body: JSON.stringify({ status, code: '550' }),
      });
    // the report URL alone is not enough: the provider proves who it is with its own secret
    expect((await providerReport('delivered', 'not-the-provider-secret-0000')).status).toBe(401);
    const report = await providerReport('delivered');
    expect(report.status).toBe(204);
    await waitFor(
      async () =>
        (await ask('manager', `query($id: ID!) { campaignDeliveries(campaignId: $id) { status } }`, { id }))
          .data.campaignDeliveries[0]?.status === 'DELIVERED',
      { what: 'the provider report' },
    );
    // a bounce reported after the delivery never moves the status backwards
    expect((await providerReport('bounced')).status).toBe(204);
    expect(
      (await ask('manager', `query($id: ID!) { campaignDeliveries(campaignId: $id) { status } }`, { id }))
        .data.campaignDeliveries[0].status,
    ).toBe('DELIVERED');
  });

  it('measures the effect: contacts on the topics before and during, year on year', async () => {
    // a topic and a sheet of this run only: the topic holds the contacts of earlier runs too
    const topic = `tributi_${run}`;
    const sheet = `sheet-${run}-tari`;
    const id = (
      await ask(
        'backoffice',
        `mutation($i: CampaignInput!) { createCampaign(input: $i) { id } }`,
        { i: campaignInput({ topics: [topic], sheetIds: [sheet], startsAt: new Date().toISOString() }) },
        'bo-marco',
      )
    ).data.createCampaign.id;
    const now = Date.now();
    const contact = (n: string, at: number, level1: string, sheetIds: string[] = []) =>
      createEvent(
        ContactRegisteredV1,
        `${run}-${n}`,
        {
          contactId: `${run}-${n}`,
          channel: 'phone',
          contactType: 'information',
          operatorId: 'op-1',
          registeredAt: new Date(at).toISOString(),
          category: { level1 },
          sheetIds,
        },
        { source: '/urp/contacts' },
      );
    const DAY = 86_400_000;
    const YEAR = 365 * DAY;
    const events = [
      contact('b1', now - 3 * DAY, topic),
      contact('d1', now + 60_000, topic, [sheet]),
      contact('d2', now + 120_000, topic),
      contact('d3', now + 180_000, 'anagrafe_stato_civile'),
      contact('y1', now - YEAR + DAY, topic),
    ];
    await producer.send({
      topic: ContactRegisteredV1.topic.name,
      acks: -1,
      messages: events.map(toKafkaRecord),
    });
    const q = `query($id: ID!) { campaignEffect(campaignId: $id) { windows { label contactsOnTopics sheetUsage allContacts previousYear { contactsOnTopics } } changeDuringVsBeforePercent deliveries { total opened clicked unsubscribed } } }`;
    const effect = await waitFor(
      async () => {
        const r = await ask('analyst', q, { id });
        const e = r.data.campaignEffect;
        return e.windows[1].contactsOnTopics === 2 && e.windows[1].previousYear?.contactsOnTopics === 1
          ? e
          : undefined;
      },
      { what: 'the effect report' },
    );
    expect(effect.windows.map((w: any) => [w.label, w.contactsOnTopics, w.sheetUsage])).toEqual([
      ['BEFORE', 1, 0],
      ['DURING', 2, 1],
      ['AFTER', 0, 0],
    ]);
    expect(effect.windows[1].previousYear).toEqual({ contactsOnTopics: 1 });
    expect(effect.changeDuringVsBeforePercent).toBe(100);
    expect(effect.deliveries).toMatchObject({ total: 0 });
  });

  it('sends the weekly digest to referents and offices from knowledge-base and contacts events, once per week', async () => {
    const at = new Date().toISOString();
    const referentId = `ref-${run}`;
    // Anna Ricci heads the office: the office's cases nobody holds are hers
    await producer.send({
      topic: OfficeChangedV1.topic.name,
      acks: -1,
      messages: [
        toKafkaRecord(
          createEvent(
            OfficeChangedV1,
            `off-${run}`,
            {
              officeId: `off-${run}`,
              code: `tributi_${run}`,
              name: 'Ufficio Tributi',
              email: mail('ufficio.tributi'),
              headReferentId: referentId,
              active: true,
              changedAt: at,
            },
            { source: '/urp/knowledge-base' },
          ),
        ),
      ],
    });
    await publishReferent(producer, {
      referentId,
      name: 'Anna Ricci',
      officeId: `off-${run}`,
      email: mail('ref.anna'),
      changedAt: at,
    });
    await producer.send({
      topic: SheetUpdatedV1.topic.name,
      acks: -1,
      messages: [
        toKafkaRecord(
          createEvent(
            SheetUpdatedV1,
            `sheet-${run}`,
            {
              sheetId: `sheet-${run}`,
              revision: 2,
              slug: 'tari-tassa-rifiuti',
              title: 'TARI - Tassa sui rifiuti',
              category: 'tributi',
              topics: ['tributi'],
              lifeEvents: [],
              officeIds: [`off-${run}`],
              ownerReferentId: referentId,
              audience: 'public',
              publishedAt: at,
              reviewDueAt: new Date(Date.now() + 3 * 86_400_000).toISOString(),
            },
            { source: '/urp/knowledge-base' },
          ),
        ),
      ],
    });
    await producer.send({
      topic: CaseOpenedV1.topic.name,
      acks: -1,
      messages: [
        toKafkaRecord(
          createEvent(
            CaseOpenedV1,
            `case-${run}`,
            {
              caseId: `case-${run}`,
              contactId: `c-${run}`,
              contactType: 'complaint',
              channel: 'email',
              referentId,
              priority: 'normal',
              openedAt: at,
              dueAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
              protocolNumber: '2026/0001234',
            },
            { source: '/urp/contacts' },
          ),
        ),
        // opened to the office (by its code), no referent: waiting for the head to assign it
        toKafkaRecord(
          createEvent(
            CaseOpenedV1,
            `case2-${run}`,
            {
              caseId: `case2-${run}`,
              contactId: `c2-${run}`,
              contactType: 'information',
              channel: 'email',
              officeId: `tributi_${run}`,
              priority: 'normal',
              openedAt: at,
              dueAt: new Date(Date.now() + 20 * 86_400_000).toISOString(),
              protocolNumber: '2026/0001235',
            },
            { source: '/urp/contacts' },
          ),
        ),
      ],
    });
    // the three projections are fed by three topics: wait until all are in before the weekly run
    const db = new MongoClient(testInfra.mongoUrl);
    try {
      await waitFor(
        async () =>
          (await db
            .db(dbName)
            .collection<{ _id: string }>('open_cases')
            .countDocuments({ _id: { $in: [`case-${run}`, `case2-${run}`] } })) === 2 &&
          (await db
            .db(dbName)
            .collection<{ _id: string }>('kb_sheets')
            .countDocuments({ _id: `sheet-${run}` })) === 1 &&
          (await db
            .db(dbName)
            .collection<{ _id: string }>('directory')
            .countDocuments({ _id: { $in: [`referent:${referentId}`, `office:off-${run}`] } })) === 2,
        { what: 'the projections' },
      );
    } finally {
      await db.close();
    }
    const periodEnd = new Date(Date.now() + 60_000).toISOString();
    const runBulletins = () =>
      ask('manager', `mutation($p: String) { sendWeeklyBulletins(periodEnd: $p) { sent skipped } }`, {
        p: periodEnd,
      });
    expect((await runBulletins()).data.sendWeeklyBulletins.sent).toBeGreaterThanOrEqual(2);
    // what the referent reads: protocol numbers, dates in Italian, her own case and the office's unheld one (her
    // mailbox also holds the notice of the case opened for her: notifications.int-spec.ts)
    const bulletinOf = async (to: string) =>
      (await inbox(to)).filter((m: { subject: string }) =>
        m.subject.startsWith('Notiziario settimanale URP'),
      );
    const [digest] = await bulletinOf(mail('ref.anna'));
    const date =
      /(il |l')\d{1,2} (gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|novembre|dicembre) \d{4}/;
    expect(digest.text).toContain('Buongiorno Anna Ricci,');
    expect(digest.text).toMatch(
      /ecco la settimana (dal |dall')\d{1,2} [a-z]+ \d{4} (al |all')\d{1,2} [a-z]+ \d{4}\./,
    );
    expect(digest.text).toContain('Schede cambiate (1):\n- TARI - Tassa sui rifiuti\n');
    expect(digest.text).toMatch(
      new RegExp(`Schede da rivedere \\(1\\):\n- TARI - Tassa sui rifiuti: revisione entro ${date.source}\n`),
    );
    expect(digest.text).toMatch(
      new RegExp(
        `Pratiche in attesa assegnate a lei \\(1\\):\n- prot\\. n\\. 2026/0001234: risposta entro ${date.source}\n`,
      ),
    );
    expect(digest.text).toMatch(
      new RegExp(
        `Pratiche in attesa da assegnare, Ufficio Tributi \\(1\\):\n- prot\\. n\\. 2026/0001235: risposta entro ${date.source}\n`,
      ),
    );
    // the office's: both cases, the same count as its head's two lists together
    const [office] = await bulletinOf(mail('ufficio.tributi'));
    expect(office.text).toMatch(
      new RegExp(
        `Pratiche in attesa \\(2\\):\n- prot\\. n\\. 2026/0001235: risposta entro ${date.source}\n- prot\\. n\\. 2026/0001234: risposta entro ${date.source}\n`,
      ),
    );
    for (const text of [digest.text, office.text]) expect(text).not.toMatch(/case2?-|\d{4}-\d\d-\d\d/);
    expect((await runBulletins()).data.sendWeeklyBulletins.sent).toBe(0); // once per week
    await waitFor(
      () => collector.events.filter((e) => (e.data as any).recipientId === referentId).length === 1,
      { what: 'InternalBulletinSent' },
    );
    expect(collector.events.find((e) => (e.data as any).recipientId === referentId)?.data).toMatchObject({
      casesWaiting: 2,
    });
  });
});
