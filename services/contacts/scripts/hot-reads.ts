/**
 * The contacts service's hot reads timed straight on the subgraph of a running stack (`npm start`), one call
 * at a time: the office queue, a referent's queue, the queue by protocol number, a requester search, the
 * duplicate suggestions and Open311's list. A quick check of the read model (issue 17); the user-path
 * benchmark (`npm run bench -- paths`) is the measure through the gateway.
 *
 *   URP_CONTACTS_PORT=<port> node -r @swc-node/register services/contacts/scripts/hot-reads.ts [--calls=100]
 */
import { IDENTITY_HEADER, signIdentity, type Identity } from '@urp/auth';

const arg = (name: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? undefined;
const CALLS = Number(arg('calls') ?? 100);
const BASE = `http://127.0.0.1:${process.env.URP_CONTACTS_PORT ?? 4001}`;
const SECRET = process.env.IDENTITY_SECRET ?? 'dev-only-identity-secret-change-me-0123';

const QUEUE = `query($f: CaseQueueFilter, $after: String) { caseQueue(filter: $f, first: 20, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { id protocolNumber type statusLabel priority dueAt
  overdue suspended officeName referentName contact { subject } } } } }`;

async function gql(who: Identity, query: string, variables: Record<string, unknown> = {}) {
  const res = await fetch(`${BASE}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: await signIdentity(who, SECRET) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: Record<string, unknown>; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(body.errors[0].message);
  return body.data ?? {};
}

async function time(name: string, call: () => Promise<unknown>) {
  await call(); // warm
  const ms: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const t = performance.now();
    await call();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  const p = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))].toFixed(1);
  console.log(`${name.padEnd(44)} p50 ${p(0.5).padStart(7)} ms   p95 ${p(0.95).padStart(7)} ms`);
}

async function main() {
  const manager: Identity = { sub: 'mgr-bench', roles: ['manager'] };
  const operator: Identity = { sub: 'op-bench', roles: ['operator'] };
  const referent: Identity = { sub: 'staff-bench', roles: ['referent'], offices: ['tributi'] };
  const first = (await gql(manager, QUEUE, {})) as {
    caseQueue: { totalCount: number; edges: { node: { protocolNumber: string } }[] };
  };
  console.log(`open cases in the queue: ${first.caseQueue.totalCount}`);
  const protocol = first.caseQueue.edges[0]?.node.protocolNumber ?? '2026/0000001';
  await time('caseQueue (manager, first page)', () => gql(manager, QUEUE, {}));
  await time('caseQueue (manager, overdue)', () => gql(manager, QUEUE, { f: { overdue: true } }));
  await time('caseQueue (referent, mine)', () => gql(referent, QUEUE, { f: { mine: true } }));
  await time('caseQueue (protocol number)', () => gql(manager, QUEUE, { f: { protocolNumber: protocol } }));
  await time('searchRequesters ("ross")', () =>
    gql(operator, `query { searchRequesters(query: "ross", purpose: "misura", first: 10) { id } }`),
  );
  await time('duplicateSuggestions', () =>
    gql(
      operator,
      `query { duplicateSuggestions(input: { subject: "Buca in strada", category: { level1: "mobilita_trasporti" } }) { score } }`,
    ),
  );
  await time('contacts(first: 20)', () => gql(manager, `query { contacts(first: 20) { id } }`));
  await time('Open311 GET /requests.json', async () => {
    const res = await fetch(`${BASE}/open311/v2/requests.json`);
    return res.json();
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
