import { checkReferent, resolveOffice } from './directory.rules';

const offices = [
  { id: 'off_lp', code: 'lavori_pubblici', name: 'Lavori pubblici', active: true },
  { id: 'off_old', code: 'vecchio', name: 'Vecchio', active: false },
];

describe('routing against the local directory', () => {
  it('any office while the directory is empty; then only an active known one, by id or code', () => {
    expect(resolveOffice([], 'whatever', 'input.officeId')).toEqual({ officeId: 'whatever' });
    expect(resolveOffice(offices, 'lavori_pubblici', 'input.officeId')).toEqual({
      officeId: 'off_lp',
      name: 'Lavori pubblici',
    });
    for (const bad of ['off_old', 'nope'])
      expect(() => resolveOffice(offices, bad, 'input.officeId')).toThrow(
        expect.objectContaining({ fields: { 'input.officeId': expect.any(String) } }),
      );
  });

  it('an exact id wins over another office that carries it as its code; among codes, the active office', () => {
    const reused = [
      { id: 'off_x', code: 'tributi', name: 'Tributi (vecchio)', active: false },
      { id: 'off_y', code: 'tributi', name: 'Tributi', active: true },
      { id: 'tributi', code: 'trib', name: 'Ufficio Tributi', active: true },
    ];
    expect(resolveOffice(reused, 'tributi', 'input.officeId').officeId).toBe('tributi');
    expect(resolveOffice(reused.slice(0, 2), 'tributi', 'input.officeId').officeId).toBe('off_y');
  });

  it('a referent must be known and active once referents are known', () => {
    const referents = [{ id: 'ref_1', name: 'Verdi', officeId: 'off_lp', active: true }];
    expect(() => checkReferent([], 'ref_x', 'input.referentId')).not.toThrow();
    expect(() => checkReferent(referents, 'ref_1', 'input.referentId')).not.toThrow();
    expect(() => checkReferent(referents, 'ref_x', 'input.referentId')).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT' }),
    );
  });
});
