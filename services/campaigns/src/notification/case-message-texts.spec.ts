import type { UseCaseContext } from '@urp/kernel';
import type { CaseMessage, CaseMessageRef } from '../delivery/case-messages';
import { configureCitizenMessages, messageFor, textsOfSlice } from './case-message-texts';
import { aNotification, QUEUED_AT } from './notification.fixtures';
import { claimAttempt, recordAttempt, renderNotification, type Notification } from './notification.rules';

const reply = (n: number) => `Risposta dell'ufficio numero ${n}.`;

/** contacts' `/internal/case-messages` as agreed: `ok` with the text, `erased` for msg_2, `unknown` otherwise. */
class FakeContacts {
  calls: { items: CaseMessageRef[]; purpose: string }[] = [];
  down = false;
  async fetch(items: CaseMessageRef[], purpose: string): Promise<Map<string, CaseMessage>> {
    this.calls.push({ items, purpose });
    if (this.down) throw new Error('contacts answered 503 to the case messages lookup');
    return new Map(
      items.map(({ caseId, messageId }) => {
        const i = Number(messageId.split('_')[1]);
        const m: CaseMessage =
          i === 2
            ? { caseId, messageId, status: 'erased' }
            : i >= 100
              ? { caseId, messageId, status: 'unknown' }
              : { caseId, messageId, status: 'ok', text: reply(i) };
        return [messageId, m];
      }),
    );
  }
}

const answer = (i: number, over: Partial<Notification> = {}) =>
  aNotification(`n${i}`, {
    caseId: `case_${i}`,
    facts: { protocolNumber: `2026/00000${i}`, status: 'answered', messageId: `msg_${i}` },
    ...over,
  });

describe('the office messages of a slice', () => {
  it('one call per slice, only for the messages going out on e-mail, PEC or IO', async () => {
    const contacts = new FakeContacts();
    const slice = [
      { n: answer(1), channel: 'email' as const },
      { n: answer(2), channel: 'pec' as const },
      { n: answer(3), channel: 'io' as const },
      { n: answer(4), channel: 'sms' as const },
      { n: aNotification('n5', { caseId: 'case_5', template: 'case_closed' }), channel: 'email' as const },
      { n: answer(6, { recipientType: 'referent' }), channel: 'email' as const },
    ];
    const texts = await textsOfSlice(slice, contacts);
    expect(contacts.calls).toHaveLength(1);
    expect(contacts.calls[0].items).toEqual([
      { caseId: 'case_1', messageId: 'msg_1' },
      { caseId: 'case_2', messageId: 'msg_2' },
      { caseId: 'case_3', messageId: 'msg_3' },
    ]);
    expect(contacts.calls[0].purpose).toBe('notifica case_answered');
    expect(messageFor(answer(1), 'email', texts)).toEqual({ message: reply(1) });
    expect(messageFor(answer(3), 'io', texts)).toEqual({ message: reply(3) });
    // erased: the notice goes without the text
    expect(messageFor(answer(2), 'pec', texts)).toEqual({});
    // the SMS and the notifications without a message never carry a text
    expect(messageFor(answer(4), 'sms', texts)).toEqual({});
    expect(messageFor(slice[4].n, 'email', texts)).toEqual({});
  });

  it('a slice without messages asks contacts nothing', async () => {
    const contacts = new FakeContacts();
    const texts = await textsOfSlice([{ n: answer(4), channel: 'sms' }], contacts);
    expect(contacts.calls).toHaveLength(0);
    expect(messageFor(answer(4), 'sms', texts)).toEqual({});
  });

  it('an unknown message, or one of another case, is sent without the text', async () => {
    const contacts = new FakeContacts();
    const n = answer(100);
    const texts = await textsOfSlice([{ n, channel: 'email' }], contacts);
    expect(messageFor(n, 'email', texts)).toEqual({});
    const wrongCase = {
      async fetch(items: CaseMessageRef[]) {
        return new Map(
          items.map((i) => [i.messageId, { ...i, caseId: 'case_other', status: 'ok' as const, text: 'x' }]),
        );
      },
    };
    const other = await textsOfSlice([{ n: answer(1), channel: 'email' }], wrongCase);
    expect(messageFor(answer(1), 'email', other)).toEqual({});
  });

  it('contacts unreachable: a transient failure, retried with backoff, then sent with the text', async () => {
    const contacts = new FakeContacts();
    contacts.down = true;
    const n = answer(1);
    const texts = await textsOfSlice([{ n, channel: 'email' }], contacts);
    expect(texts).toBeNull();
    expect(messageFor(n, 'email', texts)).toBe('retry');
    // the sender records it as any transient failure: queued again, later (never sent without the text)
    const ctx = (ms: number): UseCaseContext => ({
      actor: { sub: 'campaigns-notifications', roles: ['service'] },
      now: new Date(QUEUED_AT.getTime() + ms),
      source: '/urp/campaigns',
    });
    const policy = { maxAttempts: 4, baseMs: 1000 };
    const claimed = claimAttempt(n, ctx(0)).state;
    const after = recordAttempt(
      claimed,
      { ok: false, permanent: false, bounced: false, code: 'message_lookup_failed' },
      policy,
      ctx(0),
    );
    expect(after.state).toMatchObject({ status: 'queued', lastError: 'message_lookup_failed', attempts: 1 });
    expect(after.state.nextAttemptAt.getTime()).toBe(QUEUED_AT.getTime() + 1000);
    expect(after.events).toEqual([]);
    // contacts is back: the next attempt carries the text
    contacts.down = false;
    const again = await textsOfSlice([{ n: after.state, channel: 'email' }], contacts);
    const m = renderNotification(
      after.state,
      messageFor(after.state, 'email', again) as { message?: string },
    );
    expect(m.text).toContain(reply(1));
    // the text is nowhere in the notification's state or events
    expect(JSON.stringify(after)).not.toContain('Risposta');
  });
  it('the receipt of a contact registered away from the desk is fetched like a reply, one per contact', async () => {
    // contacts names the receipt `receipt_<contactId>` on the registration's `case_received`
    const receipt = (i: number) =>
      aNotification(`r${i}`, {
        caseId: `case_c${i}`,
        template: 'case_received',
        facts: { protocolNumber: `2026/000010${i}`, status: 'received', messageId: `receipt_c${i}` },
      });
    const texts = new Map([
      [1, 'Ricevuta della richiesta: numero di protocollo 2026/0000101, codice di verifica 7K3M-Q9TX-2HBD.'],
      [2, 'Ricevuta della richiesta: numero di protocollo 2026/0000102, codice di verifica 2HBD-Q9TX-7K3M.'],
    ]);
    const calls: CaseMessageRef[][] = [];
    const contacts = {
      async fetch(items: CaseMessageRef[]) {
        calls.push(items);
        return new Map(
          items.map((i) => {
            const n = Number(i.messageId.slice('receipt_c'.length));
            return [i.messageId, { ...i, status: 'ok' as const, text: texts.get(n) }];
          }),
        );
      },
    };
    const slice = [
      { n: receipt(1), channel: 'email' as const },
      { n: receipt(2), channel: 'pec' as const },
    ];
    const got = await textsOfSlice(slice, contacts);
    expect(calls).toEqual([
      [
        { caseId: 'case_c1', messageId: 'receipt_c1' },
        { caseId: 'case_c2', messageId: 'receipt_c2' },
      ],
    ]);
    // each its own code (two receipts in one slice are told apart by their ids)
    for (const i of [1, 2]) {
      const m = renderNotification(receipt(i), messageFor(receipt(i), 'email', got) as { message?: string });
      expect(m.subject).toContain('è stata registrata');
      expect(m.text).toContain(texts.get(i));
    }
  });

  it('the receipt e-mail says the code and the status page once each', async () => {
    const url = 'https://urp.example.it/stato-pratica';
    configureCitizenMessages({ statusPageUrl: url });
    try {
      const n = aNotification('r1', {
        caseId: 'case_c1',
        template: 'case_received',
        facts: { protocolNumber: '2026/0000101', status: 'received', messageId: 'receipt_c1' },
      });
      // contacts' receipt text: protocol number, code, status page
      const text =
        'Ricevuta della richiesta: numero di protocollo 2026/0000101, codice di verifica 7K3M-Q9TX-2HBD. ' +
        `Conservi questo messaggio: con il numero di protocollo e il codice di verifica può vedere a che punto è la pratica, senza registrarsi, alla pagina ${url}`;
      const got = await textsOfSlice([{ n, channel: 'email' }], {
        fetch: async (items: CaseMessageRef[]) =>
          new Map(items.map((i) => [i.messageId, { ...i, status: 'ok' as const, text }])),
      });
      const extras = messageFor(n, 'email', got) as {
        message?: string;
        receipt?: string;
        statusPageUrl?: string;
      };
      expect(extras).toMatchObject({ receipt: text });
      // the receipt says where to follow the case: the status page is not added a second time
      expect(extras.statusPageUrl).toBeUndefined();
      const m = renderNotification(n, extras);
      const times = (what: string) => m.text.split(what).length - 1;
      expect([times('7K3M-Q9TX-2HBD'), times(url)]).toEqual([1, 1]);
      // a citizen who called gets the receipt by SMS: the same text, with the code the status page asks for
      const bySms = await textsOfSlice([{ n, channel: 'sms' }], {
        fetch: async (items: CaseMessageRef[]) =>
          new Map(items.map((i) => [i.messageId, { ...i, status: 'ok' as const, text }])),
      });
      const sms = renderNotification(n, messageFor(n, 'sms', bySms) as { receipt?: string }).short;
      expect(sms).toBe(text);
      expect(sms.length).toBeLessThanOrEqual(306);
      // a reply of the office keeps its intro and the status page after it
      const reply = answer(1);
      const replies = await textsOfSlice([{ n: reply, channel: 'email' }], new FakeContacts());
      const r = renderNotification(reply, messageFor(reply, 'email', replies) as { message?: string });
      expect(r.text).toContain("Il messaggio dell'ufficio:");
      expect(r.text.split(url)).toHaveLength(2);
    } finally {
      configureCitizenMessages({});
    }
  });
});

describe('what is missing, when the office waits for the citizen', () => {
  const ask = 'Ci invii la planimetria firmata e una fotografia del passo carrabile.';
  const waiting = aNotification('w1', {
    caseId: 'case_w1',
    template: 'case_waiting_citizen',
    // as contacts asks it: the request is a public message of the case, named by id; no due date while suspended
    facts: { protocolNumber: '2026/0000201', status: 'waiting_citizen', messageId: 'msg_w1' },
  });
  const contacts = () => ({
    calls: 0,
    async fetch(items: CaseMessageRef[]) {
      this.calls++;
      return new Map(items.map((i) => [i.messageId, { ...i, status: 'ok' as const, text: ask }]));
    },
  });

  it('the e-mail, PEC and IO message carry the request, fetched at send time', async () => {
    for (const channel of ['email', 'pec', 'io'] as const) {
      const lookup = contacts();
      const texts = await textsOfSlice([{ n: waiting, channel }], lookup);
      expect(lookup.calls).toBe(1);
      const extras = messageFor(waiting, channel, texts);
      expect(extras).toEqual({ message: ask });
      const m = renderNotification(waiting, extras as { message?: string });
      expect(m.subject).toContain('2026/0000201');
      expect(m.subject).toContain('attende una sua integrazione');
      expect(m.text).toContain(ask);
      expect(m.markdown).toContain(ask);
      // introduced as what the office asks, not as a reply
      expect(m.text).toContain(`L’ufficio le chiede:\n\n${ask}`);
      expect(m.markdown).toContain(`L’ufficio le chiede:\n\n${ask}`);
      expect(m.text).not.toContain("Il messaggio dell'ufficio");
      // no due date is told while the clock stands
      expect(m.text).not.toContain('Il termine per la conclusione');
    }
  });

  it('the SMS says where to read it, without the text; contacts unreachable: retried, never sent without it', async () => {
    const lookup = contacts();
    const bySms = await textsOfSlice([{ n: waiting, channel: 'sms' }], lookup);
    expect(lookup.calls).toBe(0);
    expect(renderNotification(waiting, messageFor(waiting, 'sms', bySms) as object).short).not.toContain(
      'planimetria',
    );
    const down = await textsOfSlice([{ n: waiting, channel: 'email' }], {
      fetch: async () => {
        throw new Error('contacts answered 503 to the case messages lookup');
      },
    });
    expect(messageFor(waiting, 'email', down)).toBe('retry');
  });
});
