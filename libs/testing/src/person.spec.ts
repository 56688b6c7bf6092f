import { fiscalCode } from './person';

describe('fiscalCode', () => {
  it('appends the check character of DM 23/12/1976', () => {
    // the Agenzia delle Entrate's own example
    expect(fiscalCode('RSSMRA85T10A562')).toBe('RSSMRA85T10A562S');
  });
});
