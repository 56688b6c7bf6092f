import { deskItem } from './desk.rules';
import { at, facts, typeOf } from './procedure.fixtures';
import { recordDelivery, type DeliveryReport } from './procedure.deliveries';
import { submit } from './procedure.rules';

const p = submit(typeOf(), facts('2026-01-07T10:00:00+01:00'), at('2026-01-08T10:00:00Z')).state;
const report = (over: Partial<DeliveryReport>): DeliveryReport => ({
  notificationId: 'ntf_1',
  template: 'procedure_start_notice',
  channel: 'pec',
  status: 'sent',
  at: '2026-01-08T10:05:00.000Z',
  eventId: 'e1',
  ...over,
});

describe('delivery reports of the applicant’s notices (agreement 4)', () => {
  it('keeps the latest state per notification and tells the office on the timeline', () => {
    const sent = recordDelivery(p, report({}))!.state;
    expect(sent.deliveries).toEqual([expect.objectContaining({ notificationId: 'ntf_1', status: 'sent' })]);
    const delivered = recordDelivery(
      sent,
      report({ status: 'delivered', at: '2026-01-08T10:06:00.000Z' }),
    )!.state;
    expect(delivered.deliveries).toHaveLength(1);
    expect(delivered.deliveries?.[0].status).toBe('delivered');
    expect(delivered.timeline.at(-1)?.summary).toBe(
      'La comunicazione di avvio è stata consegnata al richiedente (PEC)',
    );
    // never backwards: a late `sent`, or a bounce reported after the delivery, changes nothing
    expect(recordDelivery(delivered, report({ status: 'sent', at: '2026-01-08T10:07:00.000Z' }))).toBeNull();
    expect(recordDelivery(delivered, report({ status: 'failed', code: 'smtp_550' }))).toBeNull();
  });

  it('a permanent failure stays on the procedure with its code, in Italian', () => {
    const failed = recordDelivery(
      p,
      report({
        template: 'procedure_rejection_notice',
        status: 'failed',
        code: 'no_address',
        outcome: 'failed',
      }),
    )!.state;
    expect(failed.deliveries?.[0]).toMatchObject({
      status: 'failed',
      code: 'no_address',
      reason: 'nessun recapito disponibile per il canale scelto',
    });
    expect(failed.timeline.at(-1)?.summary).toContain('Il preavviso di rigetto NON è stato consegnato');
    expect(deskItem(failed).undeliveredNotices).toBe(1);
    expect(deskItem(p).undeliveredNotices).toBeUndefined();
  });

  it('a warning to the office is said to have gone to the office, in Italian, never by its code', () => {
    for (const template of ['procedure_deadline_missed', 'procedure_deadline_approaching']) {
      const line = recordDelivery(
        p,
        report({ template, channel: 'email', status: 'delivered', notificationId: template }),
      )!.state.timeline.at(-1)!.summary;
      expect(line).not.toContain('richiedente');
      expect(line).not.toContain(template);
      expect(line).toContain("all'ufficio (responsabile del procedimento)");
      expect(line).toContain('(e-mail)');
    }
    const missed = recordDelivery(
      p,
      report({ template: 'procedure_deadline_missed', channel: 'email', status: 'delivered' }),
    )!.state.timeline.at(-1)!.summary;
    expect(missed).toBe(
      "L'avviso di termine scaduto è stato consegnato all'ufficio (responsabile del procedimento) (e-mail)",
    );
  });

  it('the substitute official’s notice is said to have gone to them, and its failure not to the applicant', () => {
    const told = recordDelivery(
      p,
      report({ template: 'procedure_substitute', channel: 'email', status: 'delivered' }),
    )!.state.timeline.at(-1)!.summary;
    expect(told).toBe(
      "L'avviso del potere sostitutivo è stato consegnato al titolare del potere sostitutivo (e-mail)",
    );
    const failed = recordDelivery(
      p,
      report({ template: 'procedure_substitute', channel: 'email', status: 'failed', code: 'no_address' }),
    )!.state.timeline.at(-1)!.summary;
    expect(failed).toContain('NON è stato consegnato al titolare del potere sostitutivo');
    expect(failed).not.toMatch(/richiedente|avvisarlo/);
  });

  it('an applicant without the IO app: said in Italian, on the channel attempted, not "refused"', () => {
    const line = recordDelivery(
      p,
      report({ status: 'failed', channel: 'pec', code: 'io_profile_not_found', outcome: 'bounced' }),
    )!.state.timeline.at(-1)!.summary;
    expect(line).toBe(
      "La comunicazione di avvio NON è stata consegnata al richiedente (canale tentato: app IO; l'app IO non è attiva per il cittadino): avvisarlo per altra via",
    );
    expect(line).not.toMatch(/rifiutat|io_profile_not_found|pec/);
    const missing = recordDelivery(
      p,
      report({ status: 'failed', channel: 'email', code: 'document_not_found', outcome: 'failed' }),
    )!.state.timeline.at(-1)!.summary;
    expect(missing).toContain('(canale tentato: e-mail; il documento da allegare non è stato trovato)');
  });

  it('the decision notice is named in Italian, whatever its outcome', () => {
    const line = recordDelivery(
      p,
      report({ template: 'procedure_decision_rejected_notice', channel: 'email', status: 'delivered' }),
    )!.state.timeline.at(-1)!.summary;
    expect(line).toBe('La comunicazione del provvedimento finale è stata consegnata al richiedente (e-mail)');
  });
});
