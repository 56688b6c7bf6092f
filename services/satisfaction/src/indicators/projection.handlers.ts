/**
 * How each event the indicators read changes the projection (pure). The events come from the contracts:
 * each handler is keyed by its definition's `type` and receives the payload parsed by its schema.
 */
import {
  CaseAnsweredV1,
  CaseClosedV1,
  CaseOpenedV1,
  CaseReopenedV1,
  CaseResumedV1,
  CaseRoutedV1,
  CaseSuspendedV1,
  ClarityFeedbackReceivedV1,
  ContactClosedV1,
  ContactRegisteredV1,
  ContractViolation,
  DeadlineMissedV1,
  ProcedureDecidedV1,
  ProcedureSubmittedV1,
  ReminderDueV1,
  ReviewRequestedV1,
  SheetArchivedV1,
  SheetExpiredV1,
  SheetPublishedV1,
  SheetUpdatedV1,
  SurveyAnsweredV1,
  SurveyAnsweredV2,
  SurveyExpiredV1,
  SurveyInvitationIssuedV1,
  type EventDefinition,
  type EventPayload,
} from '@urp/contracts';
import type { IndicatorProjection } from './projection';
import { dim, hoursBetween, STAR_BUCKETS, SV } from './projection.measures';
import { romeDay, romeMonth } from './rome-time';

/** One event the projection reads: its contract and what it does with the (parsed, typed) payload. */
export interface EventHandler {
  readonly def: EventDefinition;
  readonly apply: (data: unknown) => void;
}

/** Pairs a contract with its effect; the payload is parsed by the contract's schema, so the effect is typed. */
function on<D extends EventDefinition>(def: D, effect: (d: EventPayload<D>) => void): EventHandler {
  return {
    def,
    apply: (data) => {
      const parsed = def.schema.safeParse(data);
      if (!parsed.success)
        throw new ContractViolation(
          `invalid ${def.type} payload`,
          parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
        );
      effect(parsed.data as EventPayload<D>);
    },
  };
}

/** The events the indicators are built from, in the order of their topics (contacts, cases, procedures, …). */
export const INDICATOR_EVENTS = [
  ContactRegisteredV1,
  ContactClosedV1,
  CaseOpenedV1,
  CaseRoutedV1,
  CaseSuspendedV1,
  CaseResumedV1,
  CaseAnsweredV1,
  CaseClosedV1,
  CaseReopenedV1,
  ReminderDueV1,
  ProcedureSubmittedV1,
  ProcedureDecidedV1,
  ReviewRequestedV1,
  DeadlineMissedV1,
  SheetPublishedV1,
  SheetUpdatedV1,
  SheetExpiredV1,
  SheetArchivedV1,
  ClarityFeedbackReceivedV1,
  SurveyInvitationIssuedV1,
  SurveyAnsweredV1,
  SurveyAnsweredV2,
  SurveyExpiredV1,
] as const;

/** The topics the projection reads (everything it needs, nothing else): those of its events. */
export const INDICATOR_TOPICS: readonly string[] = [...new Set(INDICATOR_EVENTS.map((e) => e.topic.name))];

/** The effects of the indicator events on `p`, by CloudEvents type. */
export function indicatorHandlers(p: IndicatorProjection): Record<string, EventHandler> {
  return Object.fromEntries(
    [
      on(ContactRegisteredV1, (d) => {
        const month = romeMonth(d.registeredAt);
        p.inc(`ct|${month}|${dim(d.channel)}|${dim(d.contactType)}`);
        if (d.contactType === 'complaint') p.inc(`cc|${month}|${dim(d.category?.level1)}`);
        for (const sheetId of new Set(d.sheetIds ?? [])) p.inc(`su|${dim(sheetId)}`);
      }),
      on(ContactClosedV1, (d) => {
        const base = `fcr|${romeMonth(d.closedAt)}|${dim(d.channel)}`;
        p.inc(`${base}|closed`);
        if (d.resolvedAtFirstContact) p.inc(`${base}|first`);
      }),
      on(CaseOpenedV1, (d) => {
        p.openCases.set(d.caseId, {
          openedAt: d.openedAt,
          dueAt: d.dueAt,
          officeId: dim(d.officeId),
          referentId: dim(d.referentId),
          contactType: dim(d.contactType),
          suspended: false,
          suspendedDays: 0,
          answered: false,
        });
      }),
      on(CaseRoutedV1, (d) => {
        const c = p.openCases.get(d.caseId);
        if (c) {
          c.officeId = dim(d.officeId);
          c.referentId = dim(d.referentId);
        }
      }),
      on(CaseSuspendedV1, (d) => {
        const c = p.openCases.get(d.caseId);
        if (c) c.suspended = true;
      }),
      on(CaseResumedV1, (d) => {
        const c = p.openCases.get(d.caseId);
        if (c) {
          c.suspended = false;
          c.suspendedDays = d.suspendedDays;
          c.dueAt = d.dueAt;
        }
      }),
      on(CaseAnsweredV1, (d) => {
        const c = p.openCases.get(d.caseId);
        if (!c || !d.firstResponse || c.answered) return;
        c.answered = true;
        // net of the suspensions so far (L. 241/1990 art. 2 c.7: the term does not run while suspended)
        const hours = hoursBetween(c.openedAt, d.answeredAt, c.suspendedDays);
        p.observe(`fr|${romeMonth(d.answeredAt)}|${dim(d.officeId ?? c.officeId)}`, hours);
        p.inc(`frn|${romeMonth(d.answeredAt)}|${dim(d.officeId ?? c.officeId)}`);
      }),
      on(CaseClosedV1, (d) => {
        const month = romeMonth(d.closedAt);
        const key = `cl|${month}|${dim(d.officeId)}|${dim(d.contactType)}`;
        p.inc(`${key}|n`);
        if (d.withinTerm) p.inc(`${key}|within`);
        p.observe(key, hoursBetween(d.openedAt, d.closedAt, d.suspendedDays));
        p.inc(`clo|${month}|${dim(d.outcome)}`);
        p.openCases.delete(d.caseId);
      }),
      on(CaseReopenedV1, (d) => {
        p.openCases.set(d.caseId, {
          openedAt: d.reopenedAt,
          officeId: dim(d.officeId),
          referentId: '-',
          contactType: '-',
          suspended: false,
          suspendedDays: 0,
          answered: true,
        });
        p.inc(`reo|${romeMonth(d.reopenedAt)}`);
      }),
      on(ReminderDueV1, (d) => {
        p.inc(`rem|${romeMonth(d.firedAt)}|${dim(d.officeId)}|${dim(d.kind)}`);
      }),
      on(ProcedureSubmittedV1, (d) => {
        p.inc(`ps|${romeMonth(d.submittedAt)}|${dim(d.kind)}`);
      }),
      on(ProcedureDecidedV1, (d) => {
        const month = romeMonth(d.decidedAt);
        const key = `pd|${month}|${dim(d.kind)}|${dim(d.procedureTypeCode)}|${dim(d.officeId)}`;
        p.inc(`${key}|n`);
        if (d.withinTerm) p.inc(`${key}|within`);
        p.observe(key, hoursBetween(d.submittedAt, d.decidedAt, d.suspendedDays));
        p.inc(`pdo|${month}|${dim(d.kind)}|${dim(d.outcome)}`);
      }),
      on(ReviewRequestedV1, (d) => {
        p.inc(`pr|${romeMonth(d.requestedAt)}|${dim(d.kind)}`);
      }),
      on(DeadlineMissedV1, (d) => {
        p.inc(`pm|${romeMonth(d.missedAt)}|${dim(d.kind)}`);
      }),
      on(SheetPublishedV1, (d) => setSheet(p, d)),
      on(SheetUpdatedV1, (d) => setSheet(p, d)),
      on(SheetExpiredV1, (d) => deactivateSheet(p, d.sheetId)),
      on(SheetArchivedV1, (d) => deactivateSheet(p, d.sheetId)),
      on(ClarityFeedbackReceivedV1, (d) => {
        p.inc(`sf|${dim(d.sheetId)}|${d.clear ? 'clear' : 'unclear'}`);
        if (d.reason) p.inc(`sfr|${dim(d.sheetId)}|${dim(d.reason)}`);
      }),
      on(SurveyInvitationIssuedV1, (d) => {
        p.satisfactionVector(d, d.issuedAt)[SV.issued]++;
      }),
      on(SurveyExpiredV1, (d) => {
        // counted in the month the invitation was issued: the response rate compares like with like
        p.satisfactionVector(d, d.issuedAt)[SV.expired]++;
      }),
      // v1 (old topics, replayed) and v2 (anonymous: the month of issue, no invitation) count the same
      on(SurveyAnsweredV1, (d) => surveyAnswered(p, d, romeMonth(d.issuedAt))),
      on(SurveyAnsweredV2, (d) => surveyAnswered(p, d, d.issuedMonth)),
    ].map((h) => [h.def.type, h]),
  );
}

/** What both versions of SurveyAnswered say: the dimensions, the time of the answer and the judgement. */
type Answer = Omit<EventPayload<typeof SurveyAnsweredV2>, 'answerId' | 'issuedMonth'>;

function surveyAnswered(p: IndicatorProjection, d: Answer, issuedMonth: string): void {
  p.satisfactionVectorIn(d, issuedMonth)[SV.answered]++;
  // the judgement belongs to the month it was given
  const v = p.satisfactionVector(d, d.answeredAt);
  v[SV.judged]++;
  if (d.emoticon) v[SV[`e_${d.emoticon}`]]++;
  for (const r of d.reasons ?? []) v[SV[`r_${r}`]]++;
  if (d.stars !== undefined) {
    v[SV.stars_n]++;
    v[SV.stars_sum] += d.stars;
    const bucket = STAR_BUCKETS[d.stars];
    if (bucket !== undefined) v[SV[bucket]]++;
  }
  if (d.csat !== undefined) {
    v[SV.csat_n]++;
    v[SV.csat_sum] += d.csat;
  }
  if (d.nps !== undefined) {
    v[SV.nps_n]++;
    if (d.nps >= 9) v[SV.nps_prom]++;
    else if (d.nps <= 6) v[SV.nps_det]++;
  }
  // daily figures per scope, for the alert windows
  const day = romeDay(d.answeredAt);
  for (const [scope, id] of [
    ['service', d.serviceCode],
    ['office', d.officeId],
    ['channel', d.channel],
  ] as const) {
    if (!id) continue;
    const k = `sd|${day}|${scope}|${dim(id)}`;
    if (d.emoticon) {
      p.inc(`${k}|e_n`);
      p.inc(`${k}|e_${d.emoticon}`);
    }
    if (d.stars !== undefined) {
      p.inc(`${k}|stars_n`);
      p.inc(`${k}|stars_sum`, d.stars);
    }
    p.touchScope(`${scope}|${dim(id)}`, day);
  }
}

function setSheet(p: IndicatorProjection, d: EventPayload<typeof SheetPublishedV1>): void {
  p.sheets.set(d.sheetId, {
    slug: d.slug,
    title: d.title,
    officeIds: d.officeIds,
    reviewDueAt: d.reviewDueAt,
    active: true,
  });
}

function deactivateSheet(p: IndicatorProjection, sheetId: string): void {
  const s = p.sheets.get(sheetId);
  if (s) s.active = false;
}
