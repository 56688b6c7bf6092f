import { signDevToken, type Role } from '@urp/auth';
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
import { freePorts, startMailbox, inboxOf } from './fixtures';

/**
 * The whole path with the real contacts service: an operator answers a case through the gateway; contacts emits
 * CitizenNotificationRequested naming the reply; campaigns resolves the address and fetches the reply's text from
 * contacts (the real, audited endpoints), sends the email with the office's text to the local mailbox (read back over
 * its HTTP API) and shows the notification delivered. The text is never kept by campaigns (store, logs).
 */
describe('a case answered by an operator ends with the email in the mailbox and a delivered notification', () => {
  const run = uniqueName('e').replace(/-/g, '');
  const email = `maria.${run}@example.it`;
  let contacts: RunningProcess;
  let campaigns: RunningProcess;
  let mailbox: RunningProcess;
  let gateway: RunningProcess;
  let MAILBOX_HTTP = 0;
  const campaignsDb = uniqueName('campaigns_e2e').replace(/-/g, '_');
  const tokens = new Map<string, string>();
  const ask = async (role: Role, query: string, variables: Record<string, unknown> = {}) => {
    if (!tokens.has(role))
      tokens.set(role, await signDevToken({ sub: `t-${role}`, roles: [role] }, TEST_AUTH));
    return (
      await gql(`${gateway.url}/graphql`, query, variables, { authorization: `Bearer ${tokens.get(role)}` })
    ).body as { data: any; errors?: unknown };
  };

  beforeAll(async () => {
    const [cPort, kPort, gPort, smtp, mHttp] = await freePorts(5);
    MAILBOX_HTTP = mHttp;
    const common = {
      MONGO_URL: testInfra.mongoUrl,
      KAFKA_BROKERS: testInfra.kafkaBrokers.join(','),
      IDENTITY_SECRET: TEST_AUTH.identitySecret,
    };
    [mailbox, contacts] = await Promise.all([
      startMailbox(smtp, mHttp),
      spawnService(
        'services/contacts/src/main.ts',
        {
          ...common,
          MONGO_DB: uniqueName('contacts_e2e').replace(/-/g, '_'),
          KAFKA_GROUP_ID: uniqueName('contacts'),
        },
        cPort,
      ),
    ]);
    campaigns = await spawnService(
      'services/campaigns/src/main.ts',
      {
        ...common,
        MONGO_DB: campaignsDb,
        KAFKA_GROUP_ID: uniqueName('campaigns'),
        SMTP_URL: `smtp://127.0.0.1:${smtp}`,
        CONTACTS_INTERNAL_URL: contacts.url,
        PUBLIC_BASE_URL: `http://127.0.0.1:${kPort}`,
        NOTIFICATION_TICK_MS: '200',
        NOTIFICATION_RETRY_BASE_MS: '200',
        BULLETIN_SCHEDULE: 'off',
      },
      kPort,
    );
    gateway = await spawnGateway({ contacts: contacts.url, campaigns: campaigns.url }, gPort);
  }, 180_000);

  afterAll(async () => {
    await Promise.all([gateway?.stop(), campaigns?.stop(), contacts?.stop(), mailbox?.stop()]);
  });

  it("answers, delivers once, the email carries the office's reply and campaigns keeps none of it", async () => {
    const requester = await ask(
      'operator',
      `mutation($input: RequesterInput!) { createRequester(input: $input) { id } }`,
      {
        input: {
          kind: 'PERSON',
          name: 'Maria Bianchi',
          email,
          preferredChannel: 'EMAIL',
          purpose: 'registrazione al front office',
        },
      },
    );
    expect(requester.errors).toBeUndefined();
    const reg = await ask(
      'operator',
      `mutation($input: RegisterContactInput!) { registerContact(input: $input) { id protocolNumber case { id } } }`,
      {
        input: {
          channel: 'DESK',
          type: 'REPORT',
          subject: 'Lampione spento',
          requesterId: requester.data.createRequester.id,
          category: { level1: 'strade_viabilita' },
        },
      },
    );
    expect(reg.errors).toBeUndefined();
    const caseId = reg.data.registerContact.case.id as string;
    const protocol = reg.data.registerContact.protocolNumber as string;
    // first a public message that is not the answer (template case_message), then the answer
    const question = 'Ci indica il numero civico più vicino al lampione? Ci aiuta a trovarlo prima.';
    const asked = await ask(
      'operator',
      `mutation($input: SendCaseMessageInput!) { sendCaseMessage(input: $input) { id status } }`,
      { input: { caseId, text: question } },
    );
    expect(asked.errors).toBeUndefined();
    const reply = 'La lampada di via dei Tigli sarà sostituita entro venerdì dalla ditta incaricata.';
    const answered = await ask(
      'operator',
      `mutation($input: SendCaseMessageInput!) { sendCaseMessage(input: $input) { id status } }`,
      { input: { caseId, text: reply, answer: true } },
    );
    expect(answered.errors).toBeUndefined();

    let list: { template: string; status: string; attempts: number }[] = [];
    await waitFor(
      async () => {
        const r = await ask(
          'manager',
          `query($c: ID) { notifications(caseId: $c) { template status attempts } }`,
          {
            c: caseId,
          },
        );
        list = r.data?.notifications ?? [];
        return (
          list.some((n) => n.template === 'case_answered') &&
          list.some((n) => n.template === 'case_message') &&
          list.every((n) => n.status === 'DELIVERED')
        );
      },
      { timeoutMs: 60000, what: 'the answer notification delivered' },
    );
    const inbox = await inboxOf<{ subject: string; text: string }>(MAILBOX_HTTP, email);
    // one email per notification of the case, none twice
    expect(inbox).toHaveLength(list.length);
    const answer = inbox.find((m) => m.subject.includes('ha ricevuto una risposta'));
    expect(answer?.subject).toContain(protocol);
    // the citizen reads the reply in the email itself, not "ask the URP"
    expect(answer?.text).toContain(`Il messaggio dell'ufficio:\n\n${reply}`);
    expect(answer?.text).not.toContain('Per leggere i dettagli');
    expect(answer?.subject).not.toContain('via dei Tigli');
    // the other public message arrives with its own words and text
    const message = inbox.find((m) => m.subject.includes("ha ricevuto un nuovo messaggio dall'ufficio"));
    expect(message?.text).toContain(`Il messaggio dell'ufficio:\n\n${question}`);
    // each carries its own text only (the registration notice none)
    for (const m of inbox) if (m !== answer) expect(m.text).not.toContain('via dei Tigli');
    for (const m of inbox) if (m !== message) expect(m.text).not.toContain('numero civico');
    // campaigns fetched it at send time and kept it nowhere: not in its store, not in its logs
    const client = new MongoClient(testInfra.mongoUrl);
    try {
      const db = client.db(campaignsDb);
      for (const { name } of await db.listCollections().toArray()) {
        const docs = await db.collection(name).find({}).toArray();
        expect(JSON.stringify(docs)).not.toContain('via dei Tigli');
        expect(JSON.stringify(docs)).not.toContain('numero civico');
      }
    } finally {
      await client.close();
    }
    expect(campaigns.logs()).not.toContain('via dei Tigli');
    expect(campaigns.logs()).not.toContain('numero civico');
  });
});
