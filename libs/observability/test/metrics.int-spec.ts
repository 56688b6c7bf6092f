import {
  collectEvents,
  metricValue,
  scrapeMetrics,
  spawnService,
  waitFor,
  type MetricFamily,
  type RunningProcess,
} from '@urp/testing';
import { asOperator, newRequesterId, REGISTER, serviceEnv, TRACEPARENT } from './helpers';

/**
 * `/metrics` of a real service process, parsed with a Prometheus text parser: the figures an operations
 * team would graph move when a citizen's contact is registered. Tracing is off here (the default), and
 * the event still carries a W3C traceparent.
 */
describe('metrics and trace context of a running service', () => {
  let contacts: RunningProcess;

  beforeAll(async () => {
    contacts = await spawnService('services/contacts/src/main.ts', serviceEnv('contacts'), 4361);
  });
  afterAll(() => contacts?.stop());

  it('counts the GraphQL operation, its latency, the HTTP request and the outbox publication', async () => {
    const events = await collectEvents(['urp.contacts.contact.v1']);
    try {
      // the requester first (contacts refuses unknown ones), its own event published before counting starts
      const r = await newRequesterId(contacts.url);
      await waitFor(
        async () => metricValue(await scrapeMetrics(contacts.url), 'urp_outbox_pending_events') === 0,
        { what: "the requester's event published" },
      );
      const before = await scrapeMetrics(contacts.url);
      const op = { operation: 'RegisterForObservability', type: 'mutation' };

      const res = await asOperator(contacts.url, REGISTER, { r });
      expect(res.body.errors).toBeUndefined();
      const contactId = res.body.data.registerContact.id as string;

      // the event is published with a W3C traceparent although tracing is off
      const event = await waitFor(() => events.events.find((e) => e.key === contactId), {
        what: 'ContactRegistered on the topic',
      });
      expect(event!.headers.traceparent).toMatch(TRACEPARENT);

      const after = (await waitFor(
        async () => {
          const m = await scrapeMetrics(contacts.url);
          return metricValue(m, 'urp_outbox_published_events_total') >
            metricValue(before, 'urp_outbox_published_events_total')
            ? m
            : undefined;
        },
        { what: 'the outbox publication in /metrics' },
      )) as MetricFamily[];
      const delta = (name: string, labels: Record<string, string> = {}) =>
        metricValue(after, name, labels) - metricValue(before, name, labels);

      expect(delta('urp_graphql_operations_total', { ...op, outcome: 'ok' })).toBe(1);
      expect(delta('urp_graphql_operation_duration_seconds_count', op)).toBe(1);
      expect(
        delta('urp_http_request_duration_seconds_count', {
          method: 'POST',
          route: '/graphql',
          status: '200',
        }),
      ).toBe(1);
      expect(delta('urp_outbox_publish_delay_seconds_count')).toBeGreaterThanOrEqual(1);
      expect(metricValue(after, 'urp_outbox_pending_events')).toBe(0);
      expect(metricValue(after, 'urp_outbox_oldest_pending_age_seconds')).toBe(0);
      expect(metricValue(after, 'urp_consumer_group_joined')).toBe(1);
      // every series names its service
      const family = after.find((f) => f.name === 'urp_graphql_operations_total')!;
      expect(family.type).toBe('COUNTER');
      expect(family.metrics.every((m) => m.labels?.service === 'contacts')).toBe(true);

      // an error is counted with its code
      const bad = await asOperator(
        contacts.url,
        'mutation BadForObservability { registerContact(input: { channel: DESK, type: INFORMATION, subject: "" }) { id } }',
      );
      const code = bad.body.errors?.[0]?.extensions?.code as string;
      expect(code).toBe('BAD_USER_INPUT');
      const m = await scrapeMetrics(contacts.url);
      expect(metricValue(m, 'urp_graphql_errors_total', { operation: 'BadForObservability', code })).toBe(1);
      expect(
        metricValue(m, 'urp_graphql_operations_total', {
          operation: 'BadForObservability',
          outcome: 'error',
        }),
      ).toBe(1);
    } finally {
      await events.stop();
    }
  });
});
