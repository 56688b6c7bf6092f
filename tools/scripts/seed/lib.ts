// What every demo seed gets: the gateway URL, a GraphQL call with a demo role's token, a logger, and the
// record of what this run created (so later seeds act only on the demo's own data, never on anyone else's).
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
