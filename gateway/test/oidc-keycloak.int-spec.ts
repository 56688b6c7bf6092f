import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import {
  freePorts,
  gql,
  REPO_ROOT,
  spawnGateway,
  spawnService,
  testInfra,
  uniqueName,
  type RunningProcess,
} from '@urp/testing';

/**
 * End to end with the identity provider the repo starts (deploy/local/infra.sh start keycloak, realm
 * deploy/local/keycloak/urp-realm.json): sign in, call the gateway with Keycloak's access token, rotate the
 * realm's signing key and see a token of the new key accepted. The only test that runs Keycloak (~20-30 s
 * and ~450 MB to start); it skips nothing: if Keycloak cannot start the test fails saying why.
 */
const KC_PORT = Number(process.env.URP_KEYCLOAK_PORT ?? 8180);
const KC = `http://127.0.0.1:${KC_PORT}`;
const ISSUER = `${KC}/realms/urp`;
const SCRIPTS = { client_id: 'urp-scripts', client_secret: 'urp-scripts-dev-secret' };

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields),
});

async function json<T = any>(res: Response | Promise<Response>): Promise<T> {
  const r = await res;
  const body = await r.text();
  if (!r.ok) throw new Error(`${r.url}: HTTP ${r.status} ${body.slice(0, 300)}`);
  return (body ? JSON.parse(body) : undefined) as T;
}

/** Resource Owner Password Credentials with the confidential scripts client (what `npm run token` does). */
const passwordGrant = async (username: string) =>
  (
    await json<{ access_token: string }>(
      fetch(
        `${ISSUER}/protocol/openid-connect/token`,
        form({ grant_type: 'password', ...SCRIPTS, username, password: 'demo', scope: 'openid' }),
      ),
    )
  ).access_token;

/** The console's sign-in: Authorization Code + PKCE (S256) with the public client, driving the login form. */
async function authorizationCodeWithPkce(username: string, password: string): Promise<string> {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const redirectUri = 'http://127.0.0.1:5173/auth/callback'; // any loopback port (RFC 8252 §7.3)
  const state = randomBytes(8).toString('hex');
  const cookies = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      cookies.set(pair.slice(0, i), pair.slice(i + 1));
    }
  };
  const cookieHeader = () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const auth = new URL(`${ISSUER}/protocol/openid-connect/auth`);
  auth.search = new URLSearchParams({
    client_id: 'urp-console',
    response_type: 'code',
    scope: 'openid',
    redirect_uri: redirectUri,
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  const page = await fetch(auth, { redirect: 'manual' });
  keep(page);
  const html = await page.text();
  expect(page.status).toBe(200);
  const action = /<form[^>]*id="kc-form-login"[^>]*action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error(`no login form in Keycloak's page:\n${html.slice(0, 500)}`);
  const login = await fetch(action.replace(/&amp;/g, '&'), {
    ...form({ username, password, credentialId: '' }),
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader() },
    redirect: 'manual',
  });
  expect(login.status).toBe(302);
  keep(login);
  const back = new URL(login.headers.get('location')!);
  expect(`${back.origin}${back.pathname}`).toBe(redirectUri);
  expect(back.searchParams.get('state')).toBe(state);
  const code = back.searchParams.get('code')!;
  // without the verifier the code is refused (PKCE), with it the tokens come back
  const stolen = await fetch(
    `${ISSUER}/protocol/openid-connect/token`,
    form({ grant_type: 'authorization_code', client_id: 'urp-console', code, redirect_uri: redirectUri }),
  );
  expect(stolen.status).toBe(400);
  // the refused exchange may have spent the code: ask again (the SSO cookie skips the form)
  const again = await fetch(auth, { headers: { cookie: cookieHeader() }, redirect: 'manual' });
  expect(again.status).toBe(302);
  const code2 = new URL(again.headers.get('location')!).searchParams.get('code')!;
  const tokens = await json<{ access_token: string }>(
    fetch(
      `${ISSUER}/protocol/openid-connect/token`,
      form({
        grant_type: 'authorization_code',
        client_id: 'urp-console',
        code: code2,
        redirect_uri: redirectUri,
        code_verifier: verifier,
      }),
    ),
  );
  return tokens.access_token;
}

describe('sign-in with Keycloak and key rotation, through the gateway', () => {
  let startedKeycloak = false;
  let knowledge: RunningProcess;
  let gateway: RunningProcess;

  beforeAll(async () => {
    const t0 = Date.now();
    let out: string;
    try {
      out = execFileSync('bash', [join(REPO_ROOT, 'deploy/local/infra.sh'), 'start', 'keycloak'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, URP_KEYCLOAK_PORT: String(KC_PORT) },
      });
    } catch (e) {
      const err = e as { stderr?: string; stdout?: string };
      throw new Error(
        `Keycloak could not start (deploy/local/infra.sh start keycloak):\n${err.stdout ?? ''}${err.stderr ?? ''}`,
      );
    }
    startedKeycloak = !out.includes('already running');
    console.log(`${out.trim()} (${Date.now() - t0} ms including the script)`);
    const [gatewayPort, knowledgePort] = await freePorts(2);
    knowledge = await spawnService(
      'services/knowledge-base/src/main.ts',
      {
        MONGO_URL: testInfra.mongoUrl,
        MONGO_DB: uniqueName('oidc_kb').replace(/-/g, '_'),
        KAFKA_BROKERS: testInfra.kafkaBrokers.join(','),
        KAFKA_GROUP_ID: uniqueName('oidc-kb'),
        IDENTITY_SECRET: 'e2e-identity-secret-0123456789abcdef',
      },
      knowledgePort,
    );
    gateway = await spawnGateway({ knowledge: knowledge.url }, gatewayPort, {
      OIDC_ISSUER: ISSUER,
      // a rotation is seen by the next token with an unknown key id, not after jose's 30 s default
      OIDC_JWKS_COOLDOWN_MS: '0',
    });
  }, 300_000);

  afterAll(async () => {
    await Promise.all([gateway?.stop(), knowledge?.stop()]);
    if (startedKeycloak) execFileSync('bash', [join(REPO_ROOT, 'deploy/local/infra.sh'), 'stop', 'keycloak']);
  });

  /** A staff-only query of the knowledge base (referents of the Tributi office). */
  const askAs = (token: string) =>
    gql(
      `${gateway.url}/graphql`,
      '{ referents(officeId: "tributi") { id } }',
      {},
      { authorization: `Bearer ${token}` },
    );

  it("signs a referent in by password grant: roles and offices come from Keycloak's token", async () => {
    const token = await passwordGrant('anna.ricci');
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({ iss: ISSUER, sub: 'ref-anna', offices: ['tributi'], azp: 'urp-scripts' });
    expect((claims.realm_access as { roles: string[] }).roles).toContain('referent');
    const res = await askAs(token);
    expect(res.body).toEqual({ data: { referents: [] } });
    // a wrong password gets no token at all
    await expect(passwordGrant('nobody')).rejects.toThrow(/HTTP 401/);
  });

  it('signs a staff member in through the console client: Authorization Code + PKCE with the login form', async () => {
    const token = await authorizationCodeWithPkce('paola.costa', 'demo');
    expect(decodeJwt(token)).toMatchObject({ sub: 'ref-paola', offices: ['istruzione'], azp: 'urp-console' });
    expect((await askAs(token)).body).toEqual({ data: { referents: [] } });
  });

  it("refuses a token that is not the realm's (tampered signature) with 401", async () => {
    const token = await passwordGrant('anna.ricci');
    const [h, p] = token.split('.');
    const res = await askAs(`${h}.${p}.${Buffer.from('forged').toString('base64url')}`);
    expect(res.status).toBe(401);
    expect(res.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it("accepts a token signed by the realm's new key after a rotation", async () => {
    const before = await passwordGrant('anna.ricci');
    expect((await askAs(before)).body.errors).toBeUndefined(); // the gateway now holds the old key set
    const oldKid = decodeProtectedHeader(before).kid;

    const admin = (
      await json<{ access_token: string }>(
        fetch(
          `${KC}/realms/master/protocol/openid-connect/token`,
          form({ grant_type: 'password', client_id: 'admin-cli', username: 'admin', password: 'admin' }),
        ),
      )
    ).access_token;
    const adminApi = (path: string, init: RequestInit = {}) =>
      fetch(`${KC}/admin/realms/urp${path}`, {
        ...init,
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json', ...init.headers },
      });
    const realm = await json<{ id: string }>(adminApi(''));
    const keys = await json<{
      keys: { kid: string; providerId: string; algorithm: string; status: string }[];
    }>(adminApi('/keys'));
    const oldProvider = keys.keys.find((k) => k.kid === oldKid)!.providerId;
    // a new RSA key with a higher priority than any existing one…
    const created = await adminApi('/components', {
      method: 'POST',
      body: JSON.stringify({
        name: `rsa-rotated-${Date.now()}`,
        providerId: 'rsa-generated',
        providerType: 'org.keycloak.keys.KeyProvider',
        parentId: realm.id,
        config: {
          priority: [String(Date.now())],
          enabled: ['true'],
          active: ['true'],
          keySize: ['2048'],
          algorithm: ['RS256'],
        },
      }),
    });
    expect(created.status).toBe(201);
    // …and the old one disabled: it signs nothing and leaves the published key set
    const old = await json<{ config: Record<string, string[]> }>(adminApi(`/components/${oldProvider}`));
    const disabled = await adminApi(`/components/${oldProvider}`, {
      method: 'PUT',
      body: JSON.stringify({ ...old, config: { ...old.config, enabled: ['false'], active: ['false'] } }),
    });
    expect(disabled.status).toBe(204);
    const certs = await json<{ keys: { kid: string }[] }>(fetch(`${ISSUER}/protocol/openid-connect/certs`));
    expect(certs.keys.map((k) => k.kid)).not.toContain(oldKid);

    const after = await passwordGrant('anna.ricci');
    const newKid = decodeProtectedHeader(after).kid;
    expect(newKid).not.toBe(oldKid);
    expect(certs.keys.map((k) => k.kid)).toContain(newKid);
    const res = await askAs(after);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: { referents: [] } });
  });
});
