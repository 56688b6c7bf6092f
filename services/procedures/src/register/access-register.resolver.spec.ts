import type { Actor } from '@urp/kernel';
import { started, typeOf } from '../procedure/procedure.fixtures';
import type { AccessRegisterReadModel } from './access-register.read-model';
import { AccessRegisterResolver } from './access-register.resolver';
import { registerRow } from './access-register.rules';

/** Issue 12: a referent reads only their offices' rows of the access register (need to know). */
describe('access register by office', () => {
  const row = (officeId: string, officeName: string, n: string) => ({
    ...registerRow(
      started(
        typeOf({
          code: `foia_${officeId}`,
          name: 'Accesso civico',
          kind: 'generalised_civic_access',
          officeId,
          officeName,
        }),
      ),
    )!,
    procedureId: `prc_${n}`,
    registerNumber: `2026/000${n}`,
  });
  const rows = [row('tributi', 'Tributi', '1'), row('istruzione', 'Istruzione', '2')];
  const noProcedures = { getMany: async () => new Map() };
  const resolver = new AccessRegisterResolver(
    { all: async () => rows } as unknown as AccessRegisterReadModel,
    noProcedures,
  );
  const referent: Actor = { sub: 'ref-1', roles: ['referent'], offices: ['tributi'] };

  it('rows carry the office of the procedure', () => {
    expect(rows.map((r) => r.officeId)).toEqual(['tributi', 'istruzione']);
  });

  it("a referent reads their offices' rows only, in the list and in the CSV; other roles the whole register", async () => {
    expect((await resolver.accessRegister(referent, {})).map((r) => r.registerNumber)).toEqual(['2026/0001']);
    const csv = await resolver.csv(referent, {});
    expect(csv).toContain('2026/0001');
    expect(csv).not.toContain('2026/0002');
    expect(csv).not.toContain('Istruzione');
    expect(await resolver.accessRegister({ sub: 'ref-0', roles: ['referent'] }, {})).toEqual([]);
    expect(await resolver.accessRegister({ sub: 'm', roles: ['manager'] }, {})).toHaveLength(2);
    expect(await resolver.accessRegister({ sub: 'a', roles: ['analyst'] }, {})).toHaveLength(2);
  });

  it('a caller without the role gets FORBIDDEN, even with a malformed semester', async () => {
    await expect(
      resolver.accessRegister({ sub: 'o', roles: ['operator'] }, { semester: 'x' }),
    ).rejects.toMatchObject({
      extensions: { code: 'FORBIDDEN' },
    });
  });

  it('rows stored before they carried the office take it from their procedure', async () => {
    const [a, b] = rows.map(({ officeId: _, ...legacy }) => legacy);
    const procedure = { ...started(typeOf({ officeId: 'tributi' })), id: a.procedureId };
    const legacyResolver = new AccessRegisterResolver(
      { all: async () => [a, b] } as unknown as AccessRegisterReadModel,
      { getMany: async () => new Map([[a.procedureId, procedure]]) },
    );
    expect((await legacyResolver.accessRegister(referent, {})).map((r) => r.registerNumber)).toEqual([
      '2026/0001',
    ]);
  });
});
