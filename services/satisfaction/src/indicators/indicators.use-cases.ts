import { Inject, Injectable } from '@nestjs/common';
import { parseInput, ServiceKernel, type Actor } from '@urp/kernel';
import type { IndicatorFilter as IndicatorFilterInput } from '../__generated__/graphql';
import { SATISFACTION_CONFIG, type SatisfactionConfig } from '../config';
import { satisfactionPolicy as policy } from '../satisfaction.policy';
import { indicatorCsv } from './indicator.csv';
import * as q from './indicator.queries';
import { csvGroup, IndicatorFilterSchema } from './indicators.rules';
import { IndicatorsRuntime, type IndicatorsStatus } from './indicators.runtime';

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

/** The rows of each indicator, by name. */
interface IndicatorRows {
  contacts: q.ContactsRow;
  first_contact_resolution: q.FirstContactRow;
  case_times: q.CaseTimesRow;
  backlog: q.BacklogRow;
  reminders: q.ReminderRow;
  procedures: q.ProcedureRow;
  access_register: q.ProcedureRow;
  complaints: q.ComplaintsRow;
  knowledge_base: q.KnowledgeRow;
  satisfaction: q.SatisfactionRow;
  performance: q.PerformanceRow;
}

/**
 * Indicator queries over the in-memory projection. Results are cached per projection version (the
 * state changes only when events arrive), so a dashboard asking again costs a map lookup. The figures
 * that depend on "now" (backlog, knowledge base) are cached for a minute at most.
 */
@Injectable()
export class IndicatorsUseCases {
  private cache = new Map<string, { projection: object; version: number; at: number; value: unknown }>();
  readonly minSample: number;

  constructor(
    private readonly runtime: IndicatorsRuntime,
    private readonly kernel: ServiceKernel,
    @Inject(SATISFACTION_CONFIG) config: SatisfactionConfig,
  ) {
    this.minSample = config.INDICATORS_MIN_SAMPLE;
  }

  private cached<T>(key: string, compute: () => T, maxAgeMs = Infinity): T {
    const p = this.runtime.projection;
    const hit = this.cache.get(key);
    const now = Date.now();
    if (hit && hit.projection === p && hit.version === p.version && now - hit.at < maxAgeMs)
      return hit.value as T;
    if (this.cache.size > 2000) this.cache.clear();
    const value = compute();
    this.cache.set(key, { projection: p, version: p.version, at: now, value });
    return value;
  }

  /** The filter of a query, checked field by field (`filter.from`…). */
  filter(raw: IndicatorFilterInput | null | undefined): q.IndicatorFilter {
    return parseInput(IndicatorFilterSchema, raw ?? {}, 'filter');
  }

  /**
   * The rows of one indicator for `actor`. The role is checked before the filter (a refused caller gets
   * FORBIDDEN, not a validation error). The backlog is open to referents too, for their own offices only.
   */
  rows<N extends IndicatorName>(
    actor: Actor,
    name: N,
    raw: IndicatorFilterInput | null | undefined,
    groupBy?: string,
  ): IndicatorRows[N][] {
    policy.authorize(name === 'backlog' ? 'indicators.backlog' : 'indicators.read', actor);
    const filter = this.filter(raw);
    return this.scoped(actor, name, this.compute(name, filter, groupBy)) as IndicatorRows[N][];
  }

  /** Office-scoped callers (referents) see only their offices' backlog rows, whatever `officeId` they ask. */
  private scoped(actor: Actor, name: IndicatorName, rows: object[]): object[] {
    return name === 'backlog' ? policy.visible('indicators.backlog', actor, rows as q.BacklogRow[]) : rows;
  }

  private compute(name: IndicatorName, filter: q.IndicatorFilter, groupBy?: string): object[] {
    const p = () => this.runtime.projection;
    const now = () => this.kernel.clock.now();
    const key = `${name}|${JSON.stringify(filter)}|${groupBy ?? ''}`;
    switch (name) {
      case 'contacts':
        return this.cached(key, () => q.contactsByChannelAndType(p(), filter));
      case 'first_contact_resolution':
        return this.cached(key, () => q.firstContactResolution(p(), filter, this.minSample));
      case 'case_times':
        return this.cached(key, () => q.caseTimes(p(), filter, timesGroup(groupBy), this.minSample));
      case 'backlog':
        return this.cached(key, () => q.backlog(p(), filter, now()), 60_000);
      case 'reminders':
        return this.cached(key, () => q.reminders(p(), filter));
      case 'procedures':
        return this.cached(key, () => q.procedureTimes(p(), filter, this.minSample));
      case 'access_register':
        return this.cached(key, () => q.accessRegister(p(), filter, this.minSample));
      case 'complaints':
        return this.cached(key, () => q.complaints(p(), filter));
      case 'knowledge_base':
        return this.cached(key, () => q.knowledgeBase(p(), now()), 60_000);
      case 'satisfaction':
        return this.cached(key, () =>
          q.satisfaction(p(), filter, satisfactionGroup(groupBy), this.minSample),
        );
      case 'performance':
        return this.cached(key, () => q.performanceEvaluation(p(), filter, this.minSample));
    }
  }

  /** Any indicator as RFC 4180 CSV (the same columns as its rows). */
  csv(
    actor: Actor,
    name: IndicatorName,
    raw: IndicatorFilterInput | null | undefined,
    groupBy?: string,
  ): string {
    policy.authorize(name === 'backlog' ? 'indicators.backlog' : 'indicators.read', actor);
    const filter = this.filter(raw);
    return indicatorCsv(this.scoped(actor, name, this.compute(name, filter, csvGroup(name, groupBy))));
  }

  status(actor: Actor): IndicatorsStatus & { minimumSample: number } {
    policy.authorize('indicators.status', actor);
    return this.view();
  }

  checksum(actor: Actor): string {
    policy.authorize('indicators.status', actor);
    return this.runtime.projection.checksum();
  }

  async rebuild(actor: Actor): Promise<IndicatorsStatus & { minimumSample: number }> {
    policy.authorize('indicators.rebuild', actor);
    await this.runtime.rebuild();
    return this.view();
  }

  private view(): IndicatorsStatus & { minimumSample: number } {
    const s = this.runtime.current();
    return { ...s, lagMs: s.lagMs === null ? null : Math.round(s.lagMs), minimumSample: this.minSample };
  }
}

const TIMES: readonly q.TimesGroupBy[] = ['none', 'month', 'office'];
const SATISFACTION: readonly q.SatisfactionGroupBy[] = [
  'none',
  'month',
  'service',
  'office',
  'channel',
  'trigger',
];
const timesGroup = (g: string | undefined): q.TimesGroupBy => TIMES.find((x) => x === g) ?? 'none';
const satisfactionGroup = (g: string | undefined): q.SatisfactionGroupBy =>
  SATISFACTION.find((x) => x === g) ?? 'none';
