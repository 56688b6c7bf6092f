// Sign-in: OIDC Authorization Code + PKCE against Keycloak (oidc-client-ts, loaded only when signing in),
// or, only when the server runs with CONSOLE_DEV_LOGIN=true, a development token pasted by the tester.
// The access token lives in sessionStorage (gone with the tab), never in a URL or a cookie.

export type Role = 'operator' | 'backoffice' | 'referent' | 'manager' | 'analyst' | 'admin';
export const ROLES: Role[] = ['operator', 'backoffice', 'referent', 'manager', 'analyst', 'admin'];

export interface Session {
  token: string;
  sub: string;
  name: string;
  roles: Role[];
  /** The offices the token names (`offices`, as the gateway reads them by default); undefined when it names none. */
  offices?: string[];
  expiresAt: number;
  via: 'oidc' | 'dev';
}

export interface ConsoleConfig {
  issuer?: string;
  clientId?: string;
  devLogin: boolean;
}

const KEY = 'urp.console.session';
let current: Session | null = null;
const listeners = new Set<() => void>();

function emit(): void {
  for (const l of listeners) l();
}

export function onSessionChange(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

export function session(): Session | null {
  if (current && current.expiresAt > Date.now()) return current;
  const raw = sessionStorage.getItem(KEY);
  if (!raw) return (current = null);
  try {
    const s = JSON.parse(raw) as Session;
    current = s.expiresAt > Date.now() ? s : null;
  } catch {
    current = null;
  }
  return current;
}

/** The claims of a JWT (the console does not verify it: the gateway does, on every request). */
export function decodeClaims(token: string): Record<string, unknown> {
  const part = token.split('.')[1];
  if (!part) throw new Error('not a JWT');
  const json = atob(
    part
      .replace(/-/g, '+')
      .replace(/_/g, '/')
      .padEnd(Math.ceil(part.length / 4) * 4, '='),
  );
  return JSON.parse(decodeURIComponent(escape(json))) as Record<string, unknown>;
}

/** Roles from our dev tokens (`roles`) or Keycloak's (`realm_access.roles`, client roles). */
export function rolesOf(claims: Record<string, unknown>, clientId?: string): Role[] {
  const found = new Set<string>();
  const add = (v: unknown) => Array.isArray(v) && v.forEach((r) => typeof r === 'string' && found.add(r));
  add(claims.roles);
  add((claims.realm_access as { roles?: unknown } | undefined)?.roles);
  const ra = claims.resource_access as Record<string, { roles?: unknown }> | undefined;
  if (ra)
    for (const [client, v] of Object.entries(ra))
      if (!clientId || client === clientId || client === 'urp') add(v.roles);
  return ROLES.filter((r) => found.has(r));
}

export function sessionFromToken(token: string, via: Session['via'], clientId?: string): Session {
  const c = decodeClaims(token);
  const exp = typeof c.exp === 'number' ? c.exp * 1000 : Date.now() + 3600_000;
  const name =
    (typeof c.name === 'string' && c.name) ||
    (typeof c.preferred_username === 'string' && c.preferred_username) ||
    String(c.sub ?? 'utente');
  const offices = Array.isArray(c.offices)
    ? c.offices.filter((o): o is string => typeof o === 'string')
    : undefined;
  return {
    token,
    sub: String(c.sub ?? ''),
    name,
    roles: rolesOf(c, clientId),
    ...(offices ? { offices } : {}),
    expiresAt: exp,
    via,
  };
}

function store(s: Session): void {
  current = s;
  sessionStorage.setItem(KEY, JSON.stringify(s));
  emit();
}

let configPromise: Promise<ConsoleConfig> | null = null;
export function loadConfig(): Promise<ConsoleConfig> {
  configPromise ??= fetch('/config.json').then(async (r) =>
    r.ok ? ((await r.json()) as ConsoleConfig) : { devLogin: false },
  );
  return configPromise;
}

async function userManager() {
  const cfg = await loadConfig();
  if (!cfg.issuer || !cfg.clientId) throw new Error('Accesso OIDC non configurato sul server della console.');
  const { UserManager, WebStorageStateStore } = await import('oidc-client-ts');
  return {
    cfg,
    mgr: new UserManager({
      authority: cfg.issuer,
      client_id: cfg.clientId,
      redirect_uri: `${location.origin}/accesso/callback`,
      post_logout_redirect_uri: `${location.origin}/accesso`,
      response_type: 'code',
      scope: 'openid profile',
      userStore: new WebStorageStateStore({ store: sessionStorage }),
      automaticSilentRenew: false,
      // the code-for-token exchange goes through the console's server (same origin: no CORS at the provider)
      metadataSeed: { token_endpoint: `${location.origin}/oidc/token` },
    }),
  };
}

export async function signInWithOidc(returnTo: string): Promise<void> {
  const { mgr } = await userManager();
  await mgr.signinRedirect({ state: { returnTo } });
}

/** Completes the code exchange (PKCE) on /accesso/callback; returns where to go next. */
export async function completeOidcSignIn(): Promise<string> {
  const { mgr, cfg } = await userManager();
  const user = await mgr.signinRedirectCallback();
  store(sessionFromToken(user.access_token, 'oidc', cfg.clientId));
  const st = user.state as { returnTo?: string } | undefined;
  return st?.returnTo && st.returnTo.startsWith('/') ? st.returnTo : '/';
}

export async function signInWithDevToken(token: string): Promise<Session> {
  const cfg = await loadConfig();
  if (!cfg.devLogin) throw new Error('L’accesso di sviluppo non è attivo su questo server.');
  const s = sessionFromToken(token.trim(), 'dev');
  if (s.expiresAt <= Date.now()) throw new Error('Il token è scaduto.');
  if (!s.roles.length) throw new Error('Il token non contiene alcun ruolo della scrivania URP.');
  store(s);
  return s;
}

export function signOut(redirect = true): void {
  const was = current ?? session();
  current = null;
  sessionStorage.removeItem(KEY);
  emit();
  if (redirect && was?.via === 'oidc') {
    void userManager()
      .then(({ mgr }) => mgr.signoutRedirect())
      .catch(() => undefined);
  }
}

/** Each role's own start page. */
export function startPage(roles: Role[]): string {
  if (roles.includes('operator')) return '/sportello';
  if (roles.includes('backoffice')) return '/schede';
  if (roles.includes('referent')) return '/pratiche';
  if (roles.includes('manager') || roles.includes('analyst') || roles.includes('admin')) return '/cruscotto';
  return '/accesso';
}
