// What the procedures officer may do on a procedure now, from its state and the signed-in roles: the console
// shows only these forms. The roles mirror procedures' policy (services/procedures/src/procedures.policy.ts:
// suspend, resume, 10-bis notice and decision for the casework roles; observations for all staff); the state
// mirrors its rules. The service decides in the end: a refusal is shown next to the form.
// (roles as plain strings: lib/auth's Role would bring the browser's globals into the unit tests' type check)

/** The casework roles of procedures' policy (CASEWORK); every staff role records observations (STAFF). */
const CASEWORK: readonly string[] = ['backoffice', 'referent', 'manager'];
const STAFF: readonly string[] = ['operator', ...CASEWORK];

export interface ProcedureForActions {
  status: string;
  phase: string;
  suspensions: { id: string; kind: string; end?: string | null }[];
  timeline: { type: string }[];
  type?: { initiative: string } | null;
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

export function procedureActions(p: ProcedureForActions, roles: readonly string[]): ProcedureActions {
  const none = { suspend: false, resume: null, rejectionNotice: false, observations: false, decide: false };
  if (p.status === 'DECIDED') return none;
  const casework = roles.some((r) => CASEWORK.includes(r));
  const staff = roles.some((r) => STAFF.includes(r));
  const open = p.suspensions.find((s) => !s.end);
  // the substitute official's term (art. 2 c. 9-ter) is never suspended
  const ordinary = p.phase === 'ORDINARY';
  return {
    suspend: casework && ordinary && !open,
    resume: casework && open && open.kind !== 'rejection_notice' ? { id: open.id, kind: open.kind } : null,
    // art. 10-bis concerns procedures started on the applicant's request
    rejectionNotice: casework && ordinary && !open && p.type?.initiative !== 'OFFICE',
    observations: staff && awaitingObservations(p.timeline),
    decide: casework,
  };
}
