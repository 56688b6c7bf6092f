import { inflateSync } from 'node:zlib';
import { folded, pdfText } from '../../test/support/pdf-text';
import { assign, decide, submit } from '../procedure/procedure.rules';
import { at, calendar, facts, NOTICES, started, typeOf } from '../procedure/procedure.fixtures';
import { sendRejectionNotice } from '../procedure/procedure.suspensions';
import {
  decisionNoticeDocument,
  documentFileName,
  documentId,
  rejectionNoticeDocument,
  startNoticeDocument,
  SUSPENSION_EFFECT,
  type ProcedureDocument,
} from './notice.document';
import { renderNoticePdf } from './notice.pdf';

/** The elements of art. 8 c.2 L. 241/1990, plus the protocol number, every start notice must state. */
const ART_8 = [
  'administration',
  'subject',
  'office',
  'responsiblePerson',
  'digitalAddress',
  'protocolNumber',
  'submissionDate',
  'closingDate',
  'inactionRemedies',
  'actsViewing',
];

describe('the applicant’s notices as documents', () => {
  it('a start issues the start notice with every element of art. 8 c.2, once, and asks for its delivery', () => {
    const c = submit(typeOf(), facts('2026-01-07T10:00:00+01:00'), at('2026-01-08T10:00:00Z'));
    const [doc] = c.state.documents ?? [];
    expect(doc).toMatchObject({ kind: 'start_notice', dueOn: '2026-02-06' });
    expect(doc.content.sections.map((s) => s.element)).toEqual(ART_8);
    const text = doc.content.sections.map((s) => s.text).join('\n');
    expect(text).toContain('06/02/2026');
    expect(text).toContain('07/01/2026');
    expect(text).toContain('2026/0000123');
    const ask = c.events.find((e) => e.type === 'it.urp.procedures.ApplicantNotificationRequested.v1');
    expect(ask?.data).toMatchObject({
      procedureId: 'prc_1',
      requesterId: 'req_abcdef01',
      template: 'procedure_start_notice',
      documentId: doc.id,
      notificationId: doc.notificationId,
      protocolNumber: '2026/0000123',
      dueOn: '2026-02-06',
    });
    // a reassignment is no new start: no second notice
    const again = assign(c.state, 'ref-9', 'Marta Bini', 'mgr', at('2026-01-09T10:00:00Z'));
    expect(again.state.documents).toHaveLength(1);
  });

  it('without the administration’s data no notice is issued, and the timeline says what is missing', () => {
    const ctx = { ...at('2026-01-08T10:00:00Z'), notices: { ...NOTICES, digitalAddress: '' } };
    const c = submit(typeOf(), facts('2026-01-07T10:00:00+01:00'), ctx);
    expect(c.state.documents ?? []).toHaveLength(0);
    expect(c.events.map((e) => e.type)).not.toContain('it.urp.procedures.ApplicantNotificationRequested.v1');
    expect(c.state.timeline.at(-1)?.summary).toContain('domicilio digitale');
  });

  it('a procedure that names no applicant keeps its notice but asks nobody to deliver it', () => {
    const c = submit(
      typeOf(),
      facts('2026-01-07T10:00:00+01:00', { requesterId: undefined }),
      at('2026-01-08T10:00:00Z'),
    );
    expect(c.state.documents?.[0].notificationId).toBeUndefined();
    expect(c.events.map((e) => e.type)).not.toContain('it.urp.procedures.ApplicantNotificationRequested.v1');
  });

  it('the 10-bis notice states the reasons, the 10 days with their last day and the suspension as amended', () => {
    const ctx = at('2026-01-20T10:00:00Z');
    const n = sendRejectionNotice(started(), 'ISEE oltre la soglia prevista', 'rn1', '2026-01-20', 'r', ctx);
    const doc = n.state.documents?.find((d) => d.kind === 'rejection_notice');
    expect(doc).toMatchObject({ id: documentId('prc_1', 'rejection_notice', 'rn1'), dueOn: '2026-01-30' });
    const byElement = Object.fromEntries(doc!.content.sections.map((s) => [s.element, s.text]));
    expect(byElement.reasons).toBe('ISEE oltre la soglia prevista');
    expect(byElement.observations).toContain('10 giorni');
    expect(byElement.observations).toContain('30/01/2026');
    expect(byElement.suspension).toBe(SUSPENSION_EFFECT);
    expect(SUSPENSION_EFFECT).toContain('dieci giorni dopo la presentazione delle osservazioni');
    const ask = n.events.find((e) => e.type === 'it.urp.procedures.ApplicantNotificationRequested.v1');
    expect(ask?.data).toMatchObject({ template: 'procedure_rejection_notice', dueOn: '2026-01-30' });
  });

  it('a decision issues the communication of the provvedimento finale: outcome, date, reasons, redress', () => {
    const ctx = at('2026-01-20T10:00:00Z');
    const c = decide(started(), { outcome: 'accepted', reasons: 'Requisiti tutti presenti' }, 'r', ctx);
    const doc = c.state.documents?.find((d) => d.kind === 'decision_notice');
    expect(doc).toMatchObject({
      dueOn: '2026-01-20',
      outcome: 'accepted',
      notificationId: expect.any(String),
    });
    const byElement = Object.fromEntries(doc!.content.sections.map((s) => [s.element, s.text]));
    expect(byElement.outcome).toBe("Con provvedimento del 20/01/2026 l'istanza è accolta.");
    expect(byElement.reasons).toBe('Requisiti tutti presenti');
    expect(byElement.protocolNumber).toContain('2026/0000123');
    expect(byElement.redress).toContain('Tribunale amministrativo regionale competente entro 60 giorni');
    expect(byElement.redress).toContain(
      'ricorso straordinario al Presidente della Repubblica entro 120 giorni',
    );
    expect(doc!.content.signature).toBe('Il responsabile del procedimento: Elena Ferri');
    const ask = c.events.find((e) => e.type === 'it.urp.procedures.ApplicantNotificationRequested.v1');
    expect(ask?.data).toMatchObject({
      template: 'procedure_decision_accepted_notice',
      documentId: doc!.id,
      notificationId: doc!.notificationId,
      protocolNumber: '2026/0000123',
      dueOn: '2026-01-20',
    });
    expect(c.events.map((e) => e.type.split('.')[3])).toEqual([
      'ProcedureDecided',
      'ApplicantNotificationRequested',
    ]);
    const rejected = decide(
      started(typeOf({ rejectionNoticeRequired: false })),
      { outcome: 'inadmissible', reasons: 'Istanza presentata fuori termine' },
      'r',
      ctx,
    );
    expect(
      rejected.events.find((e) => e.type === 'it.urp.procedures.ApplicantNotificationRequested.v1')?.data,
    ).toMatchObject({ template: 'procedure_decision_inadmissible_notice' });
    expect(documentFileName('decision_notice', '2026/0000123')).toBe('provvedimento-finale-2026-0000123.pdf');
  });

  it('a decision after the term states the term set by law and the time taken (art. 2 c.9-quinquies)', () => {
    const sections = (p = started(), day = '2026-01-20') => {
      const c = decide(
        p,
        { outcome: 'accepted', reasons: 'Requisiti presenti' },
        'r',
        at(`${day}T10:00:00Z`),
      );
      const doc = c.state.documents?.find((d) => d.kind === 'decision_notice');
      return Object.fromEntries(doc!.content.sections.map((s) => [s.element, s.text]));
    };
    // within the term (due 6 February): nothing said
    expect(sections()).not.toHaveProperty('lateDecision');
    expect(sections(started(), '2026-02-06')).not.toHaveProperty('lateDecision');
    // received 7 January, due 6 February, decided 12 February: 36 days
    expect(sections(started(), '2026-02-12').lateDecision).toBe(
      "Il provvedimento è adottato oltre il termine. Termine previsto: 30 giorni dalla presentazione dell'istanza (Regolamento comunale), scaduto il 06/02/2026. Tempo effettivamente impiegato: 36 giorni, dalla presentazione dell'istanza il 07/01/2026 al provvedimento del 12/02/2026.",
    );
    // suspended 10-15 January (5 days): due 11 February; decided by the substitute, still the ordinary term
    const suspended = {
      ...started(),
      suspensions: [
        { id: 's', kind: 'document_request', reason: 'x', start: '2026-01-10', end: '2026-01-15' },
      ],
    };
    const late = sections(suspended, '2026-02-20').lateDecision;
    expect(late).toContain(
      'prorogato di 5 giorni per le sospensioni previste dalla legge, scaduto il 11/02/2026',
    );
    expect(late).toContain('Tempo effettivamente impiegato: 44 giorni');
    const bySubstitute = {
      ...suspended,
      phase: 'substitute' as const,
      substitute: {
        engagedOn: '2026-02-12',
        dueDate: '2026-02-27',
        substituteId: 'seg',
        ordinaryDueDate: '2026-02-11',
      },
    };
    expect(sections(bySubstitute, '2026-02-20').lateDecision).toContain('scaduto il 11/02/2026');
  });

  it('no decision notice for an access request (other remedies) nor without an express decision', () => {
    const ctx = at('2026-01-20T10:00:00Z');
    const access = decide(
      started(typeOf({ kind: 'document_access', silenceRule: 'silent_refusal' })),
      { outcome: 'accepted', reasons: 'Documenti disponibili' },
      'r',
      ctx,
    );
    expect(access.state.documents?.some((d) => d.kind === 'decision_notice')).toBe(false);
    const deferred = decide(
      started(),
      { outcome: 'deferred', reasons: 'Differito a dopo il sopralluogo' },
      'r',
      ctx,
    );
    expect(deferred.state.timeline.map((t) => t.type)).not.toContain('notice_not_issued');
    expect(decisionNoticeDocument(started(), NOTICES, '2026-01-20T10:00:00.000Z').ok).toBe(false);
  });

  it('renders the same bytes every time, and the PDF reads back with every element', async () => {
    const p = submit(typeOf(), facts('2026-01-07T10:00:00+01:00'), at('2026-01-08T10:00:00Z')).state;
    const r = startNoticeDocument(p, NOTICES, '2026-01-08', '2026-01-08T10:00:00.000Z');
    if (!r.ok) throw new Error(r.missing.join());
    const doc: ProcedureDocument = r.document;
    const [a, b] = await Promise.all([renderNoticePdf(doc), renderNoticePdf(doc)]);
    expect(a.equals(b)).toBe(true);
    expect(a.subarray(0, 5).toString()).toBe('%PDF-');
    const text = folded((await pdfText(a)).text);
    for (const s of doc.content.sections) {
      expect(text).toContain(s.label);
      expect(text).toContain(folded(s.text));
    }
    const rn = rejectionNoticeDocument(
      p,
      NOTICES,
      { suspensionId: 'rn', sentOn: '2026-01-15', reasons: 'Reddito oltre la soglia' },
      calendar,
      '2026-01-15T10:00:00.000Z',
    );
    expect(rn.ok && rn.document.content.sections.map((s) => s.element)).toContain('suspension');
  }, 30_000);

  it('writes the spaces between words (copy-paste and screen readers read words, not one run of letters)', async () => {
    const p = submit(typeOf(), facts('2026-01-07T10:00:00+01:00'), at('2026-01-08T10:00:00Z')).state;
    const r = startNoticeDocument(p, NOTICES, '2026-01-08', '2026-01-08T10:00:00.000Z');
    if (!r.ok) throw new Error(r.missing.join());
    const pdf = (await renderNoticePdf(r.document)).toString('latin1');
    // the text each TJ operator shows, its strings joined: a justified line had a number, not a space, between words
    const shown: string[] = [];
    for (const m of pdf.matchAll(/stream\r?\n([\s\S]*?)endstream/g)) {
      let content: string;
      try {
        content = inflateSync(Buffer.from(m[1], 'latin1')).toString('latin1');
      } catch {
        continue; // not a content stream (fonts, metadata)
      }
      for (const tj of content.matchAll(/\[([^\]]*)\]\s*TJ/g))
        shown.push(
          [...tj[1].matchAll(/<([0-9a-f]*)>/g)]
            .map((h) => Buffer.from(h[1], 'hex').toString('latin1'))
            .join(''),
        );
    }
    const lines = shown.join('\n');
    // the longest section wraps: its first line is a full one (the last line of a paragraph was never justified)
    const long = r.document.content.sections.map((s) => s.text).sort((a, b) => b.length - a.length)[0];
    // its first words, as the applicant would copy them
    expect(lines).toContain(long.split(' ').slice(0, 4).join(' '));
  }, 30_000);

  it('names the PDF for what it is, with the protocol number (the attachment the applicant receives)', () => {
    expect(documentFileName('start_notice', '2026/0004567')).toBe('comunicazione-avvio-2026-0004567.pdf');
    expect(documentFileName('rejection_notice', '2026/0004567')).toBe('preavviso-rigetto-2026-0004567.pdf');
    expect(documentFileName('start_notice', ' PG/2026/12 "bis" ')).toBe(
      'comunicazione-avvio-PG-2026-12-bis.pdf',
    );
    expect(documentFileName('start_notice', '///')).toBe('comunicazione-avvio.pdf');
  });

  it('names the office and the responsible person as the directory does, else as the procedure holds them', () => {
    // typeOf(): office servizi_sociali "Servizi sociali", responsible ref-1 "Elena Ferri"
    const directory = {
      offices: [
        { id: 'off_ss', code: 'servizi_sociali', name: 'Area Servizi sociali e famiglia', active: true },
      ],
      referents: [
        { id: 'rf_1', staffId: 'ref-1', officeId: 'off_ss', name: 'Elena Ferri Rossi', active: true },
      ],
    };
    const shown = (dir?: typeof directory) => {
      const ctx = { ...at('2026-01-08T10:00:00Z'), notices: { ...NOTICES, directory: dir } };
      const [doc] = submit(typeOf(), facts('2026-01-07T10:00:00+01:00'), ctx).state.documents ?? [];
      const text = (el: string) => doc.content.sections.find((x) => x.element === el)?.text;
      expect(doc.content.sections.map((x) => x.element)).toEqual(ART_8);
      return [text('office'), text('responsiblePerson'), doc.content.signature];
    };
    expect(shown(directory)).toEqual([
      'Area Servizi sociali e famiglia',
      'Elena Ferri Rossi',
      'Il responsabile del procedimento: Elena Ferri Rossi',
    ]);
    // the fallback: no directory, an empty one, a retired office and referent
    const held = ['Servizi sociali', 'Elena Ferri', 'Il responsabile del procedimento: Elena Ferri'];
    expect(shown()).toEqual(held);
    expect(shown({ offices: [], referents: [] })).toEqual(held);
    expect(
      shown({
        offices: directory.offices.map((o) => ({ ...o, active: false })),
        referents: directory.referents.map((r) => ({ ...r, active: false })),
      }),
    ).toEqual(held);
    // the 10-bis notice names them the same way
    const p = started();
    const r = rejectionNoticeDocument(
      p,
      { ...NOTICES, directory },
      { suspensionId: 'sus_1', sentOn: '2026-01-20', reasons: 'Requisiti non presenti' },
      calendar,
      '2026-01-20T10:00:00Z',
    );
    if (!r.ok) throw new Error(r.missing.join());
    expect(r.document.content.sections.find((x) => x.element === 'office')?.text).toBe(
      'Area Servizi sociali e famiglia',
    );
    expect(r.document.content.signature).toContain('Elena Ferri Rossi');
  });
});
