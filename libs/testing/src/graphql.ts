/** Posts a GraphQL operation; returns the HTTP status and the parsed body. */
export async function gql(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<{
  status: number;
  body: { data?: any; errors?: { message: string; extensions?: Record<string, any> }[] };
}> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: (await res.json()) as never };
}

/** The secrets the integration tests share between the gateway, the subgraphs and the test tokens. */
export const TEST_AUTH = {
  identitySecret: 'e2e-identity-secret-0123456789abcdef',
  issuer: 'urp-e2e',
  audience: 'urp',
  secret: 'e2e-jwt-secret-0123456789abcdef0123456789',
} as const;

/** The gateway's subgraph names (gateway/scripts/compose-supergraph.ts). */
export type SubgraphName = 'contacts' | 'satisfaction' | 'knowledge' | 'procedures' | 'campaigns';

/**
 * The gateway's environment for a test: the subgraphs a test started, by base URL (`http://127.0.0.1:4311`);
 * the others point at a closed port (a query that needs them fails, the others work).
 */
export function gatewayEnv(subgraphs: Partial<Record<SubgraphName, string>>): Record<string, string> {
  const names: SubgraphName[] = ['contacts', 'satisfaction', 'knowledge', 'procedures', 'campaigns'];
  const env: Record<string, string> = {
    IDENTITY_SECRET: TEST_AUTH.identitySecret,
    AUTH_ISSUER: TEST_AUTH.issuer,
    AUTH_AUDIENCE: TEST_AUTH.audience,
    AUTH_JWT_SECRET: TEST_AUTH.secret,
  };
  for (const n of names) {
    env[`SUBGRAPH_${n.toUpperCase()}_URL`] = `${subgraphs[n] ?? 'http://127.0.0.1:9'}/graphql`;
  }
  return env;
}
