import type { Role } from '@urp/auth';
import { definePolicy, rule, type PolicyRule } from '@urp/kernel';
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

export const proceduresPolicy = definePolicy({
  // catalogue
  'procedureType.read': catalogue(ANY),
  'procedureType.save': catalogue(['manager']),
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
  /** The PDFs of the applicant's notices: staff of the office, and services (campaigns attaches them). */
  'procedure.document': onProcedure([...STAFF, 'service']),
  'procedure.publicStatus': rule<never>({ roles: 'public' }),
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
