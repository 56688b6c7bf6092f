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
  const get = () => fetch(`${baseUrl}/health/ready`, { signal: AbortSignal.timeout(5000) });
  // a kept-alive connection the server closed between two requests fails once ("other side closed"); a browser
  // retries such a request on a new connection, and so do we (once)
  const res = await get().catch((e: unknown) => {
    if ((e as { cause?: { code?: string } }).cause?.code !== 'UND_ERR_SOCKET') throw e;
    return get();
  });
  return { status: res.status, body: (await res.json()) as never };
}

let requesters = 0;
/**
 * A requester of this test run, created at contacts (which refuses a contact naming a requester it does not
 * know): the returned id is what `registerContact` takes. `contactsUrl` is the contacts subgraph.
 */
export async function createTestRequester(contactsUrl: string, name = 'Cittadino di prova'): Promise<string> {
  const res = await askSubgraph(
    contactsUrl,
    `mutation($i: RequesterInput!) { createRequester(input: $i) { id } }`,
    { i: { kind: 'PERSON', name: `${name} ${++requesters}`, purpose: 'test' } },
  );
  const id = (res.body as { data?: { createRequester?: { id: string } } }).data?.createRequester?.id;
  if (!id) throw new Error(`createRequester failed: ${JSON.stringify(res.body)}`);
  return id;
}
