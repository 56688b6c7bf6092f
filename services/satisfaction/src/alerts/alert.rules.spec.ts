import { IndicatorProjection } from '../indicators/projection';
import { createHash } from 'node:crypto';
import { addDays } from '@urp/legal-clock';
import { alertIdFor, evaluateScope, raiseAlert, windowDays } from './alert.rules';

const policy = { windowDays: 30, maxDissatisfiedShare: 0.3, minMeanStars: 3, minSample: 5 };

function withAnswers(day: string, scopeId: string, answers: { emoticon?: string; stars?: number }[]) {
  const p = new IndicatorProjection();
  for (const a of answers) {
    const k = `sd|${day}|office|${scopeId}`;
    if (a.emoticon) {
      p.inc(`${k}|e_n`);
      p.inc(`${k}|e_${a.emoticon}`);
    }
    if (a.stars) {
      p.inc(`${k}|stars_n`);
      p.inc(`${k}|stars_sum`, a.stars);
    }
  }
  return p;
}

describe('satisfaction alerts', () => {
  it('lists the calendar days of the window', () => {
    expect(windowDays('2026-03-01', 3)).toEqual(['2026-03-01', '2026-02-28', '2026-02-27']);
    // across the DST change and a leap day, by the legal clock's civil dates
    expect(windowDays('2028-03-27', 29)).toHaveLength(29);
    expect(windowDays('2028-03-27', 29).at(-1)).toBe(addDays('2028-03-27', -28));
    expect(windowDays('2028-03-01', 2)).toEqual(['2028-03-01', '2028-02-29']);
  });

  it('keeps the ids it gave with instants (a replay after the change raises nothing new)', () => {
    // the former period: whole UTC days since 1970 of `${day}T00:00:00Z`, in blocks of the window
    const formerId = (day: string) => {
      const period = Math.floor(Date.parse(`${day}T00:00:00Z`) / 86_400_000 / 30);
      return `al_${createHash('sha256').update(`office|x|mean_stars|30|${period}`).digest('hex').slice(0, 24)}`;
    };
    for (const day of ['2026-01-01', '2026-03-29', '2026-10-25', '2027-12-31', addDays('2028-02-28', 1)])
      expect(alertIdFor('office', 'x', 'mean_stars', day, 30)).toBe(formerId(day));
  });

  it('raises when the dissatisfied share exceeds the threshold over the window', () => {
    const p = withAnswers('2026-11-10', 'anagrafe', [
      { emoticon: 'dissatisfied' },
      { emoticon: 'dissatisfied' },
      { emoticon: 'satisfied' },
      { emoticon: 'neutral' },
      { emoticon: 'satisfied' },
    ]);
    const [a] = evaluateScope(p, 'office', 'anagrafe', '2026-11-20', policy);
    expect(a).toMatchObject({
      scope: 'office',
      scopeId: 'anagrafe',
      measure: 'dissatisfied_share',
      value: 0.4,
      threshold: 0.3,
      sampleSize: 5,
      // Italian civil days: 22 October is still summer time, 20 November is not
      windowStart: '2026-10-22T00:00:00.000+02:00',
      windowEnd: '2026-11-20T23:59:59.999+01:00',
    });
    // outside the window it no longer counts
    expect(evaluateScope(p, 'office', 'anagrafe', '2026-12-15', policy)).toEqual([]);
  });

  it('does not raise below the minimum sample or at the threshold', () => {
    const few = withAnswers('2026-11-10', 'x', [{ emoticon: 'dissatisfied' }, { emoticon: 'dissatisfied' }]);
    expect(evaluateScope(few, 'office', 'x', '2026-11-10', policy)).toEqual([]);
    const atThreshold = withAnswers('2026-11-10', 'x', [
      ...Array.from({ length: 3 }, () => ({ emoticon: 'dissatisfied' })),
      ...Array.from({ length: 7 }, () => ({ emoticon: 'satisfied' })),
    ]);
    expect(evaluateScope(atThreshold, 'office', 'x', '2026-11-10', policy)).toEqual([]);
  });

  it('raises on a low mean of stars', () => {
    const p = withAnswers(
      '2026-11-10',
      'x',
      [1, 2, 3, 4, 2].map((stars) => ({ stars })),
    );
    expect(evaluateScope(p, 'office', 'x', '2026-11-10', policy)).toMatchObject([
      { measure: 'mean_stars', value: 2.4, threshold: 3 },
    ]);
  });

  it('gives one alert id per scope, measure and window period', () => {
    const a = alertIdFor('office', 'x', 'mean_stars', '2026-11-10', 30);
    expect(alertIdFor('office', 'x', 'mean_stars', '2026-11-10', 30)).toBe(a);
    expect(alertIdFor('office', 'y', 'mean_stars', '2026-11-10', 30)).not.toBe(a);
    expect(alertIdFor('office', 'x', 'mean_stars', '2027-02-10', 30)).not.toBe(a);
  });
});

describe('raising an alert', () => {
  const ctx = {
    actor: { sub: 'satisfaction', roles: ['service' as const] },
    now: new Date('2026-11-30T10:00:00Z'),
    source: '/urp/satisfaction',
  };
  const candidate = {
    alertId: alertIdFor('office', 'anagrafe', 'mean_stars', '2026-11-30', 30),
    scope: 'office' as const,
    scopeId: 'anagrafe',
    measure: 'mean_stars' as const,
    value: 2.4,
    threshold: 3,
    sampleSize: 12,
    windowStart: '2026-11-01T00:00:00Z',
    windowEnd: '2026-11-30T23:59:59Z',
  };

  it('announces the alert with its figures and the time it was raised', () => {
    const { state, events } = raiseAlert(null, candidate, ctx);
    expect(state).toMatchObject({ id: candidate.alertId, scopeId: 'anagrafe', raisedAt: ctx.now });
    expect(events.map((e) => e.data)).toEqual([{ ...candidate, raisedAt: '2026-11-30T10:00:00.000Z' }]);
  });

  it('refuses to raise the same alert twice', () => {
    const { state } = raiseAlert(null, candidate, ctx);
    expect(() => raiseAlert(state, candidate, ctx)).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
  });
});
