// Prints development bearer tokens for the demo roles (`npm run token`, or `npm run token -- operator`).
// Uses AUTH_ISSUER / AUTH_AUDIENCE / AUTH_JWT_SECRET, defaulting to the values deploy/local/up.sh uses.
import { USER_ROLES as ROLES, signDevToken, type Role } from '@urp/auth';

export const DEV_AUTH = {
  issuer: process.env.AUTH_ISSUER ?? 'urp-dev',
  audience: process.env.AUTH_AUDIENCE ?? 'urp',
  secret: process.env.AUTH_JWT_SECRET ?? 'dev-only-jwt-secret-change-me-0123456789',
};

const DEMO_PEOPLE: Record<Exclude<Role, 'service'>, { sub: string; name: string }> = {
  operator: { sub: 'op-giulia', name: 'Giulia Bianchi (sportello)' },
  backoffice: { sub: 'bo-marco', name: 'Marco Esposito (back office)' },
  referent: { sub: 'ref-anna', name: 'Anna Ricci (Ufficio Tributi)' },
  manager: { sub: 'mgr-paolo', name: 'Paolo Conti (responsabile URP)' },
  analyst: { sub: 'an-sara', name: 'Sara Galli (analista)' },
  admin: { sub: 'adm-luca', name: 'Luca Romano (amministratore)' },
};

export const devToken = (role: Exclude<Role, 'service'>) =>
  signDevToken({ ...DEMO_PEOPLE[role], roles: [role] }, DEV_AUTH);

async function main() {
  const wanted = process.argv.slice(2);
  const bad = wanted.filter((r) => !ROLES.includes(r as Role));
  if (bad.length) {
    console.error(`unknown role(s): ${bad.join(', ')}; roles: ${ROLES.join(', ')}`);
    process.exit(2);
  }
  for (const role of (wanted.length ? wanted : ROLES) as Exclude<Role, 'service'>[]) {
    console.log(wanted.length === 1 ? await devToken(role) : `${role.padEnd(10)} ${await devToken(role)}`);
  }
}

if (require.main === module) void main();
