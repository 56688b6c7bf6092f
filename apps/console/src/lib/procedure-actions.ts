// What the procedures officer may do on a procedure now, from its state, the signed-in roles and offices: the
// console shows only these forms. The service decides in the end: a refusal is shown next to the form.
// (roles as plain strings: lib/auth's Role would bring the browser's globals into the unit tests' type check)

/**
 * Who may act, as procedures' policy says (services/procedures/src/procedures.policy.ts): each action's roles, and
 * the roles that act only on the procedures of their own offices (the competent office's acts, artt. 5-6
 * L. 241/1990). The browser cannot import the service: the unit test holds this table equal to the exported policy
 * (gateway/test/authz/policy-tables.json, written by tools/authz/export-policies.ts), so a change of the policy
 * fails the console's test until the console follows it. An administrator may do everything (the policy's override).
 */
export const PROCEDURE_RULES = {
  'procedure.suspend': {
    roles: ['backoffice', 'referent', 'manager'],
    officeScoped: ['backoffice', 'referent', 'manager'],
  },
  'procedure.resume': {
    roles: ['backoffice', 'referent', 'manager'],
    officeScoped: ['backoffice', 'referent', 'manager'],
  },
  'procedure.sendRejectionNotice': {
    roles: ['backoffice', 'referent', 'manager'],
    officeScoped: ['backoffice', 'referent', 'manager'],
  },
  'procedure.receiveObservations': {
    roles: ['operator', 'backoffice', 'referent', 'manager'],
    officeScoped: ['referent'],
  },
  'procedure.decide': {
    roles: ['backoffice', 'referent', 'manager'],
    officeScoped: ['backoffice', 'referent', 'manager'],
  },
} as const satisfies Record<string, { roles: readonly string[]; officeScoped: readonly string[] }>;
export type ProcedureRuleAction = keyof typeof PROCEDURE_RULES;

/** Who is signed in: roles, and the offices from the token (undefined when it carries none: the service decides). */
export interface Viewer {
  roles: readonly string[];
  offices?: readonly string[];
}

/** Whether the viewer may take the action on a procedure of `officeId` (the policy's rule, admin override). */
export function allows(action: ProcedureRuleAction, viewer: Viewer, officeId?: string | null): boolean {
  if (viewer.roles.includes('admin')) return true;
  const rule: { roles: readonly string[]; officeScoped: readonly string[] } = PROCEDURE_RULES[action];
  // offices unknown to the console (a token without them, a procedure without its office): offered, the service decides
  const inOffice = !officeId || !viewer.offices || viewer.offices.includes(officeId);
  return viewer.roles.some((r) => rule.roles.includes(r) && (inOffice || !rule.officeScoped.includes(r)));
}

export interface ProcedureForActions {
  status: string;
  phase: string;
  suspensions: { id: string; kind: string; end?: string | null }[];
  timeline: { type: string }[];
  type?: { initiative: string } | null;
  /** The competent office (the procedure's type's, at submission). */
  officeId?: string | null;
}

export interface ProcedureActions {
  suspend: boolean;
  /** The open suspension that "Riprendi" ends (not a 10-bis notice: observations end that one). */
  resume: { id: string; kind: string } | null;
  rejectionNotice: boolean;
  observations: boolean;
  decide: boolean;
}

/** A 10-bis notice was sent and no observations were recorded after it (late ones are recorded too). */
export function awaitingObservations(timeline: { type: string }[]): boolean {
  const types = timeline.map((t) => t.type);
  return types.lastIndexOf('rejection_notice') > types.lastIndexOf('observations');
}

export function procedureActions(p: ProcedureForActions, viewer: Viewer): ProcedureActions {
  const none = { suspend: false, resume: null, rejectionNotice: false, observations: false, decide: false };
  if (p.status === 'DECIDED') return none;
  const may = (action: ProcedureRuleAction) => allows(action, viewer, p.officeId);
  const open = p.suspensions.find((s) => !s.end);
  // the substitute official's term (art. 2 c. 9-ter) is never suspended
  const ordinary = p.phase === 'ORDINARY';
  return {
    suspend: may('procedure.suspend') && ordinary && !open,
    resume:
      may('procedure.resume') && open && open.kind !== 'rejection_notice'
        ? { id: open.id, kind: open.kind }
        : null,
    // art. 10-bis concerns procedures started on the applicant's request
    rejectionNotice:
      may('procedure.sendRejectionNotice') && ordinary && !open && p.type?.initiative !== 'OFFICE',
    observations: may('procedure.receiveObservations') && awaitingObservations(p.timeline),
    decide: may('procedure.decide'),
  };
}
