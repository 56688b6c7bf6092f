import { cleanComment, scrubPersonalData } from './scrub';

describe('free-text scrubbing', () => {
  it.each([
    ['scrivetemi a mario.rossi@example.it grazie', 'scrivetemi a [email] grazie'],
    ['PEC: studio.legale@pec.ordine-avvocati.it', 'PEC: [email]'],
    ['chiamatemi al 333 1234567', 'chiamatemi al [telefono]'],
    ['cell. +39 347-123-4567 dopo le 18', 'cell. [telefono] dopo le 18'],
    ['tel 06/6982 1234', 'tel [telefono]'],
    ['il mio CF è RSSMRA80A01H501U', 'il mio CF è [codice fiscale]'],
    ['cf rssmra80a01h501u minuscolo', 'cf [codice fiscale] minuscolo'],
    ['omocodia RSSMRA8LA01H5LMU', 'omocodia [codice fiscale]'],
    ['rimborso su IT60 X054 2811 1010 0000 0123 456', 'rimborso su [IBAN]'],
    ['IBAN IT60X0542811101000000123456.', 'IBAN [IBAN].'],
    ['P.IVA 12345678901', 'P.IVA [numero]'],
    ['Mi chiamo Mario Rossi e aspetto da un mese', 'Mi chiamo [nome] e aspetto da un mese'],
    ['Cordiali saluti, Giulia De Santis', 'Cordiali saluti, [nome]'],
    ['la sig.ra Bianchi allo sportello è stata gentile', 'la sig.ra [nome] allo sportello è stata gentile'],
    ['ringrazio il dott. Verdi', 'ringrazio il dott. [nome]'],
  ])('%s', (input, expected) => {
    expect(scrubPersonalData(input)).toBe(expected);
  });

  it('leaves ordinary feedback alone', () => {
    const text = 'Sono soddisfatto: attesa di 10 minuti, risposta chiara. Sono Stato servito in fretta.';
    expect(scrubPersonalData(text)).toBe(text);
    expect(scrubPersonalData('Orari 8:30-12:30, sportello 3, anno 2026')).toBe(
      'Orari 8:30-12:30, sportello 3, anno 2026',
    );
  });

  it('bounds the comment and drops empty ones', () => {
    expect(cleanComment('   ')).toBeUndefined();
    expect(cleanComment(undefined)).toBeUndefined();
    expect(cleanComment('a'.repeat(5000), 100)).toHaveLength(100);
  });
});
