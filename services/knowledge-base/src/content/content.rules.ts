import {
  DomainError,
  STALE_EDIT,
  type Aggregate,
  type Decide,
  type Decision,
  type UseCaseContext,
} from '@urp/kernel';
import {
  approve,
  archive,
  createDraft,
  edit,
  expire,
  expireIfDue,
  publishIfDue,
  reject,
  submit,
  type ApproveOptions,
  type Effect,
  type Transition,
  type Versioned,
} from './workflow.rules';

/**
 * A versioned piece of content as an aggregate (sheets, forms, reply templates): the workflow fields of
 * `Versioned`, the store's `revision` (writes, for optimistic concurrency) and the times (pure).
 */
export interface ContentAggregate<C> extends Aggregate, Versioned<C> {
  createdAt: Date;
  updatedAt: Date;
}

/** A workflow step on the content: a pure transition, or undefined when there is nothing to do. */
export type WorkflowStep<C> = (v: Versioned<C>, ctx: UseCaseContext) => Transition<C> | undefined;

/**
 * What a transition means for one kind (its events and the fields it sets besides the workflow's): pure,
 * with what the kind needs to know from outside in `facts` (e.g. the procedure types' legal terms).
 */
export type Consequences<D extends Aggregate, F> = (
  prev: D | null,
  next: D,
  effects: readonly Effect[],
  ctx: UseCaseContext,
  facts: F,
) => Decision<D>;

export interface WorkflowCommand<C, F> {
  step: WorkflowStep<C>;
  facts: F;
}

/** The one decision of every workflow step, for any kind: the transition, then the kind's consequences. */
export function decideWorkflow<C, D extends ContentAggregate<C>, F>(
  what: string,
  consequences: Consequences<D, F>,
): Decide<D, WorkflowCommand<C, F>> {
  return (state, cmd, ctx) => {
    if (!state) throw DomainError.notFound(what);
    const t = cmd.step(state, ctx);
    if (!t) return { state, events: [] };
    const next = { ...state, ...t.next, updatedAt: ctx.now } as D;
    return consequences(state, next, t.effects, ctx, cmd.facts);
  };
}

/** A new piece of content: revision 1, a draft, with the kind's own fields (`extra`). */
export function decideCreate<C, D extends ContentAggregate<C>, F>(
  consequences: Consequences<D, F>,
  build: (draft: ContentAggregate<C>) => D,
): Decide<D, { id: string; content: C; note: string; facts: F }> {
  return (state, cmd, ctx) => {
    if (state) throw DomainError.conflict('Esiste già un contenuto con questo identificativo');
    const author = ctx.actor.sub;
    const draft = createDraft(cmd.content, author, cmd.note || 'prima stesura', ctx.now);
    const doc = build({ id: cmd.id, revision: 0, createdAt: ctx.now, updatedAt: ctx.now, ...draft });
    return consequences(null, doc, [], ctx, cmd.facts);
  };
}

/** The steps a client may ask for, by name: the same for every kind. */
export const steps = {
  /** A new revision; `expectedRevision` (the revision the editor started from) refuses a stale edit. */
  edit:
    <C>(content: C, note: string, expectedRevision?: number): WorkflowStep<C> =>
    (v, ctx) => {
      if (expectedRevision !== undefined && expectedRevision !== v.latestRevision)
        throw DomainError.conflict(STALE_EDIT);
      return edit(v, content, ctx.actor.sub, note, ctx.now);
    },
  submit:
    <C>(note?: string): WorkflowStep<C> =>
    (v, ctx) =>
      submit(v, ctx.actor.sub, ctx.now, note),
  approve:
    <C>(o: ApproveOptions): WorkflowStep<C> =>
    (v, ctx) =>
      approve(v, ctx.actor.sub, ctx.now, o),
  reject:
    <C>(note: string): WorkflowStep<C> =>
    (v, ctx) =>
      reject(v, ctx.actor.sub, note, ctx.now),
  expire:
    <C>(note?: string): WorkflowStep<C> =>
    (v, ctx) =>
      expire(v, ctx.actor.sub, ctx.now, note),
  archive:
    <C>(note?: string): WorkflowStep<C> =>
    (v, ctx) =>
      archive(v, ctx.actor.sub, ctx.now, note),
  /** The scheduler's: an approved revision whose publication date has come. */
  publishDue:
    <C>(): WorkflowStep<C> =>
    (v, ctx) =>
      publishIfDue(v, ctx.now),
  /** The scheduler's: live content whose expiry date has come. */
  expireDue:
    <C>(): WorkflowStep<C> =>
    (v, ctx) =>
      expireIfDue(v, ctx.now),
};

/** The fields the scheduler decides on: a read model's summary (no history) carries them too. */
export type ScheduleFields = Pick<Versioned<unknown>, 'status' | 'approval' | 'live' | 'expireAt'>;

/**
 * True when the scheduler has something to do on this content at `now`: the conditions of `publishIfDue`
 * and `expireIfDue`, read without building the transition (so it applies to a summary without `log`).
 */
export const isScheduleDue = (v: ScheduleFields, now: Date): boolean =>
  (v.status === 'in_review' && !!v.approval && v.approval.publishAt <= now) ||
  (!!v.live && !!v.expireAt && v.expireAt <= now);

/**
 * The office(s) a piece of content belongs to (sheets: their offices; forms: their office): those of the
 * working copy and of the live version, so that an office keeps seeing its sheet while a draft moves it.
 */
export function officesOfContent(doc: { content: object; live?: { content: object } }): string[] {
  const of = (content: object): string[] => {
    const c = content as { officeIds?: unknown; officeId?: unknown };
    if (Array.isArray(c.officeIds)) return c.officeIds.filter((o): o is string => typeof o === 'string');
    return typeof c.officeId === 'string' ? [c.officeId] : [];
  };
  return [...new Set([...of(doc.content), ...(doc.live ? of(doc.live.content) : [])])];
}
