import { sheetCount } from './sheet-count';

describe('the Schede list count', () => {
  it('says how many sheets the view holds in all, in Italian', () => {
    expect(sheetCount(0)).toBe('Nessuna scheda in questa vista.');
    expect(sheetCount(1)).toBe('1 scheda.');
    // the whole view, not the page: 10,000 sheets read as such, with the Italian thousands separator
    expect(sheetCount(10_000)).toBe('10.000 schede.');
  });
});
