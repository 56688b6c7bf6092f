import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentIdentity, Roles, type Identity } from '@urp/auth';
import { conflict, notFound } from '@urp/platform';
import { GraphQLError } from 'graphql';
import type { ActionStatus } from './alert.rules';
import type { ImprovementActionDocument, SatisfactionAlertDocument } from './alert.schema';
import { ActionError, AlertService } from './alert.service';

const alertView = (a: SatisfactionAlertDocument) => ({ ...a, id: a._id, raisedAt: a.raisedAt.toISOString() });
const actionView = (a: ImprovementActionDocument) => ({
  id: a._id,
  alertId: a.alertId ?? null,
  scope: a.scope,
  scopeId: a.scopeId,
  title: a.title,
  description: a.description ?? null,
  status: a.status,
  dueAt: a.dueAt?.toISOString() ?? null,
  history: a.history.map((h) => ({ ...h, at: h.at.toISOString(), note: h.note ?? null })),
  createdAt: a.createdAt.toISOString(),
  updatedAt: a.updatedAt.toISOString(),
});

function toGraphQL(e: unknown): never {
  if (!(e instanceof ActionError)) throw e;
  if (e.code === 'NOT_FOUND') throw notFound(e.message.replace(/ does not exist$/, ''));
  if (e.code === 'CONFLICT') throw conflict(e.message);
  throw new GraphQLError(e.message, {
    extensions: { code: e.code, ...(e.field ? { fields: { [e.field]: e.message } } : {}) },
  });
}

const limit = (n?: number) => Math.min(Math.max(n ?? 50, 1), 500);

@Resolver('SatisfactionAlert')
export class AlertsResolver {
  constructor(private readonly alerts: AlertService) {}

  @Query('satisfactionAlerts')
  @Roles('backoffice', 'manager', 'analyst')
  async list(
    @Args('scope') scope?: string,
    @Args('scopeId') scopeId?: string,
    @Args('first') first?: number,
  ) {
    return (
      await this.alerts.listAlerts({ scope: scope ?? undefined, scopeId: scopeId ?? undefined }, limit(first))
    ).map(alertView);
  }

  @ResolveField('actions')
  @Roles('backoffice', 'manager', 'analyst')
  async actions(@Parent() a: { id: string }) {
    return (await this.alerts.listActions({ alertId: a.id }, 100)).map(actionView);
  }

  @Query('improvementActions')
  @Roles('backoffice', 'manager', 'analyst')
  async listActions(
    @Args('status') status?: string,
    @Args('alertId') alertId?: string,
    @Args('first') first?: number,
  ) {
    return (
      await this.alerts.listActions(
        { status: status ?? undefined, alertId: alertId ?? undefined },
        limit(first),
      )
    ).map(actionView);
  }

  @Mutation('proposeImprovementAction')
  @Roles('backoffice', 'manager')
  async propose(@Args('input') input: Record<string, string | undefined>, @CurrentIdentity() who: Identity) {
    try {
      const clean = Object.fromEntries(
        Object.entries(input).filter(([, v]) => v !== null && v !== undefined),
      );
      if (clean.dueAt && Number.isNaN(Date.parse(clean.dueAt)))
        throw new ActionError('BAD_USER_INPUT', 'an ISO-8601 date', 'dueAt');
      return actionView(await this.alerts.propose(clean as never, who.sub));
    } catch (e) {
      toGraphQL(e);
    }
  }

  @Mutation('changeImprovementAction')
  @Roles('backoffice', 'manager')
  async change(
    @Args('input') input: { id: string; status: ActionStatus; note?: string },
    @CurrentIdentity() who: Identity,
  ) {
    try {
      return actionView(await this.alerts.change(input.id, input.status, who, input.note ?? undefined));
    } catch (e) {
      toGraphQL(e);
    }
  }
}
