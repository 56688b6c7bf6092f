import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { collectEvents, spawnService, waitFor, type RunningProcess } from '@urp/testing';
import { asOperator, newRequesterId, REGISTER, serviceEnv, TRACEPARENT } from './helpers';

/**
 * Sampling (`OTEL_TRACES_SAMPLER_ARG`, ParentBased(TraceIdRatio)) decides which traces are recorded, never
 * whether events carry one: with a ratio of 0, a registration records no span yet its event still carries a
 * valid `traceparent` (unsampled), and a caller's sampled `traceparent` is still followed and recorded.
 */
describe('trace sampling leaves propagation alone', () => {
  const traces = join(mkdtempSync(join(tmpdir(), 'urp-sampling-')), 'spans.jsonl');
  let contacts: RunningProcess;

  /** A port free now (URP_TEST_PORT if given): the test's only server. */
  const freePort = () =>
    process.env.URP_TEST_PORT
      ? Promise.resolve(Number(process.env.URP_TEST_PORT))
      : new Promise<number>((resolve) => {
          const s = createServer().listen(0, '127.0.0.1', () => {
            const { port } = s.address() as { port: number };
            s.close(() => resolve(port));
          });
        });

  beforeAll(async () => {
    contacts = await spawnService(
      'services/contacts/src/main.ts',
      serviceEnv('contacts', {
        OTEL_SDK_DISABLED: 'false',
        URP_TRACES_FILE: traces,
        OTEL_TRACES_SAMPLER_ARG: '0',
      }),
      await freePort(),
    );
  });
  afterAll(() => contacts.stop());

  const spansOf = (traceId: string) =>
    existsSync(traces)
      ? readFileSync(traces, 'utf8')
          .split('\n')
          .filter((l) => l.includes(traceId))
      : [];

  it('gives an unsampled registration a traceparent, and records a sampled caller’s trace', async () => {
    const events = await collectEvents(['urp.contacts.contact.v1']);
    const sampledTrace = randomBytes(16).toString('hex');
    try {
      const quiet = await asOperator(contacts.url, REGISTER, { r: await newRequesterId(contacts.url) });
      expect(quiet.body.errors).toBeUndefined();
      const followed = await asOperator(
        contacts.url,
        REGISTER,
        { r: await newRequesterId(contacts.url) },
        { traceparent: `00-${sampledTrace}-${randomBytes(8).toString('hex')}-01` },
      );
      expect(followed.body.errors).toBeUndefined();
      const eventOf = (id: string) =>
        waitFor(
          () => events.events.find((e) => e.key === id && e.headers.ce_type?.includes('ContactRegistered')),
          { what: `ContactRegistered of ${id}` },
        );
      const unsampled = await eventOf(quiet.body.data.registerContact.id);
      expect(unsampled!.headers.traceparent).toMatch(TRACEPARENT);
      expect(unsampled!.headers.traceparent).toMatch(/-00$/);
      const sampled = await eventOf(followed.body.data.registerContact.id);
      expect(sampled!.headers.traceparent).toMatch(new RegExp(`^00-${sampledTrace}-[0-9a-f]{16}-01$`));

      // the sampled caller's trace is exported; the unsampled registration's trace is not
      await waitFor(() => spansOf(sampledTrace).length > 0 || undefined, { what: 'the sampled spans' });
      expect(spansOf(unsampled!.headers.traceparent.split('-')[1])).toEqual([]);
    } finally {
      await events.stop();
    }
  });
});
