import {
  activeReferentsOf,
  checkReferent,
  findOffice,
  officeIdsOf,
  resolveOffice,
  sameOffice,
} from './directory.rules';

const offices = [
  { id: 'off_lp', code: 'lavori_pubblici', name: 'Lavori pubblici', active: true },
  { id: 'off_old', code: 'vecchio', name: 'Vecchio', active: false },
];
// a code reused after its office was retired, and an office whose id is another office's code
const reused = [
  { id: 'off_x', code: 'tributi', name: 'Tributi (vecchio)', active: false },
  { id: 'off_y', code: 'tributi', name: 'Tributi', active: true },
  { id: 'tributi', code: 'trib', name: 'Ufficio Tributi', active: true },
];
const fieldOf = (f: () => unknown, field: string) => {
  try {
    f();
  } catch (e) {
    return (e as { fields?: Record<string, string> }).fields?.[field];
  }
  return undefined;
};

describe('offices by id or code', () => {
  it('any office while the directory is empty; then only an active known one, by id or code', () => {
    expect(resolveOffice([], 'whatever', 'input.officeId')).toEqual({ officeId: 'whatever' });
    expect(resolveOffice(offices, 'lavori_pubblici', 'input.officeId')).toEqual({
      officeId: 'off_lp',
      name: 'Lavori pubblici',
    });
    for (const bad of ['off_old', 'nope'])
      expect(fieldOf(() => resolveOffice(offices, bad, 'input.officeId'), 'input.officeId')).toBe(
        `ufficio sconosciuto o non attivo: ${bad}`,
      );
  });

  it('an exact id wins over another office that carries it as its code; among codes, the active office', () => {
    expect(findOffice(reused, 'tributi')?.id).toBe('tributi');
    expect(resolveOffice(reused, 'tributi', 'input.officeId').officeId).toBe('tributi');
    expect(resolveOffice(reused.slice(0, 2), 'tributi', 'input.officeId').officeId).toBe('off_y');
    expect(findOffice([reused[0]], 'tributi')?.id).toBe('off_x'); // only a retired one: found (and refused by resolve)
    expect(findOffice(reused, 'nessuno')).toBeUndefined();
  });

  it('the ids an office is known by follow the same rule, whatever the order of the entries', () => {
    expect(officeIdsOf(reused, 'tributi')).toEqual(new Set(['tributi', 'trib']));
    expect(officeIdsOf([...reused].reverse(), 'tributi')).toEqual(new Set(['tributi', 'trib']));
    expect(officeIdsOf(reused.slice(0, 2), 'tributi')).toEqual(new Set(['off_y', 'tributi']));
    expect(officeIdsOf(reused, 'ignoto')).toEqual(new Set(['ignoto']));
    expect(sameOffice(reused, 'trib', 'tributi')).toBe(true);
    expect(sameOffice(reused, 'off_y', 'tributi')).toBe(false);
    expect(sameOffice([], 'a', 'a')).toBe(true);
    expect(sameOffice([], 'a', 'b')).toBe(false);
  });
});

describe('referents', () => {
  const referents = [
    { id: 'ref_1', name: 'Verdi', officeId: 'off_lp', active: true, staffId: 'verdi' },
    { id: 'ref_2', name: 'Neri', officeId: 'off_lp', active: false, staffId: 'neri' },
    { id: 'ref_3', name: 'Rossi', officeId: 'trib', active: true },
  ];

  it('a referent must be known and active once referents are known', () => {
    expect(() => checkReferent([], 'ref_x', 'input.referentId')).not.toThrow();
    expect(() => checkReferent(referents, 'ref_1', 'input.referentId')).not.toThrow();
    expect(fieldOf(() => checkReferent(referents, 'ref_x', 'input.referentId'), 'input.referentId')).toBe(
      'referente sconosciuto o non attivo: ref_x',
    );
    expect(fieldOf(() => checkReferent(referents, 'ref_2', 'input.referentId'), 'input.referentId')).toBe(
      'referente sconosciuto o non attivo: ref_2',
    );
  });

  it('of the office the work goes to, its id or (given the offices) its code', () => {
    const lp = { officeId: 'off_lp', name: 'Lavori pubblici' };
    expect(() => checkReferent(referents, 'ref_1', 'input.referentId', lp)).not.toThrow();
    expect(fieldOf(() => checkReferent(referents, 'ref_3', 'input.referentId', lp), 'input.referentId')).toBe(
      'Rossi non è referente dell’ufficio Lavori pubblici: scegliere un referente di quell’ufficio',
    );
    const trib = { officeId: 'tributi', name: 'Ufficio Tributi' };
    expect(() => checkReferent(referents, 'ref_3', 'input.referentId', trib, reused)).not.toThrow();
  });

  it('a staff account or a referent id names the active referents', () => {
    expect(activeReferentsOf(referents, 'verdi').map((r) => r.id)).toEqual(['ref_1']);
    expect(activeReferentsOf(referents, 'ref_3').map((r) => r.id)).toEqual(['ref_3']);
    expect(activeReferentsOf(referents, 'neri')).toEqual([]);
  });
});
