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

  it('a referent must be known and active once referents are known', () => {
    const referents = [{ id: 'ref_1', name: 'Verdi', officeId: 'off_lp', active: true }];
    expect(() => checkReferent([], 'ref_x', 'input.referentId')).not.toThrow();
    expect(() => checkReferent(referents, 'ref_1', 'input.referentId')).not.toThrow();
    expect(() => checkReferent(referents, 'ref_x', 'input.referentId')).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT' }),
    );
  });
});
