/**
 * The campaign aggregate (pure: no framework, no database, no clock of its own — time is `ctx.now`).
 *
 * - Life cycle draft → in_approval → approved → scheduled → running ⇄ paused → completed → archived.
 * - Four eyes (the kernel's `mayApprove`): the approver wrote no part of the version being approved (not its
 *   creator, editors or submitters; a rejection, the writer's own withdrawal included, clears no one).
 * - Election blackout (L. 28/2000 art. 9) checked at submit, approve and schedule (blackout.rules.ts).
 */
import {
  DomainError,
  mayApprove,
  type Aggregate,
  type Decision,
  type FourEyesVocabulary,
  type UseCaseContext,
} from '@urp/kernel';
import type { Segment } from '../audience/audience.rules';
import { checkBlackout, type BlackoutJustification, type BlackoutPeriod } from './blackout.rules';
import {
  approvedEvent,
  completedEvent,
  launchedEvent,
  stepSentEvent,
  type RunTotals,
} from './campaign.events';

export const CAMPAIGN_STATUSES = [
  'draft',
  'in_approval',
  'approved',
  'scheduled',
  'running',
  'paused',
  'completed',
  'archived',
] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export type CampaignAction =
  | 'submit'
  | 'approve'
  | 'reject'
  | 'schedule'
  | 'unschedule'
  | 'launch'
  | 'pause'
  | 'resume'
  | 'complete'
  | 'archive';

const TRANSITIONS: Record<CampaignAction, { from: CampaignStatus[]; to: CampaignStatus }> = {
  submit: { from: ['draft'], to: 'in_approval' },
  approve: { from: ['in_approval'], to: 'approved' },
  reject: { from: ['in_approval'], to: 'draft' },
  schedule: { from: ['approved'], to: 'scheduled' },
  unschedule: { from: ['scheduled'], to: 'approved' },
  launch: { from: ['scheduled'], to: 'running' },
  pause: { from: ['running'], to: 'paused' },
  resume: { from: ['paused'], to: 'running' },
  complete: { from: ['running', 'paused'], to: 'completed' },
  archive: { from: ['completed', 'draft'], to: 'archived' },
};

const ACTION_LABEL: Record<CampaignAction, string> = {
  submit: 'inviare in approvazione',
  approve: 'approvare',
  reject: 'respingere',
  schedule: 'programmare',
  unschedule: 'togliere dalla programmazione',
  launch: 'avviare',
  pause: 'sospendere',
  resume: 'riprendere',
  complete: 'concludere',
  archive: 'archiviare',
};

export interface CampaignStep {
  stepId: string;
  channel: 'email' | 'sms' | 'io';
  /** Hours after the previous step (the first: after the launch). */
  waitHours: number;
  subject?: string;
  body: string;
}
export interface TrackedLink {
  linkId: string;
  url: string;
  sheetId?: string;
}
export type StoredStep = CampaignStep & { links: TrackedLink[] };
export type RecordedJustification = BlackoutJustification & {
  recordedBy: string;
  recordedAt: Date;
  periods?: string[];
};
export interface HistoryEntry {
  action: CampaignAction | 'create' | 'edit';
  by: string;
  at: Date;
  note?: string;
}

export interface Campaign extends Aggregate {
  title: string;
  goal: string;
  topics: string[];
  sheetIds: string[];
  segment: Segment;
  steps: StoredStep[];
  startsAt: Date;
  endsAt?: Date;
  ownerId: string;
  authorId: string;
  status: CampaignStatus;
  blackoutJustification?: RecordedJustification | null;
  approvedBy?: string;
  approvedAt?: Date;
  launchedAt?: Date;
  completedAt?: Date;
  /** The next step to send (0-based). */
  nextStep: number;
  history: HistoryEntry[];
  createdAt: Date;
  updatedAt: Date;
}

/** The editable content of a campaign (from validated input). */
export interface CampaignContent {
  title: string;
  goal: string;
  topics: string[];
  sheetIds: string[];
  segment: Segment;
  steps: StoredStep[];
  startsAt: Date;
  endsAt?: Date;
  ownerId?: string;
  blackoutJustification?: BlackoutJustification;
}

/** The next status for an action; CONFLICT when the action is not allowed from the current status. */
export function nextStatus(status: CampaignStatus, action: CampaignAction): CampaignStatus {
  const t = TRANSITIONS[action];
  if (!t.from.includes(status))
    throw DomainError.conflict(
      `Non si può ${ACTION_LABEL[action]} una campagna in stato «${status}» (ammesso da: ${t.from.join(', ')})`,
    );
  return t.to;
}

/** Only a draft may be edited: what was approved is what is sent. */
export const isEditable = (status: CampaignStatus): boolean => status === 'draft';

/**
 * Campaigns' history as four eyes reads it (the rule itself is the kernel's `mayApprove`). A rejection is in
 * neither list: it sends the same text back to draft, so it clears no one, whoever rejects (the writer rejecting
 * his own submission withdraws it, and stays its writer).
 */
export const CAMPAIGN_VOCABULARY: FourEyesVocabulary = {
  created: ['create'],
  wrote: ['edit', 'submit'],
  approved: ['approve'],
};

/** When each step is due, from the launch. */
export function stepDueTimes(launchedAt: Date, steps: Pick<CampaignStep, 'waitHours'>[]): Date[] {
  let t = launchedAt.getTime();
  return steps.map((s) => {
    t += s.waitHours * 3_600_000;
    return new Date(t);
  });
}

/** The span the campaign communicates in: from its start to its end, or its last step if later. */
export function campaignWindow(
  startsAt: Date,
  endsAt: Date | undefined,
  steps: Pick<CampaignStep, 'waitHours'>[],
): { start: Date; end: Date } {
  const due = stepDueTimes(startsAt, steps);
  const last = due.length ? due[due.length - 1] : startsAt;
  return { start: startsAt, end: endsAt && endsAt > last ? endsAt : last };
}

const withHistory = (
  c: Campaign,
  entry: HistoryEntry,
  ctx: UseCaseContext,
): Pick<Campaign, 'history' | 'updatedAt'> => ({
  history: [...c.history, entry],
  updatedAt: ctx.now,
});

// ---------------------------------------------------------------- decisions

export const createCampaign = (
  id: string,
  content: CampaignContent,
  ctx: UseCaseContext,
): Decision<Campaign> => {
  const { blackoutJustification, ownerId, ...fields } = content;
  const by = ctx.actor.sub;
  const state: Campaign = {
    id,
    revision: 0,
    ...fields,
    ownerId: ownerId ?? by,
    authorId: by,
    status: 'draft',
    blackoutJustification: blackoutJustification
      ? { ...blackoutJustification, recordedBy: by, recordedAt: ctx.now }
      : null,
    nextStep: 0,
    history: [{ action: 'create', by, at: ctx.now }],
    createdAt: ctx.now,
    updatedAt: ctx.now,
  };
  return { state, events: [] };
};

export const editCampaign = (
  c: Campaign,
  content: CampaignContent,
  ctx: UseCaseContext,
): Decision<Campaign> => {
  if (!isEditable(c.status))
    throw DomainError.conflict(
      `Si modifica solo una bozza; questa campagna è «${c.status}» (respingila per riportarla in bozza)`,
    );
  const { blackoutJustification, ownerId, ...fields } = content;
  const state: Campaign = {
    ...c,
    ...fields,
    ownerId: ownerId ?? c.ownerId,
    blackoutJustification: blackoutJustification
      ? { ...blackoutJustification, recordedBy: ctx.actor.sub, recordedAt: ctx.now }
      : null,
    ...withHistory(c, { action: 'edit', by: ctx.actor.sub, at: ctx.now }, ctx),
  };
  return { state, events: [] };
};

export interface ActCommand {
  action: Exclude<CampaignAction, 'launch'>;
  note?: string;
  startsAt?: Date;
  justification?: BlackoutJustification;
  blackouts: BlackoutPeriod[];
  /** What the steps sent so far (for CampaignCompleted when stopping). */
  totals: RunTotals;
}

/** A person's action on the life cycle: transition, four eyes, blackout, events. */
export const actOnCampaign = (c: Campaign, cmd: ActCommand, ctx: UseCaseContext): Decision<Campaign> => {
  const status = nextStatus(c.status, cmd.action);
  const by = ctx.actor.sub;
  if (cmd.action === 'approve' && !mayApprove(c.history, by, [c.authorId], CAMPAIGN_VOCABULARY))
    throw DomainError.forbidden(
      'Chi ha scritto, modificato o inviato in approvazione questo testo non può approvarlo, nemmeno dopo averlo respinto o ritirato (quattro occhi): chiedi a un collega',
    );
  let state: Campaign = {
    ...c,
    status,
    ...(cmd.startsAt ? { startsAt: cmd.startsAt } : {}),
    ...(cmd.justification
      ? { blackoutJustification: { ...cmd.justification, recordedBy: by, recordedAt: ctx.now } }
      : {}),
    ...withHistory(c, { action: cmd.action, by, at: ctx.now, ...(cmd.note ? { note: cmd.note } : {}) }, ctx),
  };
  if (cmd.action === 'submit' || cmd.action === 'approve' || cmd.action === 'schedule') {
    const w = campaignWindow(state.startsAt, state.endsAt, state.steps);
    const check = checkBlackout(cmd.blackouts, w.start, w.end, state.blackoutJustification);
    if (!check.ok) throw DomainError.invalid('blackoutJustification', check.error);
    if (check.value.justified && state.blackoutJustification)
      state = {
        ...state,
        blackoutJustification: {
          ...state.blackoutJustification,
          periods: check.value.periods.map((p) => p.label),
        },
      };
  }
  if (cmd.action === 'approve') {
    state = { ...state, approvedBy: by, approvedAt: ctx.now };
    return { state, events: [approvedEvent(state, ctx)] };
  }
  if (cmd.action === 'complete') {
    state = { ...state, completedAt: ctx.now };
    return { state, events: [completedEvent(state, cmd.totals, 'stopped', ctx)] };
  }
  return { state, events: [] };
};

/** The scheduler launches a scheduled campaign at its start. */
export const launchCampaign = (c: Campaign, ctx: UseCaseContext): Decision<Campaign> => {
  const state: Campaign = {
    ...c,
    status: nextStatus(c.status, 'launch'),
    launchedAt: ctx.now,
    nextStep: 0,
    ...withHistory(c, { action: 'launch', by: 'scheduler', at: ctx.now }, ctx),
  };
  return { state, events: [launchedEvent(state, ctx)] };
};

/** A step has been sent to its whole audience: the next one becomes due. */
export const recordStepSent = (
  c: Campaign,
  step: { index: number; totals: RunTotals & { recipients: number; skipped: number; startedAt: Date } },
  ctx: UseCaseContext,
): Decision<Campaign> => {
  if (c.status !== 'running' && c.status !== 'paused')
    throw DomainError.conflict('La campagna non è più in corso');
  if (c.nextStep !== step.index) return { state: c, events: [] }; // recorded already
  const state: Campaign = { ...c, nextStep: step.index + 1, updatedAt: ctx.now };
  return { state, events: [stepSentEvent(state, step.index, step.totals, ctx)] };
};

/** Every step was sent: the scheduler completes the campaign. */
export const completeCampaign = (c: Campaign, totals: RunTotals, ctx: UseCaseContext): Decision<Campaign> => {
  const state: Campaign = {
    ...c,
    status: nextStatus(c.status, 'complete'),
    completedAt: ctx.now,
    ...withHistory(c, { action: 'complete', by: 'scheduler', at: ctx.now }, ctx),
  };
  return { state, events: [completedEvent(state, totals, 'all_steps_sent', ctx)] };
};
