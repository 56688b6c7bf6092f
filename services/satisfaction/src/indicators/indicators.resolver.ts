import { Args, Mutation, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Roles } from '@urp/auth';
import { invalidInput } from '@urp/platform';
import { z } from 'zod';
import type { IndicatorFilter } from './indicator.queries';
import { IndicatorsRuntime } from './indicators.runtime';
import { IndicatorsService, type IndicatorName } from './indicators.service';

const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM');
const Code = z.string().min(1).max(64);
const Filter = z
  .object({
    from: Month.optional(),
    to: Month.optional(),
    officeId: Code.optional(),
    serviceCode: Code.optional(),
    channel: Code.optional(),
    trigger: Code.optional(),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: 'must not be after `to`', path: ['from'] });

const SATISFACTION_GROUPS = ['none', 'month', 'service', 'office', 'channel', 'trigger'];
const TIMES_GROUPS = ['none', 'month', 'office'];

function filterOf(raw: Record<string, unknown> | null | undefined): IndicatorFilter {
  const input = Object.fromEntries(
    Object.entries(raw ?? {}).filter(([, v]) => v !== null && v !== undefined),
  );
  const parsed = Filter.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error, 'invalid filter');
  return parsed.data;
}

const ANALYSTS = ['manager', 'analyst', 'backoffice'] as const;

@Resolver()
export class IndicatorsResolver {
  constructor(
    private readonly indicators: IndicatorsService,
    private readonly runtime: IndicatorsRuntime,
  ) {}

  @Query('contactVolumes')
  @Roles(...ANALYSTS)
  contactVolumes(@Args('filter') f?: Record<string, unknown>) {
    return this.indicators.rows('contacts', filterOf(f));
  }

  @Query('firstContactResolution')
  @Roles(...ANALYSTS)
  firstContactResolution(@Args('filter') f?: Record<string, unknown>) {
    return this.indicators.rows('first_contact_resolution', filterOf(f));
  }

  @Query('caseTimes')
  @Roles(...ANALYSTS)
  caseTimes(@Args('filter') f?: Record<string, unknown>, @Args('groupBy') groupBy?: string) {
    return this.indicators.rows('case_times', filterOf(f), groupBy ?? 'none');
  }

  @Query('backlog')
  @Roles(...ANALYSTS, 'referent')
  backlog(@Args('filter') f?: Record<string, unknown>) {
    return this.indicators.rows('backlog', filterOf(f));
  }

  @Query('reminderIndicators')
  @Roles(...ANALYSTS)
  reminders(@Args('filter') f?: Record<string, unknown>) {
    return this.indicators.rows('reminders', filterOf(f));
  }

  @Query('procedureTimes')
  @Roles(...ANALYSTS)
  procedureTimes(@Args('filter') f?: Record<string, unknown>) {
    return this.indicators.rows('procedures', filterOf(f)).map(withCounts);
  }

  @Query('accessRegisterIndicators')
  @Roles(...ANALYSTS)
  accessRegister(@Args('filter') f?: Record<string, unknown>) {
    return this.indicators.rows('access_register', filterOf(f)).map(withCounts);
  }

  @Query('complaintIndicators')
  @Roles(...ANALYSTS)
  complaints(@Args('filter') f?: Record<string, unknown>) {
    return this.indicators.rows('complaints', filterOf(f)).map(withCounts);
  }

  @Query('knowledgeBaseEffectiveness')
  @Roles(...ANALYSTS)
  knowledgeBase() {
    return this.indicators.rows('knowledge_base', {}).map(withCounts);
  }

  @Query('satisfactionIndicators')
  @Roles(...ANALYSTS)
  satisfaction(@Args('filter') f?: Record<string, unknown>, @Args('groupBy') groupBy?: string) {
    return this.indicators.rows('satisfaction', filterOf(f), groupBy ?? 'none').map(withCounts);
  }

  @Query('performanceEvaluation')
  @Roles(...ANALYSTS)
  performance(@Args('filter') f?: Record<string, unknown>) {
    return this.indicators.rows('performance', filterOf(f));
  }

  @Query('indicatorCsv')
  @Roles(...ANALYSTS)
  csv(
    @Args('name') name: IndicatorName,
    @Args('filter') f?: Record<string, unknown>,
    @Args('groupBy') groupBy?: string | null,
  ) {
    const filter = filterOf(f);
    let group: string | undefined;
    if (groupBy) {
      group = groupBy.toLowerCase();
      const allowed =
        name === 'satisfaction' ? SATISFACTION_GROUPS : name === 'case_times' ? TIMES_GROUPS : [];
      if (!allowed.includes(group))
        throw invalidInput(
          new z.ZodError([
            {
              code: 'custom',
              path: ['groupBy'],
              message: allowed.length ? `one of ${allowed.join(', ')}` : `not used by ${name}`,
              input: groupBy,
            },
          ]),
        );
    }
    return this.indicators.csv(name, filter, group);
  }

  @Query('indicatorsStatus')
  @Roles(...ANALYSTS, 'admin')
  status() {
    return this.view();
  }

  @Mutation('rebuildIndicators')
  @Roles('admin')
  async rebuild() {
    await this.runtime.rebuild();
    return this.view();
  }

  private view() {
    const s = this.runtime.current();
    return {
      ...s,
      lagMs: s.lagMs === null ? null : Math.round(s.lagMs),
      minimumSample: this.indicators.minSample,
    };
  }
}

/** `{reason|category|outcome, count}` lists become the schema's `{key, count}`. */
function withCounts(row: object): object {
  const out: Record<string, unknown> = { ...row };
  for (const [k, v] of Object.entries(out))
    if (Array.isArray(v) && v.length && typeof v[0] === 'object')
      out[k] = v.map((x: Record<string, unknown>) => ({ key: Object.values(x)[0], count: x.count }));
  return out;
}

/** The checksum sorts and hashes the whole state: computed only when asked for (and cached per version). */
@Resolver('IndicatorsStatus')
export class IndicatorsStatusResolver {
  constructor(private readonly runtime: IndicatorsRuntime) {}

  @ResolveField('checksum')
  @Roles(...ANALYSTS, 'admin')
  checksum() {
    return this.runtime.projection.checksum();
  }
}
