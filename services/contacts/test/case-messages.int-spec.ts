import { IDENTITY_HEADER, signIdentity } from '@urp/auth';
import { CaseTopic } from '@urp/contracts';
import {
  collectEvents,
  freePort,
  gql,
  spawnService,
  TEST_AUTH,
  testInfra,
  uniqueFiscalCode,
  uniqueName,
  waitFor,
  type RunningProcess,
} from '@urp/testing';
import { MongoClient } from 'mongodb';
import { BACKOFFICE, OPERATOR } from './helpers';

type Who = Parameters<typeof signIdentity>[0];
const CAMPAIGNS: Who = { sub: 'svc-campaigns', roles: ['service'] };
const REGISTER = `mutation($input: RegisterContactInput!) { registerContact(input: $input) { id requesterId case { id } } }`;
const SEND = `mutation($input: SendCaseMessageInput!) { sendCaseMessage(input: $input) { id status messages { id text } } }`;

interface Notification {
  caseId: string;
  requesterId: string;
  channel: string;
  template: string;
  status?: string;
  messageId?: string;
}

/**
 * A public reply reaches the citizen (the new-user trial: "per leggere i dettagli si rivolga all'URP"): every
 * public message of a case asks for a notification naming the message, and the delivering service fetches its
 * text from `POST /internal/case-messages` (a signed service identity only, audited, `erased` once the requester
 * is anonymised). The service as it runs, on real Kafka and FerretDB; GraphQL with signed identities.
 */
describe('public case messages reach the citizen (real Kafka + FerretDB)', () => {
  const dbName = uniqueName('contacts-msg').replace(/-/g, '_');
  const mongo = new MongoClient(testInfra.mongoUrl);
  let svc: RunningProcess;
  let collector: Awaited<ReturnType<typeof collectEvents>>;

  beforeAll(async () => {
    await mongo.connect();
    collector = await collectEvents([CaseTopic.name]);
    svc = await spawnService(
      'services/contacts/src/main.ts',
      {
        MONGO_URL: testInfra.mongoUrl,
        MONGO_DB: dbName,
        KAFKA_BROKERS: testInfra.kafkaBrokers.join(','),
        IDENTITY_SECRET: TEST_AUTH.identitySecret,
        KAFKA_GROUP_ID: uniqueName('g-contacts-msg'),
      },
      await freePort(),
    );
  }, 120_000);

  afterAll(async () => {
    await collector?.stop();
    await svc?.stop();
    await mongo.db(dbName).dropDatabase();
    await mongo.close();
  });

  async function call(query: string, variables: Record<string, unknown>, who: Who = OPERATOR) {
    const res = await gql(`${svc.url}/graphql`, query, variables, {
      [IDENTITY_HEADER]: await signIdentity(who, TEST_AUTH.identitySecret),
    });
    expect(res.body.errors).toBeUndefined();
    return res.body.data;
  }

  async function caseOf(requester: Record<string, unknown>) {
    const created = await call(
      `mutation($input: RequesterInput!) { createRequester(input: $input) { id } }`,
      { input: { purpose: 'registrazione allo sportello', ...requester } },
    );
    const requesterId = created.createRequester.id as string;
    const reg = await call(REGISTER, {
      input: {
        channel: 'EMAIL',
        type: 'COMPLAINT',
        subject: 'Lampione spento in via Roma',
        requesterId,
      },
    });
    return { requesterId, caseId: reg.registerContact.case.id as string };
  }

  const notifications = (caseId: string) =>
    collector.events
      .filter((e) => e.key === caseId && e.headers.ce_type.includes('.CitizenNotificationRequested.'))
      .map((e) => e.data as Notification);

  async function askTexts(body: unknown, who?: Who) {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (who) headers[IDENTITY_HEADER] = await signIdentity(who, TEST_AUTH.identitySecret);
    const res = await fetch(`${svc.url}/internal/case-messages`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  it('names each public message in its notification and hands its text to services only, audited', async () => {
    const { requesterId, caseId } = await caseOf({
      kind: 'PERSON',
      name: 'Maria Bianchi',
      fiscalCode: uniqueFiscalCode(),
      email: 'maria.bianchi@example.it',
      preferredChannel: 'EMAIL',
    });
    const progress = 'Gentile signora, il tecnico passerà giovedì mattina.';
    const answer = 'Il lampione di via Roma è stato riparato ieri.';
    await call(SEND, { input: { caseId, text: progress, answer: false } });
    const answered = await call(SEND, { input: { caseId, text: answer, answer: true } });
    expect(answered.sendCaseMessage.status).toBe('ANSWERED');
    const [m1, m2] = answered.sendCaseMessage.messages as { id: string; text: string }[];

    await waitFor(() => notifications(caseId).length >= 3, { what: 'the three notifications' });
    expect(notifications(caseId)).toEqual([
      // the registration's (by e-mail, not at the desk): it names the receipt, not a message of the office
      expect.objectContaining({
        template: 'case_received',
        messageId: `receipt_${caseId.slice('case_'.length)}`,
      }),
      expect.objectContaining({
        requesterId,
        channel: 'email',
        template: 'case_message',
        status: 'message',
        messageId: m1.id,
      }),
      expect.objectContaining({
        requesterId,
        channel: 'email',
        template: 'case_answered',
        status: 'answered',
        messageId: m2.id,
      }),
    ]);
    expect(notifications(caseId)[0].template).toBe('case_received');
    // the text never travels on an event
    const onKafka = JSON.stringify(collector.events.filter((e) => e.key === caseId).map((e) => e.data));
    expect(onKafka).not.toContain('tecnico');
    expect(onKafka).not.toContain('riparato');

    const purpose = 'invio della risposta al cittadino';
    const unknownCase = { caseId: 'case_nessuna', messageId: m1.id };
    const items = [
      { caseId, messageId: m1.id },
      { caseId, messageId: m2.id },
      { caseId, messageId: 'msg_inesistente' },
      unknownCase,
    ];
    const ok = await askTexts({ purpose, items }, CAMPAIGNS);
    expect(ok).toEqual({
      status: 200,
      body: {
        messages: [
          { caseId, messageId: m1.id, status: 'ok', text: progress },
          { caseId, messageId: m2.id, status: 'ok', text: answer },
          { caseId, messageId: 'msg_inesistente', status: 'unknown' },
          { ...unknownCase, status: 'unknown' },
        ],
      },
    });

    // staff and anonymous callers are refused; a bad body is told field by field
    expect((await askTexts({ purpose, items }, OPERATOR)).status).toBe(403);
    expect((await askTexts({ purpose, items }, BACKOFFICE)).status).toBe(403);
    expect((await askTexts({ purpose, items })).status).toBe(401);
    const bad = await askTexts({ purpose: 'x', items: [{ caseId }] }, CAMPAIGNS);
    expect(bad.status).toBe(400);
    expect(bad.body.fields).toMatchObject({
      purpose: expect.any(String),
      'items.0.messageId': expect.any(String),
    });
    const tooMany = Array.from({ length: 101 }, () => ({ caseId, messageId: m1.id }));
    expect((await askTexts({ purpose, items: tooMany }, CAMPAIGNS)).status).toBe(400);

    // the hand-over is in the personal-data audit of the requester: one entry, no text in it
    const audit = await mongo
      .db(dbName)
      .collection('personal_data_audit')
      .find({ requesterId, action: 'message' })
      .toArray();
    expect(audit).toEqual([
      expect.objectContaining({ who: 'svc-campaigns', purpose, fields: ['messageText'] }),
    ]);
    expect(JSON.stringify(audit)).not.toContain('riparato');

    // once the requester is anonymised, the text is no longer handed over
    await call(
      `mutation($id: ID!) { anonymiseRequester(input: { id: $id, purpose: "richiesta art. 17 GDPR" }) { anonymised } }`,
      { id: requesterId },
      BACKOFFICE,
    );
    const erased = await askTexts({ purpose, items: items.slice(0, 2) }, CAMPAIGNS);
    expect(erased).toEqual({
      status: 200,
      body: {
        messages: [
          { caseId, messageId: m1.id, status: 'erased' },
          { caseId, messageId: m2.id, status: 'erased' },
        ],
      },
    });
  });

  it('refuses a reply that still holds a canned reply’s part to write: nothing recorded, nothing sent', async () => {
    const { caseId } = await caseOf({
      kind: 'PERSON',
      name: 'Paolo Neri',
      fiscalCode: uniqueFiscalCode(),
      email: 'paolo.neri@example.it',
      preferredChannel: 'EMAIL',
    });
    await waitFor(() => notifications(caseId).length >= 1, { what: 'the receipt' });
    const unwritten =
      "L'ufficio ha verificato quanto da lei lamentato: [esito della verifica e azioni intraprese].";
    const refused = await gql(
      `${svc.url}/graphql`,
      SEND,
      { input: { caseId, text: unwritten, answer: true } },
      { [IDENTITY_HEADER]: await signIdentity(OPERATOR, TEST_AUTH.identitySecret) },
    );
    expect(refused.body.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: {
        'input.text':
          'Completi le parti tra parentesi quadre prima di inviare: [esito della verifica e azioni intraprese]',
      },
    });
    const written = unwritten.replace(
      '[esito della verifica e azioni intraprese]',
      'il lampione è stato riparato il 3 dicembre',
    );
    const sent = await call(SEND, { input: { caseId, text: written, answer: true } });
    // only the written reply is on the case, and only it was announced to the citizen
    expect(sent.sendCaseMessage.messages).toEqual([expect.objectContaining({ text: written })]);
    await waitFor(() => notifications(caseId).length >= 2, { what: 'the answer' });
    expect(notifications(caseId).map((n) => n.template)).toEqual(['case_received', 'case_answered']);
  });

  it('tells a requester with an e-mail and no preferred channel by e-mail (registration and answer)', async () => {
    const { requesterId, caseId } = await caseOf({
      kind: 'COMPANY',
      name: 'Ferramenta Rossi srl',
      email: 'info@ferramentarossi.example.it',
    });
    const sent = await call(SEND, {
      input: { caseId, text: 'Abbiamo inoltrato la segnalazione.', answer: true },
    });
    await waitFor(() => notifications(caseId).some((n) => n.template === 'case_answered'), {
      what: 'the answer notification',
    });
    expect(notifications(caseId)).toEqual([
      expect.objectContaining({ requesterId, channel: 'email', template: 'case_received' }),
      expect.objectContaining({
        requesterId,
        channel: 'email',
        template: 'case_answered',
        messageId: sent.sendCaseMessage.messages[0].id,
      }),
    ]);
  });
});
