// What the procedures officer may do on a procedure now: the acts procedures permits the signed-in user
// (`Procedure.permittedActs`, by the same rule its use cases apply: role, the procedure's office, the engaged substitute
// official) and what the procedure's state allows now. The console keeps no copy of the policy; the service decides
// in the end, and a refusal is shown next to the form.

/** The acts of procedures' `ProcedureAct` enum this page offers. */
export type ProcedureAct = 'SUSPEND' | 'RESUME' | 'SEND_REJECTION_NOTICE' | 'RECEIVE_OBSERVATIONS' | 'DECIDE';

export interface ProcedureForActions {
  status: string;
  phase: string;
  suspensions: { id: string; kind: string; end?: string | null }[];
  timeline: { type: string }[];
  type?: { initiative: string } | null;
  /** What procedures permits the signed-in user on this procedure (`Procedure.permittedActs`). */
  permittedActs: readonly string[];
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

export function procedureActions(p: ProcedureForActions): ProcedureActions {
  const none = { suspend: false, resume: null, rejectionNotice: false, observations: false, decide: false };
  if (p.status === 'DECIDED') return none;
  const may = (act: ProcedureAct) => p.permittedActs.includes(act);
  const open = p.suspensions.find((s) => !s.end);
  // the substitute official's term (art. 2 c. 9-ter) is never suspended
  const ordinary = p.phase === 'ORDINARY';
  return {
    suspend: may('SUSPEND') && ordinary && !open,
    resume:
      may('RESUME') && open && open.kind !== 'rejection_notice' ? { id: open.id, kind: open.kind } : null,
    // art. 10-bis concerns procedures started on the applicant's request; the substitute official gives it too
    // before a rejection (it suspends their term as well)
    rejectionNotice: may('SEND_REJECTION_NOTICE') && !open && p.type?.initiative !== 'OFFICE',
    observations: may('RECEIVE_OBSERVATIONS') && awaitingObservations(p.timeline),
    decide: may('DECIDE'),
  };
}
