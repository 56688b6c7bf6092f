/**
 * The requester was anonymised (contacts' `RequesterAnonymised`, GDPR art. 17 or retention): the application form
 * of each of their procedures keeps its keys (what was asked, for the file's structure) and loses every value; the
 * observations they presented on any rejection notice (their words) are erased too.
 * Pure and idempotent: a procedure already erased, or without form data, is left as it is (no write).
 */
import type { Decision, UseCaseContext } from '@urp/kernel';
import type { Procedure, RejectionNotice } from './procedure.state';

/** What stands in place of every value of an erased form. */
export const ERASED_VALUE = '[dato cancellato]';

const erased = (n: RejectionNotice): boolean => !n.observations || n.observations === ERASED_VALUE;
const erase = (n: RejectionNotice): RejectionNotice => (erased(n) ? n : { ...n, observations: ERASED_VALUE });

export function eraseFormData(
  state: Procedure,
  cmd: { requesterId: string },
  ctx: UseCaseContext,
): Decision<Procedure> {
  const form = state.formData;
  const rn = state.rejectionNotice;
  const earlier = state.earlierRejectionNotices;
  const formErased = !form || Object.values(form).every((v) => v === ERASED_VALUE);
  // the observations on every rejection notice are the requester's own words: erased with the form
  const observationsErased = (!rn || erased(rn)) && (earlier ?? []).every(erased);
  if (state.requesterId !== cmd.requesterId || (formErased && observationsErased))
    return { state, events: [] };
  return {
    state: {
      ...state,
      ...(form ? { formData: Object.fromEntries(Object.keys(form).map((k) => [k, ERASED_VALUE])) } : {}),
      ...(rn ? { rejectionNotice: erase(rn) } : {}),
      ...(earlier ? { earlierRejectionNotices: earlier.map(erase) } : {}),
      updatedAt: ctx.now.toISOString(),
    },
    events: [],
  };
}
