import { calendar, started } from '../procedure/procedure.fixtures';
import type { Procedure } from '../procedure/procedure.state';
import { publicStatusOf } from './public-status.rules';
import { procedureStatusFormPage, procedureStatusResultPage } from './status-page.html';

const REMEDIES = 'Può rivolgersi al titolare del potere sostitutivo.';

describe('the public status of a procedure', () => {
  it('states the deadline, the suspensions by their legal name and the notices with their delivery', () => {
    const p: Procedure = {
      ...started(),
      status: 'suspended',
      dueDate: null,
      latestDueDate: '2026-03-09',
      suspensions: [
        { id: 's', kind: 'document_request', reason: 'Planimetria di casa Rossi', start: '2026-01-10' },
      ],
      documents: [
        {
          id: 'doc_1',
          kind: 'start_notice',
          title: 'Comunicazione di avvio del procedimento',
          createdAt: '2026-01-08T10:00:00.000Z',
          notificationId: 'ntf_1',
          content: {
            administration: 'Comune',
            title: 't',
            reference: 'r',
            issuedOn: '2026-01-08',
            recipient: 'x',
            sections: [],
            signature: 's',
          },
        },
      ],
      deliveries: [
        {
          notificationId: 'ntf_prc_ntf_1',
          template: 'procedure_start_notice',
          channel: 'pec',
          status: 'delivered',
          at: '2026-01-09T08:00:00.000Z',
          eventId: 'e1',
        },
      ],
    };
    const s = publicStatusOf(p, '2026-01-20', calendar, REMEDIES);
    expect(s).toMatchObject({
      phase: 'Sospeso',
      dueDate: null,
      latestDueDate: '2026-03-09',
      overdue: false,
      suspensions: [{ label: 'Richiesta di integrazione documentale', start: '2026-01-10', end: null }],
      notices: [
        { title: 'Comunicazione di avvio del procedimento', delivery: 'Consegnata (PEC) il 9 gennaio 2026' },
      ],
    });
    // nothing personal nor free text: not the subject, not the suspension's reason
    const html = procedureStatusResultPage('Comune di Borgo Aurelio', s);
    expect(html).not.toContain('Rossi');
    expect(html).toContain('<caption>Sospensioni del termine</caption>');
    expect(html).toContain('al più tardi il 9 marzo 2026');
    expect(html).not.toMatch(/<script/i);
  });

  it('past the deadline without a decision it says so, with the remedies against inaction', () => {
    const s = publicStatusOf(started(), '2026-02-10', calendar, REMEDIES);
    expect(s).toMatchObject({ overdue: true, dueDate: '2026-02-06' });
    expect(s.explanation).toContain('scaduto senza provvedimento');
    expect(s.explanation).toContain(REMEDIES);
    expect(procedureStatusResultPage('Comune', s)).toContain('Termine di conclusione (scaduto)');
  });

  it('a rejection notice awaiting observations: their last day, from the applicant’s receipt', () => {
    const p: Procedure = {
      ...started(),
      rejectionNotice: { sentOn: '2026-01-15', reasons: 'x', suspensionId: 'rn', receivedOn: '2026-01-19' },
    };
    const s = publicStatusOf(p, '2026-01-20', calendar, REMEDIES);
    expect(s.observationsDueOn).toBe('2026-01-29');
    expect(procedureStatusResultPage('Comune', s)).toContain(
      'entro il 29 gennaio 2026 (10 giorni dal ricevimento)',
    );
    const observed = { ...p, rejectionNotice: { ...p.rejectionNotice!, observationsOn: '2026-01-20' } };
    expect(publicStatusOf(observed, '2026-01-20', calendar, REMEDIES)).not.toHaveProperty(
      'observationsDueOn',
    );
  });

  it('the form ties its error to the field', () => {
    const html = procedureStatusFormPage('Comune', { riferimento: '<x>', error: 'Riferimento non corretto' });
    expect(html).toMatch(
      /id="riferimento"[^>]*aria-describedby="riferimento-aiuto riferimento-errore"[^>]*aria-invalid="true"/,
    );
    expect(html).toContain('value="&lt;x&gt;"');
    expect(html).toContain('<a href="#riferimento">Riferimento non corretto</a>');
  });
});
