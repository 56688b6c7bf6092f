import { Inject, Injectable, Logger } from '@nestjs/common';
import { AlertScope } from '@urp/contracts';
import { DomainError, execute, parseInput, ServiceKernel, type Actor } from '@urp/kernel';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import type { ChangeImprovementActionInput, ProposeImprovementActionInput } from '../__generated__/graphql';
import { satisfactionPolicy as policy } from '../satisfaction.policy';
import { SERVICE_ACTOR } from '../service-actor';
import { changeAction, isDecision, proposeAction, type ImprovementAction } from './action.rules';
import { raiseAlert, type AlertCandidate, type SatisfactionAlert } from './alert.rules';
import {
  AlertStore,
  ImprovementActionStore,
  type AlertRepository,
  type ImprovementActionRepository,
} from './alert.store';

const ProposeInput = z.object({
  alertId: z.string().min(1).optional(),
  scope: AlertScope.optional(),
  scopeId: z.string().min(1).max(64).optional(),
  title: z.string(),
  description: z.string().optional(),
  dueAt: z.iso.datetime({ offset: true, message: 'una data e ora ISO-8601' }).optional(),
});

const ChangeInput = z.object({
  id: z.string().min(1),
  status: z.enum(['proposed', 'accepted', 'done', 'rejected']),
  note: z.string().optional(),
  expectedRevision: z.number().int().nonnegative().optional(),
});

const bounded = (n: number | undefined) => Math.min(Math.max(n ?? 50, 1), 500);

/** Satisfaction alerts (raised by the indicators) and the improvement actions that answer them. */
@Injectable()
export class AlertUseCases {
  private readonly logger = new Logger(AlertUseCases.name);
  /** Alerts known to be raised: the indicators re-evaluate often, the database is asked once. */
  private readonly raised = new Set<string>();

  constructor(
    @Inject(AlertStore) private readonly alerts: AlertRepository,
    @Inject(ImprovementActionStore) private readonly actions: ImprovementActionRepository,
    private readonly kernel: ServiceKernel,
  ) {}

  /** Raises an alert once (its id derives from scope, measure and window period). True when raised now. */
  async raise(c: AlertCandidate): Promise<boolean> {
    if (this.raised.has(c.alertId)) return false;
    const ctx = this.kernel.context(SERVICE_ACTOR);
    const { state, events } = raiseAlert(null, c, ctx);
    const r = await this.alerts.commit({ previous: null, next: state, events, ifAbsent: true });
    this.raised.add(c.alertId);
    if (r.status === 'committed')
      this.logger.warn(
        `satisfaction alert: ${c.scope} ${c.scopeId} ${c.measure} ${c.value} (threshold ${c.threshold})`,
      );
    return r.status === 'committed';
  }

  async listAlerts(
    actor: Actor,
    filter: { scope?: string | null; scopeId?: string | null; first?: number | null },
  ): Promise<SatisfactionAlert[]> {
    policy.authorize('alert.list', actor);
    const list = await this.alerts.list(
      { scope: filter.scope ?? undefined, scopeId: filter.scopeId ?? undefined },
      bounded(filter.first ?? undefined),
    );
    return policy.visible('alert.list', actor, list);
  }

  async listActions(
    actor: Actor,
    filter: { status?: string | null; alertId?: string | null; first?: number | null },
  ): Promise<ImprovementAction[]> {
    policy.authorize('action.list', actor);
    const list = await this.actions.list(
      { status: filter.status ?? undefined, alertId: filter.alertId ?? undefined },
      bounded(filter.first ?? undefined),
    );
    return policy.visible('action.list', actor, list);
  }

  async propose(actor: Actor, input: ProposeImprovementActionInput): Promise<ImprovementAction> {
    policy.authorize('action.propose', actor);
    const cmd = parseInput(ProposeInput, input);
    let scope = cmd.scope;
    let scopeId = cmd.scopeId;
    if (cmd.alertId) {
      const alert = await this.alerts.get(cmd.alertId);
      if (!alert) throw DomainError.notFound(`la segnalazione ${cmd.alertId}`);
      scope = alert.scope;
      scopeId = alert.scopeId;
    }
    const id = uuidv7();
    return execute(
      this.actions,
      id,
      proposeAction,
      {
        id,
        scope,
        scopeId,
        alertId: cmd.alertId,
        title: cmd.title,
        description: cmd.description,
        dueAt: cmd.dueAt ? new Date(cmd.dueAt) : undefined,
      },
      this.kernel.context(actor),
      {
        authorize: () => scope && scopeId && policy.authorize('action.propose', actor, draft(scope, scopeId)),
      },
    );
  }

  async change(actor: Actor, input: ChangeImprovementActionInput): Promise<ImprovementAction> {
    // the role before validation and lookup (FORBIDDEN, never BAD_USER_INPUT or NOT_FOUND, to a refused caller)
    policy.authorize('action.change', actor);
    const cmd = parseInput(ChangeInput, input);
    // the office before the revision check: another office's referent learns nothing from a CONFLICT
    const current = await this.actions.get(cmd.id);
    if (current) this.mayChange(actor, current, cmd.status);
    return execute(
      this.actions,
      cmd.id,
      changeAction,
      { status: cmd.status, note: cmd.note },
      this.kernel.context(actor),
      {
        notFound: `l'azione di miglioramento ${cmd.id}`,
        expectedRevision: cmd.expectedRevision,
        authorize: (action) => action && this.mayChange(actor, action, cmd.status),
      },
    );
  }

  /** Changing an action on its office; accepting or rejecting it is the manager's call. */
  private mayChange(actor: Actor, action: ImprovementAction, status: ImprovementAction['status']): void {
    policy.authorize('action.change', actor, action);
    if (isDecision(status) && !policy.allows('action.decide', actor, action))
      throw DomainError.forbidden(
        "Solo un responsabile dell'URP può accettare o respingere un'azione di miglioramento",
      );
  }
}

/** The scope of an action not written yet, for the office check of the policy. */
const draft = (scope: ImprovementAction['scope'], scopeId: string): ImprovementAction => ({
  id: '',
  revision: 0,
  scope,
  scopeId,
  title: '',
  status: 'proposed',
  history: [],
  createdAt: new Date(0),
  updatedAt: new Date(0),
});
