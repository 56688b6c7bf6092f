import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signDevToken } from '@urp/auth';
import {
  collectEvents,
  gql,
  spawnGateway,
  spawnService,
  TEST_AUTH,
  testInfra,
  waitFor,
  type RunningProcess,
} from '@urp/testing';
import { MongoClient } from 'mongodb';
import { newRequesterId, serviceEnv } from './helpers';

interface SpanLine {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  service: string;
  name: string;
  kind: number;
  scope: string;
}

/**
 * One trace from the client's request to a consumer's effect in another service: the client sends a
 * W3C traceparent to the gateway when it closes a contact; the same trace id is found in the gateway's
 * spans, in contacts' (the resolver, its database write, the outbox relay's send), on the Kafka message,
 * and in satisfaction's processing of ContactClosed with the database write that creates the invitation.
 */
describe('a trace from the gateway to the satisfaction consumer', () => {
  const traces = join(mkdtempSync(join(tmpdir(), 'urp-traces-')), 'spans.jsonl');
  const tracing = { OTEL_SDK_DISABLED: 'false', URP_TRACES_FILE: traces };
  const satisfactionEnv = serviceEnv('satisfaction', tracing);
  const mongo = new MongoClient(testInfra.mongoUrl);
  const procs: RunningProcess[] = [];
  let gateway: RunningProcess;

  beforeAll(async () => {
    const [contacts, satisfaction] = await Promise.all([
      spawnService('services/contacts/src/main.ts', serviceEnv('contacts', tracing), 4364),
      spawnService('services/satisfaction/src/main.ts', satisfactionEnv, 4365),
    ]);
    procs.push(contacts, satisfaction);
    gateway = await spawnGateway({ contacts: contacts.url, satisfaction: satisfaction.url }, 4366, tracing);
    procs.push(gateway);
  });
  afterAll(async () => {
    await Promise.all(procs.map((p) => p.stop()));
    await mongo.close();
  });

  it('follows one closing from the client to the invitation the satisfaction consumer writes', async () => {
    const token = await signDevToken({ sub: 'op-trace', roles: ['operator'] }, TEST_AUTH);
    const ask = (query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) =>
      gql(`${gateway.url}/graphql`, query, variables, { authorization: `Bearer ${token}`, ...headers });
    const reg = await ask(
      `mutation($r: String) { registerContact(input: { channel: DESK, type: INFORMATION, subject: "Tessera elettorale", requesterId: $r }) { id } }`,
      { r: await newRequesterId('http://127.0.0.1:4364') },
    );
    expect(reg.body.errors).toBeUndefined();
    const contactId = reg.body.data.registerContact.id as string;

    const events = await collectEvents(['urp.contacts.contact.v1']);
    const traceId = randomBytes(16).toString('hex');
    try {
      const closed = await ask(
        `mutation($id: ID!) { closeContact(input: { id: $id, resolvedAtFirstContact: true }) { status } }`,
        { id: contactId },
        { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
      );
      expect(closed.body.errors).toBeUndefined();

      // Kafka: the ContactClosed message continues the client's trace
      const message = await waitFor(
        () => events.events.find((e) => e.key === contactId && e.headers.ce_type?.includes('ContactClosed')),
        { what: 'ContactClosed on the topic' },
      );
      expect(message!.headers.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    } finally {
      await events.stop();
    }

    // the consumer's effect: the invitation in satisfaction's database
    const invitations = mongo.db(satisfactionEnv.MONGO_DB).collection('survey_invitations');
    await waitFor(async () => (await invitations.countDocuments({ contactId })) === 1, {
      timeoutMs: 30000,
      what: 'the survey invitation',
    });

    const spans = await waitFor(
      () => {
        const all = existsSync(traces)
          ? readFileSync(traces, 'utf8')
              .split('\n')
              .filter(Boolean)
              .map((l) => JSON.parse(l) as SpanLine)
              .filter((s) => s.traceId === traceId)
          : [];
        const consumed = all.find(
          (s) => s.service === 'satisfaction' && s.name === 'process urp.contacts.contact.v1',
        );
        const effect =
          consumed &&
          all.find(
            (s) =>
              s.service === 'satisfaction' &&
              s.scope.includes('mongodb') &&
              s.name.includes('survey_invitations'),
          );
        // each process exports its spans in its own batches: wait for the servers' spans too
        const served = (service: string) =>
          all.some((s) => s.service === service && s.kind === 1 && s.scope.includes('http'));
        return effect && served('gateway') && served('contacts') ? all : undefined;
      },
      { timeoutMs: 15000, what: `the gateway's, contacts' and satisfaction's spans in trace ${traceId}` },
    );
    const in_ = (service: string) => spans!.filter((s) => s.service === service);
    // gateway: its server span (child of the client's) and its call to the contacts subgraph
    expect(in_('gateway').some((s) => s.kind === 1 && s.scope.includes('http'))).toBe(true);
    expect(in_('gateway').some((s) => s.kind === 2 && /undici|http/.test(s.scope))).toBe(true);
    // contacts: the subgraph request, the resolver, its database write, the relay's send
    expect(in_('contacts').some((s) => s.kind === 1 && s.scope.includes('http'))).toBe(true);
    expect(in_('contacts').some((s) => s.scope.includes('graphql'))).toBe(true);
    expect(in_('contacts').some((s) => s.scope.includes('mongodb'))).toBe(true);
    const send = in_('contacts').find((s) => s.name === 'send urp.contacts.contact.v1' && s.kind === 3);
    expect(send).toBeDefined();
    // satisfaction: the consumer span is the child of the relay's send, the database write its child
    const consumed = in_('satisfaction').find((s) => s.name === 'process urp.contacts.contact.v1');
    expect(consumed).toMatchObject({ kind: 4, parentSpanId: send!.spanId });
    const ids = new Set(spans!.map((s) => s.spanId));
    // one connected trace: every span's parent is in it, except the client's root
    expect(spans!.filter((s) => s.parentSpanId && !ids.has(s.parentSpanId)).length).toBe(1);
    process.stdout.write(`trace ${traceId}: ${spans!.length} spans (${traces})\n`);
  });
});
