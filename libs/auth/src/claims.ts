import type { JWTPayload } from 'jose';
import { AuthError, USER_ROLES, type Identity, type Role } from './identity';

/** Where an identity provider puts the staff member's roles and office(s) in its access tokens. */
export interface ClaimMapping {
  /** Dotted path of the roles claim: Keycloak's realm roles are at `realm_access.roles`. */
  rolesClaim: string;
  /** Dotted path of the offices claim (a user attribute mapped into the token by a protocol mapper). */
  officesClaim: string;
}

export const DEFAULT_CLAIM_MAPPING: ClaimMapping = {
  rolesClaim: 'realm_access.roles',
  officesClaim: 'offices',
};

/**
 * The value at a dotted path (`realm_access.roles`). A key that itself contains dots (some providers use
 * URLs as claim names, e.g. `https://urp.example/roles`) is found first as a whole.
 */
export function claimAt(payload: Record<string, unknown>, path: string): unknown {
  if (path in payload) return payload[path];
  let value: unknown = payload;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** A claim as a list of strings: an array, one string, or a space/comma separated string (scopes, attributes). */
function stringList(value: unknown): string[] {
  const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[\s,]+/) : [];
  return [
    ...new Set(
      items.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim()),
    ),
  ];
}

/**
 * The identity of a staff member from a verified token: only the platform's user roles are kept (a provider's
 * own roles such as `offline_access` are ignored, and `service` is never accepted from a user token).
 */
export function identityFromClaims(payload: JWTPayload, mapping: ClaimMapping): Identity {
  if (!payload.sub) throw new AuthError('token has no subject');
  const roles = stringList(claimAt(payload, mapping.rolesClaim)).filter((r): r is Role =>
    USER_ROLES.includes(r as Role),
  );
  const offices = stringList(claimAt(payload, mapping.officesClaim));
  const name =
    typeof payload.name === 'string'
      ? payload.name
      : typeof payload.preferred_username === 'string'
        ? payload.preferred_username
        : undefined;
  return { sub: payload.sub, roles, offices, ...(name ? { name } : {}) };
}
