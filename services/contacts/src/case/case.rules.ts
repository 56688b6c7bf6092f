/**
 * The decisions on a case: `decide(contact, command, ctx) → { state, events }` for every back-office use
 * case (notes and messages: case-messages.rules.ts; duplicates: duplicate.rules.ts). Pure: the facts a decision needs from elsewhere (the office resolved, the requester's channel, the
 * reply text) come in the command; the time is `ctx.now`. A refused command throws DomainError.
 */
import type { CaseOutcome } from '@urp/contracts';
import { DomainError, type UseCaseContext } from '@urp/kernel';
import { v7 as uuidv7 } from 'uuid';
import { contactClosed } from '../contact/contact.events';
import type { Contact } from '../contact/contact.rules';
import { caseClosed, caseReopened, caseResumed, caseRouted, caseSuspended } from './case.events';
import type { CaseRecord } from './case.model';
import {
  checkOutcome,
  computeDueAt,
  computeReminderAt,
  nextTimerAt,
  resume,
  suspend,
  suspendedDays,
  withinTerm,
  type DuePolicyRule,
  type TimerKind,
} from './case-clock.rules';
import { decided, mustHaveCase, type CaseDecision, type Notifiable } from './case-decision.rules';
import { checkWritten, italianDate } from './case-messages.rules';
import { caseIdOf, moveTo } from './case-phases.rules';
import {
  closedDetail,
  openedDetail,
  resumedDetail,
  routedDetail,
  suspendedDetail,
} from './history-text.rules';

export type { CaseDecision } from './case-decision.rules';
export { addCaseNote, sendCaseMessage, type AddCaseNote, type SendCaseMessage } from './case-messages.rules';
export { checkOriginal, linkDuplicate, mergeCase, type MergeCase } from './duplicate.rules';

// ------------------------------------------------------------------ opening (at registration)

/** The case a registration opens: due date and reminder from the policy, routed when the office is known. */
export function openCase(
  contactId: string,
  cmd: { priority: CaseRecord['priority']; officeId?: string; referentId?: string; policy: DuePolicyRule },
  ctx: UseCaseContext,
): CaseRecord {
  const { policy, officeId } = cmd;
  const now = ctx.now;
  const by = ctx.actor.sub;
  const clock = {
    openedAt: now,
    termDays: policy.days,
    ...(policy.workingDays ? { workingDays: true } : {}),
    reminderAfterDays: policy.reminderAfterDays,
    maxSuspensionDays: policy.maxSuspensionDays,
    suspensions: [],
  };
  const dueAt = computeDueAt(clock);
  const reminderAt = computeReminderAt(clock);
  const rec: CaseRecord = {
    id: caseIdOf(contactId),
    status: officeId ? 'assigned' : 'received',
    priority: cmd.priority,
    ...(officeId ? { officeId } : {}),
    ...(officeId && cmd.referentId ? { referentId: cmd.referentId } : {}),
    openedAt: now,
    dueAt,
    ...(reminderAt ? { reminderAt } : {}),
    termDays: policy.days,
    ...(policy.workingDays ? { workingDays: true } : {}),
    ...(policy.reminderAfterDays !== undefined ? { reminderAfterDays: policy.reminderAfterDays } : {}),
    ...(policy.maxSuspensions !== undefined ? { maxSuspensions: policy.maxSuspensions } : {}),
    ...(policy.maxSuspensionDays !== undefined ? { maxSuspensionDays: policy.maxSuspensionDays } : {}),
    suspensions: [],
    duplicates: [],
    history: [
      {
        at: now,
        by,
        action: 'opened',
        status: 'received',
        detail: openedDetail(policy),
        dueAt,
      },
      ...(officeId
        ? [
            {
              at: now,
              by,
              action: 'routed',
              status: 'assigned' as const,
              detail: routedDetail(officeId, cmd.referentId),
            },
          ]
        : []),
    ],
    notes: [],
    messages: [],
    mentioned: [],
  };
  const timer = nextTimerAt(rec);
  return timer ? { ...rec, nextTimerAt: timer } : rec;
}

// ------------------------------------------------------------------ the back office's commands

export interface RouteCase extends Notifiable {
  officeId: string;
  referentId?: string;
}

export function routeCase(state: Contact | null, cmd: RouteCase, ctx: UseCaseContext): CaseDecision {
  const c = mustHaveCase(state);
  const moved = moveTo(
    c.case,
    'assigned',
    ctx.actor.sub,
    ctx.now,
    'routed',
    routedDetail(cmd.officeId, cmd.referentId),
  );
  const rec: CaseRecord = { ...moved, officeId: cmd.officeId, referentId: cmd.referentId };
  return decided(ctx, c, rec, (next) => [caseRouted(ctx, next)], {
    set: { officeId: cmd.officeId },
    notify: c.case.status === 'assigned' ? undefined : 'assigned',
    recipient: cmd.recipient,
  });
}

export interface SuspendCase extends Notifiable {
  /** Why the clock stops (internal: the history, the `CaseSuspended` event, scrubbed). */
  reason: string;
  /**
   * What the citizen must send, in the operator's words: a public message of the case (`request`) that the
   * `case_waiting_citizen` notification delivers by its `messageId` and the status page shows. Never on an event.
   */
  request: string;
}

/** Moving a case to `waiting_citizen` without saying what is missing: the citizen could not answer. */
export const REQUEST_REQUIRED = 'indicare cosa deve inviare il cittadino: il testo gli arriva nel messaggio';

export function suspendCase(state: Contact | null, cmd: SuspendCase, ctx: UseCaseContext): CaseDecision {
  const c = mustHaveCase(state);
  const suspensions = suspend(c.case, cmd.reason, ctx.now, c.case.maxSuspensions);
  const request = cmd.request?.trim() ?? '';
  if (!request) throw DomainError.invalid('input.request', REQUEST_REQUIRED);
  checkWritten(request, 'input.request');
  const by = ctx.actor.sub;
  const requestId = uuidv7({ msecs: ctx.now.getTime() });
  const moved = moveTo(c.case, 'waiting_citizen', by, ctx.now, 'suspended', suspendedDetail(cmd.reason));
  const opened = suspensions.length - 1;
  const rec: CaseRecord = {
    ...moved,
    suspensions: suspensions.map((s, i) => (i === opened ? { ...s, requestId } : s)),
    messages: [...c.case.messages, { id: requestId, at: ctx.now, by, text: request, request: true }],
  };
  return decided(ctx, c, rec, (next) => [caseSuspended(ctx, next, cmd.reason)], {
    notify: 'waiting_citizen',
    recipient: cmd.recipient,
    messageId: requestId,
  });
}

/** The clock restarts: the due date (and reminder) are recomputed from the whole suspension history. */
export function resumeCase(state: Contact | null, _cmd: unknown, ctx: UseCaseContext): CaseDecision {
  const c = mustHaveCase(state);
  const r = resume(c.case, ctx.now);
  const before = c.case.dueAt;
  const last = r.suspensions[r.suspensions.length - 1];
  const lastDays = suspendedDays({ ...c.case, suspensions: [last] });
  const moved = moveTo(c.case, 'in_progress', ctx.actor.sub, ctx.now, 'resumed');
  const history = [...moved.history];
  history[history.length - 1] = {
    ...history[history.length - 1],
    detail: resumedDetail(lastDays, last.reason, italianDate(before), italianDate(r.dueAt)),
    dueAt: r.dueAt,
  };
  const reminderAt = computeReminderAt({ ...c.case, suspensions: r.suspensions });
  const rec: CaseRecord = {
    ...moved,
    history,
    suspensions: r.suspensions,
    dueAt: r.dueAt,
    ...(reminderAt ? { reminderAt } : {}),
  };
  return decided(ctx, c, rec, (next) => [caseResumed(ctx, next, r.suspendedDays)]);
}

/** The phases without a dedicated command. */
export const FREE_MOVES = ['triaged', 'in_progress', 'waiting_referent'] as const;

export function changeCaseStatus(
  state: Contact | null,
  cmd: { status: (typeof FREE_MOVES)[number] },
  ctx: UseCaseContext,
): CaseDecision {
  const c = mustHaveCase(state);
  return decided(ctx, c, moveTo(c.case, cmd.status, ctx.actor.sub, ctx.now, 'status'), () => []);
}

export interface CloseCase extends Notifiable {
  outcome: CaseOutcome;
  forwardedTo?: string;
  resolvedAtFirstContact: boolean;
}

/**
 * Closing: the outcome (forwarded needs the receiving body), the due date net of suspensions (a suspension
 * still open ends with the case), within term or not; an open contact closes with its case.
 */
export function closeCase(state: Contact | null, cmd: CloseCase, ctx: UseCaseContext): CaseDecision {
  const c = mustHaveCase(state);
  checkOutcome(cmd.outcome, cmd.forwardedTo);
  const closedAt = ctx.now < c.case.openedAt ? c.case.openedAt : ctx.now;
  // an open suspension ends with the case (never before it started: an imported closing may predate it)
  const suspensions = c.case.suspensions.map((x) =>
    x.to ? x : { ...x, to: closedAt < x.from ? x.from : closedAt },
  );
  const dueAt = computeDueAt({ ...c.case, suspensions });
  const rec: CaseRecord = {
    ...moveTo(
      c.case,
      'closed',
      ctx.actor.sub,
      closedAt,
      'closed',
      closedDetail(cmd.outcome, cmd.forwardedTo),
    ),
    closedAt,
    closedBy: ctx.actor.sub,
    suspensions,
    dueAt,
    outcome: cmd.outcome,
    withinTerm: withinTerm(dueAt, closedAt),
    ...(cmd.forwardedTo ? { forwardedTo: cmd.forwardedTo } : {}),
    ...(c.case.firstResponseAt ? {} : { firstResponseAt: closedAt }),
  };
  const contactWasOpen = c.status === 'open';
  const set: Partial<Contact> = contactWasOpen
    ? { status: 'closed', closedAt, resolvedAtFirstContact: cmd.resolvedAtFirstContact }
    : {};
  return decided(
    ctx,
    c,
    rec,
    (next) => [
      caseClosed(ctx, next, suspendedDays(rec)),
      // satisfaction surveys follow ContactClosed
      ...(contactWasOpen ? [contactClosed(ctx, next)] : []),
    ],
    { set, notify: 'closed', recipient: cmd.recipient },
  );
}

export interface ReopenCase extends Notifiable {
  reason: string;
}

export function reopenCase(state: Contact | null, cmd: ReopenCase, ctx: UseCaseContext): CaseDecision {
  const c = mustHaveCase(state);
  const moved = moveTo(c.case, 'reopened', ctx.actor.sub, ctx.now, 'reopened', cmd.reason);
  const rec: CaseRecord = {
    ...moved,
    closedAt: undefined,
    outcome: undefined,
    withinTerm: undefined,
    forwardedTo: undefined,
  };
  return decided(ctx, c, rec, (next) => [caseReopened(ctx, next, cmd.reason)], {
    set: { status: 'open' },
    notify: 'reopened',
    recipient: cmd.recipient,
  });
}

// ------------------------------------------------------------------ time-driven bookkeeping

/** Records the timers fired (their claims hold the events); the next timer is recomputed. */
export function markTimersFired(
  state: Contact | null,
  cmd: { fired: readonly { kind: TimerKind; at: Date }[] },
  ctx: UseCaseContext,
): CaseDecision {
  const c = mustHaveCase(state);
  let rec = c.case;
  for (const t of cmd.fired)
    rec = t.kind === 'reminder' ? { ...rec, reminderFiredFor: t.at } : { ...rec, dueFiredFor: t.at };
  return decided(ctx, c, rec, () => []);
}
