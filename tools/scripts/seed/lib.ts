// What every demo seed gets: the gateway URL, a GraphQL call with a demo role's token, a logger, and the
// record of what this run created (so later seeds act only on the demo's own data, never on anyone else's).
import { IDENTITY_HEADER, signIdentity } from '@urp/auth';
import { devToken } from '../dev-token';

export type DemoRole = Parameters<typeof devToken>[0];

/** Ids of what this seed run created, by kind: the satisfaction seed answers only their invitations. */
export interface SeedCreated {
  contacts: Set<string>;
  cases: Set<string>;
  procedures: Set<string>;
}

export interface SeedContext {
  gatewayUrl: string;
  /** Runs a GraphQL operation through the gateway as a demo user with `role`; throws on GraphQL errors. */
  call: (role: DemoRole, query: string, variables?: Record<string, unknown>) => Promise<any>;
  log: (msg: string) => void;
  created: SeedCreated;
}

export function seedContext(gatewayUrl: string): SeedContext {
  const tokens = new Map<DemoRole, Promise<string>>();
  const token = (role: DemoRole) => {
    if (!tokens.has(role)) tokens.set(role, devToken(role));
    return tokens.get(role)!;
  };
  return {
    gatewayUrl,
    log: (msg) => console.log(`demo: ${msg}`),
    created: { contacts: new Set(), cases: new Set(), procedures: new Set() },
    async call(role, query, variables = {}) {
      const res = await fetch(gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await token(role)}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as { data?: any; errors?: { message: string }[] };
      if (body.errors?.length) throw new Error(`demo seed: ${body.errors.map((e) => e.message).join('; ')}`);
      return body.data;
    },
  };
}

/**
 * Runs a GraphQL operation on the satisfaction subgraph as the online portal's integration (a `service`
 * identity signed with IDENTITY_SECRET, deploy/local/up.sh's by default): survey links and online-service
 * surveys are never a person's (SECURITY.md, "Ratings staff cannot make"). The demo plays the portal and the
 * citizens here. Throws on GraphQL errors.
 */
export async function asPortal(query: string, variables: Record<string, unknown> = {}): Promise<any> {
  const secret = process.env.IDENTITY_SECRET ?? 'dev-only-identity-secret-change-me-0123';
  const url =
    process.env.URP_SATISFACTION_URL ??
    `http://127.0.0.1:${process.env.URP_SATISFACTION_PORT ?? 4002}/graphql`;
  const identity = await signIdentity({ sub: 'svc-demo-portale', roles: ['service'] }, secret);
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: identity },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: any; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(`demo seed: ${body.errors.map((e) => e.message).join('; ')}`);
  return body.data;
}
