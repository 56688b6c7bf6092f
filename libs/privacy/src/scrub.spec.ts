import { cleanComment, scrubPersonalData } from './scrub';

describe('scrubPersonalData', () => {
  it.each([
    [
      'Mi chiamo Mario Rossi, abito in via Garibaldi 12, tel. 333 1234567',
      'Mi chiamo [nome], abito in [indirizzo], tel. [telefono]',
    ],
    ['scrivete a mario.rossi at gmail dot com oppure anna(at)libero.it', 'scrivete a [email] oppure [email]'],
    ['pec: studio.bianchi@pec.it', 'pec: [email]'],
    ['CF RSSMRA80A01H501U, omocodico RSSMRA8LA01H5LMU', 'CF [codice fiscale], omocodico [codice fiscale]'],
    ['IBAN IT60 X054 2811 1010 0000 0123 456 per il rimborso', 'IBAN [IBAN] per il rimborso'],
    ['mia moglie Lucia ha già presentato la domanda', 'mia moglie [nome] ha già presentato la domanda'],
    ['Lucia Bianchi ha segnalato una buca', '[nome] ha segnalato una buca'],
    ['ROSSI MARIO chiede un certificato', '[nome] chiede un certificato'],
    ['la macchina targata AB 123 CD è stata rimossa', 'la macchina targata [targa] è stata rimossa'],
    ['sono nata il 3 marzo 1975 a Bari', 'sono nata il [data di nascita] a Bari'],
    [
      "chiamare l'URP al 06 9988 1000 per un appuntamento",
      "chiamare l'URP al [telefono] per un appuntamento",
    ],
    ['iban: it60x0542811101000000123456', 'iban: [IBAN]'],
    [
      'Abito in via dei Mille, la strada è piena di buche',
      'Abito in [indirizzo], la strada è piena di buche',
    ],
  ])('%s', (text, expected) => {
    expect(scrubPersonalData(text)).toBe(expected);
  });

  it('replaces the names the caller knows, wherever they appear', () => {
    expect(scrubPersonalData('Ferrari ha chiamato per la madre', { knownNames: ['Giulia Ferrari'] })).toBe(
      '[nome] ha chiamato per la madre',
    );
  });

  it.each([
    'Sono molto soddisfatto del servizio',
    'Santa Maria Maggiore e via Giuseppe Verdi sono chiuse per lavori',
    'La buca in via Roma è ancora lì dopo 3 settimane',
    'Il protocollo 2026/0000123 risulta chiuso il 12/03/2026',
    'Ho pagato 120 euro di TARI entro il 16 giugno',
    'Per il ritiro dei contenitori serve il codice utente TARI.',
    'Si paga con il codice avviso 3018 0000 1234 5678 90 o al numero verde 800 123 456.',
  ])('leaves text without personal data as it is: %s', (text) => {
    expect(scrubPersonalData(text)).toBe(text);
  });

  // the new-user trial's survey comments (session 26): staff by role and surname, health data
  it.each([
    ["L'impiegata Rossi è stata scortese", "L'impiegata [nome] è stata scortese"],
    ['la dipendente Ferraro', 'la dipendente [nome]'],
    ['Ho il diabete e non posso stare in piedi', 'Ho [dato particolare] e non posso stare in piedi'],
    ['il funzionario Bellini e il dottore Fabbri', 'il funzionario [nome] e il dottore [nome]'],
    ['mio padre, invalido civile al 100%, chiede', 'mio padre, [dato particolare], chiede'],
    ['sono iscritta alla CGIL da anni', 'sono [dato particolare] da anni'],
    ['Sono Musulmano e la mensa non ha alternative', 'Sono [dato particolare] e la mensa non ha alternative'],
    ['mia moglie è incinta di sette mesi', 'mia moglie è [dato particolare] di sette mesi'],
  ])('staff and special categories: %s', (text, expected) => {
    expect(scrubPersonalData(text)).toBe(expected);
  });

  it.each([
    'Il contrassegno per disabili vale in tutta Italia?',
    'Il centro diurno per anziani, disabili e minori riapre lunedì.',
    'Il Dirigente Scolastico ha firmato la circolare.',
    'Il Sindaco pro tempore e il Medico Competente, con il Funzionario Incaricato.',
    "L'Addetto Stampa e la Maestra Supplente.",
    'Il responsabile del procedimento ha risposto.',
    'Ho fatto l’ISEE al CAF della CISL.',
    'Il Comune è sordo alle nostre richieste.',
  ])('keeps the same words when they say nothing about a person: %s', (text) => {
    expect(scrubPersonalData(text)).toBe(text);
  });

  it('bounds and scrubs a comment; empty becomes undefined', () => {
    expect(cleanComment('   ')).toBeUndefined();
    expect(cleanComment('chiamate il 333 1234567', 10)).toBe('chiamate i');
  });
});
