import { Args, Mutation, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentIdentity, type Identity } from '@urp/auth';
import type {
  BacklogIndicator,
  CaseTimesIndicator,
  ComplaintIndicator,
  ContactVolumeIndicator,
  FirstContactResolutionIndicator,
  IndicatorCount,
  KnowledgeBaseIndicator,
  PerformanceIndicator,
  ProcedureIndicator,
  QueryAccessRegisterIndicatorsArgs,
  QueryBacklogArgs,
  QueryCaseTimesArgs,
  QueryComplaintIndicatorsArgs,
  QueryContactVolumesArgs,
  QueryFirstContactResolutionArgs,
  QueryIndicatorCsvArgs,
  QueryPerformanceEvaluationArgs,
  QueryProcedureTimesArgs,
  QueryReminderIndicatorsArgs,
  QuerySatisfactionIndicatorsArgs,
  ReminderIndicator,
  SatisfactionIndicator,
} from '../__generated__/graphql';
import type { ProcedureRow } from './indicator.queries';
import type { IndicatorsStatus } from './indicators.runtime';
import { IndicatorsUseCases } from './indicators.use-cases';

/** `[{ outcome: 'accepted', count: 3 }]` becomes the schema's `[{ key: 'accepted', count: 3 }]`. */
function counts<K extends string>(
  list: readonly ({ [P in K]: string } & { count: number })[],
  key: K,
): IndicatorCount[] {
  return list.map((x) => ({ key: x[key], count: x.count }));
}

const procedureView = (r: ProcedureRow): ProcedureIndicator => ({
  ...r,
  outcomes: counts(r.outcomes, 'outcome'),
});

@Resolver()
export class IndicatorsResolver {
  constructor(private readonly indicators: IndicatorsUseCases) {}

  @Query('contactVolumes')
  contactVolumes(
    @CurrentIdentity() who: Identity,
    @Args() a: QueryContactVolumesArgs,
  ): ContactVolumeIndicator[] {
    return this.indicators.rows(who, 'contacts', a.filter);
  }

  @Query('firstContactResolution')
  firstContactResolution(
    @CurrentIdentity() who: Identity,
    @Args() a: QueryFirstContactResolutionArgs,
  ): FirstContactResolutionIndicator[] {
    return this.indicators.rows(who, 'first_contact_resolution', a.filter);
  }

  @Query('caseTimes')
  caseTimes(@CurrentIdentity() who: Identity, @Args() a: QueryCaseTimesArgs): CaseTimesIndicator[] {
    return this.indicators.rows(who, 'case_times', a.filter, a.groupBy ?? 'none');
  }

  @Query('backlog')
  backlog(@CurrentIdentity() who: Identity, @Args() a: QueryBacklogArgs): BacklogIndicator[] {
    return this.indicators.rows(who, 'backlog', a.filter);
  }

  @Query('reminderIndicators')
  reminders(@CurrentIdentity() who: Identity, @Args() a: QueryReminderIndicatorsArgs): ReminderIndicator[] {
    return this.indicators.rows(who, 'reminders', a.filter);
  }

  @Query('procedureTimes')
  procedureTimes(@CurrentIdentity() who: Identity, @Args() a: QueryProcedureTimesArgs): ProcedureIndicator[] {
    return this.indicators.rows(who, 'procedures', a.filter).map(procedureView);
  }

  @Query('accessRegisterIndicators')
  accessRegister(
    @CurrentIdentity() who: Identity,
    @Args() a: QueryAccessRegisterIndicatorsArgs,
  ): ProcedureIndicator[] {
    return this.indicators.rows(who, 'access_register', a.filter).map(procedureView);
  }

  @Query('complaintIndicators')
  complaints(
    @CurrentIdentity() who: Identity,
    @Args() a: QueryComplaintIndicatorsArgs,
  ): ComplaintIndicator[] {
    return this.indicators
      .rows(who, 'complaints', a.filter)
      .map((r) => ({ ...r, categories: counts(r.categories, 'category') }));
  }

  @Query('knowledgeBaseEffectiveness')
  knowledgeBase(@CurrentIdentity() who: Identity): KnowledgeBaseIndicator[] {
    return this.indicators.rows(who, 'knowledge_base', {}).map((r) => ({
      ...r,
      slug: r.slug ?? null,
      title: r.title ?? null,
      reasons: counts(r.reasons, 'reason'),
    }));
  }

  @Query('satisfactionIndicators')
  satisfaction(
    @CurrentIdentity() who: Identity,
    @Args() a: QuerySatisfactionIndicatorsArgs,
  ): SatisfactionIndicator[] {
    return this.indicators
      .rows(who, 'satisfaction', a.filter, a.groupBy ?? 'none')
      .map((r) => ({ ...r, reasons: r.reasons && counts(r.reasons, 'reason') }));
  }

  @Query('performanceEvaluation')
  performance(
    @CurrentIdentity() who: Identity,
    @Args() a: QueryPerformanceEvaluationArgs,
  ): PerformanceIndicator[] {
    return this.indicators.rows(who, 'performance', a.filter);
  }

  @Query('indicatorCsv')
  csv(@CurrentIdentity() who: Identity, @Args() a: QueryIndicatorCsvArgs): string {
    return this.indicators.csv(who, a.name, a.filter, a.groupBy ?? undefined);
  }

  @Query('indicatorsStatus')
  status(@CurrentIdentity() who: Identity): IndicatorsStatus & { minimumSample: number } {
    return this.indicators.status(who);
  }

  @Mutation('rebuildIndicators')
  rebuild(@CurrentIdentity() who: Identity): Promise<IndicatorsStatus & { minimumSample: number }> {
    return this.indicators.rebuild(who);
  }
}

/** The checksum sorts and hashes the whole state: computed only when asked for (and cached per version). */
@Resolver('IndicatorsStatus')
export class IndicatorsStatusResolver {
  constructor(private readonly indicators: IndicatorsUseCases) {}

  @ResolveField('checksum')
  checksum(@CurrentIdentity() who: Identity): string {
    return this.indicators.checksum(who);
  }
}
