import { personFiscalCodeProblem } from '@urp/privacy';
import { fiscalCode, uniqueFiscalCode } from './person';

describe('fiscalCode', () => {
  it('appends the check character of DM 23/12/1976', () => {
    // the Agenzia delle Entrate's own example
    expect(fiscalCode('RSSMRA85T10A562')).toBe('RSSMRA85T10A562S');
  });
});

describe('uniqueFiscalCode', () => {
  it('gives valid codes, each with its check character, never the same twice in a process', () => {
    const codes = Array.from({ length: 500 }, () => uniqueFiscalCode());
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of codes) {
      // valid as contacts validates it: shape, day of birth, check character
      expect(personFiscalCodeProblem(c)).toBeUndefined();
      expect(fiscalCode(c.slice(0, 15))).toBe(c);
    }
  });

  it('draws again when the random source repeats a code already given', () => {
    const same = Array.from({ length: 11 }, (_, i) => i);
    const other = same.map((i) => i + 7);
    const draws = [same, same, other];
    let k = 0;
    // the same numbers twice, then others: the second call must not return the first code
    const source = (n: number) => draws[Math.min(k++, 2)].slice(0, n);
    const first = uniqueFiscalCode(source);
    const second = uniqueFiscalCode(source);
    expect(k).toBe(3);
    expect(second).not.toBe(first);
    expect(personFiscalCodeProblem(second)).toBeUndefined();
  });
});
