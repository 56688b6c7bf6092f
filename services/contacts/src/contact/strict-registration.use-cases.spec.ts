/**
 * Strict input and references checked where the user is (issue 13): every bad value is a BAD_USER_INPUT
 * naming its field, nothing is written and no protocol number is taken.
 */
import { ADMIN, memoryService, OPERATOR } from '../testing/in-memory';

const fieldError = (field: string) => ({
  extensions: { code: 'BAD_USER_INPUT', fields: { [field]: expect.any(String) } },
});

function service() {
  const s = memoryService();
  s.directory.offices.push(
    { id: 'off_lp', code: 'lavori_pubblici', name: 'Lavori pubblici', active: true },
    { id: 'off_tr', code: 'tributi', name: 'Tributi', active: true },
  );
  s.directory.referents.push(
    { id: 'ref_lp', name: 'Ing. Paola Verdi', officeId: 'off_lp', active: true },
    { id: 'ref_tr', name: 'Dott. Carlo Neri', officeId: 'off_tr', active: true },
  );
  s.directory.procedureTypes.push(
    { id: 'pt_1', code: 'passo_carrabile', active: true },
    { id: 'pt_2', code: 'vecchio_tipo', active: false },
  );
  s.directory.sheets.push({ id: 'sh_1', slug: 'tari', category: 'tributi' });
  return s;
}

const complaint = { channel: 'email', type: 'complaint', subject: 'Marciapiede dissestato' };

describe('registration: strict input', () => {
  it.each([
    ['2026-02-30T09:00:00+01:00', 'a day that does not exist'],
    ['04/12/2026', 'not ISO'],
    ['2026-03-02T09:00:00', 'no offset'],
    ['0001-01-01T00:00:00Z', 'year 1'],
    ['1900-01-01T00:00:00Z', 'year 1900'],
    ['12345-01-01T00:00:00Z', 'five-digit year'],
    ['2099-01-01T00:00:00Z', 'the future'],
    ['2012-01-01T00:00:00Z', 'beyond the 10-year horizon'],
  ])('registeredAt %s (%s) is a field error, nothing written', async (registeredAt) => {
    const s = service();
    await expect(s.contactUseCases.register(ADMIN, { ...complaint, registeredAt })).rejects.toMatchObject(
      fieldError('input.registeredAt'),
    );
    expect(s.contacts.events).toEqual([]);
  });

  it('control characters in a subject: line breaks normalised, others refused', async () => {
    const s = service();
    const c = await s.contactUseCases.register(OPERATOR, { ...complaint, subject: 'Buca\r\n in\tvia Roma' });
    expect(c.subject).toBe('Buca in via Roma');
    await expect(
      s.contactUseCases.register(OPERATOR, { ...complaint, subject: 'Buca\u0000\u001b[31m rossa' }),
    ).rejects.toMatchObject(fieldError('input.subject'));
    await expect(
      s.contactUseCases.register(OPERATOR, { ...complaint, subject: 'abc\u202Eevil' }),
    ).rejects.toMatchObject(fieldError('input.subject'));
  });

  it('protocol numbers only in the current year of the register: an import of 2025 is numbered in 2026', async () => {
    const s = service();
    const c = await s.contactUseCases.register(ADMIN, {
      ...complaint,
      registeredAt: '2025-12-31T10:00:00+01:00',
    });
    expect(c.protocolNumber).toBe('2026/0000001');
  });
});

describe('registration: references checked against the local projections', () => {
  it('an unknown requester, office, referent or procedure type is refused before a protocol number', async () => {
    const s = service();
    const cases: [Record<string, unknown>, string][] = [
      [{ ...complaint, requesterId: 'req_doesnotexist' }, 'input.requesterId'],
      [{ ...complaint, officeId: 'nessuno' }, 'input.officeId'],
      [{ ...complaint, officeId: 'lavori_pubblici', referentId: 'ref_nobody' }, 'input.referentId'],
      [{ ...complaint, referentId: 'ref_lp' }, 'input.referentId'],
      [{ ...complaint, sheetIds: ['sh_1', 'scheda_fantasma'] }, 'input.sheetIds.1'],
      [
        { channel: 'desk', type: 'procedure_start', subject: 'Avvio', procedureTypeCode: 'sconosciuto' },
        'input.procedureTypeCode',
      ],
      [
        { channel: 'desk', type: 'procedure_start', subject: 'Avvio', procedureTypeCode: 'vecchio_tipo' },
        'input.procedureTypeCode',
      ],
    ];
    for (const [input, field] of cases)
      await expect(s.contactUseCases.register(OPERATOR, input)).rejects.toMatchObject(fieldError(field));
    expect(s.contacts.events).toEqual([]);
    const ok = await s.contactUseCases.register(OPERATOR, {
      channel: 'desk',
      type: 'procedure_start',
      subject: 'Avvio',
      procedureTypeCode: 'passo_carrabile',
    });
    expect(ok.protocolNumber).toBe('2026/0000001'); // the refused ones took no number
    const cited = await s.contactUseCases.register(OPERATOR, { ...complaint, sheetIds: ['sh_1', 'tari'] });
    expect(cited.sheetIds).toEqual(['sh_1', 'tari']); // by id or slug
    // a historical import cites the catalogue of its time: not checked against today's
    const old = await s.contactUseCases.register(ADMIN, {
      ...complaint,
      sheetIds: ['scheda_archiviata'],
      registeredAt: '2026-01-10T10:00:00+01:00',
    });
    expect(old.sheetIds).toEqual(['scheda_archiviata']);
  });

  it('an assignment names a referent of that office (registration and routing)', async () => {
    const s = service();
    await expect(
      s.contactUseCases.register(OPERATOR, {
        ...complaint,
        officeId: 'lavori_pubblici',
        referentId: 'ref_tr',
      }),
    ).rejects.toMatchObject({
      extensions: {
        fields: {
          'input.referentId': expect.stringContaining('non è referente dell’ufficio Lavori pubblici'),
        },
      },
    });
    const c = await s.contactUseCases.register(OPERATOR, {
      ...complaint,
      officeId: 'lavori_pubblici',
      referentId: 'ref_lp',
    });
    expect(c.case).toMatchObject({ officeId: 'off_lp', referentId: 'ref_lp' });
    await expect(
      s.cases.route(OPERATOR, { caseId: c.case!.id, officeId: 'tributi', referentId: 'ref_lp' }),
    ).rejects.toMatchObject(fieldError('input.referentId'));
    const routed = await s.cases.route(OPERATOR, {
      caseId: c.case!.id,
      officeId: 'tributi',
      referentId: 'ref_tr',
    });
    expect(routed.case).toMatchObject({ officeId: 'off_tr', referentId: 'ref_tr' });
  });
});
