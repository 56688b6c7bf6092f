import { readFileSync } from 'node:fs';
import { join } from 'node:path';
/* eslint-disable @nx/enforce-module-boundaries -- the demo's procedure types and directory are seed data, checked
   here against each other and the demo's Keycloak realm, as the knowledge base checks its demo directory */
import { OFFICES, REFERENTS } from '../../../../tools/scripts/seed/knowledge/organisation';
import { DEMO_RESPONSIBLES, DEMO_SUBSTITUTE, DEMO_TYPES } from '../../../../tools/scripts/seed/procedures';
/* eslint-enable @nx/enforce-module-boundaries */

interface RealmUser {
  id: string;
  firstName: string;
  lastName: string;
  realmRoles: string[];
  attributes?: { offices?: string[] };
}
const realm = JSON.parse(
  readFileSync(join(__dirname, '../../../../deploy/local/keycloak/urp-realm.json'), 'utf8'),
) as { users: RealmUser[] };

/** A person of the office in the demo: a directory referent (by id or staff account) or a demo account there. */
function personOf(office: string, id: string): string | undefined {
  const referent = REFERENTS.find((r) => r.office === office && (r.id === id || r.staffId === id));
  const account = realm.users.find((u) => u.id === id && u.attributes?.offices?.includes(office));
  return account ? `${account.firstName} ${account.lastName}` : referent?.name;
}

/** The demo's procedures desk is keyed by the responsible person's id: they must be people who exist (note 23). */
describe('the demo procedure types', () => {
  it('name as responsible person someone of the office, in the directory or a demo account', () => {
    for (const t of DEMO_TYPES) {
      const [id, name] = DEMO_RESPONSIBLES[t.office];
      expect([t.code, personOf(t.office as string, id)]).toEqual([t.code, name]);
    }
    expect(personOf('segreteria_generale', DEMO_SUBSTITUTE.substituteId)).toBe(
      DEMO_SUBSTITUTE.substituteName.split(',')[0],
    );
  });

  it("put procedures on the desk of every demo referent (their account id is the desk's key)", () => {
    const referents = realm.users.filter((u) => u.realmRoles.includes('referent'));
    expect(referents.length).toBeGreaterThan(0);
    for (const u of referents) {
      const offices = Object.entries(DEMO_RESPONSIBLES).filter(([, [id]]) => id === u.id);
      expect([u.id, offices.length]).toEqual([u.id, 1]);
      expect(DEMO_TYPES.some((t) => t.office === offices[0][0])).toBe(true);
    }
  });

  it('cover only offices of the demo directory', () => {
    const codes = new Set(OFFICES.map((o) => o.code));
    for (const office of Object.keys(DEMO_RESPONSIBLES))
      expect([office, codes.has(office)]).toEqual([office, true]);
  });
});
