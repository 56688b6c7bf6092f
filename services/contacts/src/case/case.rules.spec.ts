import type { CaseOutcome } from '@urp/contracts';
import { DomainError, type UseCaseContext } from '@urp/kernel';
import { addDays, endOfRomeDay, romeDayStartMs } from '@urp/legal-clock';
import fc from 'fast-check';
import type { CaseContact, Contact } from '../contact/contact.rules';
import { contactsScrubber } from '../shared/scrub.rules';
import { computeDueAt, isSuspended, nextTimerAt, DEFAULT_DUE_POLICY } from './case-clock.rules';
import { CASE_STATUSES, TRANSITIONS } from './case-phases.rules';
import {
  addCaseNote,
  changeCaseStatus,
  checkOriginal,
  closeCase,
  linkDuplicate,
  markTimersFired,
  mergeCase,
  openCase,
  reopenCase,
  resumeCase,
  routeCase,
  sendCaseMessage,
  suspendCase,
  type CaseDecision,
} from './case.rules';
import { caseMessageText } from './case-messages.rules';

const t0 = new Date('2026-03-02T08:00:00Z');
const ctx = (now = t0, sub = 'op-anna'): UseCaseContext => ({
  actor: { sub, roles: ['operator'] },
  now,
  source: '/urp/contacts',
  scrub: contactsScrubber,
});
const recipient = { requesterId: 'req_maria00001', channel: 'email' as const };
const ASK = 'Ci invii la fotografia del lampione e la via esatta.';

function aCase(over: Partial<Contact> = {}, officeId?: string): CaseContact {
  return {
    id: 'c1',
    revision: 1,
    channel: 'desk',
    type: 'complaint',
    direction: 'inbound',
    subject: 'Lampione spento',
    status: 'open',
    requesterId: 'req_maria00001',
    operatorId: 'op-anna',
    registeredAt: t0,
    sheetIds: [],
    protocolNumber: '2026/0000001',
    case: openCase('c1', { priority: 'normal', officeId, policy: DEFAULT_DUE_POLICY[1] }, ctx()),
    ...over,
  };
}
const types = (d: CaseDecision) => d.events.map((e) => e.type.split('.')[3]);
const later = (days: number) => new Date(t0.getTime() + days * 86_400_000);
/** The due instant `days` after the opening (the end of that Rome day) and the reminder's (its start). */
const dueEnd = (days: number) => new Date(endOfRomeDay(addDays('2026-03-02', days)));
const dayStart = (days: number) => new Date(romeDayStartMs(addDays('2026-03-02', days)));

describe('case decisions', () => {
  it('opens with the policy term and reminder; routed at once when the office is known', () => {
    const c = aCase({}, 'off_lp');
    expect(c.case).toMatchObject({ status: 'assigned', officeId: 'off_lp', termDays: 30 });
    expect(c.case.dueAt).toEqual(dueEnd(30));
    expect(c.case.reminderAt).toEqual(dayStart(10));
    expect(c.case.nextTimerAt).toEqual(dayStart(10));
    expect(c.case.history.map((h) => h.action)).toEqual(['opened', 'routed']);
  });

  it('routing moves to assigned, tells the citizen, and keeps the contact’s office in step', () => {
    const d = routeCase(aCase(), { officeId: 'off_lp', referentId: 'ref_1', recipient }, ctx());
    expect(d.state).toMatchObject({ officeId: 'off_lp', case: { status: 'assigned', referentId: 'ref_1' } });
    expect(types(d)).toEqual(['CaseRouted', 'CitizenNotificationRequested']);
    expect(d.events[1].data).toMatchObject({ template: 'case_assigned', requesterId: recipient.requesterId });
  });

  it('no notification for staff requesters or without a recipient', () => {
    expect(types(routeCase(aCase({ requesterIsStaff: true }), { officeId: 'o', recipient }, ctx()))).toEqual([
      'CaseRouted',
    ]);
    expect(types(routeCase(aCase(), { officeId: 'o' }, ctx()))).toEqual(['CaseRouted']);
  });

  it('a suspension stops the clock; resuming moves the due date by the suspended days, with the reason', () => {
    const s = suspendCase(aCase(), { reason: 'documenti dal cittadino', request: ASK }, ctx(later(3)))
      .state as CaseContact;
    expect(s.case.status).toBe('waiting_citizen');
    expect(s.case.nextTimerAt).toBeUndefined(); // no reminder while suspended
    const r = resumeCase(s, {}, ctx(later(10)));
    const c = r.state as CaseContact;
    expect(c.case.dueAt).toEqual(dueEnd(37));
    expect(c.case.reminderAt).toEqual(dayStart(17));
    expect(c.case.history.at(-1)?.detail).toContain('documenti dal cittadino');
    expect(r.events[0].data).toMatchObject({ suspendedDays: 7 });
  });

  it('the history says in Italian what happened (the console shows it as it comes)', () => {
    const step = (d: CaseDecision) => d.state as CaseContact;
    let c = aCase({}, 'off_lp');
    c = step(routeCase(c, { officeId: 'tributi', referentId: 'ref_1' }, ctx()));
    c = step(suspendCase(c, { reason: 'documenti dal cittadino', request: ASK }, ctx(later(3))));
    c = step(resumeCase(c, {}, ctx(later(4))));
    c = step(addCaseNote(c, { text: 'vedi @ref_2', via: 'case_c7' }, ctx(later(4))));
    c = step(sendCaseMessage(c, { text: 'serve altro?', answer: false }, ctx(later(5))));
    c = step(
      closeCase(
        c,
        { outcome: 'forwarded', forwardedTo: 'Regione Lazio', resolvedAtFirstContact: false },
        ctx(later(6)),
      ),
    );
    expect(c.case.history.map((h) => h.detail)).toEqual([
      'termine di 30 giorni, sollecito all’ufficio dopo 10 giorni',
      'ufficio off_lp',
      'ufficio tributi, referente ref_1',
      'termini sospesi: documenti dal cittadino',
      'termini ripresi dopo 1 giorno di sospensione («documenti dal cittadino»): nuova scadenza 02/04/2026 (era 01/04/2026)',
      'nota interna, menziona ref_2, scritta sul duplicato case_c7',
      'messaggio al cittadino',
      'esito: inoltrata ad altro ente, trasmessa a Regione Lazio',
    ]);
    const merged = step(
      mergeCase(aCase(), { original: { caseId: 'case_c2', protocolNumber: '2026/0000086' } }, ctx()),
    );
    expect(merged.case.history.at(-1)?.detail).toBe('duplicato della pratica n. 2026/0000086');
    const linked = step(
      linkDuplicate(aCase(), { duplicate: { caseId: 'case_c9', protocolNumber: '2026/0000100' } }, ctx()),
    );
    expect(linked.case.history.at(-1)?.detail).toBe('la pratica n. 2026/0000100 è stata unita a questa');
    // the original is checked again on the document the link writes: closed or merged since, refused
    const link = { duplicate: { caseId: 'case_c9' } };
    const closed = { ...aCase(), case: { ...aCase().case, status: 'closed' as const } };
    expect(() => linkDuplicate(closed, link, ctx())).toThrow('la pratica originale è closed');
    const mergedOriginal = { ...aCase(), case: { ...aCase().case, duplicateOf: 'case_c3' } };
    expect(() => linkDuplicate(mergedOriginal, link, ctx())).toThrow('a sua volta un duplicato');
    expect(
      step(mergeCase(aCase(), { original: { caseId: 'case_c2' } }, ctx())).case.history.at(-1)?.detail,
    ).toBe('duplicato della pratica case_c2');
  });

  it('refuses a second suspension at once (CONFLICT) and a resume of a running clock', () => {
    const s = suspendCase(aCase(), { reason: 'x', request: ASK }, ctx()).state;
    expect(() => suspendCase(s, { reason: 'y', request: ASK }, ctx())).toThrow(
      expect.objectContaining({ code: 'CONFLICT' }),
    );
    expect(() => resumeCase(aCase(), {}, ctx())).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
  });

  it('the free-text reason of a suspension is scrubbed in the event, kept in the history', () => {
    const d = suspendCase(aCase(), { reason: 'richiamare al 333 1234567', request: ASK }, ctx());
    expect(d.events[0].data).toMatchObject({ reason: 'richiamare al [telefono]' });
    expect((d.state as CaseContact).case.suspensions[0].reason).toBe('richiamare al 333 1234567');
  });

  it('waiting for the citizen says what is missing: a public message the notification names, never on an event', () => {
    const ask = 'Ci invii la planimetria firmata da Mario Rossi (mario.rossi@example.it).';
    const d = suspendCase(aCase(), { reason: 'documenti', request: `  ${ask}\n`, recipient }, ctx(later(2)));
    const c = d.state as CaseContact;
    expect(c.case.status).toBe('waiting_citizen');
    const [request] = c.case.messages;
    expect(request).toMatchObject({ text: ask, request: true, by: 'op-anna', at: later(2) });
    expect(c.case.suspensions[0]).toMatchObject({ reason: 'documenti', requestId: request.id });
    expect(types(d)).toEqual(['CaseSuspended', 'CitizenNotificationRequested']);
    expect(d.events[1].data).toMatchObject({
      template: 'case_waiting_citizen',
      status: 'waiting_citizen',
      messageId: request.id,
      requesterId: recipient.requesterId,
    });
    // the due date moves by the days waited: the citizen is not told one while the clock stands
    expect(d.events[1].data).not.toHaveProperty('dueAt');
    // the text stays here: the sender fetches it by its id
    expect(JSON.stringify(d.events)).not.toContain('planimetria');
    expect(caseMessageText(c, { caseId: c.case.id, messageId: request.id }, false)).toMatchObject({
      status: 'ok',
      text: ask,
    });
    // a request is not an answer: no first response
    expect(c.case.firstResponseAt).toBeUndefined();
  });

  it('refuses a move to waiting for the citizen that does not say what is missing (Italian, on its field)', () => {
    for (const request of ['', '   \n '])
      expect(() => suspendCase(aCase(), { reason: 'documenti', request, recipient }, ctx())).toThrow(
        expect.objectContaining({
          code: 'BAD_USER_INPUT',
          fields: {
            'input.request': 'indicare cosa deve inviare il cittadino: il testo gli arriva nel messaggio',
          },
        }),
      );
  });

  it('refuses a public text that still holds a canned reply’s parts to write (Italian, on its field)', () => {
    const unwritten =
      "L'ufficio ha verificato quanto da lei lamentato: [esito della verifica e azioni intraprese]. Per chiarimenti: {{responsible_person}}.";
    expect(() => sendCaseMessage(aCase(), { text: unwritten, answer: true, recipient }, ctx())).toThrow(
      expect.objectContaining({
        code: 'BAD_USER_INPUT',
        fields: {
          'input.text':
            'Completi le parti tra parentesi quadre prima di inviare: [esito della verifica e azioni intraprese]; Sostituisca i segnaposto senza valore: {{responsible_person}}',
        },
      }),
    );
    expect(() =>
      suspendCase(aCase(), { reason: 'documenti', request: 'Ci invii [elenco dei documenti].' }, ctx()),
    ).toThrow(
      expect.objectContaining({
        fields: {
          'input.request': 'Completi le parti tra parentesi quadre prima di inviare: [elenco dei documenti]',
        },
      }),
    );
    // written out, and an omission mark in a quotation, go through
    const written = sendCaseMessage(
      aCase(),
      { text: 'Abbiamo sostituito la lampada. Lei scriveva: «il lampione […] è spento».', answer: true },
      ctx(),
    );
    expect((written.state as CaseContact).case.status).toBe('answered');
  });

  it('an answer records the first response once; a plain message moves nothing', () => {
    const m = sendCaseMessage(aCase(), { text: 'ciao', answer: false }, ctx()).state as CaseContact;
    expect(m.case.status).toBe('received');
    expect(m.case.firstResponseAt).toBeUndefined();
    const a = sendCaseMessage(m, { text: 'risposta', answer: true, recipient }, ctx(later(1)));
    expect((a.state as CaseContact).case).toMatchObject({ status: 'answered', firstResponseAt: later(1) });
    expect(types(a)).toEqual(['CaseAnswered', 'CitizenNotificationRequested']);
    expect(a.events[0].data).toMatchObject({ firstResponse: true });
  });

  it('every public message is told to the citizen by id, never with its text; never to staff', () => {
    const m = sendCaseMessage(
      aCase(),
      { text: 'Il lampione sarà riparato', answer: false, recipient },
      ctx(),
    );
    const mState = m.state as CaseContact;
    expect(types(m)).toEqual(['CitizenNotificationRequested']);
    expect(m.events[0].data).toMatchObject({
      template: 'case_message',
      status: 'message',
      channel: 'email',
      requesterId: recipient.requesterId,
      caseId: mState.case.id,
      messageId: mState.case.messages[0].id,
    });
    const a = sendCaseMessage(mState, { text: 'Riparato ieri', answer: true, recipient }, ctx(later(1)));
    const aState = a.state as CaseContact;
    expect(a.events[1].data).toMatchObject({
      template: 'case_answered',
      status: 'answered',
      messageId: aState.case.messages[1].id,
    });
    expect(aState.case.messages[1].id).not.toBe(aState.case.messages[0].id);
    for (const e of [...m.events, ...a.events])
      expect(JSON.stringify(e.data)).not.toMatch(/lampione|Riparato/i);
    const staff = aCase({ requesterIsStaff: true });
    expect(types(sendCaseMessage(staff, { text: 'x', answer: false, recipient }, ctx()))).toEqual([]);
    expect(types(sendCaseMessage(staff, { text: 'x', answer: true, recipient }, ctx()))).toEqual([
      'CaseAnswered',
    ]);
    expect(types(sendCaseMessage(aCase(), { text: 'x', answer: false }, ctx()))).toEqual([]);
  });

  it('hands over the text of a public message only: unknown otherwise, erased once anonymised', () => {
    const m = sendCaseMessage(aCase(), { text: 'Riparato ieri', answer: false }, ctx()).state as CaseContact;
    const n = addCaseNote(m, { text: 'nota interna' }, ctx()).state as CaseContact;
    const ask = { caseId: n.case.id, messageId: n.case.messages[0].id };
    expect(caseMessageText(n, ask, false)).toEqual({
      ...ask,
      status: 'ok',
      text: 'Riparato ieri',
      requesterId: 'req_maria00001',
    });
    expect(caseMessageText(n, ask, true)).toEqual({
      ...ask,
      status: 'erased',
      requesterId: 'req_maria00001',
    });
    expect(caseMessageText(n, { ...ask, messageId: n.case.notes[0].id }, false).status).toBe('unknown');
    expect(caseMessageText(n, { ...ask, caseId: 'case_other' }, false).status).toBe('unknown');
    expect(caseMessageText(null, ask, false)).toEqual({ ...ask, status: 'unknown' });
  });

  it('notes collect mentions for the referents’ queue', () => {
    const n = addCaseNote(aCase(), { text: '@ref_rossi guarda tu' }, ctx()).state as CaseContact;
    expect(n.case.mentioned).toEqual(['ref_rossi']);
    expect(n.case.notes[0]).toMatchObject({ text: '@ref_rossi guarda tu', mentions: ['ref_rossi'] });
  });

  it('closing closes the contact too (ContactClosed), ends an open suspension, and reopening undoes it', () => {
    const s = suspendCase(aCase(), { reason: 'x', request: ASK }, ctx(later(1))).state;
    const closed = closeCase(s, { outcome: 'withdrawn', resolvedAtFirstContact: false }, ctx(later(4)));
    const c = closed.state as CaseContact;
    expect(c).toMatchObject({ status: 'closed', case: { status: 'closed', withinTerm: true } });
    expect(isSuspended(c.case)).toBe(false);
    expect(c.case.dueAt).toEqual(dueEnd(33));
    expect(types(closed)).toEqual(['CaseClosed', 'ContactClosed']);
    const reopened = reopenCase(c, { reason: 'di nuovo' }, ctx(later(5))).state as CaseContact;
    expect(reopened).toMatchObject({ status: 'open', case: { status: 'reopened' } });
    expect(reopened.case.outcome).toBeUndefined();
    expect(reopened.case.withinTerm).toBeUndefined();
  });

  it('forwarded needs the receiving body (a field error on input.forwardedTo)', () => {
    expect(() => closeCase(aCase(), { outcome: 'forwarded', resolvedAtFirstContact: false }, ctx())).toThrow(
      expect.objectContaining({ fields: { 'input.forwardedTo': expect.any(String) } }),
    );
  });

  it('merges a duplicate into an open original, and refuses a closed or duplicate original', () => {
    const original = aCase({ id: 'c2', case: { ...aCase().case, id: 'case_c2' } });
    expect(checkOriginal('case_c1', original)).toBe(original);
    expect(() => checkOriginal('case_c2', original)).toThrow(DomainError);
    const closed = closeCase(original, { outcome: 'answered', resolvedAtFirstContact: false }, ctx()).state;
    expect(() => checkOriginal('case_c1', closed)).toThrow(
      expect.objectContaining({ fields: { 'input.originalCaseId': expect.any(String) } }),
    );
    const merged = mergeCase(aCase(), { original: { caseId: 'case_c2' }, recipient }, ctx());
    expect((merged.state as CaseContact).case).toMatchObject({ status: 'merged', duplicateOf: 'case_c2' });
    expect(types(merged)).toEqual(['DuplicateMarked', 'CitizenNotificationRequested']);
    const linked = linkDuplicate(original, { duplicate: { caseId: 'case_c1' } }, ctx()).state as CaseContact;
    expect(linked.case.duplicates).toEqual(['case_c1']);
  });

  it('fired timers are recorded and the next one comes up', () => {
    const c = aCase();
    const d = markTimersFired(c, { fired: [{ kind: 'reminder', at: c.case.reminderAt! }] }, ctx(later(11)));
    expect((d.state as CaseContact).case.nextTimerAt).toEqual(c.case.dueAt);
  });
});

// ------------------------------------------------------------------ the state machine, as a property

type Command =
  | { kind: 'route' }
  | { kind: 'suspend' }
  | { kind: 'resume' }
  | { kind: 'status'; status: 'triaged' | 'in_progress' | 'waiting_referent' }
  | { kind: 'note' }
  | { kind: 'message'; answer: boolean }
  | { kind: 'close'; outcome: CaseOutcome }
  | { kind: 'reopen' }
  | { kind: 'merge' };

const command: fc.Arbitrary<Command> = fc.oneof(
  fc.constant({ kind: 'route' as const }),
  fc.constant({ kind: 'suspend' as const }),
  fc.constant({ kind: 'resume' as const }),
  fc.record({
    kind: fc.constant('status' as const),
    status: fc.constantFrom('triaged' as const, 'in_progress' as const, 'waiting_referent' as const),
  }),
  fc.constant({ kind: 'note' as const }),
  fc.record({ kind: fc.constant('message' as const), answer: fc.boolean() }),
  fc.record({
    kind: fc.constant('close' as const),
    outcome: fc.constantFrom<CaseOutcome>('accepted', 'rejected', 'withdrawn', 'answered'),
  }),
  fc.constant({ kind: 'reopen' as const }),
  fc.constant({ kind: 'merge' as const }),
);

function apply(c: Contact, cmd: Command, x: UseCaseContext): CaseDecision {
  switch (cmd.kind) {
    case 'route':
      return routeCase(c, { officeId: 'off_lp', recipient }, x);
    case 'suspend':
      return suspendCase(c, { reason: 'documenti', request: ASK, recipient }, x);
    case 'resume':
      return resumeCase(c, {}, x);
    case 'status':
      return changeCaseStatus(c, { status: cmd.status }, x);
    case 'note':
      return addCaseNote(c, { text: 'nota @ref_1' }, x);
    case 'message':
      return sendCaseMessage(c, { text: 'risposta', answer: cmd.answer, recipient }, x);
    case 'close':
      return closeCase(c, { outcome: cmd.outcome, resolvedAtFirstContact: false, recipient }, x);
    case 'reopen':
      return reopenCase(c, { reason: 'di nuovo' }, x);
    case 'merge':
      return mergeCase(c, { original: { caseId: 'case_c9' }, recipient }, x);
  }
}

describe('the case state machine (property)', () => {
  it('any sequence of commands keeps the case consistent; refused commands change nothing', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(command, fc.integer({ min: 0, max: 5 })), { maxLength: 40 }), (steps) => {
        let c: CaseContact = aCase();
        let day = 0;
        for (const [cmd, gap] of steps) {
          day += gap;
          const before = structuredClone(c);
          let d: CaseDecision;
          try {
            d = apply(c, cmd, ctx(later(day)));
          } catch (e) {
            // refused: a domain error, and the state is untouched (decisions are pure)
            expect(e).toBeInstanceOf(DomainError);
            expect(c).toEqual(before);
            continue;
          }
          const next = d.state as CaseContact;
          // every phase change is one the table allows, logged in the history
          if (next.case.status !== c.case.status)
            expect(TRANSITIONS[c.case.status]).toContain(next.case.status);
          expect(CASE_STATUSES).toContain(next.case.status);
          expect(next.case.history.length).toBeGreaterThanOrEqual(c.case.history.length);
          // merged is terminal; closed only reopens
          if (c.case.status === 'merged') expect(next.case.status).toBe('merged');
          if (c.case.status === 'closed' && next.case.status !== 'closed')
            expect(next.case.status).toBe('reopened');
          // the contact follows its case
          if (next.case.status === 'closed') expect(next.status).toBe('closed');
          if (next.case.status === 'reopened') expect(next.status).toBe('open');
          // at most one open suspension; the due date is always opening + term + suspended days
          expect(next.case.suspensions.filter((s) => !s.to).length).toBeLessThanOrEqual(1);
          expect(next.case.suspensions.length).toBeLessThanOrEqual(next.case.maxSuspensions ?? Infinity);
          expect(next.case.dueAt).toEqual(computeDueAt(next.case));
          expect(next.case.dueAt.getTime()).toBeGreaterThanOrEqual(dueEnd(next.case.termDays).getTime());
          // an outcome and a term verdict exactly when closed
          expect(next.case.withinTerm !== undefined).toBe(next.case.status === 'closed');
          // the scheduler's next look is always the earliest pending timer
          expect(next.case.nextTimerAt).toEqual(nextTimerAt(next.case));
          // events are about this case or its contact, never carry the subject
          for (const e of d.events) {
            expect([next.case.id, next.id]).toContain(e.subject);
            expect(JSON.stringify(e.data)).not.toContain('Lampione');
            expect(JSON.stringify(e.data)).not.toContain('risposta');
          }
          // a notification of a message or of a request names one of the case's messages (the text stays in
          // the case): the request of what is missing is the last one, and the open suspension's
          for (const e of d.events.filter((x) => x.type.endsWith('CitizenNotificationRequested.v1'))) {
            const { messageId } = e.data as { messageId?: string };
            if (cmd.kind === 'message') expect(next.case.messages.map((x) => x.id)).toContain(messageId);
            else if (cmd.kind === 'suspend') {
              expect(next.case.messages.at(-1)).toMatchObject({ id: messageId, request: true });
              expect(next.case.suspensions.at(-1)?.requestId).toBe(messageId);
            } else expect(messageId).toBeUndefined();
          }
          c = next;
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('closing a suspended case with an imported closing that predates the suspension', () => {
  it('ends the suspension at its start (no clock error, no 500)', () => {
    const s = suspendCase(aCase(), { reason: 'x', request: ASK }, ctx(later(5))).state;
    const closed = closeCase(s, { outcome: 'withdrawn', resolvedAtFirstContact: false }, ctx(later(2)));
    const c = closed.state as CaseContact;
    expect(c.case.suspensions[0].to).toEqual(later(5));
    expect(c.case.dueAt).toEqual(dueEnd(30));
  });
});
