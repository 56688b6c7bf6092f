/* eslint-disable @nx/enforce-module-boundaries -- the demo directory is seed data: checked here against the
   service's own input rules, as the search quality test checks the demo sheets */
import { OFFICES, REFERENTS } from '../../../../tools/scripts/seed/knowledge/organisation';
/* eslint-enable @nx/enforce-module-boundaries */
import { OfficeInput, ReferentInput } from './organisation.rules';

/** Issue 14: reminders, review notices and the bulletin need an address for every referent and office. */
describe('the demo directory', () => {
  it('gives every office an email and a PEC the service accepts', () => {
    for (const o of OFFICES) {
      const parsed = OfficeInput.parse({ code: o.code, name: o.name, email: o.email, pec: o.pec });
      expect(parsed.email).toMatch(/@comune\.borgoaurelio\.it$/);
      expect(parsed.pec).toMatch(/@pec\.comune\.borgoaurelio\.it$/);
    }
  });

  it('gives every referent their own nome.cognome email the service accepts', () => {
    expect(REFERENTS).toHaveLength(17);
    for (const r of REFERENTS) {
      const parsed = ReferentInput.parse({ id: r.id, name: r.name, officeId: r.office, email: r.email });
      expect(parsed.email).toMatch(/^[a-z]+(\.[a-z]+)+@comune\.borgoaurelio\.it$/);
    }
    expect(new Set(REFERENTS.map((r) => r.email)).size).toBe(REFERENTS.length);
    expect(REFERENTS.find((r) => r.id === 'ref-tributi-ricci')?.email).toBe(
      'anna.ricci@comune.borgoaurelio.it',
    );
  });

  it('names a head referent of the office itself for every office', () => {
    for (const o of OFFICES) expect(REFERENTS.find((r) => r.id === o.head)?.office).toBe(o.code);
  });
});
