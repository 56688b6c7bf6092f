import {
  addDays,
  computeDueDate,
  startOfRomeDay,
  ruleOf,
  substituteDueDate,
  type CivilDate,
} from '@urp/legal-clock';
import {
  currentClockInput,
  missedClaim,
  refreshClock,
  rulesOf,
  silentAssentEligible,
  warnClaim,
} from './procedure.clock';
import * as events from './procedure.events';
import { withResumptionNotice } from './procedure.notices';
import {
  instantOf,
  noted,
  withTimeline,
  type Change,
  type ClockContext,
  type Procedure,
  type ProcedureDecision,
} from './procedure.state';

/**
 * The time-driven events of a procedure, pure: suspensions ended by law, warnings before each deadline,
 * missed deadlines (and silent refusal, art. 25 c.4), silent assent (art. 20), the substitute official
 * (art. 2 c.9-bis/ter). Each occurrence has a claim id derived from the deadline it belongs to, so it fires
 * once however often and on whatever day the clock runs.
 */

export interface TimeEvent {
  /** Unique per procedure and occurrence: the claim that makes it fire once across instances. */
  claimId: string;
  apply: (p: Procedure, ctx: ClockContext) => Change;
}

const CLOCK = 'legal-clock';

/** The time-driven events due today that have not fired yet, in order. Deterministic for a given day. */
export function dueTimeEvents(p: Procedure, ctx: ClockContext): TimeEvent[] {
  if (p.status === 'decided') return [];
  const out: TimeEvent[] = [...suspensionsEndedByLaw(p, ctx)];
  const clock = refreshClock(p, ctx);
  const due = clock.dueDate;
  if (!due) return out;
  for (const d of [...ctx.warningDays].sort((a, b) => b - a)) {
    const claimId = warnClaim(clock, due, d);
    if (p.fired.includes(claimId) || ctx.today < addDays(due, -d) || ctx.today > due) continue;
    out.push({ claimId, apply: (q, c) => warn(q, due, d, c) });
  }
  if (ctx.today <= due) return out;
  // art. 20: for an eligible type silence at the deadline IS the decision (assent), so nothing was missed: no
  // "termine scaduto" alarm to the office, no substitute; the assent alone is recorded
  const assent = clock.phase === 'ordinary' && silentAssentEligible(clock);
  const missed = missedClaim(clock, due);
  if (!assent && !p.fired.includes(missed)) out.push({ claimId: missed, apply: (q, c) => miss(q, due, c) });
  if (clock.phase !== 'ordinary') return out;
  const substituteId = clock.substituteId;
  if (assent) {
    const claimId = `${p.id}:silent_assent:${due}`;
    if (!p.fired.includes(claimId)) out.push({ claimId, apply: (q, c) => formSilentAssent(q, due, c) });
  } else if (substituteId && clock.silenceRule !== 'silent_refusal') {
    // silent refusal (art. 25 c.4) is a tacit decision, challenged in court: no inaction for a substitute to cure
    const claimId = `${p.id}:substitute:${due}`;
    if (!p.fired.includes(claimId))
      out.push({ claimId, apply: (q, c) => engageSubstitute(q, due, substituteId, c) });
  }
  return out;
}

/** Suspensions that ended by law (no observations in 10 days, no documents in 30 days). */
function suspensionsEndedByLaw(p: Procedure, ctx: ClockContext): TimeEvent[] {
  const effects = computeDueDate(currentClockInput(p, ctx.today), ctx.calendar).suspensions;
  const out: TimeEvent[] = [];
  for (const e of effects) {
    const stored = p.suspensions.find((s) => s.id === e.id);
    const claimId = `${p.id}:ended_by_law:${e.id}`;
    const endDay = e.end;
    if (!e.endedByLaw || !endDay || !stored || stored.end || p.fired.includes(claimId)) continue;
    const end = (q: Procedure, c: ClockContext): Change => {
      const before = refreshClock(q, c);
      let next = refreshClock(
        {
          ...before,
          suspensions: before.suspensions.map((s) =>
            s.id === e.id ? { ...s, end: endDay, endedByLaw: true } : s,
          ),
        },
        c,
      );
      const rule = ruleOf(e.kind, rulesOf(q));
      next = withTimeline(next, before, {
        at: instantOf(endDay, c),
        type: 'resumed_by_law',
        summary: `Sospensione terminata per legge dopo ${rule?.maxDays} giorni (${rule?.legalBasis ?? e.kind})`,
        by: CLOCK,
      });
      // a request for documents unanswered in 30 days: the applicant is told the term runs again (art. 2 c.7)
      return withResumptionNotice(
        { state: next, events: [events.resumed(c, next, e.id, endDay, e.addedDays)] },
        stored,
        { end: endDay, byLaw: true, addedDays: e.addedDays ?? 0 },
        c,
      );
    };
    // while another suspension without a legal maximum runs there is no deadline to announce: the end is
    // recorded once that one is resumed (found by the property test: this used to fail on every tick)
    const after = refreshClock(
      {
        ...p,
        suspensions: p.suspensions.map((s) => (s.id === e.id ? { ...s, end: endDay, endedByLaw: true } : s)),
      },
      ctx,
    );
    if (!after.dueDate && !after.latestDueDate && !after.nominalDueDate) continue;
    out.push({ claimId, apply: end });
  }
  return out;
}

function warn(p: Procedure, due: CivilDate, daysBefore: number, ctx: ClockContext): Change {
  const next = noted(p, {
    at: ctx.now.toISOString(),
    type: 'deadline_approaching',
    summary: `Scadenza tra ${daysBefore} giorni (${due})`,
    by: CLOCK,
  });
  return { state: next, events: [events.deadlineApproaching(ctx, p, due, daysBefore)] };
}

function miss(p: Procedure, due: CivilDate, ctx: ClockContext): Change {
  const silentRefusal = p.phase === 'ordinary' && p.silenceRule === 'silent_refusal';
  const next = noted(
    { ...p, ...(silentRefusal ? { silentRefusalOn: addDays(due, 1) } : {}) },
    {
      at: ctx.now.toISOString(),
      type: 'deadline_missed',
      summary: `Termine scaduto il ${due} senza provvedimento${silentRefusal ? ' (silenzio-rigetto, art. 25 c.4 L. 241/1990)' : ''}`,
      by: CLOCK,
    },
  );
  return { state: next, events: [events.deadlineMissed(ctx, p, due)] };
}

function formSilentAssent(p: Procedure, due: CivilDate, ctx: ClockContext): Change {
  const formedOn = addDays(due, 1);
  const decision: ProcedureDecision = {
    outcome: 'silent_assent',
    reasons: `Silenzio-assenso formato alla scadenza del termine del ${due} (art. 20 L. 241/1990)`,
    decidedOn: formedOn,
    decidedAt: startOfRomeDay(formedOn),
    decidedBy: CLOCK,
    withinTerm: true,
    bySubstitute: false,
  };
  const next: Procedure = {
    ...p,
    status: 'decided',
    decision,
    nextClockCheck: null,
    timeline: [
      ...p.timeline,
      {
        at: decision.decidedAt,
        type: 'silent_assent',
        summary: decision.reasons,
        by: CLOCK,
        dueDate: p.dueDate,
      },
    ],
  };
  return {
    state: next,
    events: [events.silentAssentFormed(ctx, next, decision, due), events.decided(ctx, next, decision)],
  };
}

function engageSubstitute(p: Procedure, due: CivilDate, substituteId: string, ctx: ClockContext): Change {
  // engaged on the day after the missed deadline: deterministic whenever the clock runs
  const engagedOn = addDays(due, 1);
  const dueDate = substituteDueDate(engagedOn, p.legalTermDays, ctx.calendar);
  const substitute = { engagedOn, dueDate, substituteId, ordinaryDueDate: due };
  const before = refreshClock(p, ctx);
  let next = refreshClock({ ...before, phase: 'substitute', substitute }, ctx);
  next = withTimeline(next, before, {
    at: startOfRomeDay(engagedOn),
    type: 'substitute_engaged',
    summary: `Potere sostitutivo: ${p.substituteName ?? substituteId} conclude entro ${Math.ceil(p.legalTermDays / 2)} giorni (art. 2 c.9-ter L. 241/1990)`,
    by: CLOCK,
  });
  return { state: next, events: [events.substituteEngaged(ctx, next, substitute)] };
}
