import type { Identity, Role } from '@urp/auth';
import { DomainError } from './errors';

/** Who is acting: the verified identity the gateway forwarded (offices: the staff member's office ids). */
export type Actor = Identity & { readonly offices?: readonly string[] };

/**
 * One line of a service's policy table: which roles may perform an action, and for which of them the
 * action is limited to resources of their own office(s) (need to know, GDPR art. 5 and 25).
 * `admin` may do everything; `public` actions need no account (citizens' pages).
 */
export interface PolicyRule<R> {
  roles: readonly Role[] | 'public' | 'staff';
  /** Roles that act only within their own office(s): the resource's offices must meet the actor's. */
  officeScoped?: readonly Role[];
  /** Only these roles, not even `admin` (e.g. `service`-only endpoints that a person must never call). */
  noAdminOverride?: boolean;
  /** The office(s) a resource belongs to (undefined: not yet routed; then office-scoped roles are refused). */
  officesOf?: (resource: R) => string | readonly string[] | undefined;
}

export type PolicyTable = Record<string, PolicyRule<never>>;

/**
 * The authorization hook: every use case and every query of a service passes through `authorize`
 * (or `visible` for lists) with the action's name from the service's policy table. An action that is not
 * in the table is refused: a new mutation cannot be reachable by accident.
 */
export class Policy<T extends Record<string, PolicyRule<never>>> {
  constructor(readonly table: T) {}

  /** Throws FORBIDDEN unless `actor` may perform `action` (on `resource`, when the rule is office-scoped). */
  authorize<A extends keyof T & string>(
    action: A,
    actor: Actor,
    resource?: T[A] extends PolicyRule<infer R> ? R : never,
  ): void {
    if (!this.allows(action, actor, resource)) throw DomainError.forbidden();
  }

  allows<A extends keyof T & string>(
    action: A,
    actor: Actor,
    resource?: T[A] extends PolicyRule<infer R> ? R : never,
  ): boolean {
    const rule = this.table[action] as unknown as PolicyRule<unknown> | undefined;
    if (!rule) return false;
    if (rule.roles === 'public') return true;
    if (actor.anonymous) return false;
    if (actor.roles.includes('admin') && !rule.noAdminOverride) return true;
    const granted =
      rule.roles === 'staff'
        ? actor.roles.filter((r) => r !== 'service')
        : actor.roles.filter((r) => (rule.roles as readonly Role[]).includes(r));
    if (!granted.length) return false;
    // a role that is not office-scoped grants the action everywhere
    if (granted.some((r) => !rule.officeScoped?.includes(r))) return true;
    // no resource: a list (filtered item by item with `visible`) or an action checked again on its resource
    if (resource === undefined) return true;
    if (!rule.officesOf) return false;
    const offices = rule.officesOf(resource);
    const list = offices === undefined ? [] : typeof offices === 'string' ? [offices] : offices;
    return list.some((o) => actor.offices?.includes(o));
  }

  /** The items of a list the actor may see under `action` (office-scoped roles see their offices' only). */
  visible<A extends keyof T & string>(
    action: A,
    actor: Actor,
    items: readonly (T[A] extends PolicyRule<infer R> ? R : never)[],
  ): (T[A] extends PolicyRule<infer R> ? R : never)[] {
    return items.filter((item) => this.allows(action, actor, item));
  }
}

/** Builds a typed policy table: `definePolicy({ 'case.close': rule<Case>({ roles: [...] }) })`. */
export const definePolicy = <T extends Record<string, PolicyRule<never>>>(table: T): Policy<T> =>
  new Policy(table);
export const rule = <R>(r: PolicyRule<R>): PolicyRule<R> => r;
