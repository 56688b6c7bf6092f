import { started } from './procedure.fixtures';
import type { Procedure } from './procedure.state';
import { startNotice } from './start-notice';

describe('start notice (art. 8 L. 241/1990)', () => {
  const settings = {
    administrationName: 'Comune',
    digitalAddress: 'pec@comune.it',
    actsViewing: 'online',
    inactionRemedies: 'TAR',
  };
  it('has every element the law lists', () => {
    const r = startNotice(started(), settings);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.notice).toMatchObject({
        closingDate: '2026-02-06',
        submissionDate: '2026-01-07',
        responsiblePerson: 'Elena Ferri',
      });
      expect(r.notice.text).toContain('06/02/2026');
    }
  });
  it('is refused naming what is missing', () => {
    const p: Procedure = { ...started(), responsibleName: undefined, officeName: undefined };
    const r = startNotice(p, { ...settings, digitalAddress: '' });
    expect(r).toEqual({
      ok: false,
      missing: [
        "l'ufficio competente (lett. c)",
        "il domicilio digitale dell'amministrazione (lett. c)",
        'la persona responsabile del procedimento (lett. c)',
      ],
    });
  });
});
