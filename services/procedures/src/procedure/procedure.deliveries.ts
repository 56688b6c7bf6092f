import { noted, type Change, type NoticeDelivery, type Procedure } from './procedure.state';

/**
 * What campaigns reported about a notification of this procedure (agreement 4), pure. One entry per notification
 * (the latest report), with a timeline line the office reads; a status never moves backwards (a late `sent` after
 * `delivered`, or a report older than the one kept, changes nothing). A permanent failure stays on the procedure.
 */
export interface DeliveryReport {
  notificationId: string;
  template: string;
  channel: string;
  status: NoticeDelivery['status'];
  code?: string;
  outcome?: 'failed' | 'bounced';
  at: string;
  eventId: string;
}

const RANK: Record<NoticeDelivery['status'], number> = { sent: 1, delivered: 2, failed: 2 };

/** What the notice is called, and the ending of its participles (Italian agreement). */
const LABELS: Record<string, [string, 'a' | 'o']> = {
  procedure_start_notice: ['La comunicazione di avvio', 'a'],
  procedure_rejection_notice: ['Il preavviso di rigetto', 'o'],
};

export function recordDelivery(p: Procedure, r: DeliveryReport): Change | null {
  const deliveries = p.deliveries ?? [];
  const kept = deliveries.find((d) => d.notificationId === r.notificationId);
  if (kept && (RANK[kept.status] > RANK[r.status] || kept.at > r.at || kept.status === 'delivered'))
    return null;
  const entry: NoticeDelivery = {
    notificationId: r.notificationId,
    template: r.template,
    channel: r.channel,
    status: r.status,
    ...(r.code ? { code: r.code } : {}),
    ...(r.status === 'failed'
      ? { reason: r.outcome === 'bounced' ? 'rifiutata dal destinatario' : 'non inviata' }
      : {}),
    at: r.at,
    eventId: r.eventId,
  };
  const [what, g] = LABELS[r.template] ?? [`La notifica ${r.template}`, 'a'];
  const summary =
    r.status === 'delivered'
      ? `${what} è stat${g} consegnat${g} al richiedente (${r.channel})`
      : r.status === 'sent'
        ? `${what} è stat${g} inviat${g} al richiedente (${r.channel}), in attesa di ricevuta`
        : `${what} NON è stat${g} consegnat${g} al richiedente (${r.channel}: ${r.code ?? 'errore'}, ${entry.reason}): avvisarlo per altra via`;
  const state = noted(
    {
      ...p,
      deliveries: [...deliveries.filter((d) => d.notificationId !== r.notificationId), entry],
    },
    { at: r.at, type: `notice_${r.status}`, summary, by: 'campaigns' },
  );
  return { state, events: [] };
}
