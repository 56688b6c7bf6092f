/** Improvement actions: what is done about an alert, and how an action moves (pure). */
import type { AlertScope } from '@urp/contracts';
import { DomainError, type Aggregate, type Decide } from '@urp/kernel';
import { cleanComment } from '@urp/privacy';
import { actionChanged } from './alert.events';

export type ActionStatus = 'proposed' | 'accepted' | 'done' | 'rejected';

export interface ActionChange {
  status: ActionStatus;
  by: string;
  at: Date;
  note?: string;
}

/** An improvement action (`improvement_actions`), with its history of changes. */
export interface ImprovementAction extends Aggregate {
  alertId?: string;
  scope: AlertScope;
  scopeId: string;
  title: string;
  description?: string;
  status: ActionStatus;
  dueAt?: Date;
  history: ActionChange[];
  createdAt: Date;
  updatedAt: Date;
}

/** proposed → accepted | rejected; accepted → done. Accepting or rejecting is the manager's call (policy). */
const TRANSITIONS: Record<ActionStatus, readonly ActionStatus[]> = {
  proposed: ['accepted', 'rejected'],
  accepted: ['done'],
  done: [],
  rejected: [],
};

const LABEL: Record<ActionStatus, string> = {
  proposed: 'proposta',
  accepted: 'accettata',
  done: 'completata',
  rejected: 'respinta',
};

export const canMove = (from: ActionStatus, to: ActionStatus): boolean => TRANSITIONS[from].includes(to);

/** Whether a change to `to` is a decision reserved to the manager (accept or reject). */
export const isDecision = (to: ActionStatus): boolean => to === 'accepted' || to === 'rejected';

export interface ProposeAction {
  id: string;
  /** The alert's scope when the action answers an alert; otherwise the scope given. */
  scope?: AlertScope;
  scopeId?: string;
  alertId?: string;
  title: string;
  description?: string;
  dueAt?: Date;
}

/** A new action, proposed. The description is scrubbed of personal data before it is kept. */
export const proposeAction: Decide<ImprovementAction, ProposeAction> = (existing, cmd, ctx) => {
  if (existing) throw DomainError.conflict(`L'azione di miglioramento ${cmd.id} esiste già`);
  if (!cmd.scope || !cmd.scopeId)
    throw DomainError.invalid('input.scopeId', 'Indica ambito e identificativo, oppure la segnalazione');
  const title = cmd.title.trim();
  if (!title || title.length > 200) throw DomainError.invalid('input.title', 'Da 1 a 200 caratteri');
  const description = cleanComment(cmd.description, 4000);
  const state: ImprovementAction = {
    id: cmd.id,
    revision: 0,
    ...(cmd.alertId ? { alertId: cmd.alertId } : {}),
    scope: cmd.scope,
    scopeId: cmd.scopeId,
    title,
    ...(description ? { description } : {}),
    status: 'proposed',
    ...(cmd.dueAt ? { dueAt: cmd.dueAt } : {}),
    history: [{ status: 'proposed', by: ctx.actor.sub, at: ctx.now }],
    createdAt: ctx.now,
    updatedAt: ctx.now,
  };
  return { state, events: [actionChanged(ctx, state, undefined)] };
};

export interface ChangeAction {
  status: ActionStatus;
  note?: string;
}

/** Moves an action along its state machine, recording who, when and why (the note, scrubbed). */
export const changeAction: Decide<ImprovementAction, ChangeAction> = (action, cmd, ctx) => {
  if (!action) throw DomainError.notFound("l'azione di miglioramento");
  if (!canMove(action.status, cmd.status))
    throw DomainError.conflict(`Un'azione ${LABEL[action.status]} non può diventare ${LABEL[cmd.status]}`);
  const note = cleanComment(cmd.note, 1000);
  const change: ActionChange = {
    status: cmd.status,
    by: ctx.actor.sub,
    at: ctx.now,
    ...(note ? { note } : {}),
  };
  const state: ImprovementAction = {
    ...action,
    status: cmd.status,
    updatedAt: ctx.now,
    history: [...action.history, change],
  };
  return { state, events: [actionChanged(ctx, state, action.status)] };
};
