import { ApplicantNotificationTemplate } from '@urp/contracts';
import type { UseCaseContext } from '@urp/kernel';
import {
  addDeliveryReport,
  notificationIdFor,
  queueNotification,
  recordAttempt,
  renderNotification,
  type Notification,
  type QueueNotification,
} from './notification.rules';

const t0 = new Date('2026-11-02T09:00:00+01:00');
const ctx: UseCaseContext = {
  actor: { sub: 'campaigns-notifications', roles: ['service'] },
  now: t0,
  source: '/urp/campaigns',
};
const notice: QueueNotification = {
  id: notificationIdFor.applicant('n-1'),
  requestedBy: 'ApplicantNotificationRequested',
  procedureId: 'prc_1',
  recipientType: 'requester',
  recipientId: 'req_abcdef12',
  channel: 'pec',
  fallbackChannels: ['email', 'io', 'sms'],
  template: 'procedure_start_notice',
  facts: { documentId: 'doc_1', protocolNumber: '2026/000321', dueAt: '2026-12-30' },
};
const types = (d: { events: { type: string }[] } | null) => d?.events.map((e) => e.type.split('.')[3]) ?? [];

describe('what other services ask campaigns to deliver', () => {
  it('the art. 8 notice: attached on email / PEC, "where to read it" elsewhere; protocol and term in both', () => {
    const n = { template: notice.template, facts: notice.facts, recipientType: 'requester' as const };
    const attached = renderNotification(n, { attached: true });
    expect(attached.subject).toBe('Comunicazione di avvio del procedimento - protocollo n. 2026/000321');
    expect(attached.text).toContain('in allegato');
    expect(attached.text).toContain('art. 8 della legge 7 agosto 1990, n. 241');
    expect(attached.text).toContain('30 dicembre 2026');
    const io = renderNotification(n, { attached: false });
    expect(io.text).not.toContain('in allegato');
    expect(io.text).toContain('indicando il numero di protocollo');
    // the IO API's bounds
    expect(io.subject.length).toBeGreaterThanOrEqual(10);
    expect(io.subject.length).toBeLessThanOrEqual(120);
    expect(io.markdown.length).toBeGreaterThanOrEqual(80);
    expect(io.short.length).toBeLessThanOrEqual(306);
  });

  it('the art. 10-bis notice tells the ten days for observations', () => {
    const m = renderNotification(
      { template: 'procedure_rejection_notice', facts: notice.facts, recipientType: 'requester' },
      { attached: true },
    );
    expect(m.subject).toContain("motivi ostativi all'accoglimento");
    expect(m.text).toContain('art. 10-bis');
    expect(m.text).toContain('Entro dieci giorni');
  });

  it('the art. 10-bis notice: its date is the last day for observations, and the term is suspended', () => {
    const m = renderNotification(
      {
        template: 'procedure_rejection_notice',
        facts: { ...notice.facts, dueAt: '2026-12-16' },
        recipientType: 'requester',
      },
      { attached: true },
    );
    // the trial's defect: the last day for observations was called the term for concluding the procedure
    expect(m.text).not.toContain('Il termine per la conclusione del procedimento è');
    expect(m.text).toContain(
      'Entro dieci giorni dal ricevimento della comunicazione, e comunque entro il 16 dicembre 2026, può presentare per iscritto le sue osservazioni, eventualmente corredate da documenti.',
    );
    expect(m.text).toContain(
      'La comunicazione sospende il termine per la conclusione del procedimento, che ricomincia a decorrere dieci giorni dopo la presentazione delle osservazioni o, in mancanza delle stesse, dalla scadenza del termine di dieci giorni.',
    );
  });

  it('the final decision: outcome and date in Italian; the means of redress when not accepted', () => {
    const render = (outcome: string) =>
      renderNotification(
        {
          template: `procedure_decision_${outcome}_notice`,
          facts: { documentId: 'doc_d', protocolNumber: '2026/0000321', dueAt: '2026-12-11' },
          recipientType: 'requester',
        },
        { attached: true },
      );
    const accepted = render('accepted');
    expect(accepted.subject).toBe('Comunicazione del provvedimento finale - protocollo n. 2026/0000321');
    expect(accepted.text).toContain(
      "Con provvedimento dell'11 dicembre 2026 la sua istanza è stata accolta.",
    );
    expect(accepted.text).not.toContain('ricorso');
    expect(accepted.text).not.toContain('Il termine per la conclusione');
    const rejected = render('rejected');
    expect(rejected.text).toContain(
      "Con provvedimento dell'11 dicembre 2026 la sua istanza è stata respinta.",
    );
    expect(rejected.text).toContain('ricorso al Tribunale amministrativo regionale (TAR) entro 60 giorni');
    expect(rejected.text).toContain('ricorso straordinario al Presidente della Repubblica entro 120 giorni');
    expect(render('partly_accepted').text).toContain('è stata accolta in parte.');
    expect(render('inadmissible').text).toContain('è stata dichiarata inammissibile.');
  });

  it("every notice procedures may ask for has its own text (never the generic one's)", () => {
    for (const template of ApplicantNotificationTemplate.options) {
      const m = renderNotification({ template, facts: notice.facts, recipientType: 'requester' });
      expect({ template, subject: m.subject }).toEqual({
        template,
        subject: expect.not.stringMatching(/^Comunicazione relativa al suo procedimento/),
      });
    }
  });

  it('the request for documents (art. 2 c.7), on IO and SMS: the term suspended, by when to answer, where the list is', () => {
    const m = renderNotification({
      template: 'procedure_document_request_notice',
      facts: { documentId: 'doc_r', protocolNumber: '2026/0000321', dueAt: '2027-01-08' },
      recipientType: 'requester',
    });
    expect(m.subject).toBe(
      'Richiesta di integrazione documentale e sospensione del termine - protocollo n. 2026/0000321',
    );
    expect(m.text).toContain('art. 2, comma 7, della legge 7 agosto 1990, n. 241');
    expect(m.text).toContain(
      "Invii le integrazioni entro l'8 gennaio 2027: da quel giorno il termine riprende a decorrere anche se non sono pervenute.",
    );
    expect(m.text).toContain('per una sola volta e per non più di trenta giorni');
    expect(m.text).toContain("L'elenco dei documenti e delle informazioni da integrare");
    expect(m.text).toContain("può ritirarne copia all'Ufficio per le Relazioni con il Pubblico");
    expect(m.short).toBe(
      "Comune - URP: Richiesta di integrazione documentale e sospensione del termine prot. n. 2026/0000321: termine sospeso, invii le integrazioni entro il 08/01/27. Copia in PDF all'URP con il numero di protocollo.",
    );
    expect(m.short.length).toBeLessThanOrEqual(306);
    expect(m.markdown.length).toBeGreaterThanOrEqual(80);
  });

  it('the resumption of the term: it runs again, and the new closing date', () => {
    const m = renderNotification({
      template: 'procedure_resumption_notice',
      facts: { documentId: 'doc_s', protocolNumber: '2026/0000321', dueAt: '2027-02-15' },
      recipientType: 'requester',
    });
    expect(m.subject).toBe(
      'Comunicazione della ripresa del termine del procedimento - protocollo n. 2026/0000321',
    );
    expect(m.text).toContain(
      'il termine per la conclusione del procedimento riprende a decorrere e la nuova data entro la quale deve concludersi è il 15 febbraio 2027.',
    );
    expect(m.short).toContain('il termine riprende, nuova data di conclusione 15/02/27');
    // no date (the term is still suspended for another reason): the PDF says so; the message never invents one
    const undated = renderNotification({
      template: 'procedure_resumption_notice',
      facts: { documentId: 'doc_s', protocolNumber: '2026/0000321' },
      recipientType: 'requester',
    });
    expect(undated.text).toContain(
      'La data entro la quale deve concludersi il procedimento è indicata nella comunicazione.',
    );
    expect(undated.short).not.toContain('nuova data');
  });

  it('the survey link goes in the message (email and the short SMS form), with the closing date', () => {
    const m = renderNotification(
      { template: 'survey_link', facts: { expiresOn: '2026-12-12' }, recipientType: 'requester' },
      { link: 'https://urp.example/s/abc' },
    );
    expect(m.text).toContain('https://urp.example/s/abc');
    expect(m.text).toContain('12 dicembre 2026');
    expect(m.short).toContain('https://urp.example/s/abc');
    expect(m.short.length).toBeLessThanOrEqual(160);
  });

  it('deadline warnings to staff: near and missed', () => {
    const near = renderNotification({
      template: 'procedure_deadline_approaching',
      facts: { dueAt: '2026-12-14T23:59:59.999+01:00', daysBefore: 5, procedureTypeCode: 'accesso_atti' },
      recipientType: 'referent',
    });
    expect(near.subject).toBe('Promemoria: procedimento in scadenza');
    expect(near.text).toContain('14 dicembre 2026');
    const missed = renderNotification({
      template: 'procedure_deadline_missed',
      facts: { dueAt: '2026-12-14T23:59:59.999+01:00' },
      recipientType: 'office',
    });
    expect(missed.text).toContain('potere sostitutivo');
  });

  it('a notice that went out on a fallback channel records that channel', () => {
    const q = queueNotification(null, notice, ctx)!.state;
    const sending: Notification = { ...q, status: 'sending', attempts: 1, sendingSince: t0 };
    const d = recordAttempt(
      sending,
      { ok: true, status: 'delivered', channel: 'email' },
      { maxAttempts: 3, baseMs: 10 },
      ctx,
    );
    expect(d.state).toMatchObject({ status: 'delivered', channel: 'email' });
    expect(d.state.fallbackChannels).toBeUndefined();
    expect((d.events[0].data as { channel: string; procedureId: string }).channel).toBe('email');
    expect((d.events[0].data as { procedureId: string }).procedureId).toBe('prc_1');
  });

  it('SMS receipts: DELIVRD delivers, UNDELIV bounces, nothing moves backwards or twice', () => {
    const sent: Notification = {
      ...queueNotification(null, { ...notice, channel: 'sms', fallbackChannels: [] }, ctx)!.state,
      status: 'sent',
      attempts: 1,
      providerMessageId: 'm1',
    };
    const ok = addDeliveryReport(sent, { stat: 'DELIVRD', err: '000', at: t0.toISOString() }, ctx)!;
    expect(ok.state.status).toBe('delivered');
    expect(types(ok)).toEqual(['NotificationDelivered']);
    expect(
      addDeliveryReport(ok.state, { stat: 'UNDELIV', err: '001', at: t0.toISOString() }, ctx),
    ).toBeNull();
    const ko = addDeliveryReport(sent, { stat: 'UNDELIV', err: '001', at: t0.toISOString() }, ctx)!;
    expect(ko.state).toMatchObject({ status: 'bounced', failureCode: 'sms_undeliv' });
    expect(types(ko)).toEqual(['NotificationFailed']);
    const expired = addDeliveryReport(sent, { stat: 'EXPIRED', err: '000', at: t0.toISOString() }, ctx)!;
    expect(expired.state).toMatchObject({ status: 'failed', failureCode: 'sms_expired' });
    const accepted = addDeliveryReport(sent, { stat: 'ACCEPTD', err: '000', at: t0.toISOString() }, ctx)!;
    expect(accepted.state.status).toBe('sent');
    expect(
      addDeliveryReport(accepted.state, { stat: 'ACCEPTD', err: '000', at: t0.toISOString() }, ctx),
    ).toBeNull();
  });

  it('ids: once per request of each service, once per deadline event', () => {
    expect(notificationIdFor.applicant('x')).toBe('ntf_prc_x');
    expect(notificationIdFor.survey('x')).toBe('ntf_svy_x');
    expect(notificationIdFor.deadline('e1')).toBe('ntf_dl_e1');
  });
});
