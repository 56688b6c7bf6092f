import { IDENTITY_HEADER, signIdentity } from '@urp/auth';
import {
  ContactClosedV1,
  ContactRegisteredV1,
  createEvent,
  RequesterAnonymisedV1,
  toKafkaRecord,
  type CloudEvent,
} from '@urp/contracts';
import { createKafka, createProducer } from '@urp/messaging';
import {
  gql,
  spawnService,
  TEST_AUTH,
  testInfra,
  uniqueName,
  waitFor,
  type RunningProcess,
} from '@urp/testing';
import { MongoClient } from 'mongodb';
import { freePorts } from './fixtures';

const run = uniqueName('fx').replace(/-/g, '');
const req = (n: string) => `req_${run}${n}`;
const DAY = 86_400_000;

type Who = Parameters<typeof signIdentity>[0];
const BACKOFFICE: Who = { sub: 'bo-marco', roles: ['backoffice'] };
const ANALYST: Who = { sub: 'an-lucia', roles: ['analyst'] };

/**
 * Campaigns' projection of ContactRegistered (issue 17) on the real process, Kafka and FerretDB: a run of contacts
 * is written in one `insertMany` by the batch handler, and the same run delivered again (Kafka is at least once)
 * leaves one fact per contact, the effect report counting each contact once, and each citizen's services once.
 */
describe('campaigns: contacts projected in batches, redelivered (Kafka, FerretDB)', () => {
  const dbName = uniqueName('campaigns_fx').replace(/-/g, '_');
  const producer = createProducer(
    createKafka({ clientId: 'effect-batch-test', brokers: testInfra.kafkaBrokers }),
  );
  const mongo = new MongoClient(testInfra.mongoUrl);
  let svc: RunningProcess;

  beforeAll(async () => {
    const [port] = await freePorts(1);
    await Promise.all([producer.connect(), mongo.connect()]);
    svc = await spawnService(
      'services/campaigns/src/main.ts',
      {
        MONGO_URL: testInfra.mongoUrl,
        MONGO_DB: dbName,
        KAFKA_BROKERS: testInfra.kafkaBrokers.join(','),
        KAFKA_GROUP_ID: uniqueName('campaigns-fx'),
        IDENTITY_SECRET: TEST_AUTH.identitySecret,
        PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
      },
      port,
    );
  });

  afterAll(async () => {
    await svc?.stop();
    await mongo
      .db(dbName)
      .dropDatabase()
      .catch(() => undefined);
    await Promise.all([producer.disconnect(), mongo.close()]);
  });

  const call = async (who: Who, query: string, variables: Record<string, unknown>): Promise<any> => {
    const res = await gql(`${svc.url}/graphql`, query, variables, {
      [IDENTITY_HEADER]: await signIdentity(who, TEST_AUTH.identitySecret),
    });
    expect(res.body.errors).toBeUndefined();
    return res.body.data;
  };

  /** Onto one partition, in this order: the consumer fetches them together and hands the handler runs of them. */
  const send = async (events: CloudEvent[]) =>
    producer.send({
      topic: ContactRegisteredV1.topic.name,
      acks: -1,
      messages: events.map((e) => ({ ...toKafkaRecord(e), partition: 0 })),
    });

  it('a redelivered run leaves one fact per contact, counted once, and each service noted once', async () => {
    const topic = `tributi_${run}`;
    const now = Date.now();
    const { id } = (
      await call(BACKOFFICE, `mutation($i: CampaignInput!) { createCampaign(input: $i) { id } }`, {
        i: {
          title: 'Scadenza TARI 2026',
          goal: 'Meno pagamenti in ritardo e meno telefonate confuse allo sportello tributi.',
          topics: [topic],
          sheetIds: [],
          segment: { topics: [topic] },
          startsAt: new Date(now).toISOString(),
          steps: [
            {
              channel: 'EMAIL',
              waitHours: 0,
              subject: 'TARI: la seconda rata scade il 16 dicembre',
              body: 'La seconda rata della TARI scade il 16 dicembre. Puoi pagare con PagoPA.',
            },
          ],
        },
      })
    ).createCampaign;

    // an anonymised citizen first (another topic, so no ordering with the contacts): never given a service again
    await producer.send({
      topic: RequesterAnonymisedV1.topic.name,
      acks: -1,
      messages: [
        toKafkaRecord(
          createEvent(
            RequesterAnonymisedV1,
            req('gone'),
            { requesterId: req('gone'), anonymisedAt: new Date(now).toISOString(), reason: 'request' },
            { source: '/urp/contacts' },
          ),
        ),
      ],
    });
    await waitFor(
      async () =>
        (await mongo
          .db(dbName)
          .collection<{ _id: string }>('recipients')
          .findOne({ _id: req('gone') })) ?? undefined,
      {
        what: 'the anonymisation',
      },
    );

    const contact = (n: string, at: number, level1: string, requester?: string, staff = false) =>
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
          ...(requester ? { requesterId: req(requester) } : {}),
          ...(staff ? { requesterIsStaff: true } : {}),
        },
        { source: '/urp/contacts' },
      );
    const closed = (n: string) =>
      createEvent(
        ContactClosedV1,
        `${run}-${n}`,
        {
          contactId: `${run}-${n}`,
          channel: 'phone',
          contactType: 'information',
          operatorId: 'op-1',
          resolvedAtFirstContact: true,
          registeredAt: new Date(now).toISOString(),
          closedAt: new Date(now).toISOString(),
        },
        { source: '/urp/contacts' },
      );
    // before the campaign: 2 on the topic; during it: 5 on the topic, 1 on another; the citizens' services
    const batch = [
      contact('b1', now - 3 * DAY, topic, 'anna'),
      contact('b2', now - 2 * DAY, topic),
      contact('d1', now + 60_000, topic, 'anna'),
      closed('b1'), // a type campaigns does not take, inside the run
      contact('d2', now + 120_000, 'anagrafe_stato_civile', 'anna'),
      contact('d3', now + 180_000, topic, 'bruno'),
      contact('d4', now + 240_000, topic, 'staff', true),
      contact('d5', now + 300_000, topic, 'gone'),
      contact('d6', now + 360_000, topic),
    ];
    await send(batch);
    // the same events again (a redelivery: same ids), then one more contact that says they were all consumed
    await send([...batch, contact('end', now + 420_000, 'urp_generale')]);

    const facts = mongo.db(dbName).collection<{ _id: string }>('contact_facts');
    await waitFor(async () => (await facts.findOne({ _id: `${run}-end` })) ?? undefined, {
      what: 'the redelivered run and the marker',
    });
    const ids = batch.filter((e) => e.type === ContactRegisteredV1.type).map((e) => e.subject);
    expect(await facts.countDocuments({ _id: { $in: ids } })).toBe(ids.length);

    const effect = (
      await call(
        ANALYST,
        `query($id: ID!) { campaignEffect(campaignId: $id) { windows { label contactsOnTopics allContacts } changeDuringVsBeforePercent } }`,
        { id },
      )
    ).campaignEffect;
    expect(effect.windows.map((w: any) => [w.label, w.contactsOnTopics])).toEqual([
      ['BEFORE', 2],
      ['DURING', 5],
      ['AFTER', 0],
    ]);
    expect(effect.changeDuringVsBeforePercent).toBe(150);

    // services: Anna's two once each, Bruno's one; the staff member none; the anonymised citizen none
    const recipients = mongo.db(dbName).collection<{ _id: string; servicesUsed?: string[] }>('recipients');
    const services = async (n: string) => (await recipients.findOne({ _id: req(n) }))?.servicesUsed;
    expect(await services('anna')).toEqual([topic, 'anagrafe_stato_civile']);
    expect(await services('bruno')).toEqual([topic]);
    expect(await services('staff')).toBeUndefined();
    expect(await services('gone')).toEqual([]);

    // the redelivery was no error: no batch fell back to one by one, nothing was dead-lettered
    expect(svc.logs()).not.toMatch(/ContactRegistered\S* failed, taking them one by one/);
    // FerretDB answers the report's range counts without an index: none kept current on every insert
    const indexes = (await facts.indexes()).map((i) => i.name);
    expect(indexes).toEqual(['_id_']);
  });
});
