import { createServer, type AddressInfo, type Server } from 'node:net';
import { signDevToken } from '@urp/auth';
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

/** Ports nobody listens on now (the mailbox and the services of this test). */
async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<Server>((resolve) => {
          const s = createServer();
          s.listen(0, '127.0.0.1', () => resolve(s));
        }),
    ),
  );
  const ports = servers.map((s) => (s.address() as AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
  return ports;
}

/**
 * Issue 14, "a closure ends with exactly one survey link delivered", with the real services: an operator closes a
 * case through the gateway; contacts publishes CaseClosed; satisfaction issues the invitation and asks for the
 * link's delivery (no token in the event); campaigns fetches the link from satisfaction and the address from
 * contacts at send time and mails it to the local mailbox (read back over its HTTP API); the citizen opens it.
 */
describe('a closed case ends with exactly one survey link in the citizen’s mailbox', () => {
  const run = uniqueName('sl').replace(/-/g, '');
  const email = `giulia.${run}@example.it`;
  const procs: RunningProcess[] = [];
  let gateway: RunningProcess;
  let mailboxHttp = 0;
  let token: string;
  const ask = async (query: string, variables: Record<string, unknown> = {}) => {
    const res = await gql(`${gateway.url}/graphql`, query, variables, { authorization: `Bearer ${token}` });
    if (res.body.errors) throw new Error(`${query.slice(0, 70)}…: ${JSON.stringify(res.body.errors)}`);
    return res.body.data;
  };

  beforeAll(async () => {
    const [cPort, sPort, kPort, gPort, smtp, mHttp] = await freePorts(6);
    mailboxHttp = mHttp;
    const common = {
      MONGO_URL: testInfra.mongoUrl,
      KAFKA_BROKERS: testInfra.kafkaBrokers.join(','),
      IDENTITY_SECRET: TEST_AUTH.identitySecret,
    };
    const env = (name: string, extra: Record<string, string> = {}) => ({
      ...common,
      MONGO_DB: `${run}_${name}`,
      KAFKA_GROUP_ID: `${run}-${name}`,
      ...extra,
    });
    const [mailbox, contacts, satisfaction] = await Promise.all([
      spawnService(
        'tools/mailbox/src/main.ts',
        { MAILBOX_SMTP_PORT: String(smtp), MAILBOX_HTTP_PORT: String(mHttp) },
        mHttp,
        20000,
        '/health',
      ),
      spawnService('services/contacts/src/main.ts', env('contacts'), cPort, 120_000),
      spawnService(
        'services/satisfaction/src/main.ts',
        env('satisfaction', { SURVEY_PUBLIC_BASE_URL: `http://127.0.0.1:${sPort}` }),
        sPort,
        120_000,
      ),
    ]);
    procs.push(mailbox, contacts, satisfaction);
    const campaigns = await spawnService(
      'services/campaigns/src/main.ts',
      env('campaigns', {
        SMTP_URL: `smtp://127.0.0.1:${smtp}`,
        CONTACTS_INTERNAL_URL: contacts.url,
        SATISFACTION_INTERNAL_URL: satisfaction.url,
        PUBLIC_BASE_URL: `http://127.0.0.1:${kPort}`,
        NOTIFICATION_TICK_MS: '200',
        NOTIFICATION_RETRY_BASE_MS: '200',
        BULLETIN_SCHEDULE: 'off',
      }),
      kPort,
      120_000,
    );
    procs.push(campaigns);
    gateway = await spawnGateway(
      { contacts: contacts.url, satisfaction: satisfaction.url, campaigns: campaigns.url },
      gPort,
    );
    procs.push(gateway);
    token = await signDevToken({ sub: 'op-survey', roles: ['operator', 'backoffice', 'manager'] }, TEST_AUTH);
  }, 240_000);
  afterAll(async () => {
    await Promise.all(procs.map((p) => p.stop()));
  });

  it('closes a case, delivers the link once by email, and the link opens the survey', async () => {
    const { createRequester } = await ask(
      `mutation($i: RequesterInput!) { createRequester(input: $i) { id } }`,
      {
        i: {
          kind: 'PERSON',
          name: 'Giulia Ferretti',
          email,
          preferredChannel: 'EMAIL',
          purpose: 'registrazione allo sportello',
        },
      },
    );
    const { registerContact } = await ask(
      `mutation($i: RegisterContactInput!) { registerContact(input: $i) { id case { id } } }`,
      {
        i: {
          channel: 'EMAIL',
          type: 'REPORT',
          subject: 'Lampione spento',
          requesterId: createRequester.id,
          category: { level1: 'strade_viabilita' },
          openCase: true,
        },
      },
    );
    const caseId = registerContact.case.id as string;
    await ask(`mutation($i: CloseCaseInput!) { closeCase(input: $i) { id } }`, {
      i: { caseId, outcome: 'ACCEPTED' },
    });

    // satisfaction invites (the case shows it), campaigns delivers: the notification of that invitation
    const invitation = await waitFor(
      async () =>
        (await ask(`query($id: ID!) { case(id: $id) { surveyInvitation { id } } }`, { id: caseId })).case
          ?.surveyInvitation as { id: string } | null,
      { timeoutMs: 60_000, what: 'the survey invitation' },
    );
    const notifications = await waitFor(
      async () => {
        const { notifications: list } = await ask(
          `query($id: ID) { notifications(invitationId: $id) { template channel status failureCode } }`,
          { id: invitation!.id },
        );
        return list.length && list.every((n: { status: string }) => n.status === 'DELIVERED')
          ? list
          : undefined;
      },
      { timeoutMs: 90_000, what: 'the survey link delivered' },
    );
    expect(notifications).toEqual([
      { template: 'survey_link', channel: 'email', status: 'DELIVERED', failureCode: null },
    ]);

    // exactly one message in the citizen's mailbox carries a survey link, and it opens the page
    const inbox = (await (
      await fetch(`http://127.0.0.1:${mailboxHttp}/api/messages?to=${encodeURIComponent(email)}`)
    ).json()) as { subject: string; text: string }[];
    const withLink = inbox.filter((m) => /\/s\/[A-Za-z0-9_-]{43}/.test(m.text));
    expect(withLink).toHaveLength(1);
    const url = /https?:\/\/\S+\/s\/[A-Za-z0-9_-]{43}/.exec(withLink[0].text)![0];
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html lang="it">');
  }, 180_000);
});
