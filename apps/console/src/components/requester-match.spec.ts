import { homonymDetail, maskEmail, maskPhone, possibleDuplicates, sameData } from './requester-match';

const typed = { name: '', fiscalCode: '', email: '', pec: '', phone: '' };

describe('a new requester who is already registered', () => {
  const chiara = {
    id: 'req-1',
    name: 'Chiara Verdetti',
    email: 'Chiara.Verdetti@Example.it',
    phone: '+39 333 1234567',
    createdAt: '2026-12-07T09:00:00Z',
  };

  it('is recognised by the same e-mail (any case), mobile (any spacing or prefix), fiscal code or name', () => {
    expect(sameData({ ...typed, email: 'chiara.verdetti@example.it ' }, chiara)).toEqual(['email']);
    expect(sameData({ ...typed, phone: '3331234567' }, chiara)).toEqual(['phone']);
    expect(sameData({ ...typed, name: 'verdetti  CHIARA' }, chiara)).toEqual(['name']);
    expect(
      sameData({ ...typed, fiscalCode: 'vrdchr80a41h501x' }, { id: 'req-2', fiscalCode: 'VRDCHR80A41H501X' }),
    ).toEqual(['fiscalCode']);
    // nothing typed matches nothing, even against an empty record
    expect(sameData(typed, { id: 'req-3' })).toEqual([]);
    expect(sameData({ ...typed, name: 'Chiara Verdi', email: 'altra@example.it' }, chiara)).toEqual([]);
  });

  it('lists the almost sure duplicates (same contact data) before mere namesakes, each once', () => {
    const namesake = { id: 'req-9', name: 'Chiara Verdetti', createdAt: '2025-01-02T10:00:00Z' };
    const found = possibleDuplicates(
      { ...typed, name: 'Chiara Verdetti', email: 'chiara.verdetti@example.it' },
      [namesake, chiara, chiara, { id: 'req-5', name: 'Chiara Verdettini' }],
    );
    expect(found.map((m) => [m.requester.id, m.same])).toEqual([
      ['req-1', ['email', 'name']],
      ['req-9', ['name']],
    ]);
  });
});

describe('homonyms in a list', () => {
  it('are told apart by masked e-mail and mobile and the day the record was made', () => {
    expect(
      homonymDetail({
        id: 'req-1',
        email: 'chiara.verdetti@example.it',
        phone: '+39 333 1234567',
        createdAt: '2026-12-07T09:00:00Z',
      }),
    ).toBe('e-mail c•••@example.it · cell. •••567 · registrato il 07/12/2026');
    expect(homonymDetail({ id: 'req-2', pec: 'studio@pec.example.it' })).toBe('PEC s•••@pec.example.it');
    expect(homonymDetail({ id: 'req-3' })).toBe('');
  });

  it('never shows the whole address or number', () => {
    expect(maskEmail('mario.rossi@example.it')).not.toContain('mario');
    expect(maskPhone('3331234567')).toBe('•••567');
    expect(maskEmail('senza-chiocciola')).toBe('•••');
  });
});
