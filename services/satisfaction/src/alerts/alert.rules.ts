/** When satisfaction is bad enough to tell the back office (pure). Improvement actions: action.rules.ts. */
import { createHash } from 'node:crypto';
import type { AlertScope } from '@urp/contracts';
import { DomainError, type Aggregate, type Decide } from '@urp/kernel';
import type { IndicatorProjection } from '../indicators/projection';
import { alertRaised } from './alert.events';

const DAY = 86_400_000;

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

/** The `windowDays` calendar days ending with `day` (YYYY-MM-DD), newest first. */
export function windowDays(day: string, n: number): string[] {
  const end = Date.parse(`${day}T00:00:00Z`);
  return Array.from({ length: n }, (_, i) => new Date(end - i * DAY).toISOString().slice(0, 10));
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
  const period = Math.floor(Date.parse(`${day}T00:00:00Z`) / DAY / windowDaysN);
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
    windowStart: `${days[days.length - 1]}T00:00:00Z`,
    windowEnd: `${day}T23:59:59Z`,
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
