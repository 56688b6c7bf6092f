import { Inject, Injectable } from '@nestjs/common';
import { SATISFACTION_CONFIG, type SatisfactionConfig } from '../config';
import { toCsv } from '../exports/csv';
import * as q from './indicator.queries';
import { IndicatorsRuntime } from './indicators.runtime';

export const INDICATOR_NAMES = [
  'contacts',
  'first_contact_resolution',
  'case_times',
  'backlog',
  'reminders',
  'procedures',
  'access_register',
  'complaints',
  'knowledge_base',
  'satisfaction',
  'performance',
] as const;
export type IndicatorName = (typeof INDICATOR_NAMES)[number];

/**
 * Indicator queries over the in-memory projection. Results are cached per projection version (the
 * state changes only when events arrive), so a dashboard asking again costs a map lookup. The figures
 * that depend on "now" (backlog, knowledge base) are cached for a minute at most.
 */
@Injectable()
export class IndicatorsService {
  private cache = new Map<string, { version: number; at: number; value: unknown }>();
  readonly minSample: number;

  constructor(
    private readonly runtime: IndicatorsRuntime,
    @Inject(SATISFACTION_CONFIG) config: SatisfactionConfig,
  ) {
    this.minSample = config.INDICATORS_MIN_SAMPLE;
  }

  private cached<T>(key: string, compute: () => T, maxAgeMs = Infinity): T {
    const p = this.runtime.projection;
    const hit = this.cache.get(key);
    const now = Date.now();
    if (
      hit &&
      hit.version === p.version &&
      now - hit.at < maxAgeMs &&
      this.cache.get('#p') === (p as unknown)
    )
      return hit.value as T;
    if (this.cache.size > 2000) this.cache.clear();
    const value = compute();
    this.cache.set(key, { version: p.version, at: now, value });
    this.cache.set('#p', p as never);
    return value;
  }

  rows(name: IndicatorName, filter: q.IndicatorFilter, groupBy?: string): object[] {
    const p = () => this.runtime.projection;
    const key = `${name}|${JSON.stringify(filter)}|${groupBy ?? ''}`;
    switch (name) {
      case 'contacts':
        return this.cached(key, () => q.contactsByChannelAndType(p(), filter));
      case 'first_contact_resolution':
        return this.cached(key, () => q.firstContactResolution(p(), filter));
      case 'case_times':
        return this.cached(key, () =>
          q.caseTimes(p(), filter, (groupBy ?? 'none') as q.TimesGroupBy, this.minSample),
        );
      case 'backlog':
        return this.cached(key, () => q.backlog(p(), filter, new Date()), 60_000);
      case 'reminders':
        return this.cached(key, () => q.reminders(p(), filter));
      case 'procedures':
        return this.cached(key, () => q.procedureTimes(p(), filter));
      case 'access_register':
        return this.cached(key, () => q.accessRegister(p(), filter));
      case 'complaints':
        return this.cached(key, () => q.complaints(p(), filter));
      case 'knowledge_base':
        return this.cached(key, () => q.knowledgeBase(p(), new Date()), 60_000);
      case 'satisfaction':
        return this.cached(key, () =>
          q.satisfaction(p(), filter, (groupBy ?? 'none') as q.SatisfactionGroupBy, this.minSample),
        );
      case 'performance':
        return this.cached(key, () => q.performanceEvaluation(p(), filter, this.minSample));
    }
  }

  csv(name: IndicatorName, filter: q.IndicatorFilter, groupBy?: string): string {
    return toCsv(this.rows(name, filter, groupBy) as Record<string, unknown>[]);
  }
}
