import { IDENTITY_HEADER, signIdentity, type Role } from '@urp/auth';
import {
  CaseClosedV1,
  createEvent,
  SurveyLinkDeliveryRequestedV1,
  SurveyTopic,
  toKafkaRecord,
  type CloudEvent,
  type EventPayload,
} from '@urp/contracts';
import { addDays, romeCivilDate } from '@urp/legal-clock';
import { createKafka, createProducer } from '@urp/messaging';
import {
  collectEvents,
  spawnService,
  TEST_AUTH,
  testInfra,
  uniqueName,
  waitFor,
  type RunningProcess,
} from '@urp/testing';
import { MongoClient } from 'mongodb';
import { isSampled } from '../src/invitation/invitation.rules';

const SECRET = TEST_AUTH.identitySecret;
const PORT = 4373;
const RATE = 0.5;
const HOUR = 3_600_000;

/** A case id the service's sampling (by a digest of the subject) picks, or leaves out. */
function caseIdThatIs(sampled: boolean): string {
  for (;;) {
    const id = uniqueName('case');
    if (isSampled('case_closed', id, RATE) === sampled) return id;
  }
}
const requester = () => `req_${uniqueName('r').replace(/-/g, '_')}`;

/**
 * Issue 14, the survey link after a closure: satisfaction decides (sampling, quiet period, never staff, once per
 * closure) and asks for the delivery with SurveyLinkDeliveryRequested (no token, no link), then gives the link
 * to the delivering service at send time on `/internal/invitations/:id/link` (410 once answered or expired).
 * The service runs as its own process against the real Kafka and FerretDB; the closures are events we
 * produce, as contacts would.
 */
describe('survey link delivery (own process, real Kafka + FerretDB)', () => {
  const dbName = uniqueName('satisfaction_delivery').replace(/-/g, '_');
  const mongo = new MongoClient(testInfra.mongoUrl);
  const producer = createProducer(
    createKafka({ clientId: 'sat-delivery-test', brokers: testInfra.kafkaBrokers }),
  );
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
          KAFKA_GROUP_ID: uniqueName('sat-delivery'),
          SURVEY_SAMPLING_RATE: String(RATE),
          SURVEY_PUBLIC_BASE_URL: `http://127.0.0.1:${PORT}`,
        },
        PORT,
      ),
      collectEvents([SurveyTopic.name]),
      producer.connect(),
    ]);
  }, 120_000);
  afterAll(async () => {
    if (process.env.URP_TEST_LOGS) console.log(svc?.logs().slice(-20000));
    await producer.disconnect();
    await collector?.stop();
    await svc?.stop();
    await mongo.close();
  });

  const invitations = () =>
    mongo.db(dbName).collection<{ _id: string } & Record<string, unknown>>('survey_invitations');
  const closure = (
    caseId: string,
    requesterId: string,
    over: Partial<EventPayload<typeof CaseClosedV1>> = {},
  ): CloudEvent =>
    createEvent(
      CaseClosedV1,
      caseId,
      {
        caseId,
        contactId: `c-${caseId}`,
        contactType: 'report',
        channel: 'web_form',
        category: { level1: 'strade_viabilita' },
        requesterId,
        operatorId: 'op-1',
        officeId: 'lavori_pubblici',
        outcome: 'accepted',
        openedAt: new Date(Date.now() - 50 * HOUR).toISOString(),
        closedAt: new Date(Date.now() - 2 * HOUR).toISOString(),
        dueAt: new Date(Date.now() + 700 * HOUR).toISOString(),
        suspendedDays: 0,
        withinTerm: true,
        ...over,
      },
      { source: '/urp/contacts' },
    );
  const send = (...events: CloudEvent[]) =>
    producer.send({ topic: CaseClosedV1.topic.name, acks: -1, messages: events.map(toKafkaRecord) });
  const deliveries = (invitationId?: string) =>
    collector.events.filter(
      (e) =>
        e.headers.ce_type === SurveyLinkDeliveryRequestedV1.type &&
        (!invitationId || (e.data as { invitationId: string }).invitationId === invitationId),
    );
  const invitationOf = (caseId: string) =>
    waitFor(async () => invitations().findOne({ caseId }), { what: `the invitation of ${caseId}` });
  const linkOf = async (invitationId: string, headers: Record<string, string>) =>
    fetch(`${svc.url}/internal/invitations/${invitationId}/link`, { headers });
  const as = async (roles: Role[], sub = 'svc-campaigns') => ({
    [IDENTITY_HEADER]: await signIdentity({ sub, roles }, SECRET),
  });

  it('asks once per closure for the link to be delivered, with no token and no link in the event', async () => {
    const caseId = caseIdThatIs(true);
    const citizen = requester();
    // the closing delivered twice (at-least-once relay), then published again under a new event id
    const closed = closure(caseId, citizen);
    await send(closed, closed, closure(caseId, citizen));
    const inv = await invitationOf(caseId);
    const [asked] = (await waitFor(
      () => {
        const found = deliveries(inv!._id);
        return found.length ? found : undefined;
      },
      { what: 'SurveyLinkDeliveryRequested' },
    ))!;
    expect(asked.key).toBe(inv!._id);
    expect(asked.headers.ce_subject).toBe(inv!._id);
    const closedOn = romeCivilDate(new Date(Date.now() - 2 * HOUR));
    expect(asked.data).toEqual({
      notificationId: `ntf_survey_${inv!._id.slice(4)}`,
      invitationId: inv!._id,
      requesterId: citizen,
      channel: 'email',
      // the link works for 14 days after the Italian day of the closing, through the whole last day
      expiresOn: addDays(closedOn, 14),
      requestedAt: expect.any(String),
    });
    expect(JSON.stringify(asked)).not.toMatch(/\/s\/|token|http/);

    // the delivering service gets the link at send time; it opens the citizen's page
    const res = await linkOf(inv!._id, await as(['service']));
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const link = (await res.json()) as { url: string; expiresOn: string; invitationId: string };
    expect(link).toMatchObject({ invitationId: inv!._id, expiresOn: addDays(closedOn, 14) });
    expect(link.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${PORT}/s/[A-Za-z0-9_-]{43}$`));
    expect(JSON.stringify(collector.events)).not.toContain(link.url.split('/s/')[1]);
    expect((await fetch(link.url)).status).toBe(200);

    // a later closure of someone else, sent after the duplicates, has been handled: still one request
    const later = caseIdThatIs(true);
    await send(closure(later, requester()));
    const laterInv = await invitationOf(later);
    await waitFor(() => deliveries(laterInv!._id).length === 1, { what: 'the later request' });
    expect(deliveries(inv!._id)).toHaveLength(1);
  });

  it('reaches who phoned by SMS; never staff, nobody twice in the quiet period, only the sampled', async () => {
    const phoned = caseIdThatIs(true);
    const staff = caseIdThatIs(true);
    const quietCitizen = requester();
    const quietFirst = caseIdThatIs(true);
    const quietSecond = caseIdThatIs(true);
    const notSampled = caseIdThatIs(false);
    const marker = caseIdThatIs(true);
    await send(
      closure(phoned, requester(), { channel: 'phone' }),
      closure(staff, requester(), { requesterIsStaff: true }),
      closure(quietFirst, quietCitizen),
      closure(quietSecond, quietCitizen),
      closure(notSampled, requester()),
    );
    const phonedInv = await invitationOf(phoned);
    await waitFor(() => deliveries(phonedInv!._id).length === 1, { what: 'the SMS request' });
    expect(deliveries(phonedInv!._id)[0].data).toMatchObject({ channel: 'sms' });
    // the marker comes after the others on the same handler: by then they were all decided
    await send(closure(marker, requester()));
    await invitationOf(marker);
    const quiet = await invitations()
      .find({ caseId: { $in: [quietFirst, quietSecond] } })
      .toArray();
    expect(quiet).toHaveLength(1);
    await waitFor(() => deliveries(quiet[0]._id).length === 1, { what: 'the quiet citizen’s one request' });
    expect(await invitations().countDocuments({ caseId: { $in: [staff, notSampled] } })).toBe(0);
    const requested = deliveries().map((e) => (e.data as { requesterId: string }).requesterId);
    expect(requested.filter((r) => r === quietCitizen)).toHaveLength(1);
  });

  it('gives the link to services only, and answers 410 once answered or expired', async () => {
    const answeredCase = caseIdThatIs(true);
    const expiringCase = caseIdThatIs(true);
    await send(closure(answeredCase, requester()), closure(expiringCase, requester()));
    const answered = await invitationOf(answeredCase);
    const expiring = await invitationOf(expiringCase);

    // not without a signed service identity: no header, a forged one, a person (even an administrator)
    expect((await linkOf(answered!._id, {})).status).toBe(401);
    const forged = {
      [IDENTITY_HEADER]: await signIdentity({ sub: 'x', roles: ['service'] }, 'f'.repeat(40)),
    };
    expect((await linkOf(answered!._id, forged)).status).toBe(401);
    for (const role of ['operator', 'backoffice', 'admin'] as const)
      expect((await linkOf(answered!._id, await as([role], `${role}-1`))).status).toBe(403);
    expect((await linkOf('inv_000000000000000000000000', await as(['service']))).status).toBe(404);

    // the citizen answers: the link is gone
    const { url } = (await (await linkOf(answered!._id, await as(['service']))).json()) as { url: string };
    const post = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'emoticon=satisfied',
    });
    expect(post.status).toBe(200);
    const gone = await linkOf(answered!._id, await as(['service']));
    expect(gone.status).toBe(410);
    expect(await gone.json()).toMatchObject({ code: 'survey_closed', state: 'answered' });

    // the link's last day passes (we move its end into the past rather than wait two weeks): 410, and closed
    await invitations().updateOne(
      { _id: expiring!._id },
      { $set: { expiresAt: new Date(Date.now() - 1000) } },
    );
    const expired = await linkOf(expiring!._id, await as(['service']));
    expect(expired.status).toBe(410);
    expect(await expired.json()).toMatchObject({ code: 'survey_closed', state: 'expired' });
    expect(await invitations().findOne({ _id: expiring!._id })).toMatchObject({ status: 'expired' });
    expect(await invitations().findOne({ _id: expiring!._id })).not.toHaveProperty('tokenSealed');
  });
});
