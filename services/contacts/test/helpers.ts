import { signDevToken, type Role } from '@urp/auth';
import { catalog, createEvent, toKafkaRecord, type CloudEvent, type EventDefinition } from '@urp/contracts';
import { createRawKafka } from '@urp/messaging';
import { gql, TEST_AUTH, testInfra } from '@urp/testing';
import type { z } from 'zod';

/** Produces other services' events as they would (CloudEvents in the Kafka binary binding). */
export async function eventProducer() {
  const kafka = createRawKafka({ clientId: 'contacts-test', brokers: testInfra.kafkaBrokers });
  const admin = kafka.admin();
  await admin.connect();
  const existing = new Set(await admin.listTopics());
  const missing = catalog.topics.filter((t) => !existing.has(t.name));
  if (missing.length)
    await admin
      .createTopics({
        topics: missing.map((t) => ({ topic: t.name, numPartitions: t.partitions })),
        waitForLeaders: true,
      })
      .catch(() => undefined);
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  return {
    async send<D extends EventDefinition>(
      def: D,
      subject: string,
      data: z.input<D['schema']>,
    ): Promise<CloudEvent> {
      const event = createEvent(def, subject, data, { source: '/test' });
      await producer.send({ topic: def.topic.name, messages: [toKafkaRecord(event)] });
      return event;
    },
    stop: () => producer.disconnect(),
  };
}

/** GraphQL through the gateway as a staff member with roles. */
export function gatewayClient(url: string) {
  const tokens = new Map<string, Promise<string>>();
  return async (
    query: string,
    variables: Record<string, unknown> = {},
    who: { sub: string; roles: Role[]; offices?: string[] } = OPERATOR,
  ) => {
    const key = `${who.sub}:${who.roles.join(',')}:${(who.offices ?? []).join(',')}`;
    if (!tokens.has(key)) tokens.set(key, signDevToken(who, TEST_AUTH));
    return gql(`${url}/graphql`, query, variables, { authorization: `Bearer ${await tokens.get(key)}` });
  };
}

export const OPERATOR = { sub: 'op-anna', roles: ['operator'] as Role[] };
export const BACKOFFICE = { sub: 'bo-luca', roles: ['backoffice'] as Role[] };
export const ADMIN = { sub: 'admin-1', roles: ['admin'] as Role[] };
export const ANALYST = { sub: 'an-1', roles: ['analyst'] as Role[] };
export const MANAGER = { sub: 'mgr-1', roles: ['manager'] as Role[] };
