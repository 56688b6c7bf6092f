import { isDeepStrictEqual } from 'node:util';
import { DomainError } from '@urp/kernel';
import { mayApprove, type FourEyesVocabulary } from '@urp/kernel';

/** The knowledge base's workflow log, as four eyes reads it (the rule itself is the kernel's). */
export const KNOWLEDGE_VOCABULARY: FourEyesVocabulary = {
  created: ['created'],
  wrote: ['edited', 'submitted'],
  approved: ['approved'],
};

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
  /**
   * The latest revision's number (the working copy), with its content and author. Not the aggregate's
   * `revision`, which counts writes (optimistic concurrency).
   */
  latestRevision: number;
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

export interface Transition<C> {
  next: Versioned<C>;
  effects: Effect[];
}

const conflict = (m: string) => DomainError.conflict(m);

export function createDraft<C>(content: C, author: string, note: string, now: Date): Versioned<C> {
  return {
    status: 'draft',
    latestRevision: 1,
    content,
    author,
    revisions: [{ revision: 1, content, author, at: now, note }],
    log: [{ action: 'created', by: author, at: now, revision: 1, note }],
  };
}

/** A new revision. Editing content under review sends it back to draft (the approval was for other text). */
export function edit<C>(v: Versioned<C>, content: C, author: string, note: string, now: Date): Transition<C> {
  if (v.status === 'archived') throw conflict('Un contenuto archiviato non si può modificare');
  if (!note.trim()) throw DomainError.invalid('input.note', 'indicare cosa è cambiato');
  const revision = v.latestRevision + 1;
  return {
    next: {
      ...v,
      status: 'draft',
      latestRevision: revision,
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
  if (v.status !== 'draft') throw conflict(`Solo una bozza si può inviare in revisione (stato: ${v.status})`);
  return {
    next: {
      ...v,
      status: 'in_review',
      submittedBy: by,
      submittedAt: now,
      log: [...v.log, { action: 'submitted', by, at: now, revision: v.latestRevision, note }],
    },
    effects: [],
  };
}

/**
 * Four eyes (the kernel's four-eyes.ts): who approves wrote no part of the version: not its creator, not an
 * editor or submitter since the last approval (a rejection clears no one: the text it sends back is theirs),
 * not the author of the latest revision nor of any revision with the same text (a colleague re-saving
 * identical text does not make it theirs).
 */
export function canApprove<C>(v: Versioned<C>, approver: string): boolean {
  const sameText = v.revisions.filter((r) => isDeepStrictEqual(r.content, v.content)).map((r) => r.author);
  return mayApprove(v.log, approver, [v.author, v.submittedBy, ...sameText], KNOWLEDGE_VOCABULARY);
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
    throw conflict(`Si approva solo un contenuto in revisione (stato: ${v.status})`);
  if (v.approval) throw conflict('Già approvato: la pubblicazione è programmata');
  if (!canApprove(v, approver))
    throw DomainError.forbidden(
      'Quattro occhi: chi approva non può aver creato, modificato o inviato in revisione questo testo: chiedi a un collega',
    );
  const publishAt = o.publishAt && o.publishAt > now ? o.publishAt : now;
  if (o.expireAt && o.expireAt <= publishAt)
    throw DomainError.invalid('input.expireAt', 'la scadenza deve seguire la pubblicazione');
  const approval = { by: approver, at: now, publishAt };
  const approved: Versioned<C> = {
    ...v,
    approval,
    expireAt: o.expireAt,
    log: [...v.log, { action: 'approved', by: approver, at: now, revision: v.latestRevision, note: o.note }],
  };
  return publishAt <= now ? publish(approved, approval, now) : { next: approved, effects: [] };
}

/** The scheduler's step: publishes an approved revision whose time has come. */
export function publishIfDue<C>(v: Versioned<C>, now: Date): Transition<C> | undefined {
  if (v.status !== 'in_review' || !v.approval || v.approval.publishAt > now) return undefined;
  return publish(v, v.approval, now);
}

function publish<C>(
  v: Versioned<C>,
  approval: NonNullable<Versioned<C>['approval']>,
  now: Date,
): Transition<C> {
  const effect: Effect = v.live ? 'updated' : 'published';
  return {
    next: {
      ...v,
      status: 'published',
      live: { revision: v.latestRevision, content: v.content, publishedAt: now, approvedBy: approval.by },
      approval: undefined,
      log: [...v.log, { action: 'published', by: approval.by, at: now, revision: v.latestRevision }],
    },
    effects: [effect],
  };
}

export function reject<C>(v: Versioned<C>, reviewer: string, note: string, now: Date): Transition<C> {
  if (v.status !== 'in_review')
    throw conflict(`Si rimanda in bozza solo un contenuto in revisione (stato: ${v.status})`);
  if (!note.trim()) throw DomainError.invalid('input.note', 'indicare perché la revisione è respinta');
  return {
    next: {
      ...v,
      status: 'draft',
      approval: undefined,
      submittedBy: undefined,
      submittedAt: undefined,
      log: [...v.log, { action: 'rejected', by: reviewer, at: now, revision: v.latestRevision, note }],
    },
    effects: [],
  };
}

/** Withdraws the live version (on request, or when its expiry date comes). A pending draft stays a draft. */
export function expire<C>(v: Versioned<C>, by: string, now: Date, note?: string): Transition<C> {
  if (!v.live) throw conflict('Non c’è nulla di pubblicato');
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
  if (v.status === 'archived') throw conflict('Già archiviato');
  return {
    next: {
      ...v,
      status: 'archived',
      live: undefined,
      approval: undefined,
      expireAt: undefined,
      log: [...v.log, { action: 'archived', by, at: now, revision: v.latestRevision, note }],
    },
    effects: ['archived'],
  };
}

export function revisionOf<C>(v: Versioned<C>, n: number): Revision<C> | undefined {
  return v.revisions.find((r) => r.revision === n);
}
