/**
 * What the subgraph returns: domain states mapped to the GraphQL shapes (ISO strings for instants). Enum
 * values stay domain values (lowercase): the enum resolvers map them to GraphQL names. The domain object
 * rides along (`__contact`, `__requester`) for field resolvers. No resolver imports another: they share this.
 */
import type { CaseContact, Contact } from '../contact/contact.rules';
import type { Requester } from '../requester/requester.rules';
import { alertsOf } from '../case/case-alerts.rules';

const iso = (d?: Date) => (d ? new Date(d).toISOString() : null);

const START_LABELS = {
  requested: 'Inviato a Procedimenti, in attesa di conferma',
  submitted: 'Procedimento avviato',
  refused: 'Rifiutato da Procedimenti: verificare la richiesta',
} as const;

/**
 * A contact; the registration's answer also carries the receipt's secret, once (`receiptCode`), and where the
 * status page is (`statusPageUrl`).
 */
export function contactView(c: Contact & { receiptCode?: string; statusPageUrl?: string }) {
  return {
    ...c,
    __contact: c,
    status: c.status,
    direction: c.direction ?? 'inbound',
    registeredAt: iso(c.registeredAt) ?? '',
    closedAt: iso(c.closedAt),
    sheetIds: c.sheetIds ?? [],
    case: undefined,
    procedureStart: c.procedureStart
      ? {
          status: c.procedureStart.status.toUpperCase(),
          statusLabel: START_LABELS[c.procedureStart.status],
          procedureId: c.procedureStart.procedureId ?? null,
          confirmedAt: iso(c.procedureStart.confirmedAt),
          refusalCode: c.procedureStart.refusal?.code ?? null,
          refusalReason: c.procedureStart.refusal?.reason ?? null,
          refusedAt: iso(c.procedureStart.refusal?.at),
        }
      : null,
    receiptCode: c.receiptCode ?? null,
    statusPageUrl: (c.receiptCode && c.statusPageUrl) || null,
  };
}
export type ContactView = ReturnType<typeof contactView>;

export function caseView(c: CaseContact, labels: Record<string, string>, now: Date) {
  const k = c.case;
  const susp = k.suspensions ?? [];
  return {
    __contact: c,
    id: k.id,
    contactId: c.id,
    protocolNumber: c.protocolNumber ?? '',
    type: c.type,
    channel: c.channel,
    status: k.status,
    statusLabel: labels[k.status] ?? k.status,
    priority: k.priority,
    category: c.category ?? null,
    officeId: k.officeId ?? null,
    referentId: k.referentId ?? null,
    requesterId: c.requesterId ?? null,
    openedAt: iso(k.openedAt) ?? '',
    dueAt: iso(k.dueAt) ?? '',
    reminderAt: iso(k.reminderAt),
    overdue: !['closed', 'merged'].includes(k.status) && new Date(k.dueAt).getTime() < now.getTime(),
    suspended: susp.some((s) => !s.to),
    firstResponseAt: iso(k.firstResponseAt),
    closedAt: iso(k.closedAt),
    outcome: k.outcome ?? null,
    forwardedTo: k.forwardedTo ?? null,
    withinTerm: k.withinTerm ?? null,
    duplicateOf: k.duplicateOf ?? null,
    duplicates: k.duplicates ?? [],
    history: (k.history ?? []).map((h) => ({
      ...h,
      at: iso(h.at) ?? '',
      status: h.status ?? null,
      detail: h.detail ?? null,
      dueAt: iso(h.dueAt),
    })),
    notes: (k.notes ?? []).map((n) => ({ ...n, at: iso(n.at) ?? '' })),
    messages: (k.messages ?? []).map((m) => ({ ...m, at: iso(m.at) ?? '' })),
    alerts: alertsOf(k),
    procedureStartRefusal: k.procedureStartRefusal
      ? {
          code: k.procedureStartRefusal.code,
          reason: k.procedureStartRefusal.reason,
          procedureTypeCode: k.procedureStartRefusal.procedureTypeCode ?? null,
          at: iso(k.procedureStartRefusal.at) ?? '',
        }
      : null,
    deliveries: (k.deliveries ?? []).map((d) => ({
      notificationId: d.notificationId,
      channel: d.channel,
      template: d.template,
      status: d.status.toUpperCase(),
      code: d.code ?? null,
      attempts: d.attempts,
      at: iso(d.at) ?? '',
    })),
  };
}
export type CaseView = ReturnType<typeof caseView>;

export const requesterView = (r: Requester) => ({
  id: r.id,
  revision: r.revision,
  kind: r.kind,
  preferredChannel: r.preferredChannel ?? null,
  area: r.area ?? null,
  __requester: r,
  createdAt: iso(r.createdAt) ?? '',
  lastActivityAt: iso(r.lastActivityAt ?? r.createdAt) ?? '',
  retainUntil: iso(r.retainUntil),
  anonymised: !!r.anonymisedAt,
  anonymisedAt: iso(r.anonymisedAt),
  isStaff: !!r.isStaff,
  // personal data only through `personalData(purpose)` (audited)
});
export type RequesterView = ReturnType<typeof requesterView>;
