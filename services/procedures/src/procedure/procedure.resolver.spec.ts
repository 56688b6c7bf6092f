import type { Actor } from '@urp/kernel';
import { at, calendar, started } from './procedure.fixtures';
import type { ProcedureTypeUseCases } from '../catalogue/procedure-type.use-cases';
import { ProcedureResolver } from './procedure.resolver';
import { receiveObservations, sendRejectionNotice } from './procedure.suspensions';
import type { ProcedureUseCases } from './procedure.use-cases';
import { procedureView } from './procedure.view';

/** `Procedure.rejectionNotice.observations`: the applicant's words, only to whoever may decide the procedure. */
describe('the rejection notice field', () => {
  const ctx = at('2026-01-20T10:00:00Z');
  const noticed = sendRejectionNotice(started(), 'ISEE oltre la soglia', 'rn', '2026-01-15', 'r', ctx).state;
  const observed = receiveObservations(
    noticed,
    '2026-01-18',
    'r',
    ctx,
    'Sono Ermenegilda, allego ISEE',
  ).state;
  const view = procedureView(observed, ctx.today, calendar);
  // the field reads only its parent and the caller: no use case is called
  const resolver = new ProcedureResolver({} as ProcedureUseCases, {} as ProcedureTypeUseCases);
  const field = (who: Actor) => resolver.rejectionNoticeOf(view, who);

  it('shows the observations to the office and an administrator', () => {
    const office: Actor = { sub: 'ref-1', roles: ['referent'], offices: ['servizi_sociali'] };
    expect(field(office)?.observations).toBe('Sono Ermenegilda, allego ISEE');
    expect(field({ sub: 'adm', roles: ['admin'] })?.observations).toBe('Sono Ermenegilda, allego ISEE');
  });

  it('to analysts and other offices: that they came, not what they say', () => {
    for (const who of [
      { sub: 'an-1', roles: ['analyst'] },
      { sub: 'bo-1', roles: ['backoffice'], offices: ['urp'] },
      { sub: 'op-1', roles: ['operator'] },
    ] as Actor[]) {
      expect(field(who)).toMatchObject({
        sentOn: '2026-01-15',
        observationsOn: '2026-01-18',
        observations: null,
      });
    }
    // no notice: null
    const none = procedureView(started(), ctx.today, calendar);
    expect(resolver.rejectionNoticeOf(none, { sub: 'an-1', roles: ['analyst'] })).toBeNull();
  });
});

/** `Procedure.formData`: the application form's personal data, to the same readers as the observations. */
describe('the form data field', () => {
  const ctx = at('2026-01-20T10:00:00Z');
  const withForm = { ...started(), formData: { codice_fiscale: 'RSSMRA80A01H501U', nome: 'Mario Rossi' } };
  const view = procedureView(withForm, ctx.today, calendar);
  const resolver = new ProcedureResolver({} as ProcedureUseCases, {} as ProcedureTypeUseCases);

  it('to the office and an administrator; not to analysts, other offices or the front office', () => {
    const office: Actor = { sub: 'ref-1', roles: ['referent'], offices: ['servizi_sociali'] };
    expect(resolver.formDataOf(view, office)).toContain('RSSMRA80A01H501U');
    expect(resolver.formDataOf(view, { sub: 'adm', roles: ['admin'] })).toContain('Mario Rossi');
    for (const who of [
      { sub: 'an-1', roles: ['analyst'] },
      { sub: 'bo-1', roles: ['backoffice'], offices: ['urp'] },
      { sub: 'op-1', roles: ['operator'] },
    ] as Actor[])
      expect(resolver.formDataOf(view, who)).toBeNull();
  });
});

/** `Procedure.permittedActs`: what the console offers, by the use cases' own rule (no copy in the browser). */
describe('the permitted acts field', () => {
  const ctx = at('2026-01-20T10:00:00Z');
  const resolver = new ProcedureResolver({} as ProcedureUseCases, {} as ProcedureTypeUseCases);
  const acts = (p: ReturnType<typeof started>, who: Actor) =>
    resolver.permittedActsOf(procedureView(p, ctx.today, calendar), who);

  it("the office's casework roles act; the front office records observations; analysts nothing", () => {
    const office: Actor = { sub: 'ref-1', roles: ['referent'], offices: ['servizi_sociali'] };
    expect(acts(started(), office)).toEqual([
      'ASSIGN',
      'SUSPEND',
      'RESUME',
      'SEND_REJECTION_NOTICE',
      'RECEIVE_OBSERVATIONS',
      'DECIDE',
    ]);
    expect(acts(started(), { sub: 'bo-1', roles: ['backoffice'], offices: ['urp'] })).toEqual([
      'RECEIVE_OBSERVATIONS',
    ]);
    expect(acts(started(), { sub: 'an-1', roles: ['analyst'] })).toEqual([]);
  });

  it('the engaged substitute official of another office decides in the substitute phase, not before', () => {
    const seg: Actor = { sub: 'seg', roles: ['manager'], offices: ['segreteria_generale'] };
    expect(acts(started(), seg)).not.toContain('DECIDE');
    const engaged = {
      ...started(),
      phase: 'substitute' as const,
      substitute: {
        engagedOn: '2026-02-09',
        dueDate: '2026-02-24',
        substituteId: 'seg',
        ordinaryDueDate: '2026-02-06',
      },
    };
    expect(acts(engaged, seg)).toEqual(expect.arrayContaining(['ASSIGN', 'RESUME', 'DECIDE']));
    expect(acts(engaged, { ...seg, sub: 'seg-collega' })).not.toContain('DECIDE');
  });
});
