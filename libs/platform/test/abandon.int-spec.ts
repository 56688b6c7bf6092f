import { Module } from '@nestjs/common';
import { Context, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { INestApplication } from '@nestjs/common';
import { IDENTITY_HEADER, signIdentity } from '@urp/auth';
import { catalog } from '@urp/contracts';
import { metrics } from '@urp/observability';
import { freePort, testInfra, uniqueName, waitFor } from '@urp/testing';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createService, loadConfig, serviceEnv, ServicePlatformModule, type RequestContext } from '../src';

const SECRET = 'abandon-identity-secret-0123456789abcdef';
const SCHEMA = `
type Query { waitsForTheClient: Step!, answersAtOnce: Step! }
type Step { next: String! }
`;

/** What ran, in order (the test's record of the subgraph's work). */
const ran: string[] = [];
let left: () => void = () => undefined;

@Resolver('Query')
class WaitingResolver {
  @Query()
  async waitsForTheClient(@Context() ctx: RequestContext) {
    ran.push('waitsForTheClient');
    // answers only once the client has gone: the next field would start after the client left
    await new Promise<void>((r) => ctx.signal.addEventListener('abort', () => r()));
    left();
    return {};
  }
  @Query()
  answersAtOnce() {
    ran.push('answersAtOnce');
    return {};
  }
}

@Resolver('Step')
class StepResolver {
  @ResolveField()
  next(@Parent() _: unknown) {
    ran.push('next');
    return 'avanti';
  }
}

/**
 * A subgraph on the real platform (Express, Nest, Apollo, the identity check, MongoDB and Kafka of this run):
 * once its client has closed the connection, no further resolver of the request starts.
 */
describe('work abandoned when the client leaves (real platform)', () => {
  let app: INestApplication;
  let url: string;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'urp-abandon-'));
    writeFileSync(join(dir, 'schema.graphql'), SCHEMA);
    const config = loadConfig(serviceEnv, {
      PORT: String(await freePort()),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      MONGO_URL: testInfra.mongoUrl,
      MONGO_DB: uniqueName('abandon').replace(/-/g, '_'),
      KAFKA_BROKERS: testInfra.kafkaBrokers.join(','),
      IDENTITY_SECRET: SECRET,
    });
    @Module({
      imports: [
        ServicePlatformModule.forRoot({
          service: 'abandon-test',
          config,
          catalog,
          typePaths: [join(dir, '*.graphql')],
        }),
      ],
      providers: [WaitingResolver, StepResolver],
    })
    class TestModule {}
    app = await createService({ service: 'abandon-test', module: TestModule, config, catalog });
    url = `http://127.0.0.1:${config.PORT}/graphql`;
  }, 60_000);
  afterAll(() => app?.close());

  const ask = async (query: string, signal?: AbortSignal) =>
    fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [IDENTITY_HEADER]: await signIdentity({ sub: 'op-1', roles: ['operator'] }, SECRET),
      },
      body: JSON.stringify({ query }),
      signal,
    });

  /** Operations answered with an error (the abandoned one's next field fails once the client has gone). */
  const failedOperations = async () =>
    (await metrics.graphqlOperations.get()).values
      .filter((v) => v.labels.outcome === 'error')
      .reduce((n, v) => n + v.value, 0);

  it('answers a client that waits, with no-store, and runs every resolver', async () => {
    ran.length = 0;
    const res = await ask('{ answersAtOnce { next } }');
    expect(await res.json()).toEqual({ data: { answersAtOnce: { next: 'avanti' } } });
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(ran).toEqual(['answersAtOnce', 'next']);
  });

  it('starts no resolver after the client closed the connection', async () => {
    ran.length = 0;
    const failedBefore = await failedOperations();
    const resolved = new Promise<void>((r) => (left = r));
    const client = new AbortController();
    const answer = ask('{ waitsForTheClient { next } }', client.signal).then(
      () => 'answered',
      (e: Error) => e.name,
    );
    await waitFor(async () => ran.includes('waitsForTheClient'), { what: 'the first resolver' });
    client.abort();
    expect(await answer).toBe('AbortError'); // the client left without an answer
    await resolved; // the subgraph saw the client leave and went on to the next field
    // the request is over once its answer is counted: then nothing more may have run
    await waitFor(async () => (await failedOperations()) > failedBefore, {
      what: 'the abandoned request counted',
    });
    expect(ran).toEqual(['waitsForTheClient']);
  });
});
