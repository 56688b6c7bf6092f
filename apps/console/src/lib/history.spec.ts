import { duplicateReason, historyDetail } from './history';

describe('history details in Italian', () => {
  it.each([
    ['term 30 days, reminder after 15', 'termine di 30 giorni, sollecito all’ufficio dopo 15 giorni'],
    ['term 20 working days', 'termine di 20 giorni lavorativi'],
    ['office lavori_pubblici', 'ufficio lavori_pubblici'],
    ['office tributi, referent ref-tributi-ricci', 'ufficio tributi, referente ref-tributi-ricci'],
    ['clock paused: attesa documenti', 'termini sospesi: attesa documenti'],
    [
      'clock restarted after 3 day(s) of suspension (“attesa documenti”): due date 05/01/2027 → 08/01/2027',
      'termini ripresi dopo 3 giorni di sospensione («attesa documenti»): scadenza dal 05/01/2027 al 08/01/2027',
    ],
    ['outcome answered', 'esito: risposta data'],
    ['outcome forwarded → Regione Lazio', 'esito: inoltrata ad altro ente, trasmessa a Regione Lazio'],
    ['public message to the citizen', ''],
    ['internal note', ''],
    ['internal note, mentions ref-lp-greco', 'menziona ref-lp-greco'],
    ['internal note (via duplicate case_2)', 'scritta sul duplicato case_2'],
    ['duplicate of case_1 (2026/0000086)', 'duplicato della pratica n. 2026/0000086'],
    ['case_2 (2026/0000100) merged into this case', 'la pratica n. 2026/0000100 è stata unita a questa'],
    ['Avvio del procedimento rifiutato: motivo', 'Avvio del procedimento rifiutato: motivo'],
  ])('%s', (detail, italian) => {
    expect(historyDetail(detail)).toBe(italian);
  });

  it.each([
    // what contacts writes today (services/contacts/src/case/history-text.rules.ts): shown as it comes
    [
      'termine di 30 giorni, sollecito all’ufficio dopo 15 giorni',
      'termine di 30 giorni, sollecito all’ufficio dopo 15 giorni',
    ],
    ['ufficio tributi, referente ref-tributi-ricci', 'ufficio tributi, referente ref-tributi-ricci'],
    [
      'esito: inoltrata ad altro ente, trasmessa a Regione Lazio',
      'esito: inoltrata ad altro ente, trasmessa a Regione Lazio',
    ],
    ['duplicato della pratica n. 2026/0000086', 'duplicato della pratica n. 2026/0000086'],
    // but for what the timeline's title already says
    ['messaggio al cittadino', ''],
    ['nota interna', ''],
    [
      'nota interna, menziona ref-lp-greco, scritta sul duplicato case_2',
      'menziona ref-lp-greco, scritta sul duplicato case_2',
    ],
  ])('Italian from contacts: %s', (detail, shown) => {
    expect(historyDetail(detail)).toBe(shown);
  });

  it('keeps what it does not know, and says nothing for nothing', () => {
    expect(historyDetail('something new')).toBe('something new');
    expect(historyDetail(undefined)).toBe('');
  });

  it('says the duplicate reasons in Italian', () => {
    expect(
      [
        'same category',
        'opened 32 day(s) ago',
        'similar text',
        '120 m away',
        'opened 1 day(s) ago',
        'opened 0 day(s) ago',
        'x',
        'aperta 3 giorni fa',
      ].map(duplicateReason),
    ).toEqual([
      'stessa categoria',
      'aperta 32 giorni fa',
      'testo simile',
      'a 120 m di distanza',
      'aperta 1 giorno fa',
      'aperta oggi',
      'x',
      'aperta 3 giorni fa',
    ]);
  });
});
