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
import { startMailbox, inboxOf } from './fixtures';

const CAMPAIGNS = 4356;
const CONTACTS = 4357;
const GATEWAY = 4358;
const MAILBOX_HTTP = 4359;
const SMTP = 2533;

/**
 * The real address lookup: requesters created in the real contacts service through the gateway, a campaign sent by
 * the campaigns service, which asks contacts for the addresses at delivery time (POST /internal/requesters/addresses
 * with its service identity) and delivers to the real SMTP server.
 */
describe('campaigns with the real contacts service: addresses resolved at delivery time', () => {
  const common = {
    MONGO_URL: testInfra.mongoUrl,
    KAFKA_BROKERS: testInfra.kafkaBrokers.join(','),
    IDENTITY_SECRET: TEST_AUTH.identitySecret,
  };
  const procs: RunningProcess[] = [];
  let gateway: RunningProcess;

  beforeAll(async () => {
    const [contacts, campaigns, mailbox] = await Promise.all([
      spawnService(
        'services/contacts/src/main.ts',
        {
          ...common,
          MONGO_DB: uniqueName('cc_contacts').replace(/-/g, '_'),
          KAFKA_GROUP_ID: uniqueName('cc-contacts'),
        },
        CONTACTS,
      ),
      spawnService(
        'services/campaigns/src/main.ts',
        {
          ...common,
          MONGO_DB: uniqueName('cc_campaigns').replace(/-/g, '_'),
          KAFKA_GROUP_ID: uniqueName('cc-campaigns'),
          SMTP_URL: `smtp://127.0.0.1:${SMTP}`,
          CONTACTS_INTERNAL_URL: `http://127.0.0.1:${CONTACTS}`,
          PUBLIC_BASE_URL: `http://127.0.0.1:${CAMPAIGNS}`,
          SCHEDULER_TICK_MS: '300',
        },
        CAMPAIGNS,
      ),
      startMailbox(SMTP, MAILBOX_HTTP),
    ]);
    procs.push(contacts, campaigns, mailbox);
    gateway = await spawnGateway({ contacts: contacts.url, campaigns: campaigns.url }, GATEWAY);
    procs.push(gateway);
  });
  afterAll(() => Promise.all(procs.map((p) => p.stop())));

  const ask = async (
    role: Role,
    query: string,
    variables: Record<string, unknown> = {},
    sub = `cc-${role}`,
  ): Promise<any> =>
    (
      await gql(`${gateway.url}/graphql`, query, variables, {
        authorization: `Bearer ${await signDevToken({ sub, roles: [role] }, TEST_AUTH)}`,
      })
    ).body;

  it('delivers to the address kept by contacts, and the lookup is audited there', async () => {
    const email = `${uniqueName('lucia')}@example.org`;
    const created = await ask(
      'operator',
      `mutation($i: RequesterInput!) { createRequester(input: $i) { id } }`,
      {
        i: {
          kind: 'PERSON',
          name: 'Lucia Verdi',
          email,
          preferredChannel: 'EMAIL',
          purpose: 'registrazione allo sportello',
        },
      },
    );
    expect(created.errors).toBeUndefined();
    const requesterId = created.data.createRequester.id as string;
    await ask(
      'operator',
      `mutation($i: CampaignConsentInput!) { recordCampaignConsent(input: $i) { requesterId } }`,
      {
        i: { requesterId, purpose: 'CAMPAIGNS', channel: 'EMAIL', source: 'desk' },
      },
    );
    const title = uniqueName('Raccolta ingombranti');
    const input = {
      title,
      goal: 'Far conoscere il nuovo servizio di ritiro a domicilio degli ingombranti.',
      topics: ['ambiente_rifiuti'],
      startsAt: new Date().toISOString(),
      steps: [
        {
          channel: 'EMAIL',
          waitHours: 0,
          subject: title,
          body: 'Da dicembre il ritiro degli ingombranti si prenota online.',
        },
      ],
    };
    const id = (
      await ask(
        'backoffice',
        `mutation($i: CampaignInput!) { createCampaign(input: $i) { id } }`,
        { i: input },
        'bo-1',
      )
    ).data.createCampaign.id;
    await ask('backoffice', `mutation($id: ID!) { submitCampaign(id: $id) { status } }`, { id }, 'bo-1');
    await ask('manager', `mutation($id: ID!) { approveCampaign(id: $id) { status } }`, { id }, 'mgr-1');
    await ask('backoffice', `mutation($id: ID!) { scheduleCampaign(id: $id) { status } }`, { id }, 'bo-1');

    const inbox = () => inboxOf(MAILBOX_HTTP, email);
    const [message] = (await waitFor(async () => ((await inbox()).length ? inbox() : undefined), {
      what: 'the message at the SMTP server',
      timeoutMs: 30000,
    }))!;
    expect(message.subject).toBe(title);
    const audit = await ask('admin', `query($id: ID!) { requester(id: $id) { audit { who purpose } } }`, {
      id: requesterId,
    });
    expect(audit.data.requester.audit).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ who: 'svc-campaigns', purpose: `campaign ${id} step s1` }),
      ]),
    );
  });
});
