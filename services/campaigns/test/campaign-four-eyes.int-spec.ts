import { signDevToken, type Role } from '@urp/auth';
import {
  gql,
  spawnGateway,
  spawnService,
  TEST_AUTH,
  testInfra,
  uniqueName,
  type RunningProcess,
} from '@urp/testing';

const PORT = 41600;
const GATEWAY = 41601;

/**
 * Four eyes cannot be walked around (session 26's trial, reproduced through the real gateway in front of the
 * campaigns service on real Kafka and FerretDB): marco (back office) rewrites and submits paolo's (manager)
 * campaign, rejects his own submission, paolo resubmits; marco's approval is still refused, with an Italian
 * message, and only a third person approves.
 */
describe('campaigns: four eyes through the gateway', () => {
  let svc: RunningProcess;
  let gateway: RunningProcess;
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    svc = await spawnService(
      'services/campaigns/src/main.ts',
      {
        MONGO_URL: testInfra.mongoUrl,
        MONGO_DB: uniqueName('campaigns').replace(/-/g, '_'),
        KAFKA_BROKERS: testInfra.kafkaBrokers.join(','),
        KAFKA_GROUP_ID: uniqueName('campaigns'),
        IDENTITY_SECRET: TEST_AUTH.identitySecret,
        // nothing is sent here: no scheduler, no digest; the addresses of other services are never called
        SCHEDULER: 'off',
        BULLETIN_SCHEDULE: 'off',
        SMTP_URL: 'smtp://127.0.0.1:41602',
        CONTACTS_INTERNAL_URL: 'http://127.0.0.1:41603',
        PUBLIC_BASE_URL: `http://127.0.0.1:${PORT}`,
      },
      PORT,
    );
    gateway = await spawnGateway({ campaigns: svc.url }, GATEWAY);
  });

  afterAll(async () => {
    await Promise.all([gateway?.stop(), svc?.stop()]);
  });

  const ask = async (
    role: Role,
    sub: string,
    query: string,
    variables: Record<string, unknown>,
  ): Promise<any> => {
    const key = `${role}:${sub}`;
    if (!tokens.has(key)) tokens.set(key, await signDevToken({ sub, roles: [role] }, TEST_AUTH));
    return (
      await gql(`${gateway.url}/graphql`, query, variables, { authorization: `Bearer ${tokens.get(key)}` })
    ).body;
  };
  const paolo = (q: string, v: Record<string, unknown>) => ask('manager', 'mgr-paolo', q, v);
  const marco = (q: string, v: Record<string, unknown>) => ask('backoffice', 'bo-marco', q, v);
  const input = (body: string) => ({
    title: 'Scadenza TARI 2026',
    goal: 'Meno pagamenti in ritardo e meno telefonate allo sportello tributi.',
    topics: ['tributi'],
    sheetIds: [],
    segment: { topics: ['tributi'] },
    startsAt: '2026-12-20T09:00:00+01:00',
    steps: [{ channel: 'EMAIL', waitHours: 0, subject: 'TARI: la seconda rata', body }],
  });
  const SUBMIT = `mutation($id: ID!) { submitCampaign(id: $id) { status } }`;
  const APPROVE = `mutation($id: ID!) { approveCampaign(id: $id) { status approvedBy } }`;

  it('refuses the trial route: the writer rejects his own submission, the creator resubmits, the writer approves', async () => {
    const created = await paolo(`mutation($i: CampaignInput!) { createCampaign(input: $i) { id } }`, {
      i: input('La seconda rata della TARI scade il 16 dicembre. Puoi pagare con PagoPA.'),
    });
    expect(created.errors).toBeUndefined();
    const id = created.data.createCampaign.id as string;
    const marcoText = 'Pagate la TARI entro il 16 dicembre, anche online con PagoPA.';
    const updated = await marco(
      `mutation($id: ID!, $i: CampaignInput!) { updateCampaign(id: $id, input: $i) { steps { body } } }`,
      { id, i: input(marcoText) },
    );
    expect(updated.data.updateCampaign.steps[0].body).toBe(marcoText);
    expect((await marco(SUBMIT, { id })).data.submitCampaign.status).toBe('IN_APPROVAL');
    const own = await marco(APPROVE, { id });
    expect(own.errors[0].extensions.code).toBe('FORBIDDEN');

    // marco withdraws his own submission: allowed, and it erases nothing
    const withdrawn = await marco(
      `mutation($id: ID!) { rejectCampaign(id: $id, reason: "ritiro") { status } }`,
      {
        id,
      },
    );
    expect(withdrawn.errors).toBeUndefined();
    expect(withdrawn.data.rejectCampaign.status).toBe('DRAFT');
    expect((await paolo(SUBMIT, { id })).data.submitCampaign.status).toBe('IN_APPROVAL');

    for (const [who, attempt] of [
      ['marco', await marco(APPROVE, { id })],
      ['paolo', await paolo(APPROVE, { id })],
    ] as const) {
      expect({ who, data: attempt.data?.approveCampaign ?? null }).toEqual({ who, data: null });
      expect(attempt.errors[0].extensions.code).toBe('FORBIDDEN');
      expect(attempt.errors[0].message).toMatch(
        /^Chi ha scritto, modificato o inviato in approvazione questo testo non può approvarlo, nemmeno dopo averlo respinto o ritirato \(quattro occhi\)/,
      );
    }
    const read = await paolo(`query($id: ID!) { campaign(id: $id) { status approvedBy } }`, { id });
    expect(read.data.campaign).toEqual({ status: 'IN_APPROVAL', approvedBy: null });

    // a third person, who wrote nothing of it, approves
    const anna = await ask('manager', 'mgr-anna', APPROVE, { id });
    expect(anna.data.approveCampaign).toEqual({ status: 'APPROVED', approvedBy: 'mgr-anna' });
  });
});
