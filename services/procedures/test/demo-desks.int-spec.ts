/**
 * The demo's procedures reach the desks of the demo's people (note 23: every demo user's Procedimenti desk was
 * empty, their responsible ids matched nobody). The procedures seed of `npm start` (tools/scripts/seed/procedures.ts)
 * runs through the gateway against a real procedures service; then each demo account asks for its own desk as the
 * console does (`procedureDesk` without `responsibleId`: the signed-in account's).
 */
import { signDevToken } from '@urp/auth';
import { gql, startStack, type Stack } from '@urp/testing';
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const REPO = join(__dirname, '..', '..', '..');

interface Desk {
  responsibleId: string;
  total: number;
  byNextDeadline: { typeName: string; subject: string }[];
  overdue: { typeName: string; subject: string }[];
  suspended: { typeName: string; subject: string }[];
}

describe('the demo procedures on the demo people’s desks', () => {
  let stack: Stack;

  beforeAll(async () => {
    // contacts too: the seed creates the applicants of its recent procedures there (their notices reach them)
    stack = await startStack({ prefix: 'demodesk', services: ['procedures', 'contacts'] });
    // the procedures seed alone, as `npm start` runs it (its dev tokens signed with the stack's settings)
    const out = await new Promise<string>((resolve, reject) => {
      let all = '';
      const child = spawn(
        process.execPath,
        [
          '-r',
          '@swc-node/register',
          '-e',
          "require('./tools/scripts/seed/procedures').seed(require('./tools/scripts/seed/lib').seedContext(process.env.GW))" +
            '.catch((e) => { console.error(e); process.exit(1); })',
        ],
        {
          cwd: REPO,
          env: {
            ...process.env,
            GW: stack.gatewayUrl,
            AUTH_ISSUER: stack.auth.issuer,
            AUTH_AUDIENCE: stack.auth.audience,
            AUTH_JWT_SECRET: stack.auth.secret,
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      child.stdout.on('data', (d: Buffer) => (all += d.toString()));
      child.stderr.on('data', (d: Buffer) => (all += d.toString()));
      child.once('exit', (code) => (code === 0 ? resolve(all) : reject(new Error(`seed failed: ${all}`))));
    });
    expect(out).toMatch(/demo procedures in every phase/);
  }, 300_000);
  afterAll(() => stack?.stop());

  /** The signed-in person's desk, as the console asks for it. */
  const deskOf = async (sub: string, role: string, offices: string[]): Promise<Desk> => {
    const token = await signDevToken({ sub, roles: [role as 'referent'], offices }, stack.auth);
    const r = await gql(
      stack.gatewayUrl,
      `{ procedureDesk(first: 20) { responsibleId total byNextDeadline { typeName subject }
          overdue { typeName subject } suspended { typeName subject } } }`,
      {},
      { authorization: `Bearer ${token}` },
    );
    expect(r.body.errors).toBeUndefined();
    return r.body.data.procedureDesk as Desk;
  };
  const subjects = (d: Desk) =>
    [...d.byNextDeadline, ...d.overdue, ...d.suspended].map((i) => i.subject).sort();

  it('shows the Tributi referent (anna.ricci) her office’s procedures', async () => {
    const d = await deskOf('ref-anna', 'referent', ['tributi']);
    expect(d.responsibleId).toBe('ref-anna');
    expect(subjects(d)).toEqual([
      'Rateizzazione avviso di accertamento IMU',
      'Riduzione TARI per compostaggio domestico',
      'Rimborso IMU 2024 versata in eccesso',
    ]);
  });

  it('shows the Istruzione referent (paola.costa) her office’s procedures', async () => {
    const d = await deskOf('ref-paola', 'referent', ['istruzione']);
    expect(subjects(d)).toEqual([
      'Iscrizione a.e. 2027/2028',
      'Iscrizione alla mensa, scuola primaria',
      'Scuolabus, scuola secondaria di primo grado',
    ]);
  });

  it('shows the back office (marco.esposito, URP) the open access requests', async () => {
    const d = await deskOf('bo-marco', 'backoffice', ['urp']);
    expect(d.total).toBeGreaterThan(0);
    expect(
      [...d.byNextDeadline, ...d.overdue, ...d.suspended].every((i) => /accesso/i.test(i.typeName)),
    ).toBe(true);
  });

  it('puts the other offices’ procedures on their heads’ desks in the directory, none on the old ids', async () => {
    const manager = { sub: 'mgr-paolo', roles: ['manager' as const], offices: ['urp'] };
    const token = await signDevToken(manager, stack.auth);
    const total = async (responsibleId: string) =>
      (
        await gql(
          stack.gatewayUrl,
          `query($r: ID) { procedureDesk(responsibleId: $r) { total } }`,
          { r: responsibleId },
          { authorization: `Bearer ${token}` },
        )
      ).body.data.procedureDesk.total as number;
    expect(await total('ref-anagrafe-colombo')).toBeGreaterThan(0);
    expect(await total('ref-ed-fontana')).toBeGreaterThan(0);
    for (const old of ['ref-tributi', 'ref-istruzione', 'ref-urp', 'ref-anagrafe'])
      expect([old, await total(old)]).toEqual([old, 0]);
  });
});
