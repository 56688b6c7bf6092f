import { Logger } from '@nestjs/common';
import { DomainError, execute, type Actor, type ServiceKernel } from '@urp/kernel';
import { knowledgePolicy as policy } from '../knowledge-base.policy';
import {
  decideWorkflow,
  isScheduleDue,
  steps,
  type Consequences,
  type ContentAggregate,
  type WorkflowStep,
} from './content.rules';
import type { KnowledgeStorePort } from './content.store';
import { diffContent, type FieldChange } from './diff';
import { revisionOf, type ApproveOptions } from './workflow.rules';

/** Who acts when time does (scheduled publication and expiry, review dates). */
export const SCHEDULER: Actor = { sub: 'system', roles: ['service'] };

export type WorkflowAction =
  'content.submit' | 'content.approve' | 'content.reject' | 'content.expire' | 'content.archive';

/** What a workflow step of any kind needs: the kind's store, meaning and outside facts. */
export interface ContentKind<C extends object, D extends ContentAggregate<C>, F> {
  store: KnowledgeStorePort<D>;
  kernel: ServiceKernel;
  /** `la scheda 123`: what a NOT_FOUND names. */
  what: (id: string) => string;
  consequences: Consequences<D, F>;
  /** Read before each decision (the decision itself stays pure). */
  facts: () => Promise<F>;
  /** After every committed write (the sheets keep their search index current). */
  afterWrite?: (doc: D) => void;
  /**
   * The scheduler's candidates from a read model kept in memory (sheets), instead of a filter on the store
   * that FerretDB answers by reading every document; `seen` gets each candidate read back by `_id`, so that a
   * stale one is corrected in the read model. Without it (forms, reply templates: tens of documents), the
   * store's filter.
   */
  schedule?: { candidates: (now: Date) => readonly { id: string }[]; seen: (doc: D) => void };
}

/**
 * The editorial workflow every versioned kind shares (sheets, forms, reply templates): submit, approve
 * (four eyes), reject, expire, archive, the scheduler's publications and expiries, the diff between
 * revisions. Each step is one `execute` on the kind's store: load, authorize, decide, commit with events.
 */
export class ContentWorkflow<C extends object, D extends ContentAggregate<C>, F> {
  private readonly logger = new Logger('ContentWorkflow');
  private readonly decide;

  constructor(private readonly kind: ContentKind<C, D, F>) {
    this.decide = decideWorkflow<C, D, F>('il contenuto', kind.consequences);
  }

  async get(id: string): Promise<D> {
    const doc = await this.kind.store.get(id);
    if (!doc) throw DomainError.notFound(this.kind.what(id));
    return doc;
  }

  /** Runs one step as `actor`; `authorize` is the policy's check on the loaded content (FORBIDDEN). */
  async run(actor: Actor, authorize: (doc: D) => void, id: string, step: WorkflowStep<C>): Promise<D> {
    const facts = await this.kind.facts();
    const doc = await execute(
      this.kind.store,
      id,
      this.decide,
      { step, facts },
      this.kind.kernel.context(actor),
      {
        notFound: this.kind.what(id),
        authorize: (d) => d && authorize(d),
      },
    );
    this.kind.afterWrite?.(doc);
    return doc;
  }

  private step(actor: Actor, action: WorkflowAction, id: string, step: WorkflowStep<C>): Promise<D> {
    policy.authorize(action, actor);
    return this.run(actor, (d) => policy.authorize(action, actor, d), id, step);
  }

  submit = (actor: Actor, id: string, note?: string) =>
    this.step(actor, 'content.submit', id, steps.submit<C>(note));
  approve = (actor: Actor, id: string, o: ApproveOptions) =>
    this.step(actor, 'content.approve', id, steps.approve<C>(o));
  reject = (actor: Actor, id: string, note: string) =>
    this.step(actor, 'content.reject', id, steps.reject<C>(note));
  expire = (actor: Actor, id: string, note?: string) =>
    this.step(actor, 'content.expire', id, steps.expire<C>(note));
  archive = (actor: Actor, id: string, note?: string) =>
    this.step(actor, 'content.archive', id, steps.archive<C>(note));

  /**
   * Publishes approved revisions whose date has come and expires live content whose expiry has come.
   * With several instances the lease runs it once; were two to run, the revision guard makes one of them
   * find nothing left to do. Each candidate is read back by `_id` and decided on what is stored.
   */
  async runSchedule(now: Date): Promise<number> {
    let changed = 0;
    for (const { id } of await this.dueCandidates(now))
      for (const [i, step] of [steps.publishDue<C>(), steps.expireDue<C>()].entries()) {
        try {
          const before = await this.kind.store.get(id);
          if (!before) break;
          if (!isScheduleDue(before, now)) {
            // nothing due on what is stored: the read model held an older state (corrected), or done
            if (i === 0) this.kind.schedule?.seen(before);
            break;
          }
          if (!step(before, this.kind.kernel.context(SCHEDULER))) continue;
          const facts = await this.kind.facts();
          const after = await execute(
            this.kind.store,
            id,
            this.decide,
            { step, facts },
            this.kind.kernel.context(SCHEDULER),
          );
          this.kind.afterWrite?.(after);
          changed++;
        } catch (e) {
          this.logger.warn(`scheduled step on ${id} failed, retried next round: ${(e as Error).message}`);
        }
      }
    return changed;
  }

  /** What may be due: from the kind's read model when it has one, else from the store. */
  private async dueCandidates(now: Date): Promise<readonly { id: string }[]> {
    if (this.kind.schedule) return this.kind.schedule.candidates(now);
    // FerretDB answers this filter by reading every document: fine for the small kinds (forms, reply
    // templates); no time limit, as for the kernel's other sweeps (one instance, by lease)
    const due = await this.kind.store.find(
      { $or: [{ 'approval.publishAt': { $lte: now } }, { expireAt: { $lte: now } }] },
      { maxTimeMS: 0 },
    );
    return due.filter((d) => isScheduleDue(d, now));
  }

  diff(doc: D, from: number, to: number): FieldChange[] {
    const a = revisionOf(doc, from);
    const b = revisionOf(doc, to);
    if (!a) throw DomainError.invalid('from', `revisione ${from} inesistente`);
    if (!b) throw DomainError.invalid('to', `revisione ${to} inesistente`);
    return diffContent(a.content as Record<string, unknown>, b.content as Record<string, unknown>);
  }
}
