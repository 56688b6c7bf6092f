import {
  COMPANY_FISCAL_CODE,
  fiscalCodeCheckCharacter,
  PERSON_FISCAL_CODE,
  personFiscalCodeProblem,
} from './fiscal-code';

describe('fiscal code (DM 23/12/1976)', () => {
  it('computes the check character: the Agenzia delle Entrate example, and omocodia as written', () => {
    expect(fiscalCodeCheckCharacter('RSSMRA85T10A562')).toBe('S');
    // omocodia: 2 -> N, then 6 -> S; the check character is computed again on the code as written
    expect(fiscalCodeCheckCharacter('RSSMRA85T10A56N')).toBe('H');
    expect(fiscalCodeCheckCharacter('RSSMRA85T10A5SN')).toBe('T');
  });

  it('names what is wrong: shape, day of birth, check character', () => {
    expect(personFiscalCodeProblem('RSSMRA85T10A562S')).toBeUndefined();
    expect(personFiscalCodeProblem('RSSMRA85T50A562' + fiscalCodeCheckCharacter('RSSMRA85T50A562'))).toBe(
      undefined,
    ); // a woman: day + 40
    expect(personFiscalCodeProblem('RSSMRA85T10A562T')).toBe('check');
    expect(personFiscalCodeProblem('RSSMRA85T35A562' + fiscalCodeCheckCharacter('RSSMRA85T35A562'))).toBe(
      'day',
    );
    expect(personFiscalCodeProblem('RSSMRA85T10A56AH')).toBe('shape'); // A is no omocodia letter
    expect(personFiscalCodeProblem('RSSMRA85F10A562S')).toBe('shape'); // F is no month
    expect(personFiscalCodeProblem('rssmra85t10a562s')).toBe('shape'); // the caller upper-cases
  });

  it('shapes: a person is 16 characters, a body 11 digits', () => {
    expect(PERSON_FISCAL_CODE.test('RSSMRA85T10A56NH')).toBe(true);
    expect(PERSON_FISCAL_CODE.test('XRSSMRA85T10A562S')).toBe(false);
    expect(COMPANY_FISCAL_CODE.test('01234567890')).toBe(true);
    expect(COMPANY_FISCAL_CODE.test('0123456789')).toBe(false);
  });
});
