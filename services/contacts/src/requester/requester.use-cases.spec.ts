import { ADMIN, memoryService, OPERATOR } from '../testing/in-memory';
import { FISCAL_CODE_TAKEN } from './requester.use-cases';

/** Personal data use cases and the retention sweep on in-memory stores (no database). */
describe('requester use cases (in memory)', () => {
  const longAgo = new Date('2019-01-10T10:00:00Z');

  it('every change and read of personal data is audited with its purpose; bad fields are named', async () => {
    const s = memoryService();
    await expect(
      s.requesterUseCases.create(OPERATOR, { kind: 'person', email: 'x', purpose: '' }),
    ).rejects.toMatchObject({
      extensions: {
        fields: {
          'input.name': expect.any(String),
          'input.email': expect.any(String),
          'input.purpose': expect.any(String),
        },
      },
    });
    const r = await s.requesterUseCases.create(OPERATOR, {
      kind: 'person',
      name: 'Mario Rossi',
      email: 'mario@example.it',
      purpose: 'registrazione',
    });
    const updated = await s.requesterUseCases.update(OPERATOR, {
      id: r.id,
      phone: '+39 333 1234567',
      preferredChannel: 'sms',
      email: null,
      purpose: 'preferisce gli SMS',
    });
    expect(updated).toMatchObject({ phone: '+39 333 1234567', preferredChannel: 'sms', revision: 2 });
    expect(updated).not.toHaveProperty('email');
    // an edit made on an older revision is refused and changes nothing
    await expect(
      s.requesterUseCases.update(OPERATOR, {
        id: r.id,
        phone: '+39 06 1234567',
        expectedRevision: 1,
        purpose: 'correzione del numero',
      }),
    ).rejects.toMatchObject({ extensions: { code: 'CONFLICT' } });
    expect(await s.requesters.get(r.id)).toMatchObject({ phone: '+39 333 1234567', revision: 2 });
    expect(await s.requesterUseCases.readPersonal(OPERATOR, updated, 'risposta al reclamo')).toMatchObject({
      name: 'Mario Rossi',
      email: null,
    });
    expect(s.audits.map((a) => [a.action, a.purpose])).toEqual([
      ['create', 'registrazione'],
      ['update', 'preferisce gli SMS'],
      ['read', 'risposta al reclamo'],
    ]);
    await expect(
      s.requesterUseCases.readPersonal({ sub: 'm', roles: ['manager'] }, updated, 'curiosità'),
    ).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
  });

  it('the retention sweep anonymises persons whose last contact is older than 5 years, once, scrubbing their contacts', async () => {
    const s = memoryService(longAgo);
    const old = await s.requesterUseCases.create(OPERATOR, {
      kind: 'person',
      name: 'Mario Rossi',
      email: 'mario@example.it',
      purpose: 'registrazione',
    });
    const recent = await s.requesterUseCases.create(OPERATOR, {
      kind: 'person',
      name: 'Anna Verdi',
      purpose: 'registrazione',
    });
    await s.contactUseCases.register(OPERATOR, {
      channel: 'desk',
      type: 'complaint',
      subject: 'Reclamo di Mario Rossi',
      text: 'testo libero',
      requesterId: old.id,
      place: { area: 'centro', address: 'via Roma 3' },
    });
    s.clock.set(new Date('2025-06-01T10:00:00Z'));
    await s.contactUseCases.register(OPERATOR, {
      channel: 'desk',
      type: 'information',
      subject: 'Orari',
      requesterId: recent.id,
    });
    s.clock.set(new Date('2026-11-27T12:00:00Z'));
    expect(await s.requesterUseCases.sweepRetention()).toBe(1);
    expect(await s.requesterUseCases.sweepRetention()).toBe(0); // a second sweep (or instance) does nothing
    const gone = await s.requesters.get(old.id);
    expect(gone).toMatchObject({ anonymisedReason: 'retention', kind: 'person' });
    expect(gone).not.toHaveProperty('email');
    expect(await s.requesters.get(recent.id)).toHaveProperty('name', 'Anna Verdi');
    expect(s.requesters.events.map((e) => e.type)).toEqual(['it.urp.contacts.RequesterAnonymised.v1']);
    const [row] = s.contacts.readModel.ofRequester(old.id);
    const contact = (await s.contacts.get(row.id))!;
    expect(contact.subject).not.toContain('Rossi');
    expect(contact).not.toHaveProperty('text');
    expect(contact.place).toEqual({ area: 'centro' });
    expect(s.audits.at(-1)).toMatchObject({ who: 'system:retention', action: 'anonymise' });
  });

  it('answers the preferred address per requester, with the channel it chose, audited', async () => {
    const s = memoryService();
    const svc = { sub: 'svc-campaigns', roles: ['service' as const] };
    const anna = await s.requesterUseCases.create(OPERATOR, {
      kind: 'person',
      name: 'Anna Neri',
      email: 'anna@example.it',
      pec: 'anna@pec.example.it',
      preferredChannel: 'email',
      purpose: 'registrazione',
    });
    const piero = await s.requesterUseCases.create(OPERATOR, {
      kind: 'association',
      name: 'Pro Loco',
      purpose: 'registrazione',
    });
    const answers = await s.requesterUseCases.addresses(
      svc,
      [anna.id, piero.id, 'req_nobody0001'],
      'preferred',
      'avviso',
    );
    expect(answers).toEqual([
      { requesterId: anna.id, status: 'ok', channel: 'email', address: 'anna@example.it' },
      { requesterId: piero.id, status: 'no_address' },
      { requesterId: 'req_nobody0001', status: 'unknown' },
    ]);
    expect(s.audits.filter((a) => a.action === 'address').map((a) => [a.requesterId, a.fields])).toEqual([
      [anna.id, ['email']],
      [piero.id, ['preferred']],
    ]);
    // an explicit channel is answered as before (no channel in the answer)
    expect(await s.requesterUseCases.addresses(svc, [anna.id], 'pec', 'avviso')).toEqual([
      { requesterId: anna.id, status: 'ok', address: 'anna@pec.example.it' },
    ]);
  });
  it('refuses a second requester with a fiscal code already registered, on the field, naming nothing of the other', async () => {
    const s = memoryService();
    const maria = await s.requesterUseCases.create(OPERATOR, {
      kind: 'person',
      name: 'Maria Bianchi',
      fiscalCode: 'BNCMRA85C41H501N',
      email: 'maria@example.it',
      purpose: 'registrazione',
    });
    const again = s.requesterUseCases.create(OPERATOR, {
      kind: 'person',
      name: 'Anna Verdi',
      // typed in lower case, with spaces around: the same code
      fiscalCode: ' bncmra85c41h501n ',
      purpose: 'registrazione allo sportello',
    });
    await expect(again).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', fields: { 'input.fiscalCode': FISCAL_CODE_TAKEN } },
    });
    const refusal = JSON.stringify(await again.catch((e: unknown) => e));
    for (const personal of ['Maria', 'Bianchi', 'maria@example.it', maria.id])
      expect(refusal).not.toContain(personal);
    expect(s.requesters.search.withFiscalCode('BNCMRA85C41H501N')).toEqual([maria.id]);
    // the refusal told that Maria exists: audited on her as a search by fiscal code, with the purpose
    expect(
      s.audits.filter((a) => a.requesterId === maria.id).map((a) => [a.action, a.purpose, a.fields]),
    ).toEqual([
      ['create', 'registrazione', ['name', 'fiscalCode', 'email']],
      ['search', 'registrazione allo sportello', ['fiscalCode']],
    ]);
    // two creates of one new code at once: one requester
    const both = await Promise.allSettled(
      ['Carlo Neri', 'Carla Neri'].map((name) =>
        s.requesterUseCases.create(OPERATOR, {
          kind: 'person',
          name,
          fiscalCode: 'NRECRL80A01H501D',
          purpose: 'registrazione',
        }),
      ),
    );
    expect(both.map((b) => b.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(s.requesters.search.withFiscalCode('NRECRL80A01H501D')).toHaveLength(1);
    // once Maria is anonymised her code is free again (the record no longer holds it)
    await s.requesterUseCases.anonymise(ADMIN, maria.id, 'request', 'richiesta di cancellazione');
    await expect(
      s.requesterUseCases.create(OPERATOR, {
        kind: 'person',
        name: 'Maria Bianchi',
        fiscalCode: 'BNCMRA85C41H501N',
        purpose: 'nuova registrazione',
      }),
    ).resolves.toMatchObject({ fiscalCode: 'BNCMRA85C41H501N' });
  });
});
