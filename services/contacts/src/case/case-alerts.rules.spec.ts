import type { Contact } from '../contact/contact.rules';
import type { CaseRecord } from './case.model';
import { alertsOf, recordDelivery, recordStaffNotice, refuseProcedureStart } from './case-alerts.rules';
import { queuePredicate } from './case-queue.rules';

const k = (over: Partial<CaseRecord> = {}): CaseRecord => ({
  id: 'case_c1',
  status: 'received',
  priority: 'normal',
  openedAt: new Date('2026-12-01T09:00:00Z'),
  dueAt: new Date('2026-12-31T22:59:59.999Z'),
  termDays: 30,
  suspensions: [],
  duplicates: [],
  history: [],
  notes: [],
  messages: [],
  mentioned: [],
  ...over,
});
const contact = (over: Partial<Contact> = {}): Contact => ({
  id: 'c1',
  revision: 1,
  channel: 'desk',
  type: 'complaint',
  direction: 'inbound',
  subject: 'x',
  status: 'open',
  operatorId: 'op',
  registeredAt: new Date('2026-12-01T09:00:00Z'),
  sheetIds: [],
  ...over,
});
const refusal = {
  code: 'unknown_procedure_type',
  reason: 'Il tipo di procedimento «bonus_x» non esiste nel catalogo.',
  procedureTypeCode: 'bonus_x',
  at: new Date('2026-12-01T09:05:00Z'),
};

describe('a refused procedure start (issue 13)', () => {
  it('goes on the contact and, with a case, in its history and alerts', () => {
    const d = refuseProcedureStart(contact({ case: k(), procedureStart: { status: 'requested' } }), refusal)!;
    expect(d.state.procedureStart).toMatchObject({ status: 'refused', refusal });
    expect(d.state.case!.history.at(-1)).toMatchObject({
      action: 'procedure_start_refused',
      detail: expect.stringContaining('Avvio del procedimento rifiutato (tipo bonus_x)'),
    });
    expect(alertsOf(d.state.case!)).toEqual(['procedure_start_refused']);
    expect(d.events).toEqual([]);
  });

  it('a procedure start (no case of its own) becomes a case of the front office, its term from the receipt', () => {
    const ctx = {
      actor: { sub: 'servizio procedimenti', roles: ['operator' as const] },
      now: new Date('2026-12-01T09:05:00Z'),
      source: '/urp/contacts',
      scrub: (t: string) => t,
    };
    const start = contact({ type: 'procedure_start', procedureStart: { status: 'requested' } });
    const d = refuseProcedureStart(start, refusal, { policy: { days: 30 }, ctx })!;
    expect(d.state.case).toMatchObject({
      id: 'case_c1',
      status: 'received',
      openedAt: start.registeredAt,
      procedureStartRefusal: refusal,
    });
    expect(d.state.case!.dueAt.toISOString()).toBe('2026-12-31T22:59:59.999Z');
    expect(d.state.case!.history.map((h) => h.action)).toEqual(['opened', 'procedure_start_refused']);
    expect(d.events.map((e) => e.type)).toEqual([expect.stringContaining('CaseOpened')]);
    // a closed contact is left as it is (the refusal is on it)
    const closed = refuseProcedureStart({ ...start, status: 'closed' }, refusal, {
      policy: { days: 30 },
      ctx,
    })!;
    expect(closed.state.case).toBeUndefined();
    expect(closed.state.procedureStart?.status).toBe('refused');
  });

  it('a start procedures confirmed stays confirmed; no contact, nothing', () => {
    expect(
      refuseProcedureStart(contact({ procedureStart: { status: 'submitted', procedureId: 'p' } }), refusal),
    ).toBeNull();
    expect(refuseProcedureStart(null, refusal)).toBeNull();
  });
});

describe('deliveries of the messages owed to the citizen (issue 14)', () => {
  const delivery = (status: 'sent' | 'delivered' | 'failed' | 'bounced', minute: number, id = 'n1') => ({
    notificationId: id,
    channel: 'email',
    template: 'case_answered',
    status,
    attempts: 1,
    at: new Date(Date.UTC(2026, 11, 2, 9, minute)),
    ...(status === 'failed' ? { code: 'smtp_550' } : {}),
  });

  it('keeps the latest state per message, never going back, with an Italian timeline entry', () => {
    let c = contact({ case: k() });
    c = recordDelivery(c, delivery('sent', 1))!.state;
    c = recordDelivery(c, delivery('delivered', 2))!.state;
    expect(recordDelivery(c, delivery('sent', 3))).toBeNull();
    expect(recordDelivery(c, delivery('delivered', 4))).toBeNull();
    expect(c.case!.deliveries).toEqual([delivery('delivered', 2)]);
    expect(c.case!.history.at(-1)!.detail).toContain('via e-mail consegnata');
    expect(alertsOf(c.case!)).toEqual([]);
  });

  it('a failure is an alert until that message is delivered', () => {
    let c = recordDelivery(contact({ case: k() }), delivery('failed', 1, 'n2'))!.state;
    expect(alertsOf(c.case!)).toEqual(['delivery_failed']);
    expect(c.case!.history.at(-1)!.detail).toContain('non inviata');
    expect(c.case!.history.at(-1)!.detail).toContain('motivo: smtp_550');
    c = recordDelivery(c, delivery('delivered', 1, 'n3'))!.state;
    expect(alertsOf(c.case!)).toEqual(['delivery_failed']);
    expect(recordDelivery(contact(), delivery('failed', 1))).toBeNull();
  });

  it('a notice to the staff (a reminder, an assignment) is a timeline entry, never the citizen’s state or alert', () => {
    const notice = (status: 'delivered' | 'failed', template: string) => ({
      ...delivery(status, 5, `staff-${template}`),
      template,
      ...(status === 'failed' ? { code: 'no_address' } : {}),
    });
    let c = contact({ case: k() });
    c = recordStaffNotice(c, notice('delivered', 'case_assigned'))!.state;
    c = recordStaffNotice(c, notice('failed', 'case_reminder'))!.state;
    expect(c.case!.deliveries ?? []).toEqual([]);
    expect(alertsOf(c.case!)).toEqual([]);
    expect(c.case!.history.slice(-2).map((h) => [h.action, h.detail])).toEqual([
      [
        'staff_notice_delivered',
        expect.stringContaining(
          'Comunicazione al personale (assegnazione della pratica) via e-mail consegnata',
        ),
      ],
      [
        'staff_notice_failed',
        expect.stringContaining('(promemoria prima della scadenza) via e-mail non inviata'),
      ],
    ]);
    expect(c.case!.history.at(-1)!.detail).toContain('motivo: no_address');
    expect(recordStaffNotice(contact(), notice('failed', 'case_due'))).toBeNull();
  });

  it('the queue filters by alert', () => {
    const me = { staffId: 's', ids: ['s'] };
    const row = { id: 'c1', type: 'complaint', operatorId: 'o', caseStatus: 'received' as const, dueAt: 0 };
    const failed = queuePredicate({ alert: 'delivery_failed' }, new Date(), me);
    expect(failed({ ...row, deliveryFailed: true })).toBe(true);
    expect(failed({ ...row, procedureStartRefused: true })).toBe(false);
    const refused = queuePredicate({ alert: 'procedure_start_refused' }, new Date(), me);
    expect(refused({ ...row, procedureStartRefused: true })).toBe(true);
    expect(refused(row)).toBe(false);
  });
});
