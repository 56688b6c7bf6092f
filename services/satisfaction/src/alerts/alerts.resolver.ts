import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentIdentity, type Identity } from '@urp/auth';
import type {
  ImprovementAction as ImprovementActionView,
  MutationChangeImprovementActionArgs,
  MutationProposeImprovementActionArgs,
  QueryImprovementActionsArgs,
  QuerySatisfactionAlertsArgs,
  SatisfactionAlert as SatisfactionAlertView,
} from '../__generated__/graphql';
import type { ImprovementAction } from './action.rules';
import type { SatisfactionAlert } from './alert.rules';
import { AlertUseCases } from './alert.use-cases';

type AlertView = Omit<SatisfactionAlertView, 'actions'>;

const alertView = (a: SatisfactionAlert): AlertView => ({
  id: a.id,
  scope: a.scope,
  scopeId: a.scopeId,
  measure: a.measure,
  value: a.value,
  threshold: a.threshold,
  sampleSize: a.sampleSize,
  windowStart: a.windowStart,
  windowEnd: a.windowEnd,
  raisedAt: a.raisedAt.toISOString(),
});

const actionView = (a: ImprovementAction): ImprovementActionView => ({
  id: a.id,
  alertId: a.alertId ?? null,
  scope: a.scope,
  scopeId: a.scopeId,
  title: a.title,
  description: a.description ?? null,
  status: a.status,
  dueAt: a.dueAt?.toISOString() ?? null,
  history: a.history.map((h) => ({
    status: h.status,
    by: h.by,
    at: h.at.toISOString(),
    note: h.note ?? null,
  })),
  createdAt: a.createdAt.toISOString(),
  updatedAt: a.updatedAt.toISOString(),
  revision: a.revision,
});

@Resolver('SatisfactionAlert')
export class AlertsResolver {
  constructor(private readonly alerts: AlertUseCases) {}

  @Query('satisfactionAlerts')
  async list(
    @CurrentIdentity() who: Identity,
    @Args() args: QuerySatisfactionAlertsArgs,
  ): Promise<AlertView[]> {
    return (await this.alerts.listAlerts(who, args)).map(alertView);
  }

  @ResolveField('actions')
  async actions(
    @CurrentIdentity() who: Identity,
    @Parent() alert: AlertView,
  ): Promise<ImprovementActionView[]> {
    return (await this.alerts.listActions(who, { alertId: alert.id, first: 100 })).map(actionView);
  }

  @Query('improvementActions')
  async listActions(
    @CurrentIdentity() who: Identity,
    @Args() args: QueryImprovementActionsArgs,
  ): Promise<ImprovementActionView[]> {
    return (await this.alerts.listActions(who, args)).map(actionView);
  }

  @Mutation('proposeImprovementAction')
  async propose(
    @CurrentIdentity() who: Identity,
    @Args() args: MutationProposeImprovementActionArgs,
  ): Promise<ImprovementActionView> {
    return actionView(await this.alerts.propose(who, args.input));
  }

  @Mutation('changeImprovementAction')
  async change(
    @CurrentIdentity() who: Identity,
    @Args() args: MutationChangeImprovementActionArgs,
  ): Promise<ImprovementActionView> {
    return actionView(await this.alerts.change(who, args.input));
  }
}
