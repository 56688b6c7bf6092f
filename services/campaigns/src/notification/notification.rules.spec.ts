import { DomainError, type UseCaseContext } from '@urp/kernel';
import fc from 'fast-check';
import {
  abandonStaleClaim,
  addReceipt,
  backoffMs,
  claimAttempt,
  notificationIdFor,
  queueNotification,
  recordAttempt,
  IO_MARKDOWN_MAX,
  renderNotification,
  type AttemptOutcome,
  type Notification,
  type QueueNotification,
} from './notification.rules';

const t0 = new Date('2026-11-02T09:00:00+01:00');
const ctxAt = (ms = 0): UseCaseContext => ({
  actor: { sub: 'campaigns-notifications', roles: ['service'] },
  now: new Date(t0.getTime() + ms),
  source: '/urp/campaigns',
});
const policy = { maxAttempts: 4, baseMs: 1000 };
const cmd: QueueNotification = {
  id: notificationIdFor.citizen('0193a1b2-0000-7000-8000-000000000001'),
  requestedBy: 'CitizenNotificationRequested',
  caseId: 'case_1',
  contactId: 'con_1',
  recipientType: 'requester',
  recipientId: 'req_abcdef12',
  channel: 'email',
  template: 'case_answered',
  facts: { protocolNumber: '2026/000123', status: 'answered', dueAt: '2026-12-02T09:00:00+01:00' },
};
const types = (d: { events: { type: string }[] } | null) => d?.events.map((e) => e.type.split('.')[3]) ?? [];
const queued = () => queueNotification(null, cmd, ctxAt())!.state;

describe('notification rules', () => {
  it('queues once per id and says so with NotificationQueued (no address, no text)', () => {
    const d = queueNotification(null, cmd, ctxAt())!;
    expect(d.state).toMatchObject({ status: 'queued', attempts: 0, nextAttemptAt: t0 });
    expect(types(d)).toEqual(['NotificationQueued']);
    expect(JSON.stringify(d.events[0].data)).not.toMatch(/@|Gentile/);
    expect(queueNotification(d.state, cmd, ctxAt())).toBeNull();
  });

  it('fails at once on a channel nobody can deliver (letter, phone)', () => {
    const d = queueNotification(null, { ...cmd, channel: 'letter' }, ctxAt())!;
    expect(d.state).toMatchObject({ status: 'failed', failureCode: 'channel_unsupported' });
    expect(types(d)).toEqual(['NotificationQueued', 'NotificationFailed']);
    expect(d.events[1].data).toMatchObject({ caseId: 'case_1', code: 'channel_unsupported' });
  });

  it('a request consumed too late (a replayed history) fails as expired and is never sent', () => {
    const old = { requestedAt: new Date(t0.getTime() - 8 * 86_400_000), maxAgeMs: 7 * 86_400_000 };
    const d = queueNotification(null, cmd, ctxAt(), old)!;
    expect(d.state).toMatchObject({ status: 'failed', failureCode: 'expired' });
    const fresh = { requestedAt: new Date(t0.getTime() - 60_000), maxAgeMs: 7 * 86_400_000 };
    expect(queueNotification(null, cmd, ctxAt(), fresh)!.state.status).toBe('queued');
  });

  it('reminders and review notices get the same id however often their timers fire', () => {
    expect(notificationIdFor.reminder('c1', 'reminder', '2026-12-02T09:00:00+01:00')).toBe(
      notificationIdFor.reminder('c1', 'reminder', '2026-12-02T08:00:00Z'),
    );
    expect(notificationIdFor.review('s1', '2026-12-02T09:00:00+01:00')).toBe(
      notificationIdFor.review('s1', '2026-12-02T08:00:00.000Z'),
    );
  });

  it('a second review date on the same day is a second notice to the owner', () => {
    expect(notificationIdFor.review('s1', '2026-12-06T21:18:18Z')).not.toBe(
      notificationIdFor.review('s1', '2026-12-06T21:18:48Z'),
    );
  });

  it('claims an attempt only when it is due and only once', () => {
    const claimed = claimAttempt(queued(), ctxAt()).state;
    expect(claimed).toMatchObject({ status: 'sending', attempts: 1 });
    expect(() => claimAttempt(claimed, ctxAt())).toThrow(DomainError);
  });

  it('a claim carries its sender’s claim id until the outcome or the abandonment removes it', () => {
    const claimed = claimAttempt(queued(), ctxAt(), 'claim-a').state;
    expect(claimed.claimId).toBe('claim-a');
    expect(
      recordAttempt(claimed, { ok: true, status: 'sent' }, policy, ctxAt()).state.claimId,
    ).toBeUndefined();
    const retried = recordAttempt(
      claimed,
      { ok: false, permanent: false, bounced: false, code: 'econnrefused' },
      policy,
      ctxAt(),
    ).state;
    expect(retried).toMatchObject({ status: 'queued' });
    expect(retried.claimId).toBeUndefined();
    expect(abandonStaleClaim(claimed, ctxAt(60_000))!.state.claimId).toBeUndefined();
  });

  it('a stale claim fails as outcome_unknown and is never sent again', () => {
    const claimed = claimAttempt(queued(), ctxAt()).state;
    const d = abandonStaleClaim(claimed, ctxAt(60_000))!;
    expect(d.state).toMatchObject({ status: 'failed', failureCode: 'outcome_unknown' });
    expect(types(d)).toEqual(['NotificationFailed']);
    expect(abandonStaleClaim(d.state, ctxAt())).toBeNull();
  });

  it('a PEC delivery receipt turns sent into delivered, once', () => {
    let n = claimAttempt(queued(), ctxAt()).state;
    n = recordAttempt(n, { ok: true, status: 'sent' }, policy, ctxAt()).state;
    const r = { type: 'avvenuta-consegna', at: t0.toISOString() };
    const d = addReceipt(n, r, ctxAt(5))!;
    expect(d.state.status).toBe('delivered');
    expect(types(d)).toEqual(['NotificationDelivered']);
    expect(addReceipt(d.state, r, ctxAt(6))).toBeNull();
  });

  const outcome = fc.oneof(
    fc.constant<AttemptOutcome>({ ok: true, status: 'delivered' }),
    fc.constant<AttemptOutcome>({ ok: true, status: 'sent' }),
    fc.constant<AttemptOutcome>({ ok: false, permanent: true, bounced: true, code: 'smtp_550' }),
    fc.constant<AttemptOutcome>({ ok: false, permanent: true, bounced: false, code: 'no_address' }),
    fc.constant<AttemptOutcome>({ ok: false, permanent: false, bounced: false, code: 'econnrefused' }),
  );

  it('property: whatever the attempts give, it ends in one final state with one final event, within maxAttempts, backing off exponentially', () => {
    fc.assert(
      fc.property(fc.array(outcome, { minLength: 10, maxLength: 10 }), (outcomes) => {
        let n: Notification = queued();
        let clock = 0;
        const finals: string[] = [];
        const waits: number[] = [];
        for (const o of outcomes) {
          if (n.status !== 'queued') break;
          clock = n.nextAttemptAt.getTime() - t0.getTime();
          n = claimAttempt(n, ctxAt(clock)).state;
          const d = recordAttempt(n, o, policy, ctxAt(clock));
          finals.push(...types(d));
          if (d.state.status === 'queued') waits.push(d.state.nextAttemptAt.getTime() - t0.getTime() - clock);
          n = d.state;
        }
        expect(n.attempts).toBeLessThanOrEqual(policy.maxAttempts);
        if (n.status === 'queued') return; // ten outcomes never end in queued with maxAttempts 4
        expect(['delivered', 'sent', 'failed', 'bounced']).toContain(n.status);
        expect(finals).toHaveLength(1);
        expect(finals[0]).toBe(
          n.status === 'delivered' || n.status === 'sent' ? 'NotificationDelivered' : 'NotificationFailed',
        );
        waits.forEach((w, i) => expect(w).toBe(backoffMs(i + 1, policy)));
      }),
    );
  });

  it('renders Italian text from codes only, within the IO bounds', () => {
    for (const template of [
      'case_answered',
      'case_closed',
      'case_reminder',
      'case_due',
      'sheet_review_due',
      'x',
    ]) {
      const m = renderNotification({ template, facts: cmd.facts, recipientType: 'requester' });
      expect(m.subject.length).toBeGreaterThanOrEqual(10);
      expect(m.subject.length).toBeLessThanOrEqual(120);
      expect(m.markdown.length).toBeGreaterThanOrEqual(80);
    }
    const m = renderNotification({ template: 'case_answered', facts: cmd.facts, recipientType: 'requester' });
    expect(m.subject).toBe("La sua richiesta all'URP n. 2026/000123 ha ricevuto una risposta");
    expect(m.text).toContain('2 dicembre 2026');
  });

  it('tells a referent, or an office, which case is now theirs, its due date and where to find it', () => {
    const facts = { protocolNumber: '2026/0000009', dueAt: '2027-01-05T23:00:00.000Z' };
    const now = new Date('2026-12-07T08:00:00Z');
    const toReferent = renderNotification(
      { template: 'case_assigned', facts, recipientType: 'referent' },
      { now },
    );
    expect(toReferent.subject).toBe('Pratica URP n. 2026/0000009 assegnata a lei');
    expect(toReferent.text).toContain('La pratica n. 2026/0000009 è stata assegnata a lei');
    expect(toReferent.text).toContain('6 gennaio 2027');
    expect(toReferent.text).toContain('«Le mie pratiche»');
    const toOffice = renderNotification(
      { template: 'case_assigned', facts, recipientType: 'office' },
      { now },
    );
    expect(toOffice.subject).toBe('Pratica URP n. 2026/0000009 assegnata al suo ufficio');
    expect(toOffice.markdown.length).toBeGreaterThanOrEqual(80);
  });

  it('tells the substitute official the procedure is theirs to conclude, by when, and the term missed', () => {
    const m = renderNotification(
      {
        template: 'procedure_substitute',
        facts: {
          procedureTypeCode: 'ACC_CIV',
          dueAt: '2026-12-22T22:59:59.999Z',
          originalDueAt: '2026-12-03T22:59:59.999Z',
        },
        recipientType: 'referent',
      },
      { now: new Date('2026-12-07T08:00:00Z') },
    );
    expect(m.subject).toBe('Potere sostitutivo: procedimento da concludere entro il 22 dicembre 2026');
    expect(m.text).toContain('ha superato il termine del 3 dicembre 2026');
    expect(m.text).toContain('art. 2, commi 9-bis e 9-ter, della legge 241/1990');
    expect(m.text).toContain('metà di quello originario: entro il 22 dicembre 2026 (tra 15 giorni)');
  });

  it('says a case just opened is registered, not "updated"', () => {
    const opened = renderNotification({
      template: 'case_status',
      facts: { status: 'received', protocolNumber: '2026/0000101' },
      recipientType: 'requester',
    });
    expect(opened.subject).toBe("La sua richiesta all'URP n. 2026/0000101 è stata registrata");
  });

  it('the SMS names the protocol number once (the subject already has it)', () => {
    const count = (text: string, what: string) => text.split(what).length - 1;
    for (const [template, status] of [
      ['case_status', 'received'],
      ['case_answered', 'answered'],
      ['case_closed', 'closed'],
    ]) {
      for (const extras of [{}, { statusPageUrl: 'https://urp.example.it/stato-pratica' }]) {
        const m = renderNotification(
          { template, facts: { status, protocolNumber: '2026/0000101' }, recipientType: 'requester' },
          extras,
        );
        expect(count(m.short, '2026/0000101')).toBe(1);
        expect(count(m.short, 'https://urp.example.it/stato-pratica')).toBe(extras.statusPageUrl ? 1 : 0);
      }
    }
  });

  it('a receipt is said once: no intro of an office message, no second protocol number or status page', () => {
    const url = 'https://urp.example.it/stato-pratica';
    // the receipt as contacts writes it (status/receipt-code.rules.ts receiptText)
    const receipt =
      'Ricevuta della richiesta: numero di protocollo 2026/0000101, codice di verifica 7K3M-Q9TX-2HBD. ' +
      'Conservi questo messaggio: con il numero di protocollo e il codice di verifica può vedere a che punto è la ' +
      `pratica, senza registrarsi, alla pagina ${url}`;
    const m = renderNotification(
      {
        template: 'case_status',
        facts: { status: 'received', protocolNumber: '2026/0000101', dueAt: '2026-12-30T10:00:00Z' },
        recipientType: 'requester',
      },
      { receipt },
    );
    for (const body of [m.text, m.markdown]) {
      expect(body.split('2026/0000101')).toHaveLength(2);
      expect(body.split(url)).toHaveLength(2);
      expect(body).not.toContain("Il messaggio dell'ufficio");
      expect(body).toContain(
        "la sua richiesta all'Ufficio per le Relazioni con il Pubblico è stata registrata.\n\n" +
          'Il termine per la conclusione è il 30 dicembre 2026.\n\n' +
          receipt,
      );
    }
  });

  it('a reminder names its case by protocol number, and counts the days when it is sent, not when it was queued', () => {
    const facts = { kind: 'reminder', dueAt: '2026-12-14T10:00:00+01:00', protocolNumber: '2026/0000123' };
    const reminder = (now?: Date) =>
      renderNotification({ template: 'case_reminder', facts, recipientType: 'referent' }, { now });
    expect(reminder().subject).toBe('Promemoria: pratica URP n. 2026/0000123 in scadenza');
    expect(reminder().text).toContain(
      'La pratica n. 2026/0000123, assegnata al suo ufficio, scade il 14 dicembre 2026.',
    );
    // counted in Rome's calendar days from the sending (23:30 UTC on the 12th is the 13th in Rome)
    expect(reminder(new Date('2026-12-07T08:00:00Z')).text).toContain(
      'scade il 14 dicembre 2026 (tra 7 giorni).',
    );
    expect(reminder(new Date('2026-12-12T23:30:00Z')).text).toContain('(domani)');
    expect(reminder(new Date('2026-12-14T06:00:00Z')).text).toContain('(oggi)');
    // past the date: the date only, no count
    expect(reminder(new Date('2026-12-15T08:00:00Z')).text).toContain('scade il 14 dicembre 2026.');
    const due = renderNotification(
      { template: 'case_due', facts: { ...facts, kind: 'due' }, recipientType: 'referent' },
      { now: new Date('2026-12-14T12:00:00Z') },
    );
    expect(due.subject).toBe('Pratica URP n. 2026/0000123 giunta a scadenza');
    expect(due.text).toContain(
      'La pratica n. 2026/0000123, assegnata al suo ufficio, ha raggiunto il termine del 14 dicembre 2026.',
    );
    // an older reminder without the number says as much as before
    const old = renderNotification({
      template: 'case_reminder',
      facts: { dueAt: facts.dueAt },
      recipientType: 'referent',
    });
    expect(old.subject).toBe('Promemoria: pratica URP in scadenza');
    expect(old.text).toContain('Una pratica assegnata al suo ufficio scade il 14 dicembre 2026.');
  });

  it('a deadline warning counts the days to the deadline when it is sent, not the days of the warning', () => {
    const warning = (now?: Date) =>
      renderNotification(
        {
          template: 'procedure_deadline_approaching',
          facts: { dueAt: '2026-12-14T23:59:59.999+01:00', daysBefore: 7 },
          recipientType: 'referent',
        },
        { now },
      ).text;
    expect(warning(new Date('2026-12-07T09:00:00Z'))).toContain('scade il 14 dicembre 2026 (tra 7 giorni).');
    // queued 7 days before, sent 3 days late
    expect(warning(new Date('2026-12-10T09:00:00Z'))).toContain('(tra 4 giorni)');
    expect(warning()).not.toContain('giorni)');
  });

  it('elides the article before a date read with a vowel: "l’11 dicembre", "dell’8", "il 12"', () => {
    const at = (day: string) => ({ ...cmd.facts, dueAt: `2026-12-${day}T10:00:00.000Z` });
    const text = (template: string, day: string) =>
      renderNotification({ template, facts: at(day), recipientType: 'referent' }).text;
    expect(text('case_reminder', '11')).toContain("scade l'11 dicembre 2026");
    expect(text('case_reminder', '12')).toContain('scade il 12 dicembre 2026');
    expect(text('case_due', '08')).toContain("ha raggiunto il termine dell'8 dicembre 2026");
    expect(text('procedure_deadline_approaching', '01')).toContain("scade l'1 dicembre 2026");
    expect(text('case_due', '18')).toContain('del 18 dicembre 2026');
  });

  describe("the office's message (fetched at send time)", () => {
    const reply = 'La lampada di via dei Tigli sarà sostituita entro venerdì.';
    const answered = { template: 'case_answered', facts: cmd.facts, recipientType: 'requester' as const };

    it('e-mail / PEC text and IO markdown carry it after the intro, without "ask the URP"', () => {
      const m = renderNotification(answered, { message: reply });
      for (const body of [m.text, m.markdown]) {
        expect(body).toContain(`Il messaggio dell'ufficio:\n\n${reply}`);
        expect(body).not.toContain('Per leggere i dettagli');
      }
      expect(m.subject).not.toContain('Tigli');
    });

    it('the SMS keeps its short form, without the text', () => {
      const m = renderNotification(answered, { message: reply });
      expect(m.short).not.toContain('Tigli');
      expect(m.short).toContain("Dettagli all'URP");
      expect(m.short.length).toBeLessThanOrEqual(306);
    });

    it('without the text (erased, unknown) the notice is as before', () => {
      const m = renderNotification(answered, {});
      expect(m.text).toContain('Per leggere i dettagli');
      expect(m.text).not.toContain("Il messaggio dell'ufficio");
      expect(renderNotification(answered, { message: '   ' }).text).toBe(m.text);
    });

    it('IO: a long text is cut within 10,000 characters with a note; e-mail keeps it whole', () => {
      const long = 'parola '.repeat(3000).trim();
      const m = renderNotification(answered, { message: long });
      expect(m.text).toContain(long);
      expect(m.markdown.length).toBeLessThanOrEqual(IO_MARKDOWN_MAX);
      expect(m.markdown.length).toBeGreaterThan(IO_MARKDOWN_MAX - 200);
      expect(m.markdown).toContain('Il messaggio è stato abbreviato');
      expect(m.markdown).toMatch(/parola…/);
      expect(renderNotification(answered, { message: 'Sì.' }).markdown.length).toBeGreaterThanOrEqual(80);
    });

    it('case_message: a new message of the office, in Italian', () => {
      for (const facts of [{ ...cmd.facts, status: 'message' }, { protocolNumber: '2026/000123' }]) {
        const m = renderNotification(
          { template: 'case_message', facts, recipientType: 'requester' },
          {
            message: reply,
          },
        );
        expect(m.subject).toBe(
          "La sua richiesta all'URP n. 2026/000123 ha ricevuto un nuovo messaggio dall'ufficio",
        );
        expect(m.text).toContain(reply);
      }
    });
  });
});
