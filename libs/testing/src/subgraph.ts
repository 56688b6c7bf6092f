import { IDENTITY_HEADER, signIdentity } from '@urp/auth';
import { gql, TEST_AUTH } from './graphql';

/** GraphQL straight to a subgraph, as the gateway calls it (a signed operator identity). */
export async function askSubgraph(
  baseUrl: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) {
  const identity = await signIdentity({ sub: 'op-test', roles: ['operator'] }, TEST_AUTH.identitySecret);
  return gql(`${baseUrl}/graphql`, query, variables, { [IDENTITY_HEADER]: identity, ...headers });
}

/** `GET /health/ready`: the HTTP status and the body (libs/platform ReadinessBody). */
export async function readiness(baseUrl: string): Promise<{
  status: number;
  body: {
    status: string;
    database: string;
    kafka: string;
    consumers: { group: string; state: string }[];
    outbox: { pending: number; oldestPendingAgeSeconds: number; published: number };
  };
}> {
  const res = await fetch(`${baseUrl}/health/ready`, { signal: AbortSignal.timeout(5000) });
  return { status: res.status, body: (await res.json()) as never };
}
