/** When satisfaction is bad enough to tell the back office (pure). Improvement actions: action.rules.ts. */
import { createHash } from 'node:crypto';
import type { AlertScope } from '@urp/contracts';
import { DomainError, type Aggregate, type Decide } from '@urp/kernel';
import { addDays, endOfRomeDay, startOfRomeDay, toDayNumber } from '@urp/legal-clock';
import type { IndicatorProjection } from '../indicators/projection';
import { alertRaised } from './alert.events';

export interface AlertPolicy {
  windowDays: number;
  /** Raise when the share of "dissatisfied" emoticons exceeds this. */
  maxDissatisfiedShare: number;
  /** Raise when the mean of the stars falls below this. */
  minMeanStars: number;
  /** No alert on fewer judgements than this (an alert is a comparison with a standard). */
  minSample: number;
}

/** What an alert measures (the contract's AlertMeasure has room for more). */
export type AlertMeasureName = 'dissatisfied_share' | 'mean_stars';

export interface AlertCandidate {
  alertId: string;
  scope: AlertScope;
  scopeId: string;
  measure: AlertMeasureName;
  value: number;
  threshold: number;
  sampleSize: number;
  windowStart: string;
  windowEnd: string;
}

/** The `windowDays` civil days (Europe/Rome, @urp/legal-clock) ending with `day` (YYYY-MM-DD), newest first. */
export function windowDays(day: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => addDays(day, -i));
}

/**
 * One alert per scope, measure and window period at most: the id derives from them, so a replay of the
 * same answers raises nothing new, and a persistent problem is raised again once per window.
 */
export function alertIdFor(
  scope: string,
  scopeId: string,
  measure: string,
  day: string,
  windowDaysN: number,
) {
  // the window period of the day: day numbers (days since 1970-01-01) in blocks of the window's length
  const period = Math.floor(toDayNumber(day) / windowDaysN);
  return `al_${createHash('sha256').update(`${scope}|${scopeId}|${measure}|${windowDaysN}|${period}`).digest('hex').slice(0, 24)}`;
}

/** Evaluates a scope over the window ending on `day` (the day of the latest answer: replay-stable). */
export function evaluateScope(
  p: IndicatorProjection,
  scope: AlertScope,
  scopeId: string,
  day: string,
  policy: AlertPolicy,
): AlertCandidate[] {
  const days = windowDays(day, policy.windowDays);
  let eN = 0;
  let eBad = 0;
  let sN = 0;
  let sSum = 0;
  for (const d of days) {
    const k = `sd|${d}|${scope}|${scopeId}`;
    eN += p.count(`${k}|e_n`);
    eBad += p.count(`${k}|e_dissatisfied`);
    sN += p.count(`${k}|stars_n`);
    sSum += p.count(`${k}|stars_sum`);
  }
  const window = {
    // the window's days in Italian civil time: from the first instant of its first day to the last of its last
    windowStart: startOfRomeDay(days[days.length - 1]),
    windowEnd: endOfRomeDay(day),
  };
  const out: AlertCandidate[] = [];
  if (eN >= policy.minSample && eBad / eN > policy.maxDissatisfiedShare)
    out.push({
      alertId: alertIdFor(scope, scopeId, 'dissatisfied_share', day, policy.windowDays),
      scope,
      scopeId,
      measure: 'dissatisfied_share',
      value: Math.round((eBad / eN) * 10_000) / 10_000,
      threshold: policy.maxDissatisfiedShare,
      sampleSize: eN,
      ...window,
    });
  if (sN >= policy.minSample && sSum / sN < policy.minMeanStars)
    out.push({
      alertId: alertIdFor(scope, scopeId, 'mean_stars', day, policy.windowDays),
      scope,
      scopeId,
      measure: 'mean_stars',
      value: Math.round((sSum / sN) * 100) / 100,
      threshold: policy.minMeanStars,
      sampleSize: sN,
      ...window,
    });
  return out;
}

/** A raised alert (`satisfaction_alerts`): written once, never changed. */
export interface SatisfactionAlert extends Aggregate, Omit<AlertCandidate, 'alertId'> {
  raisedAt: Date;
}

/**
 * Raises an alert once: the id derives from scope, measure and window period, so an alert that exists
 * already is refused (the store's `ifAbsent` turns the race of two replicas into "already raised" too).
 */
export const raiseAlert: Decide<SatisfactionAlert, AlertCandidate> = (existing, c, ctx) => {
  if (existing) throw DomainError.conflict(`La segnalazione ${c.alertId} è già stata emessa`);
  const { alertId, ...rest } = c;
  const state: SatisfactionAlert = { id: alertId, revision: 0, ...rest, raisedAt: ctx.now };
  return { state, events: [alertRaised(ctx, state)] };
};
