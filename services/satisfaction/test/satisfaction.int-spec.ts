import { IDENTITY_HEADER, signIdentity } from '@urp/auth';
import { ContactClosedV1, createEvent, SurveyTopic, toKafkaRecord } from '@urp/contracts';
import { createKafka, createProducer } from '@urp/messaging';
import {
  collectEvents,
  gql,
  spawnService,
  testInfra,
  uniqueName,
  waitFor,
  type RunningProcess,
} from '@urp/testing';
import { MongoClient } from 'mongodb';

const SECRET = 'satisfaction-test-identity-secret-0123456789';

describe('satisfaction: ContactClosed becomes one survey invitation (own process, real Kafka + FerretDB)', () => {
  const dbName = uniqueName('satisfaction').replace(/-/g, '_');
  const mongo = new MongoClient(testInfra.mongoUrl);
  const producer = createProducer(createKafka({ clientId: 'sat-test', brokers: testInfra.kafkaBrokers }));
  let svc: RunningProcess;
  let collector: Awaited<ReturnType<typeof collectEvents>>;

  beforeAll(async () => {
    [svc, collector] = await Promise.all([
      spawnService(
        'services/satisfaction/src/main.ts',
        {
          MONGO_URL: testInfra.mongoUrl,
          MONGO_DB: dbName,
          KAFKA_BROKERS: testInfra.kafkaBrokers.join(','),
          IDENTITY_SECRET: SECRET,
          KAFKA_GROUP_ID: uniqueName('sat'),
        },
        4312,
      ),
      collectEvents([SurveyTopic.name]),
      producer.connect(),
    ]);
  });
  afterAll(async () => {
    await producer.disconnect();
    await collector?.stop();
    await svc?.stop();
    await mongo.close();
  });

  const closed = (contactId: string, requesterId?: string) =>
    createEvent(
      ContactClosedV1,
      contactId,
      {
        contactId,
        channel: 'email',
        contactType: 'information',
        requesterId,
        operatorId: 'op-1',
        resolvedAtFirstContact: true,
        registeredAt: new Date(Date.now() - 600_000).toISOString(),
        closedAt: new Date().toISOString(), // invitations run from the closing: a fresh one
      },
      { source: '/urp/contacts', traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' },
    );

  it('creates the invitation once even when the event is delivered twice, and announces it once', async () => {
    const contactId = uniqueName('c');
    const event = closed(contactId, 'req_sat0001');
    const record = toKafkaRecord(event);
    await producer.send({ topic: ContactClosedV1.topic.name, acks: -1, messages: [record, record] });

    const invitations = mongo.db(dbName).collection('survey_invitations');
    await waitFor(async () => (await invitations.countDocuments({ contactId })) === 1, {
      what: 'the invitation',
    });
    // this service's announcements (another satisfaction instance on the machine, e.g. `npm start`, has its own)
    const mine = (await invitations.findOne({ contactId }))!._id as unknown as string;
    const created = () =>
      collector.events.filter((e) => (e.data as { invitationId?: string }).invitationId === mine);
    await waitFor(() => created().length === 1, { what: 'SurveyInvitationIssued' });
    await new Promise((r) => setTimeout(r, 1500)); // the redelivery has been processed by now
    expect(await invitations.countDocuments({ contactId })).toBe(1);
    expect(created()).toHaveLength(1);
    // the new event continues the trace and the correlation of the one that caused it
    expect(created()[0].headers).toMatchObject({
      ce_causationid: event.id,
      ce_correlationid: event.correlationid,
      traceparent: event.traceparent,
    });

    const identity = { [IDENTITY_HEADER]: await signIdentity({ sub: 'op-1', roles: ['operator'] }, SECRET) };
    const invitationId = (await invitations.findOne({ contactId }))!._id;
    const res = await gql(
      `${svc.url}/graphql`,
      `{ surveyInvitation(id: "${invitationId}") { contactId status channel } }`,
      {},
      identity,
    );
    expect(res.body.data.surveyInvitation).toEqual({ contactId, status: 'PENDING', channel: 'email' });
  });

  it('invites nobody for an anonymous contact', async () => {
    const contactId = uniqueName('anon');
    const marker = uniqueName('c');
    await producer.send({
      topic: ContactClosedV1.topic.name,
      acks: -1,
      messages: [toKafkaRecord(closed(contactId)), toKafkaRecord(closed(marker, 'req_sat0002'))],
    });
    const invitations = mongo.db(dbName).collection('survey_invitations');
    await waitFor(async () => (await invitations.countDocuments({ contactId: marker })) === 1, {
      what: 'the later event to be processed',
    });
    expect(await invitations.countDocuments({ contactId })).toBe(0);
  });

  it('guards entity fields too: a role without access cannot read Contact.surveyInvitation through _entities', async () => {
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Contact { surveyInvitation { status } } } }`;
    const variables = { r: [{ __typename: 'Contact', id: 'any' }] };
    const referent = { [IDENTITY_HEADER]: await signIdentity({ sub: 'ref-1', roles: ['referent'] }, SECRET) };
    const denied = await gql(`${svc.url}/graphql`, query, variables, referent);
    expect(denied.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const anonymous = {
      [IDENTITY_HEADER]: await signIdentity({ sub: 'anonymous', roles: [], anonymous: true }, SECRET),
    };
    expect(
      (await gql(`${svc.url}/graphql`, query, variables, anonymous)).body.errors?.[0].extensions?.code,
    ).toBe('UNAUTHENTICATED');
    const operator = { [IDENTITY_HEADER]: await signIdentity({ sub: 'op-1', roles: ['operator'] }, SECRET) };
    const allowed = await gql(`${svc.url}/graphql`, query, variables, operator);
    expect(allowed.body).toEqual({ data: { _entities: [{ surveyInvitation: null }] } });
  });
});
