import { contactsScrubber, scrubPersonalData } from './scrub.rules';

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

describe('the kernel’s scrubber for free-text event fields', () => {
  it('is idempotent (a field scrubbed by a use case and again by the event builder stays the same)', () => {
    const once = scrubPersonalData('Giorgio Neri (giorgio@example.it, 333 1234567) chiede i tempi', [
      'Giorgio Neri',
    ]);
    expect(contactsScrubber(once)).toBe(once);
    expect(contactsScrubber('Enel Sole S.r.l.')).toBe('Enel Sole S.r.l.');
  });
});
