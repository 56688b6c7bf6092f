import { fillTemplate } from '../case/case-messages.rules';
import { scrubPersonalData } from './scrub.rules';

describe('personal data scrubbing (FAQ proposals)', () => {
  it('removes e-mails, fiscal codes, phones, IBANs, street addresses and the requester’s name', () => {
    const text =
      'Sono Mario Rossi (RSSMRA80A01H501U), abito in via Garibaldi 12, tel. 333 1234567, mail mario.rossi@example.it, IBAN IT60X0542811101000000123456: quando scade la TARI?';
    const out = scrubPersonalData(text, ['Mario Rossi']);
    for (const leak of [
      'Mario',
      'Rossi',
      'RSSMRA80A01H501U',
      'Garibaldi 12',
      '1234567',
      'mario.rossi@',
      'IT60X054',
    ])
      expect(out).not.toContain(leak);
    expect(out).toContain('quando scade la TARI?');
  });
});

describe('canned replies', () => {
  it('fills placeholders and reports the missing ones', () => {
    expect(
      fillTemplate(
        'Gentile cittadino, la pratica {{protocol_number}} sarà chiusa entro il {{due_date}} da {{ responsible_person }} ({{office}}).',
        {
          protocol_number: '2026/0000042',
          due_date: '27/12/2026',
          office: 'Ufficio Tributi',
        },
      ),
    ).toEqual({
      text: 'Gentile cittadino, la pratica 2026/0000042 sarà chiusa entro il 27/12/2026 da {{ responsible_person }} (Ufficio Tributi).',
      missing: ['responsible_person'],
    });
  });
});
