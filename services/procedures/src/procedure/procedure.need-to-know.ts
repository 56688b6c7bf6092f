import type { Actor } from '@urp/kernel';
import { mayReadActs } from '../procedures.policy';
import { LEGAL_CLOCK_ACTOR } from './procedure.context';
import type { Procedure } from './procedure.state';

/** What a reader who may not read the officers' words sees in their place (the fields are non-null in the schema). */
export const RESERVED_TEXT = 'Riservato all’ufficio competente';

/**
 * A procedure as `who` may read it (need to know, GDPR art. 5 and 25): the officers' free text (the reasons of a
 * suspension, of a 10-bis notice, of the decision and the answer to the observations, the timeline's summaries that
 * quote them) and the notices' PDFs (they quote the same reasons) only to whoever may act on it (`procedure.readActs`:
 * its office's casework roles, the engaged substitute, an administrator). Others (analysts, operators, other offices)
 * read that each act happened, when and with what outcome. The law's own words (a silent assent's reasons, written by
 * the legal clock) stay. Pure: the stored procedure is not changed.
 */
export function forReader(p: Procedure, who: Actor): Procedure {
  if (mayReadActs(who, p)) return p;
  const byClock = p.decision?.decidedBy === LEGAL_CLOCK_ACTOR.sub;
  const words = [
    ...p.suspensions.map((s) => s.reason),
    ...(p.earlierRejectionNotices ?? []).map((n) => n.reasons),
    p.rejectionNotice?.reasons,
    byClock ? undefined : p.decision?.reasons,
    p.decision?.observationsAnswer,
  ]
    .filter((t): t is string => !!t && t.trim().length > 0)
    // the longest first: a text that contains another is replaced whole
    .sort((a, b) => b.length - a.length);
  const redact = (summary: string) =>
    words.reduce((s, w) => (s.includes(w) ? s.split(w).join(RESERVED_TEXT) : s), summary);
  const decision = p.decision && {
    ...p.decision,
    ...(byClock ? {} : { reasons: RESERVED_TEXT }),
    observationsAnswer: undefined,
  };
  return {
    ...p,
    suspensions: p.suspensions.map((s) => ({ ...s, reason: RESERVED_TEXT })),
    ...(p.rejectionNotice ? { rejectionNotice: { ...p.rejectionNotice, reasons: RESERVED_TEXT } } : {}),
    ...(p.earlierRejectionNotices
      ? { earlierRejectionNotices: p.earlierRejectionNotices.map((n) => ({ ...n, reasons: RESERVED_TEXT })) }
      : {}),
    ...(decision ? { decision } : {}),
    timeline: p.timeline.map((e) => ({ ...e, summary: redact(e.summary) })),
    documents: [],
  };
}
