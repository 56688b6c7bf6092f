import { IDENTITY_HEADER, signDevToken, signIdentity, type Role } from '@urp/auth';
import { ContactClosedV1, createEvent, toKafkaRecord } from '@urp/contracts';
import { createKafka, createProducer } from '@urp/messaging';
import {
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

const SECRET = TEST_AUTH.identitySecret;
const CONTACTS = 41851;
const SATISFACTION = 41852;
const GATEWAY = 41853;

/**
 * Review finding 2: staff could produce the ratings that measure them, by reading a citizen's single-use link
 * (surveyLink) and answering it, or by issuing online-service surveys for any office with made-up requesters
 * (completeOnlineService) and answering those. The real contacts, satisfaction and gateway: no person reads a
 * link or makes an invitation; the online service's integration (a service identity) does, for a requester
 * contacts knows.
 */
describe('staff cannot produce the satisfaction ratings that measure them (real services, gateway)', () => {
  const common = {
    MONGO_URL: testInfra.mongoUrl,
    KAFKA_BROKERS: testInfra.kafkaBrokers.join(','),
    IDENTITY_SECRET: SECRET,
  };
  const satDb = uniqueName('sr_satisfaction').replace(/-/g, '_');
  const mongo = new MongoClient(testInfra.mongoUrl);
  const producer = createProducer(createKafka({ clientId: 'sr-test', brokers: testInfra.kafkaBrokers }));
  const procs: RunningProcess[] = [];
  let gateway: RunningProcess;
  let satisfaction: RunningProcess;

  beforeAll(async () => {
    const [contacts, sat] = await Promise.all([
      spawnService(
        'services/contacts/src/main.ts',
        {
          ...common,
          MONGO_DB: uniqueName('sr_contacts').replace(/-/g, '_'),
          KAFKA_GROUP_ID: uniqueName('sr-contacts'),
        },
        CONTACTS,
      ),
      spawnService(
        'services/satisfaction/src/main.ts',
        {
          ...common,
          MONGO_DB: satDb,
          KAFKA_GROUP_ID: uniqueName('sr-sat'),
          CONTACTS_INTERNAL_URL: `http://127.0.0.1:${CONTACTS}`,
          SURVEY_PUBLIC_BASE_URL: `http://127.0.0.1:${SATISFACTION}`,
          INDICATORS_MIN_SAMPLE: '1',
          INDICATORS_CHECKPOINT_MS: '200',
        },
        SATISFACTION,
      ),
      producer.connect(),
    ]);
    satisfaction = sat;
    procs.push(contacts, sat);
    gateway = await spawnGateway({ contacts: contacts.url, satisfaction: sat.url }, GATEWAY);
    procs.push(gateway);
  }, 180_000);
  afterAll(async () => {
    await Promise.all(procs.map((p) => p.stop()));
    await producer.disconnect();
    await mongo.close();
  });

  const ask = async (
    who: { sub: string; roles: Role[]; offices?: string[] },
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<any> =>
    (
      await gql(`${gateway.url}/graphql`, query, variables, {
        authorization: `Bearer ${await signDevToken(who, TEST_AUTH)}`,
      })
    ).body;
  /** The online service's integration: a service identity signed with the shared secret, on the subgraph. */
  const asService = async (query: string, variables: Record<string, unknown> = {}): Promise<any> =>
    (
      await gql(`${satisfaction.url}/graphql`, query, variables, {
        [IDENTITY_HEADER]: await signIdentity({ sub: 'svc-portale', roles: ['service'] }, SECRET),
      })
    ).body;
  const COMPLETE = `mutation($i: OnlineServiceCompletedInput!) { completeOnlineService(input: $i) { issued reason link { url } } }`;
  const LINK = `mutation($id: ID!) { surveyLink(invitationId: $id) { url } }`;
  const operator = { sub: 'sr-op', roles: ['operator' as Role], offices: ['anagrafe'] };
  const invitations = () =>
    mongo.db(satDb).collection<{ _id: string; contactId?: string }>('survey_invitations');

  it('gives no person a citizen’s survey link, not even the operator who closed the contact or an admin', async () => {
    const contactId = uniqueName('c');
    const closed = createEvent(
      ContactClosedV1,
      contactId,
      {
        contactId,
        channel: 'desk',
        contactType: 'information',
        requesterId: `req_${uniqueName('desk')}`,
        operatorId: 'sr-op',
        resolvedAtFirstContact: true,
        registeredAt: new Date(Date.now() - 600_000).toISOString(),
        closedAt: new Date().toISOString(),
      },
      { source: '/urp/contacts' },
    );
    await producer.send({ topic: ContactClosedV1.topic.name, acks: -1, messages: [toKafkaRecord(closed)] });
    const inv = await waitFor(() => invitations().findOne({ contactId }), { what: 'the invitation' });

    for (const who of [
      operator,
      { sub: 'sr-bo', roles: ['backoffice' as Role] },
      { sub: 'sr-mgr', roles: ['manager' as Role] },
      { sub: 'sr-admin', roles: ['admin' as Role] },
    ]) {
      const r = await ask(who, LINK, { id: inv!._id });
      expect({
        who: who.sub,
        code: r.errors?.[0]?.extensions?.code,
        data: r.data?.surveyLink ?? null,
      }).toEqual({
        who: who.sub,
        code: 'FORBIDDEN',
        data: null,
      });
    }
    // the staff still see that there is an invitation and its status (never the rating)
    const seen = await ask(operator, `{ surveyInvitation(id: "${inv!._id}") { status channel } }`);
    expect(seen.data.surveyInvitation).toEqual({ status: 'PENDING', channel: 'desk' });
    // the link exists, for a service identity (the deliverer, a kiosk or portal): the citizen's credential
    const link = await asService(LINK, { id: inv!._id });
    expect(link.data.surveyLink.url).toMatch(
      new RegExp(`^http://127\\.0\\.0\\.1:${SATISFACTION}/s/[A-Za-z0-9_-]{43}$`),
    );
  });

  it('lets no person fabricate online-service ratings, whatever the office', async () => {
    const before = await invitations().countDocuments({ trigger: 'online_service' });
    for (const who of [
      operator,
      { sub: 'sr-bo', roles: ['backoffice' as Role], offices: ['anagrafe'] },
      { sub: 'sr-admin', roles: ['admin' as Role] },
    ]) {
      const r = await ask(who, COMPLETE, {
        i: {
          sessionId: uniqueName('fake'),
          serviceCode: 'cie_rilascio',
          officeId: 'anagrafe',
          requesterId: `req_${uniqueName('fake').replace(/-/g, '')}`,
        },
      });
      expect({ who: who.sub, code: r.errors?.[0]?.extensions?.code }).toEqual({
        who: who.sub,
        code: 'FORBIDDEN',
      });
    }
    expect(await invitations().countDocuments({ trigger: 'online_service' })).toBe(before);
  });

  it('issues the online service’s survey to its integration only for a requester contacts knows', async () => {
    const input = { serviceCode: 'cie_rilascio', officeId: 'anagrafe' };
    const madeUp = await asService(COMPLETE, {
      i: {
        ...input,
        sessionId: uniqueName('s'),
        requesterId: `req_${uniqueName('nobody').replace(/-/g, '')}`,
      },
    });
    expect(madeUp.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { 'input.requesterId': 'richiedente sconosciuto: registrarlo prima tra i richiedenti' },
    });
    const none = await asService(COMPLETE, { i: { ...input, sessionId: uniqueName('s') } });
    expect(none.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { 'input.requesterId': 'indicare il richiedente che ha completato il servizio' },
    });

    const created = await ask(
      operator,
      `mutation($i: RequesterInput!) { createRequester(input: $i) { id } }`,
      {
        i: {
          kind: 'PERSON',
          name: 'Carla Neri',
          email: `${uniqueName('carla')}@example.org`,
          purpose: 'registrazione allo sportello',
        },
      },
    );
    expect(created.errors).toBeUndefined();
    const requesterId = created.data.createRequester.id as string;
    const ok = await asService(COMPLETE, { i: { ...input, sessionId: uniqueName('s'), requesterId } });
    expect(ok.errors).toBeUndefined();
    expect(ok.data.completeOnlineService.issued).toBe(true);
    // the citizen rates it on the link the portal shows at once
    const page = await fetch(ok.data.completeOnlineService.link.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('5 stelle');
  });
});
