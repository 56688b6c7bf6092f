/**
 * Versioning and editorial workflow shared by service sheets, forms and reply templates (pure: no framework,
 * no database). Every change is a revision (author, time, note). A revision goes draft → in_review →
 * published; a published item expires (on a date or on request) and can be archived. The approver must be
 * someone other than the author and the submitter ("four eyes"): a second person checks what citizens read.
 * Approval may schedule the publication and the expiry. While a new revision is edited, the published one
 * stays live.
 */

export const CONTENT_STATUSES = ['draft', 'in_review', 'published', 'expired', 'archived'] as const;
export type ContentStatus = (typeof CONTENT_STATUSES)[number];

export interface Revision<C> {
  revision: number;
  content: C;
  author: string;
  at: Date;
  note: string;
}

/** The version citizens (or operators, for internal content) see now. */
export interface LiveVersion<C> {
  revision: number;
  content: C;
  publishedAt: Date;
  approvedBy: string;
}

export type WorkflowAction =
  | 'created'
  | 'edited'
  | 'submitted'
  | 'approved'
  | 'rejected'
  | 'published'
  | 'expired'
  | 'archived'
  | 'reviewed';

export interface LogEntry {
  action: WorkflowAction;
  by: string;
  at: Date;
  revision: number;
  note?: string;
}

export interface Versioned<C> {
  status: ContentStatus;
  /** The latest revision's number, content and author (the working copy). */
  revision: number;
  content: C;
  author: string;
  revisions: Revision<C>[];
  live?: LiveVersion<C>;
  submittedBy?: string;
  submittedAt?: Date;
  /** Set when approved with a future publication date (scheduled publication). */
  approval?: { by: string; at: Date; publishAt: Date };
  expireAt?: Date;
  log: LogEntry[];
}

/** What a transition caused, for the events: first publication vs. a new revision of live content. */
export type Effect = 'published' | 'updated' | 'expired' | 'archived';

export type WorkflowErrorCode = 'CONFLICT' | 'FORBIDDEN' | 'BAD_USER_INPUT';
export class WorkflowError extends Error {
  override readonly name = 'WorkflowError';
  constructor(
    readonly code: WorkflowErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface Transition<C> {
  next: Versioned<C>;
  effects: Effect[];
}

const conflict = (m: string) => new WorkflowError('CONFLICT', m);

export function createDraft<C>(content: C, author: string, note: string, now: Date): Versioned<C> {
  return {
    status: 'draft',
    revision: 1,
    content,
    author,
    revisions: [{ revision: 1, content, author, at: now, note }],
    log: [{ action: 'created', by: author, at: now, revision: 1, note }],
  };
}

/** A new revision. Editing content under review sends it back to draft (the approval was for other text). */
export function edit<C>(v: Versioned<C>, content: C, author: string, note: string, now: Date): Transition<C> {
  if (v.status === 'archived') throw conflict('archived content cannot be edited');
  if (!note.trim()) throw new WorkflowError('BAD_USER_INPUT', 'a revision needs a note saying what changed');
  const revision = v.revision + 1;
  return {
    next: {
      ...v,
      status: 'draft',
      revision,
      content,
      author,
      revisions: [...v.revisions, { revision, content, author, at: now, note }],
      submittedBy: undefined,
      submittedAt: undefined,
      approval: undefined,
      log: [...v.log, { action: 'edited', by: author, at: now, revision, note }],
    },
    effects: [],
  };
}

export function submit<C>(v: Versioned<C>, by: string, now: Date, note?: string): Transition<C> {
  if (v.status !== 'draft') throw conflict(`only a draft can be submitted for review (status: ${v.status})`);
  return {
    next: {
      ...v,
      status: 'in_review',
      submittedBy: by,
      submittedAt: now,
      log: [...v.log, { action: 'submitted', by, at: now, revision: v.revision, note }],
    },
    effects: [],
  };
}

/** Four eyes: who approves must be neither the author of the revision nor who submitted it. */
export function canApprove<C>(v: Versioned<C>, approver: string): boolean {
  return approver !== v.author && approver !== v.submittedBy;
}

export interface ApproveOptions {
  /** Scheduled publication; now when absent or past. */
  publishAt?: Date;
  /** Scheduled expiry of the published revision. */
  expireAt?: Date;
  note?: string;
}

export function approve<C>(
  v: Versioned<C>,
  approver: string,
  now: Date,
  o: ApproveOptions = {},
): Transition<C> {
  if (v.status !== 'in_review')
    throw conflict(`only content in review can be approved (status: ${v.status})`);
  if (v.approval) throw conflict('already approved, publication is scheduled');
  if (!canApprove(v, approver))
    throw new WorkflowError(
      'FORBIDDEN',
      'the approver must be someone other than the author and the submitter',
    );
  const publishAt = o.publishAt && o.publishAt > now ? o.publishAt : now;
  if (o.expireAt && o.expireAt <= publishAt)
    throw new WorkflowError('BAD_USER_INPUT', 'the expiry must come after the publication');
  const approved: Versioned<C> = {
    ...v,
    approval: { by: approver, at: now, publishAt },
    expireAt: o.expireAt,
    log: [...v.log, { action: 'approved', by: approver, at: now, revision: v.revision, note: o.note }],
  };
  return publishAt <= now ? publish(approved, now) : { next: approved, effects: [] };
}

/** The scheduler's step: publishes an approved revision whose time has come. */
export function publishIfDue<C>(v: Versioned<C>, now: Date): Transition<C> | undefined {
  if (v.status !== 'in_review' || !v.approval || v.approval.publishAt > now) return undefined;
  return publish(v, now);
}

function publish<C>(v: Versioned<C>, now: Date): Transition<C> {
  const approval = v.approval!;
  const effect: Effect = v.live ? 'updated' : 'published';
  return {
    next: {
      ...v,
      status: 'published',
      live: { revision: v.revision, content: v.content, publishedAt: now, approvedBy: approval.by },
      approval: undefined,
      log: [...v.log, { action: 'published', by: approval.by, at: now, revision: v.revision }],
    },
    effects: [effect],
  };
}

export function reject<C>(v: Versioned<C>, reviewer: string, note: string, now: Date): Transition<C> {
  if (v.status !== 'in_review')
    throw conflict(`only content in review can be sent back (status: ${v.status})`);
  if (!note.trim()) throw new WorkflowError('BAD_USER_INPUT', 'say why the revision is sent back');
  return {
    next: {
      ...v,
      status: 'draft',
      approval: undefined,
      submittedBy: undefined,
      submittedAt: undefined,
      log: [...v.log, { action: 'rejected', by: reviewer, at: now, revision: v.revision, note }],
    },
    effects: [],
  };
}

/** Withdraws the live version (on request, or when its expiry date comes). A pending draft stays a draft. */
export function expire<C>(v: Versioned<C>, by: string, now: Date, note?: string): Transition<C> {
  if (!v.live) throw conflict('nothing is published');
  return {
    next: {
      ...v,
      status: v.status === 'published' ? 'expired' : v.status,
      live: undefined,
      expireAt: undefined,
      log: [...v.log, { action: 'expired', by, at: now, revision: v.live.revision, note }],
    },
    effects: ['expired'],
  };
}

export function expireIfDue<C>(v: Versioned<C>, now: Date): Transition<C> | undefined {
  if (!v.live || !v.expireAt || v.expireAt > now) return undefined;
  return expire(v, 'system', now, 'scadenza programmata');
}

export function archive<C>(v: Versioned<C>, by: string, now: Date, note?: string): Transition<C> {
  if (v.status === 'archived') throw conflict('already archived');
  return {
    next: {
      ...v,
      status: 'archived',
      live: undefined,
      approval: undefined,
      expireAt: undefined,
      log: [...v.log, { action: 'archived', by, at: now, revision: v.revision, note }],
    },
    effects: ['archived'],
  };
}

export function revisionOf<C>(v: Versioned<C>, n: number): Revision<C> | undefined {
  return v.revisions.find((r) => r.revision === n);
}
