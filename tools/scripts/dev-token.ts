// Prints bearer tokens for the demo roles (`npm run token`, or `npm run token -- operator`).
// When Keycloak answers (KEYCLOAK_URL, default http://127.0.0.1:$URP_KEYCLOAK_PORT or :8180), the token is a
// real access token of realm `urp`, obtained by password grant with the confidential client `urp-scripts`
// for the role's demo user (password `demo`). Otherwise, or with `--offline`, it is signed here with the
// development secret (AUTH_ISSUER / AUTH_AUDIENCE / AUTH_JWT_SECRET, defaulting to deploy/local/up.sh's values).
import { USER_ROLES as ROLES, signDevToken, type Role } from '@urp/auth';

export const DEV_AUTH = {
  issuer: process.env.AUTH_ISSUER ?? 'urp-dev',
  audience: process.env.AUTH_AUDIENCE ?? 'urp',
  secret: process.env.AUTH_JWT_SECRET ?? 'dev-only-jwt-secret-change-me-0123456789',
};

type UserRole = Exclude<Role, 'service'>;

/** The demo staff, the same people as in deploy/local/keycloak/urp-realm.json (sub = Keycloak user id). */
export const DEMO_PEOPLE: Record<
  UserRole,
  { sub: string; name: string; username: string; offices: string[] }
> = {
  operator: {
    sub: 'op-giulia',
    name: 'Giulia Bianchi (sportello)',
    username: 'giulia.bianchi',
    offices: ['urp'],
  },
  backoffice: {
    sub: 'bo-marco',
    name: 'Marco Esposito (back office)',
    username: 'marco.esposito',
    offices: ['urp'],
  },
  referent: {
    sub: 'ref-anna',
    name: 'Anna Ricci (Ufficio Tributi)',
    username: 'anna.ricci',
    offices: ['tributi'],
  },
  manager: {
    sub: 'mgr-paolo',
    name: 'Paolo Conti (responsabile URP)',
    username: 'paolo.conti',
    offices: ['urp'],
  },
  analyst: { sub: 'an-sara', name: 'Sara Galli (analista)', username: 'sara.galli', offices: [] },
  admin: { sub: 'adm-luca', name: 'Luca Romano (amministratore)', username: 'luca.romano', offices: [] },
};

/** An offline development token (tests, the demo seed): no identity provider involved. */
export const devToken = (role: UserRole) => {
  const { sub, name, offices } = DEMO_PEOPLE[role];
  return signDevToken({ sub, name, offices, roles: [role] }, DEV_AUTH);
};

export const KEYCLOAK = {
  url: process.env.KEYCLOAK_URL ?? `http://127.0.0.1:${process.env.URP_KEYCLOAK_PORT ?? 8180}`,
  realm: process.env.KEYCLOAK_REALM ?? 'urp',
  clientId: process.env.KEYCLOAK_SCRIPTS_CLIENT ?? 'urp-scripts',
  clientSecret: process.env.KEYCLOAK_SCRIPTS_SECRET ?? 'urp-scripts-dev-secret',
};

/** True when the realm's discovery document answers within a second. */
export async function keycloakAnswers(url = KEYCLOAK.url): Promise<boolean> {
  try {
    const res = await fetch(`${url}/realms/${KEYCLOAK.realm}/.well-known/openid-configuration`, {
      signal: AbortSignal.timeout(1000),
    });
    return res.ok;
  } catch {
    return false;
  }
}

/** A real access token from Keycloak: password grant (direct access) with the scripts client. */
export async function keycloakToken(
  username: string,
  password = 'demo',
  url = KEYCLOAK.url,
): Promise<string> {
  const res = await fetch(`${url}/realms/${KEYCLOAK.realm}/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: KEYCLOAK.clientId,
      client_secret: KEYCLOAK.clientSecret,
      username,
      password,
      scope: 'openid',
    }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await res.json()) as { access_token?: string; error?: string; error_description?: string };
  if (!res.ok || !body.access_token)
    throw new Error(`Keycloak refused ${username}: ${body.error_description ?? body.error ?? res.status}`);
  return body.access_token;
}

async function main() {
  const args = process.argv.slice(2);
  const offline = args.includes('--offline');
  const wanted = args.filter((a) => a !== '--offline');
  const bad = wanted.filter((r) => !ROLES.includes(r as Role));
  if (bad.length) {
    console.error(`unknown role(s): ${bad.join(', ')}; roles: ${ROLES.join(', ')}`);
    process.exit(2);
  }
  const fromKeycloak = !offline && (await keycloakAnswers());
  if (!fromKeycloak && !offline && process.env.KEYCLOAK_URL) {
    console.error(`Keycloak does not answer at ${KEYCLOAK.url} (KEYCLOAK_URL): start it or pass --offline`);
    process.exit(1);
  }
  const token = (role: UserRole) =>
    fromKeycloak ? keycloakToken(DEMO_PEOPLE[role].username) : devToken(role);
  for (const role of (wanted.length ? wanted : ROLES) as UserRole[]) {
    console.log(wanted.length === 1 ? await token(role) : `${role.padEnd(10)} ${await token(role)}`);
  }
}

if (require.main === module)
  main().catch((e: unknown) => {
    console.error((e as Error).message);
    process.exit(1);
  });
