import type { Identity, Role } from '@urp/auth';
import type { CaseRecord } from '../case/case.model';
import type { Contact } from '../contact/contact.rules';

/** Enum values stay domain values (lowercase): the enum resolvers map them to GraphQL names. */
const up = (s?: string) => s ?? null;
const iso = (d?: Date) => (d ? new Date(d).toISOString() : null);

/** Roles that work with citizens and see their words, addresses and personal data. */
export const PERSONAL_DATA_ROLES: Role[] = ['operator', 'backoffice', 'admin'];
export const canSeePersonal = (who?: Identity) =>
  !!who && who.roles.some((r) => PERSONAL_DATA_ROLES.includes(r));
/** Internal notes: staff working cases (not analysts, who read the event streams). */
export const canSeeNotes = (who?: Identity) =>
  !!who && who.roles.some((r) => ['operator', 'backoffice', 'referent', 'manager', 'admin'].includes(r));

export function contactView(c: Contact) {
  return {
    ...c,
    __contact: c,
    status: c.status,
    direction: c.direction ?? 'inbound',
    registeredAt: iso(c.registeredAt),
    closedAt: iso(c.closedAt),
    sheetIds: c.sheetIds ?? [],
    case: undefined,
  };
}

export function caseView(c: Contact & { case: CaseRecord }, labels: Record<string, string>) {
  const k = c.case;
  const susp = k.suspensions ?? [];
  return {
    __contact: c,
    id: k.id,
    contactId: c.id,
    protocolNumber: c.protocolNumber ?? '',
    type: c.type,
    channel: c.channel,
    status: up(k.status),
    statusLabel: labels[k.status] ?? k.status,
    priority: up(k.priority),
    category: c.category ?? null,
    officeId: k.officeId ?? null,
    referentId: k.referentId ?? null,
    requesterId: c.requesterId ?? null,
    openedAt: iso(k.openedAt),
    dueAt: iso(k.dueAt),
    reminderAt: iso(k.reminderAt),
    overdue: !['closed', 'merged'].includes(k.status) && new Date(k.dueAt).getTime() < Date.now(),
    suspended: susp.some((s) => !s.to),
    firstResponseAt: iso(k.firstResponseAt),
    closedAt: iso(k.closedAt),
    outcome: up(k.outcome),
    forwardedTo: k.forwardedTo ?? null,
    withinTerm: k.withinTerm ?? null,
    duplicateOf: k.duplicateOf ?? null,
    duplicates: k.duplicates ?? [],
    history: (k.history ?? []).map((h) => ({
      ...h,
      at: iso(h.at),
      status: up(h.status),
      dueAt: iso(h.dueAt),
    })),
    notes: (k.notes ?? []).map((n) => ({ ...n, at: iso(n.at) })),
    messages: (k.messages ?? []).map((m) => ({ ...m, at: iso(m.at) })),
  };
}
