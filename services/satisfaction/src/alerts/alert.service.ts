import { Injectable, Logger } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import {
  createEvent,
  ImprovementActionChangedV1,
  SatisfactionAlertRaisedV1,
  type AlertScope,
} from '@urp/contracts';
import { EventOutbox } from '@urp/messaging';
import { insertOnce, updateWithEvents, withEvents } from '@urp/persistence';
import type { Model } from 'mongoose';
import { v7 as uuidv7 } from 'uuid';
import { cleanComment } from '../survey/scrub';
import type { ActionStatus, AlertCandidate } from './alert.rules';
import { checkTransition } from './alert.rules';
import { ImprovementActionDocument, SatisfactionAlertDocument } from './alert.schema';

const SOURCE = '/urp/satisfaction';

export class ActionError extends Error {
  constructor(
    readonly code: 'NOT_FOUND' | 'CONFLICT' | 'FORBIDDEN' | 'BAD_USER_INPUT',
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** Satisfaction alerts (raised by the indicators) and the improvement actions that answer them. */
@Injectable()
export class AlertService {
  private readonly logger = new Logger(AlertService.name);
  /** Alerts known to be raised: the indicators re-evaluate often, the database is asked once. */
  private readonly raised = new Set<string>();

  constructor(
    @InjectModel(SatisfactionAlertDocument.name) private readonly alerts: Model<SatisfactionAlertDocument>,
    @InjectModel(ImprovementActionDocument.name) private readonly actions: Model<ImprovementActionDocument>,
    private readonly outbox: EventOutbox,
  ) {
    outbox.track(alerts);
    outbox.track(actions);
  }

  /** Raises an alert once (its id derives from scope, measure and window period). */
  async raise(c: AlertCandidate, now = new Date()): Promise<boolean> {
    if (this.raised.has(c.alertId)) return false;
    const event = createEvent(
      SatisfactionAlertRaisedV1,
      c.alertId,
      { ...c, raisedAt: now.toISOString() },
      { source: SOURCE },
    );
    const entries = this.outbox.entries(event);
    const doc: SatisfactionAlertDocument = { _id: c.alertId, ...c, raisedAt: now };
    const r = await insertOnce(this.alerts.collection, withEvents(doc, entries));
    this.raised.add(c.alertId);
    if (r === 'applied') {
      this.outbox.written(this.alerts, c.alertId, entries);
      this.logger.warn(
        `satisfaction alert: ${c.scope} ${c.scopeId} ${c.measure} ${c.value} (threshold ${c.threshold})`,
      );
    }
    return r === 'applied';
  }

  listAlerts(filter: { scope?: string; scopeId?: string }, limit: number) {
    const f: Record<string, string> = {};
    if (filter.scope) f.scope = filter.scope;
    if (filter.scopeId) f.scopeId = filter.scopeId;
    return this.alerts.find(f).sort({ raisedAt: -1 }).limit(limit).lean<SatisfactionAlertDocument[]>();
  }

  findAlert(id: string) {
    return this.alerts.findById(id).lean<SatisfactionAlertDocument>();
  }

  listActions(filter: { status?: string; alertId?: string }, limit: number) {
    const f: Record<string, string> = {};
    if (filter.status) f.status = filter.status;
    if (filter.alertId) f.alertId = filter.alertId;
    return this.actions.find(f).sort({ createdAt: -1 }).limit(limit).lean<ImprovementActionDocument[]>();
  }

  async propose(
    input: {
      alertId?: string;
      scope?: AlertScope;
      scopeId?: string;
      title: string;
      description?: string;
      dueAt?: string;
    },
    by: string,
    now = new Date(),
  ): Promise<ImprovementActionDocument> {
    let scope = input.scope;
    let scopeId = input.scopeId;
    if (input.alertId) {
      const alert = await this.findAlert(input.alertId);
      if (!alert) throw new ActionError('NOT_FOUND', `alert ${input.alertId} does not exist`, 'alertId');
      scope = alert.scope as AlertScope;
      scopeId = alert.scopeId;
    }
    if (!scope || !scopeId)
      throw new ActionError('BAD_USER_INPUT', 'scope and scopeId, or an alertId, are required', 'scopeId');
    const title = input.title.trim();
    if (!title || title.length > 200) throw new ActionError('BAD_USER_INPUT', '1 to 200 characters', 'title');
    const description = cleanComment(input.description, 4000);
    const id = uuidv7();
    const doc: ImprovementActionDocument = {
      _id: id,
      ...(input.alertId ? { alertId: input.alertId } : {}),
      scope,
      scopeId,
      title,
      ...(description ? { description } : {}),
      status: 'proposed',
      ...(input.dueAt ? { dueAt: new Date(input.dueAt) } : {}),
      history: [{ status: 'proposed', by, at: now }],
      createdAt: now,
      updatedAt: now,
    };
    const event = this.changed(doc, 'proposed', undefined, by, now);
    const entries = this.outbox.entries(event);
    await this.actions.collection.insertOne(withEvents(doc, entries) as never);
    this.outbox.written(this.actions, id, entries);
    return doc;
  }

  async change(
    id: string,
    to: ActionStatus,
    who: { sub: string; roles: string[] },
    note: string | undefined,
    now = new Date(),
  ): Promise<ImprovementActionDocument> {
    const doc = await this.actions.findById(id).lean<ImprovementActionDocument>();
    if (!doc) throw new ActionError('NOT_FOUND', `improvement action ${id} does not exist`, 'id');
    const from = doc.status as ActionStatus;
    const check = checkTransition(from, to, who.roles);
    if (!check.ok)
      throw new ActionError(
        check.reason.startsWith('only') ? 'FORBIDDEN' : 'CONFLICT',
        check.reason,
        'status',
      );
    const cleanNote = cleanComment(note, 1000);
    const change = { status: to, by: who.sub, at: now, ...(cleanNote ? { note: cleanNote } : {}) };
    const event = this.changed({ ...doc, status: to }, to, from, who.sub, now);
    const entries = this.outbox.entries(event);
    // conditional on the status read: two managers deciding at once, one wins
    const res = await this.actions.collection.updateOne(
      { _id: id, status: from } as never,
      updateWithEvents(
        { $set: { status: to, updatedAt: now }, $push: { history: change } },
        entries,
      ) as never,
    );
    if (!res.modifiedCount)
      throw new ActionError('CONFLICT', 'the action changed meanwhile: reload it', 'status');
    this.outbox.written(this.actions, id, entries);
    return { ...doc, status: to, updatedAt: now, history: [...doc.history, change] };
  }

  private changed(
    doc: ImprovementActionDocument,
    status: ActionStatus,
    previous: ActionStatus | undefined,
    by: string,
    now: Date,
  ) {
    return createEvent(
      ImprovementActionChangedV1,
      doc._id,
      {
        actionId: doc._id,
        ...(doc.alertId ? { alertId: doc.alertId } : {}),
        scope: doc.scope as AlertScope,
        scopeId: doc.scopeId,
        title: doc.title,
        ...(doc.description ? { description: doc.description } : {}),
        status,
        ...(previous ? { previousStatus: previous } : {}),
        changedBy: by,
        changedAt: now.toISOString(),
        ...(doc.dueAt ? { dueAt: doc.dueAt.toISOString() } : {}),
      },
      { source: SOURCE },
    );
  }
}
