import type { Actor } from '@urp/kernel';
import { ADMIN, ANALYST, memoryService, OPERATOR } from '../testing/in-memory';

const types = (events: { type: string }[]) => events.map((e) => e.type.split('.')[3]);

describe('contact use cases (in memory: no database, no broker)', () => {
  it('registers a complaint with its case, protocol number and every event in one write', async () => {
    const s = memoryService();
    s.directory.offices.push({
      id: 'off_lp',
      code: 'lavori_pubblici',
      name: 'Lavori pubblici',
      active: true,
    });
    const r = await s.requesterUseCases.create(OPERATOR, {
      kind: 'person',
      name: 'Maria Bianchi',
      email: 'maria@example.it',
      preferredChannel: 'email',
      purpose: 'registrazione allo sportello',
    });
    const c = await s.contactUseCases.register(OPERATOR, {
      channel: 'email',
      type: 'complaint',
      subject: 'Marciapiede dissestato',
      text: 'Sono Maria Bianchi, via Roma 3',
      requesterId: r.id,
      officeId: 'lavori_pubblici',
    });
    expect(c).toMatchObject({
      revision: 1,
      protocolNumber: '2026/0000001',
      officeId: 'off_lp',
      case: { status: 'assigned', officeId: 'off_lp' },
    });
    expect(types(s.contacts.events)).toEqual([
      'ContactRegistered',
      'CaseOpened',
      'CaseRouted',
      'CitizenNotificationRequested',
    ]);
    const all = JSON.stringify(s.contacts.events);
    for (const leak of ['Bianchi', 'maria@', 'via Roma', 'Marciapiede']) expect(all).not.toContain(leak);
  });

  it('away from the desk the registration’s notification is the receipt: derived code, text at send time only', async () => {
    const s = memoryService();
    const r = await s.requesterUseCases.create(OPERATOR, {
      kind: 'person',
      name: 'Maria Bianchi',
      email: 'maria@example.it',
      preferredChannel: 'email',
      purpose: 'registrazione',
    });
    const register = (channel: string) =>
      s.contactUseCases.register(OPERATOR, {
        channel,
        type: 'complaint',
        subject: 'Buca',
        requesterId: r.id,
      });
    const byPhone = await register('phone');
    const atDesk = await register('desk');
    const told = (contactId: string) =>
      s.contacts.events.find(
        (e) =>
          e.type.endsWith('CitizenNotificationRequested.v1') &&
          (e.data as { contactId: string }).contactId === contactId,
      )?.data as { messageId?: string; caseId: string; template: string };
    // exactly one message per contact, the receipt named only away from the desk
    expect(told(byPhone.id)).toMatchObject({ template: 'case_received', messageId: `receipt_${byPhone.id}` });
    expect(told(atDesk.id)).not.toHaveProperty('messageId');
    expect(byPhone.receiptCode).toBe(s.receipts.derive(byPhone.id));
    expect(atDesk.receiptCode).not.toBe(s.receipts.derive(atDesk.id));
    // the code is on no event: campaigns asks for the receipt's text when it sends
    expect(JSON.stringify(s.contacts.events)).not.toContain(byPhone.receiptCode);
    const SERVICE: Actor = { sub: 'svc-campaigns', roles: ['service'] };
    const texts = await s.caseMessageTexts.texts(SERVICE, {
      purpose: 'notifica case_received',
      items: [
        { caseId: byPhone.case!.id, messageId: `receipt_${byPhone.id}` },
        // a desk contact's random code cannot be given again; nor another contact's receipt
        { caseId: atDesk.case!.id, messageId: `receipt_${atDesk.id}` },
        { caseId: atDesk.case!.id, messageId: `receipt_${byPhone.id}` },
      ],
    });
    expect(texts).toEqual([
      {
        caseId: byPhone.case!.id,
        messageId: `receipt_${byPhone.id}`,
        status: 'ok',
        text: expect.stringContaining(
          `numero di protocollo ${byPhone.protocolNumber}, codice di verifica ${byPhone.receiptCode}`,
        ),
      },
      { caseId: atDesk.case!.id, messageId: `receipt_${atDesk.id}`, status: 'unknown' },
      { caseId: atDesk.case!.id, messageId: `receipt_${byPhone.id}`, status: 'unknown' },
    ]);
    expect(texts[0].text).toContain('http://127.0.0.1:4001/stato-pratica');
    expect(s.audits.at(-1)).toMatchObject({ requesterId: r.id, action: 'message', fields: ['receiptCode'] });
    // anonymised: the receipt is no longer handed over
    await s.requesterUseCases.anonymise(ADMIN, r.id, 'request', 'richiesta di cancellazione');
    const after = await s.caseMessageTexts.texts(SERVICE, {
      purpose: 'notifica case_received',
      items: [{ caseId: byPhone.case!.id, messageId: `receipt_${byPhone.id}` }],
    });
    expect(after[0].status).toBe('erased');
  });

  it('refuses bad input field by field (input.*) and writes nothing', async () => {
    const s = memoryService();
    await expect(
      s.contactUseCases.register(OPERATOR, { channel: 'desk', type: 'procedure_start', subject: ' ' }),
    ).rejects.toMatchObject({
      extensions: {
        code: 'BAD_USER_INPUT',
        fields: { 'input.subject': 'obbligatorio', 'input.procedureTypeCode': expect.any(String) },
      },
    });
    expect(s.contacts.all()).toEqual([]);
  });

  it('historical imports only for administrators, with their own time', async () => {
    const s = memoryService();
    const input = {
      channel: 'letter',
      type: 'complaint',
      subject: 'Reclamo storico',
      registeredAt: '2025-10-01T09:00:00+02:00',
    };
    await expect(s.contactUseCases.register(OPERATOR, input)).rejects.toMatchObject({
      extensions: { fields: { 'input.registeredAt': expect.any(String) } },
    });
    const c = await s.contactUseCases.register(ADMIN, input);
    expect(c.registeredAt.toISOString()).toBe('2025-10-01T07:00:00.000Z');
    // the register's current year (2026), never the closed 2025 (DPR 445/2000 artt. 53, 57)
    expect(c.protocolNumber).toBe('2026/0000001');
    expect(s.contacts.events.every((e) => e.time === '2025-10-01T07:00:00.000Z')).toBe(true);
  });

  it("an import of a closed year takes the next number of today's register, in Rome, and keeps its date", async () => {
    // 23:30 UTC on 31 December 2026 is already 2027 in Rome: the register of 2027 is today's
    const s = memoryService(new Date('2026-12-31T23:30:00Z'));
    const at = (registeredAt?: string) =>
      s.contactUseCases.register(ADMIN, {
        channel: 'letter',
        type: 'complaint',
        subject: 'Reclamo',
        ...(registeredAt ? { registeredAt } : {}),
      });
    const old = await at('2025-03-01T10:00:00+01:00');
    expect(old.protocolNumber).toBe('2027/0000001');
    expect(old.registeredAt.toISOString()).toBe('2025-03-01T09:00:00.000Z');
    expect((await at()).protocolNumber).toBe('2027/0000002');
    // a few minutes earlier, still 2026 in Rome: no number of 2026 is written after the year is closed
    expect((await at('2026-12-31T22:59:00Z')).protocolNumber).toBe('2027/0000003');
  });

  it('only front-office roles register; analysts are refused (FORBIDDEN)', async () => {
    const s = memoryService();
    await expect(
      s.contactUseCases.register(ANALYST, { channel: 'desk', type: 'information', subject: 'x' }),
    ).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
  });

  it('closing a contact with an open case closes the case (answered); closing twice is a CONFLICT', async () => {
    const s = memoryService();
    const c = await s.contactUseCases.register(OPERATOR, {
      channel: 'desk',
      type: 'report',
      subject: 'Buca',
    });
    const closed = await s.contactUseCases.close(OPERATOR, { id: c.id, resolvedAtFirstContact: false });
    expect(closed).toMatchObject({ status: 'closed', case: { status: 'closed', outcome: 'answered' } });
    expect(types(s.contacts.events).slice(-2)).toEqual(['CaseClosed', 'ContactClosed']);
    await expect(
      s.contactUseCases.close(OPERATOR, { id: c.id, resolvedAtFirstContact: false }),
    ).rejects.toMatchObject({ extensions: { code: 'CONFLICT' } });
  });

  it('a historical closing keeps its own time: the indicators count it in its month (admins only)', async () => {
    const s = memoryService();
    const info = await s.contactUseCases.register(ADMIN, {
      channel: 'phone',
      type: 'information',
      subject: 'Orari anagrafe',
      registeredAt: '2025-11-03T09:00:00+01:00',
    });
    const input = { id: info.id, resolvedAtFirstContact: false, closedAt: '2025-11-03T15:30:00+01:00' };
    await expect(s.contactUseCases.close(OPERATOR, input)).rejects.toMatchObject({
      extensions: { fields: { 'input.closedAt': 'solo un amministratore può importare chiusure storiche' } },
    });
    await expect(s.contactUseCases.close(ADMIN, { ...input, closedAt: '3 novembre' })).rejects.toMatchObject({
      extensions: { fields: { 'input.closedAt': expect.any(String) } },
    });
    await expect(
      s.contactUseCases.close(ADMIN, { ...input, closedAt: '2099-01-01T00:00:00Z' }),
    ).rejects.toMatchObject({ extensions: { fields: { 'input.closedAt': 'è nel futuro' } } });
    const closed = await s.contactUseCases.close(ADMIN, input);
    expect(closed).toMatchObject({ status: 'closed', closedAt: new Date('2025-11-03T14:30:00Z') });
    // what the Cruscotto's first-contact resolution reads: the ContactClosed of November 2025, not of today
    const event = s.contacts.events.find((e) => e.type.split('.')[3] === 'ContactClosed')!;
    expect(event.time).toBe('2025-11-03T14:30:00.000Z');
    expect(event.data).toMatchObject({ closedAt: '2025-11-03T14:30:00.000Z', resolvedAtFirstContact: false });
    // a live closing is now
    const live = await s.contactUseCases.register(OPERATOR, {
      channel: 'desk',
      type: 'information',
      subject: 'x',
    });
    const now = await s.contactUseCases.close(OPERATOR, { id: live.id, resolvedAtFirstContact: true });
    expect(now.closedAt!.getTime()).toBeGreaterThanOrEqual(live.registeredAt.getTime());
    expect(now.closedAt!.getFullYear()).toBeGreaterThan(2025);
  });

  it('a historical closing of a case tells nobody', async () => {
    const s = memoryService();
    const r = await s.requesterUseCases.create(OPERATOR, {
      kind: 'person',
      name: 'Maria Bianchi',
      email: 'maria@example.it',
      preferredChannel: 'email',
      purpose: 'registrazione',
    });
    const c = await s.contactUseCases.register(ADMIN, {
      channel: 'email',
      type: 'report',
      subject: 'Buca',
      requesterId: r.id,
      registeredAt: '2025-11-03T09:00:00+01:00',
    });
    const before = s.contacts.events.length;
    await s.contactUseCases.close(ADMIN, {
      id: c.id,
      resolvedAtFirstContact: false,
      closedAt: '2025-11-20T10:00:00+01:00',
    });
    const after = types(s.contacts.events.slice(before));
    expect(after).toEqual(['CaseClosed', 'ContactClosed']);
  });

  it('proposes an answered contact as a FAQ, scrubbed of the requester’s name', async () => {
    const s = memoryService();
    const r = await s.requesterUseCases.create(OPERATOR, {
      kind: 'person',
      name: 'Giorgio Neri',
      purpose: 'registrazione',
    });
    const c = await s.contactUseCases.register(OPERATOR, {
      channel: 'desk',
      type: 'information',
      subject: 'Residenza',
      requesterId: r.id,
      resolvedAtFirstContact: true,
    });
    const p = await s.contactUseCases.proposeFaq(OPERATOR, {
      contactId: c.id,
      question: 'Giorgio Neri chiede: quanto tempo serve per il cambio di residenza?',
      answer: 'Due giorni lavorativi per la registrazione della dichiarazione.',
    });
    expect(p.question).not.toContain('Giorgio');
    expect(s.proposals.events[0].data).toMatchObject({ question: p.question, proposedBy: 'op-anna' });
  });
});
