import type { Role } from '@urp/auth';
import { definePolicy, DomainError, rule, type Actor, type PolicyRule } from '@urp/kernel';
import type { ProcedureType } from './catalogue/procedure-type.rules';
import type { DeskItem } from './procedure/desk.rules';
import type { Procedure } from './procedure/procedure.state';
import type { AccessRegisterRow } from './register/access-register.rules';

/**
 * Who may do what in the procedures subgraph: every query and mutation is an action here, with the roles
 * allowed today. A procedure belongs to the office of its type (snapshot at submission); referents act on and
 * see only the procedures of their own office(s) (`actor.offices`; none: no office). The catalogue and the
 * calendar are not confidential: every signed-in caller reads them.
 */
const STAFF: readonly Role[] = ['operator', 'backoffice', 'referent', 'manager'];
const CASEWORK: readonly Role[] = ['backoffice', 'referent', 'manager'];
/** Any signed-in caller, other services included (the catalogue and the calendar are not confidential). */
const ANY: readonly Role[] = [...STAFF, 'analyst', 'service'];

/** Roles that act only within their own office(s) (need to know, GDPR art. 5 and 25). */
const OFFICE_SCOPED: readonly Role[] = ['referent'];

/**
 * The acts of a procedure (assign, suspend, resume, 10-bis notice, decide, attestation) are the competent office's:
 * the responsible person is of the office the procedure belongs to and the head of that office assigns it (artt. 5-6
 * L. 241/1990), and the notices they issue are signed in its name. So every casework role acts only on the
 * procedures of its own office(s): a referent, the back office (the URP's own procedures, e.g. access requests) and a
 * manager (the head of their offices); staff of other offices read. An administrator keeps the override.
 */
const OFFICE_ACTS: readonly Role[] = CASEWORK;

const onProcedure = (roles: readonly Role[]) =>
  rule<Procedure>({ roles, officeScoped: OFFICE_SCOPED, officesOf: (p) => p.officeId });
/** An act of the competent office on its procedure: every role needs the procedure's office among its own. */
const officeAct = () =>
  rule<Procedure>({ roles: CASEWORK, officeScoped: OFFICE_ACTS, officesOf: (p) => p.officeId });
/** Submitting a procedure of a type: referents only for their offices' types. */
const onType = (roles: readonly Role[]) =>
  rule<ProcedureType>({ roles, officeScoped: OFFICE_SCOPED, officesOf: (t) => t.officeId });
/** The catalogue: public information inside the administration, no office scope. */
const catalogue = (roles: readonly Role[]) => rule<ProcedureType>({ roles, officesOf: (t) => t.officeId });
/**
 * Editing the catalogue: a type is its office's (its term, its responsible person), so a manager saves only the types
 * of their own office(s), before and after the change; moving a type to another office or naming its substitute
 * official is the administration's (`procedureType.reassign`), else a manager took over another office's procedures.
 */
const catalogueEdit = () =>
  rule<Pick<ProcedureType, 'officeId'>>({
    roles: ['manager'],
    officeScoped: ['manager'],
    officesOf: (t) => t.officeId,
  });

export const proceduresPolicy = definePolicy({
  // catalogue
  'procedureType.read': catalogue(ANY),
  'procedureType.save': catalogueEdit(),
  /** Changing an existing type's office or substitute official (art. 2 c.9-bis: the governing body names them). */
  'procedureType.reassign': rule<never>({ roles: ['admin'] }),
  /** Suspension kinds: the law's and the administration's; only an administrator adds one (issue 13). */
  'suspensionKind.read': rule<never>({ roles: ANY }),
  'suspensionKind.define': rule<never>({ roles: ['admin'] }),
  // procedures: reads
  'procedure.reference': onProcedure(ANY),
  'procedure.read': onProcedure([...STAFF, 'analyst']),
  /** A desk lists its items; referents see only their offices' items (items carry the procedure's office). */
  'procedure.desk': rule<DeskItem>({
    roles: STAFF,
    officeScoped: OFFICE_SCOPED,
    officesOf: (p) => p.officeId,
  }),
  'procedure.startNotice': onProcedure(STAFF),
  /**
   * The officers' own words on a procedure (the reasons of a suspension, of a 10-bis notice, of the decision, the
   * timeline's summaries that quote them): to whoever may act on it (its office's casework roles, the engaged
   * substitute, an administrator); every other reader (analysts, operators, other offices) reads that the act
   * happened and when, not its text (need to know: reasons often carry health, income or family data).
   */
  'procedure.readActs': officeAct(),
  /** The PDFs of the applicant's notices (they quote the same reasons): the office's casework roles, and services (campaigns attaches them). */
  'procedure.document': rule<Procedure>({
    roles: [...CASEWORK, 'service'],
    officeScoped: OFFICE_ACTS,
    officesOf: (p) => p.officeId,
  }),
  'procedure.publicStatus': rule<never>({ roles: 'public' }),
  /**
   * Dating an act or a receipt before today (a paper application registered later with its protocol date, an act
   * recorded late): an administrator only, as contacts' `contact.import`; everyone else records what happens today
   * (a backdated receipt let a silent assent form at the next tick, a backdated decision faked `withinTerm`).
   */
  'procedure.backdate': rule<never>({ roles: ['admin'] }),
  // procedures: commands
  'procedure.submit': onType(STAFF),
  'procedure.assign': officeAct(),
  'procedure.suspend': officeAct(),
  'procedure.resume': officeAct(),
  'procedure.sendRejectionNotice': officeAct(),
  'procedure.receiveObservations': onProcedure(STAFF),
  'procedure.decide': officeAct(),
  'procedure.requestAttestation': onProcedure(STAFF),
  'procedure.issueAttestation': officeAct(),
  'procedure.requestReview': onProcedure(STAFF),
  // access register and calendar
  /**
   * The access register: referents read their offices' rows only (need to know); the whole register is
   * published without personal data at least every six months (D.Lgs 33/2013) by the other roles.
   */
  'accessRegister.read': rule<AccessRegisterRow>({
    roles: [...CASEWORK, 'analyst'],
    officeScoped: OFFICE_SCOPED,
    officesOf: (r) => r.officeId,
  }),
  'calendar.read': rule<never>({ roles: ANY }),
});
type Table = typeof proceduresPolicy.table;
/** The actions on one procedure (their rule takes the procedure as its resource). */
export type ProcedureAction = {
  [A in keyof Table]: Table[A] extends PolicyRule<Procedure> ? A : never;
}[keyof Table];

/**
 * The substitute official (titolare del potere sostitutivo, art. 2 c.9-bis/ter L. 241/1990), usually of another office
 * (often the secretary general): once engaged, concluding the procedure is theirs whatever their own office. In the
 * substitute phase the person the procedure names as substitute (`substitute.substituteId`, their identity's `sub`)
 * may, with a role the action allows, read it and perform these acts: decide it, assign its instruction, resume an
 * open suspension, send the rejection notice before a rejection (art. 10-bis binds whoever decides; it suspends
 * their term too) and record the observations on it; any other new suspension is the rules' to refuse, saying why
 * (the substitute's term is not suspended for documents).
 */
export const SUBSTITUTE_ACTS: ReadonlySet<ProcedureAction> = new Set<ProcedureAction>([
  'procedure.read',
  'procedure.readActs',
  'procedure.document',
  'procedure.assign',
  'procedure.suspend',
  'procedure.resume',
  'procedure.sendRejectionNotice',
  'procedure.receiveObservations',
  'procedure.decide',
]);

/** What the acts' authorization reads of a procedure. */
type ActedOn = Pick<Procedure, 'officeId' | 'phase' | 'substitute'>;

/** The actor is the substitute official engaged on the procedure (its substitute phase). */
export const isEngagedSubstitute = (actor: Actor, p: ActedOn): boolean =>
  p.phase === 'substitute' &&
  !actor.anonymous &&
  !!p.substitute?.substituteId &&
  p.substitute.substituteId === actor.sub;

/**
 * Whether `actor` may perform `action` on the procedure: the policy table (role, office), or, for the substitute's
 * acts, being the engaged substitute official with a role the action allows.
 */
export function mayActOn(action: ProcedureAction, actor: Actor, p: ActedOn): boolean {
  // the table's rules read only the procedure's office
  if (proceduresPolicy.allows(action, actor, p as Procedure)) return true;
  return (
    SUBSTITUTE_ACTS.has(action) && isEngagedSubstitute(actor, p) && proceduresPolicy.allows(action, actor)
  );
}

/** Throws FORBIDDEN unless `mayActOn`. */
export function authorizeOn(action: ProcedureAction, actor: Actor, p: ActedOn): void {
  if (!mayActOn(action, actor, p)) throw DomainError.forbidden();
}

/**
 * Whether the caller may read the applicant's observations (art. 10-bis; personal data, their own words): whoever may
 * decide the procedure (its office's casework roles, the engaged substitute, an administrator), not every reader.
 */
export const mayReadObservations = (actor: Actor, p: ActedOn): boolean =>
  mayActOn('procedure.decide', actor, p);

/** Whether the caller may read the officers' free text on the procedure (`procedure.readActs`). */
export const mayReadActs = (actor: Actor, p: ActedOn): boolean => mayActOn('procedure.readActs', actor, p);

/**
 * Whether `actor` may date an act or a receipt on `day` when it is `today` (civil dates): today, yes; before,
 * only with `procedure.backdate`.
 */
export const mayDate = (actor: Actor, day: string, today: string): boolean =>
  day >= today || proceduresPolicy.allows('procedure.backdate', actor);
