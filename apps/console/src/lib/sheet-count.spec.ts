import { sheetCount } from './sheet-count';

describe('the Schede list count', () => {
  it('says the true count when the list is complete, and that there are more when it is not', () => {
    expect(sheetCount(0, 200)).toBe('Nessuna scheda in questa vista.');
    expect(sheetCount(1, 200)).toBe('1 scheda.');
    expect(sheetCount(200, 200)).toBe('200 schede.');
    // 201 received for 200 shown: 10,000 sheets must not read "200 schede."
    expect(sheetCount(201, 200)).toBe(
      'Le prime 200 schede: ce ne sono altre che questo elenco non mostra (i filtri restringono la vista).',
    );
  });
});
