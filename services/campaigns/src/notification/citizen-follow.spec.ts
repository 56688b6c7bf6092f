import type { CaseMessage, CaseMessageRef } from '../delivery/case-messages';
import { configureCitizenMessages, messageFor, textsOfSlice } from './case-message-texts';
import { aNotification } from './notification.fixtures';
import { followLine, outcomeSentence, renderNotification, type Notification } from './notification.rules';

const STATUS_PAGE = 'https://urp.example.org/stato-pratica';

const closed = (id: string, over: Partial<Notification> = {}) =>
  aNotification(id, {
    caseId: `case_${id}`,
    template: 'case_closed',
    facts: { protocolNumber: '2026/0000042', status: 'closed' },
    ...over,
  });

const noMessages = {
  fetch: async (_items: CaseMessageRef[]): Promise<Map<string, CaseMessage>> => new Map(),
};

/** No "tu" forms: the citizen is addressed with "Lei" (informal possessives and verbs a template could slip in). */
const INFORMAL = /\b(tuo|tua|tuoi|tue|puoi|hai|sei|ti)\b/i;

describe("the citizen's message about a case: the outcome of a closure and where to follow the case", () => {
  afterEach(() => configureCitizenMessages({}));

  it('a closure says the outcome the operator recorded, in Italian, and names the status page, never a code', async () => {
    configureCitizenMessages({
      statusPageUrl: STATUS_PAGE,
      outcomes: async (ids) => new Map(ids.map((id) => [id, { code: 'partly_accepted' }])),
    });
    const n = closed('a');
    const texts = await textsOfSlice([{ n, channel: 'email' }], noMessages);
    const extras = messageFor(n, 'email', texts);
    expect(extras).toEqual({ statusPageUrl: STATUS_PAGE, outcome: { code: 'partly_accepted' } });
    const m = renderNotification(n, extras === 'retry' ? {} : extras);
    expect(m.subject).toBe("La sua richiesta all'URP n. 2026/0000042 è stata chiusa");
    expect(m.text).toContain('Esito: la sua richiesta è stata accolta in parte.');
    expect(m.text).toContain(
      `alla pagina ${STATUS_PAGE} con il numero di protocollo e il codice riportati sulla ricevuta.`,
    );
    expect(m.text).not.toMatch(INFORMAL);
    // the status page line comes before the automatic-message note, the outcome right after the status
    expect(m.text.indexOf('Esito:')).toBeLessThan(m.text.indexOf(STATUS_PAGE));
  });

  it('every outcome code has an Italian phrase; forwarded names the receiving body when the event carried it', () => {
    for (const code of ['accepted', 'partly_accepted', 'rejected', 'withdrawn', 'answered', 'forwarded'])
      expect(outcomeSentence({ code })).toMatch(/^Esito: /);
    expect(outcomeSentence({ code: 'forwarded', forwardedTo: 'INPS, sede di Roma' })).toBe(
      'Esito: la sua richiesta non è di competenza del Comune ed è stata trasmessa a: INPS, sede di Roma.',
    );
    expect(outcomeSentence(undefined)).toBeUndefined();
  });

  it('an outcome not known yet (or a failing look-up): the closure is told without it, never held back', async () => {
    configureCitizenMessages({
      statusPageUrl: STATUS_PAGE,
      outcomes: async () => {
        throw new Error('store down');
      },
    });
    const n = closed('b');
    const extras = messageFor(n, 'email', await textsOfSlice([{ n, channel: 'email' }], noMessages));
    expect(extras).toEqual({ statusPageUrl: STATUS_PAGE });
  });

  it("every case message names the status page (an answer with the office's text too), staff notices do not", async () => {
    configureCitizenMessages({ statusPageUrl: STATUS_PAGE });
    const answered = aNotification('c', {
      caseId: 'case_c',
      facts: { protocolNumber: '2026/0000043', status: 'answered', messageId: 'msg_1' },
    });
    const contacts = {
      fetch: async (items: CaseMessageRef[]) =>
        new Map(items.map((i) => [i.messageId, { ...i, status: 'ok' as const, text: 'La risposta.' }])),
    };
    const extras = messageFor(
      answered,
      'email',
      await textsOfSlice([{ n: answered, channel: 'email' }], contacts),
    );
    expect(extras).toEqual({ statusPageUrl: STATUS_PAGE, message: 'La risposta.' });
    const m = renderNotification(answered, extras === 'retry' ? {} : extras);
    expect(m.text).toContain('La risposta.');
    expect(m.text).toContain(followLine(STATUS_PAGE)[0]);
    expect(m.markdown).toContain(STATUS_PAGE);
    // a reminder to a referent is not a citizen's message
    const reminder = aNotification('d', {
      recipientType: 'referent',
      caseId: 'case_d',
      template: 'case_reminder',
      facts: { dueAt: '2026-12-14T10:00:00Z' },
    });
    expect(messageFor(reminder, 'email', new Map())).toEqual({});
  });

  it('without a configured status page nothing is added (the message is as before)', () => {
    const n = closed('e');
    expect(messageFor(n, 'email', new Map())).toEqual({});
    expect(renderNotification(n).text).not.toContain('stato-pratica');
  });

  it('the SMS says where to follow the case too, within two parts', () => {
    const m = renderNotification(closed('f'), { statusPageUrl: STATUS_PAGE, outcome: { code: 'accepted' } });
    expect(m.short).toContain(`Stato della pratica: ${STATUS_PAGE}`);
    expect(m.short.length).toBeLessThanOrEqual(306);
  });

  it('every template is in Italian, addresses the reader with "Lei" and writes dates the Italian way', () => {
    const due = '2026-12-11T10:00:00Z';
    const item = {
      procedureId: 'p',
      protocolNumber: '2026/0000001',
      typeName: 'Accesso agli atti',
      typeCode: 'ACC',
      dueAt: due,
    };
    const all: Pick<Notification, 'template' | 'facts' | 'recipientType'>[] = [
      ...[
        'received',
        'in_progress',
        'assigned',
        'answered',
        'waiting_citizen',
        'closed',
        'reopened',
        'merged',
        'message',
      ].map((status) => ({
        template: `case_${status}`,
        recipientType: 'requester' as const,
        facts: { status, protocolNumber: '2026/0000001', dueAt: due },
      })),
      { template: 'survey_link', recipientType: 'requester', facts: { expiresOn: due } },
      {
        template: 'procedure_start_notice',
        recipientType: 'requester',
        facts: { protocolNumber: '2026/0000001', dueAt: due },
      },
      {
        template: 'procedure_rejection_notice',
        recipientType: 'requester',
        facts: { protocolNumber: '2026/0000001', dueAt: due },
      },
      {
        template: 'case_reminder',
        recipientType: 'referent',
        facts: { protocolNumber: '2026/0000001', dueAt: due },
      },
      { template: 'case_due', recipientType: 'referent', facts: { dueAt: due } },
      { template: 'sheet_review_due', recipientType: 'referent', facts: { dueAt: due, sheetTitle: 'Tari' } },
      {
        template: 'procedure_deadlines_approaching',
        recipientType: 'office',
        facts: { procedures: [item, { ...item, procedureId: 'q' }] },
      },
      { template: 'procedure_deadlines_missed', recipientType: 'referent', facts: { procedures: [item] } },
    ];
    for (const n of all) {
      const m = renderNotification(n, {
        statusPageUrl: STATUS_PAGE,
        now: new Date('2026-12-07T09:00:00Z'),
        link: 'https://x.example/s',
      });
      for (const t of [m.subject, m.text, m.short]) {
        expect(t).not.toMatch(INFORMAL);
        expect(t).not.toMatch(/\b(the|your|deadline|due|case)\b/i);
        // dates in Italian: "11 dicembre 2026" or "11/12/26", never ISO or English
        expect(t).not.toMatch(/\d{4}-\d{2}-\d{2}|December|Dec\b/);
      }
      if ((n.facts.dueAt && n.facts.status !== 'closed') || n.facts.procedures)
        expect(`${m.text}`).toMatch(/11 dicembre 2026/);
    }
  });

  it('a procedure notice says where to follow the procedure (the URP, by protocol number)', () => {
    for (const attached of [true, false]) {
      const m = renderNotification(
        {
          template: 'procedure_start_notice',
          recipientType: 'requester',
          facts: { protocolNumber: '2026/0000009', dueAt: '2027-01-10T10:00:00Z' },
        },
        { attached, statusPageUrl: STATUS_PAGE },
      );
      expect(m.text).toContain(
        "Per conoscere lo stato del procedimento può rivolgersi all'Ufficio per le Relazioni con il Pubblico",
      );
      expect(m.text.trim().split('\n\n').at(-2)).toMatch(/^Per conoscere lo stato del procedimento/);
    }
  });
});
