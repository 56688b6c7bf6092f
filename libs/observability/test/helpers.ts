import { IDENTITY_HEADER, signIdentity } from '@urp/auth';
import { createTestRequester, gql, TEST_AUTH, testInfra, uniqueName } from '@urp/testing';

/** The environment of a service started by a test: this run's database and consumer group. */
export const serviceEnv = (name: string, extra: Record<string, string> = {}): Record<string, string> => ({
  MONGO_URL: testInfra.mongoUrl,
  KAFKA_BROKERS: testInfra.kafkaBrokers.join(','),
  IDENTITY_SECRET: TEST_AUTH.identitySecret,
  MONGO_DB: uniqueName(`obs_${name}`).replace(/-/g, '_'),
  KAFKA_GROUP_ID: uniqueName(`obs-${name}`),
  ...extra,
});

/** GraphQL straight to a subgraph, as the gateway would call it (signed operator identity). */
export async function asOperator(
  baseUrl: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) {
  const identity = await signIdentity({ sub: 'op-obs', roles: ['operator'] }, TEST_AUTH.identitySecret);
  return gql(`${baseUrl}/graphql`, query, variables, { [IDENTITY_HEADER]: identity, ...headers });
}

export const REGISTER = `mutation RegisterForObservability($r: String) {
  registerContact(input: { channel: DESK, type: INFORMATION, subject: "Carta d'identità elettronica", requesterId: $r }) { id }
}`;

/** A requester contacts knows (it refuses unknown ones). */
export const newRequesterId = (contactsUrl: string) => createTestRequester(contactsUrl);

export const TRACEPARENT = /^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;
