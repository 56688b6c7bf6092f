import { IDENTITY_HEADER, signIdentity } from '@urp/auth';
import { ContactTopic } from '@urp/contracts';
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

const SECRET = 'contacts-test-identity-secret-0123456789';
const REGISTER = `mutation($input: RegisterContactInput!) { registerContact(input: $input) { id status channel type subject requesterId operatorId } }`;
const CLOSE = `mutation($id: ID!) { closeContact(input: { id: $id, resolvedAtFirstContact: true }) { id status closedAt resolvedAtFirstContact } }`;

describe('contacts subgraph (own process, real Kafka + FerretDB)', () => {
  const dbName = uniqueName('contacts').replace(/-/g, '_');
  const mongo = new MongoClient(testInfra.mongoUrl);
  let svc: RunningProcess;
  let collector: Awaited<ReturnType<typeof collectEvents>>;
  let operator: Record<string, string>;

  beforeAll(async () => {
    [svc, collector] = await Promise.all([
      spawnService(
        'services/contacts/src/main.ts',
        {
          MONGO_URL: testInfra.mongoUrl,
          MONGO_DB: dbName,
          KAFKA_BROKERS: testInfra.kafkaBrokers.join(','),
          IDENTITY_SECRET: SECRET,
        },
        4311,
      ),
      collectEvents([ContactTopic.name]),
    ]);
    operator = { [IDENTITY_HEADER]: await signIdentity({ sub: 'op-test', roles: ['operator'] }, SECRET) };
  });
  afterAll(async () => {
    await collector?.stop();
    await svc?.stop();
    await mongo.close();
  });
  const url = () => `${svc.url}/graphql`;

  it('registers and closes a contact, each change publishing its CloudEvent keyed by the contact id', async () => {
    const reg = await gql(
      url(),
      REGISTER,
      {
        input: {
          channel: 'WEB_FORM',
          type: 'COMPLAINT',
          subject: 'Buche in via Roma',
          requesterId: 'req_test001',
        },
      },
      operator,
    );
    expect(reg.body.errors).toBeUndefined();
    const contact = reg.body.data.registerContact;
    expect(contact).toMatchObject({
      status: 'OPEN',
      channel: 'WEB_FORM',
      type: 'COMPLAINT',
      operatorId: 'op-test',
    });

    const closed = await gql(url(), CLOSE, { id: contact.id }, operator);
    expect(closed.body.data.closeContact).toMatchObject({
      id: contact.id,
      status: 'CLOSED',
      resolvedAtFirstContact: true,
    });

    const mine = () => collector.events.filter((e) => e.key === contact.id);
    await waitFor(() => mine().length === 2, { what: 'both events of the contact' });
    expect(mine().map((e) => e.headers.ce_type)).toEqual([
      'it.urp.contacts.ContactRegistered.v1',
      'it.urp.contacts.ContactClosed.v1',
    ]);
    expect(mine()[1].data).toMatchObject({
      contactId: contact.id,
      channel: 'web_form',
      contactType: 'complaint',
      requesterId: 'req_test001',
      resolvedAtFirstContact: true,
    });
    expect(mine()[1].headers.ce_source).toBe('/urp/contacts');
    // the subject (free text, may hold personal data) never travels in events
    expect(JSON.stringify(mine())).not.toContain('Buche in via Roma');
  });

  it('refuses bad input with field-level errors and stores nothing', async () => {
    const before = await mongo.db(dbName).collection('contacts').countDocuments();
    const res = await gql(
      url(),
      REGISTER,
      {
        input: {
          channel: 'DESK',
          type: 'INFORMATION',
          subject: '   ',
          requesterId: 'mario.rossi@example.it',
        },
      },
      operator,
    );
    expect(res.body.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { subject: 'required', requesterId: expect.any(String) },
    });
    expect(await mongo.db(dbName).collection('contacts').countDocuments()).toBe(before);
  });

  it('says clearly when a contact is missing or already closed', async () => {
    expect((await gql(url(), CLOSE, { id: 'nope' }, operator)).body.errors?.[0]).toMatchObject({
      message: 'contact nope does not exist',
      extensions: { code: 'NOT_FOUND' },
    });
    const { body } = await gql(
      url(),
      REGISTER,
      { input: { channel: 'PHONE', type: 'INFORMATION', subject: 'Orari' } },
      operator,
    );
    const id = body.data.registerContact.id;
    await gql(url(), CLOSE, { id }, operator);
    expect((await gql(url(), CLOSE, { id }, operator)).body.errors?.[0].extensions?.code).toBe('CONFLICT');
  });

  it('refuses requests that did not come through the gateway, and callers without the role', async () => {
    const direct = await gql(url(), '{ contacts { id } }');
    expect(direct.status).toBe(401);
    const forged = await gql(
      url(),
      '{ contacts { id } }',
      {},
      {
        [IDENTITY_HEADER]: await signIdentity(
          { sub: 'x', roles: ['admin'] },
          'a-different-secret-of-at-least-32-chars!',
        ),
      },
    );
    expect(forged.status).toBe(401);
    const analyst = { [IDENTITY_HEADER]: await signIdentity({ sub: 'an-1', roles: ['analyst'] }, SECRET) };
    const res = await gql(
      url(),
      REGISTER,
      { input: { channel: 'DESK', type: 'INFORMATION', subject: 'x' } },
      analyst,
    );
    expect(res.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
