/**
 * The decisions on a case: `decide(contact, command, ctx) → { state, events }` for every back-office use
 * case. Pure: the facts a decision needs from elsewhere (the office resolved, the requester's channel, the
 * reply text) come in the command; the time is `ctx.now`. A refused command throws DomainError.
 */
import type { CaseOutcome, CloudEvent } from '@urp/contracts';
import { DomainError, type Decision, type UseCaseContext } from '@urp/kernel';
import { v7 as uuidv7 } from 'uuid';
import type { CaseContact, Contact } from '../contact/contact.rules';
import {
  caseAnswered,
  caseClosed,
  caseReopened,
  caseResumed,
  caseRouted,
  caseSuspended,
  citizenNotification,
  duplicateMarked,
  type Recipient,
} from './case.events';
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
import { italianDate, parseMentions } from './case-messages.rules';
import {
  caseIdOf,
  CITIZEN_RELEVANT,
  logged,
  moveTo,
  OPEN_STATUSES,
  type CaseStatus,
} from './case-phases.rules';
import { contactClosed } from '../contact/contact.events';

export type CaseDecision = Decision<Contact>;

/** Facts every case command may carry: who to tell about a status change (absent: nobody). */
interface Notifiable {
  recipient?: Recipient;
}

function mustHaveCase(c: Contact | null): CaseContact {
  if (!c?.case) throw DomainError.notFound('la pratica');
  return c as CaseContact;
}

/**
 * The new state of a case decision: the case (with its next timer recomputed), top-level contact fields,
 * the events, and the citizen's notification when the status change is one she should know about.
 */
function decided(
  ctx: UseCaseContext,
  c: CaseContact,
  rec: CaseRecord,
  events: (next: CaseContact) => CloudEvent[],
  opts: { set?: Partial<Contact>; notify?: CaseStatus; recipient?: Recipient } = {},
): CaseDecision {
  const timer = nextTimerAt(rec);
  const kase: CaseRecord = { ...rec, nextTimerAt: timer };
  const next: CaseContact = { ...c, ...opts.set, case: kase };
  const out = events(next);
  if (opts.notify && opts.recipient && CITIZEN_RELEVANT.includes(opts.notify) && !c.requesterIsStaff)
    out.push(citizenNotification(ctx, next, opts.recipient, opts.notify));
  return { state: next, events: out };
}

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
        detail: `term ${policy.days} days${policy.reminderAfterDays ? `, reminder after ${policy.reminderAfterDays}` : ''}`,
        dueAt,
      },
      ...(officeId
        ? [
            {
              at: now,
              by,
              action: 'routed',
              status: 'assigned' as const,
              detail: `office ${officeId}${cmd.referentId ? `, referent ${cmd.referentId}` : ''}`,
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
    `office ${cmd.officeId}${cmd.referentId ? `, referent ${cmd.referentId}` : ''}`,
  );
  const rec: CaseRecord = { ...moved, officeId: cmd.officeId, referentId: cmd.referentId };
  return decided(ctx, c, rec, (next) => [caseRouted(ctx, next)], {
    set: { officeId: cmd.officeId },
    notify: c.case.status === 'assigned' ? undefined : 'assigned',
    recipient: cmd.recipient,
  });
}

export interface SuspendCase extends Notifiable {
  reason: string;
}

export function suspendCase(state: Contact | null, cmd: SuspendCase, ctx: UseCaseContext): CaseDecision {
  const c = mustHaveCase(state);
  const suspensions = suspend(c.case, cmd.reason, ctx.now, c.case.maxSuspensions);
  const moved = moveTo(
    c.case,
    'waiting_citizen',
    ctx.actor.sub,
    ctx.now,
    'suspended',
    `clock paused: ${cmd.reason}`,
  );
  return decided(ctx, c, { ...moved, suspensions }, (next) => [caseSuspended(ctx, next, cmd.reason)], {
    notify: 'waiting_citizen',
    recipient: cmd.recipient,
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
    detail: `clock restarted after ${lastDays} day(s) of suspension (“${last.reason}”): due date ${italianDate(before)} → ${italianDate(r.dueAt)}`,
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

export interface AddCaseNote {
  text: string;
  /** The duplicate the note was written on (it goes to the original). */
  via?: string;
}

/** An internal note (never sent to the citizen); `@referent` mentions put the case in their queue. */
export function addCaseNote(state: Contact | null, cmd: AddCaseNote, ctx: UseCaseContext): CaseDecision {
  const c = mustHaveCase(state);
  const mentions = parseMentions(cmd.text);
  const via = cmd.via ? ` (via duplicate ${cmd.via})` : '';
  const rec: CaseRecord = {
    ...logged(c.case, {
      at: ctx.now,
      by: ctx.actor.sub,
      action: 'note',
      detail: `internal note${mentions.length ? `, mentions ${mentions.join(', ')}` : ''}${via}`,
    }),
    notes: [
      ...c.case.notes,
      { id: uuidv7({ msecs: ctx.now.getTime() }), at: ctx.now, by: ctx.actor.sub, text: cmd.text, mentions },
    ],
    mentioned: [...new Set([...c.case.mentioned, ...mentions])],
  };
  return decided(ctx, c, rec, () => []);
}

export interface SendCaseMessage extends Notifiable {
  text: string;
  answer: boolean;
}

/** A public message to the citizen; as the answer it moves the case to `answered` (first response recorded). */
export function sendCaseMessage(
  state: Contact | null,
  cmd: SendCaseMessage,
  ctx: UseCaseContext,
): CaseDecision {
  const c = mustHaveCase(state);
  const by = ctx.actor.sub;
  const first = !c.case.firstResponseAt;
  const withMessage: CaseRecord = {
    ...c.case,
    messages: [
      ...c.case.messages,
      { id: uuidv7({ msecs: ctx.now.getTime() }), at: ctx.now, by, text: cmd.text },
    ],
  };
  if (!cmd.answer)
    return decided(
      ctx,
      c,
      logged(withMessage, { at: ctx.now, by, action: 'message', detail: 'public message to the citizen' }),
      () => [],
    );
  const rec: CaseRecord = {
    ...moveTo(withMessage, 'answered', by, ctx.now, 'answered'),
    ...(first ? { firstResponseAt: ctx.now } : {}),
  };
  return decided(ctx, c, rec, (next) => [caseAnswered(ctx, next, first)], {
    notify: 'answered',
    recipient: cmd.recipient,
  });
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
  const suspensions = c.case.suspensions.map((x) => (x.to ? x : { ...x, to: closedAt }));
  const dueAt = computeDueAt({ ...c.case, suspensions });
  const rec: CaseRecord = {
    ...moveTo(
      c.case,
      'closed',
      ctx.actor.sub,
      closedAt,
      'closed',
      `outcome ${cmd.outcome}${cmd.forwardedTo ? ` → ${cmd.forwardedTo}` : ''}`,
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

// ------------------------------------------------------------------ duplicates

/** The original a duplicate is merged into: open, and not itself a duplicate. */
export function checkOriginal(caseId: string, original: Contact | null): CaseContact {
  if (!original?.case) throw DomainError.invalid('input.originalCaseId', 'pratica inesistente');
  if (original.case.id === caseId)
    throw DomainError.invalid('input.originalCaseId', 'una pratica non può essere duplicato di sé stessa');
  if (!OPEN_STATUSES.includes(original.case.status))
    throw DomainError.invalid('input.originalCaseId', `la pratica originale è ${original.case.status}`);
  if (original.case.duplicateOf)
    throw DomainError.invalid('input.originalCaseId', 'la pratica originale è a sua volta un duplicato');
  return original as CaseContact;
}

export interface MergeCase extends Notifiable {
  original: { caseId: string; protocolNumber?: string };
}

/** The duplicate is merged into the original (phase `merged`): later notes and messages go there. */
export function mergeCase(state: Contact | null, cmd: MergeCase, ctx: UseCaseContext): CaseDecision {
  const c = mustHaveCase(state);
  const rec: CaseRecord = {
    ...moveTo(
      c.case,
      'merged',
      ctx.actor.sub,
      ctx.now,
      'merged',
      `duplicate of ${cmd.original.caseId} (${cmd.original.protocolNumber})`,
    ),
    duplicateOf: cmd.original.caseId,
  };
  return decided(ctx, c, rec, () => [duplicateMarked(ctx, c.case.id, cmd.original.caseId)], {
    notify: 'merged',
    recipient: cmd.recipient,
  });
}

/** The original keeps the link to its duplicate (one thread for the office). */
export function linkDuplicate(
  state: Contact | null,
  cmd: { duplicate: { caseId: string; protocolNumber?: string } },
  ctx: UseCaseContext,
): CaseDecision {
  const c = mustHaveCase(state);
  const rec: CaseRecord = {
    ...logged(c.case, {
      at: ctx.now,
      by: ctx.actor.sub,
      action: 'duplicate_linked',
      detail: `${cmd.duplicate.caseId} (${cmd.duplicate.protocolNumber}) merged into this case`,
    }),
    duplicates: [...new Set([...c.case.duplicates, cmd.duplicate.caseId])],
  };
  return decided(ctx, c, rec, () => []);
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
