import type { CloudEvent } from '@urp/contracts';
import { isDuplicateKeyError } from '@urp/persistence';
import type { Filter, Document } from 'mongodb';
import { diffContent, type FieldChange } from './diff';
import { badInput, conflict, notFound, step } from './errors';
import type { StoredDoc, VersionedStore } from './versioned.store';
import {
  approve,
  archive,
  createDraft,
  edit,
  expire,
  expireIfDue,
  publishIfDue,
  reject,
  revisionOf,
  submit,
  type ApproveOptions,
  type Effect,
  type Transition,
  type Versioned,
} from './workflow.rules';

export type ContentDoc<C> = Versioned<C> & StoredDoc;

/** What a transition writes besides the workflow fields, and the events it causes (same atomic write). */
export interface Consequences<D> {
  patch?: Partial<D>;
  events: CloudEvent[];
}

const WORKFLOW_FIELDS = [
  'status',
  'revision',
  'content',
  'author',
  'revisions',
  'live',
  'submittedBy',
  'submittedAt',
  'approval',
  'expireAt',
  'log',
] as const;

/**
 * The use cases every versioned content kind shares (sheets, forms, reply templates): create, edit,
 * submit, approve (four eyes), reject, expire, archive, the scheduler's steps, history and diff. A kind
 * says what a transition means for it (`consequences`: its events and extra fields).
 */
export abstract class VersionedContentService<C extends object, D extends ContentDoc<C>> {
  protected abstract readonly what: string;
  /** The unique business key (code, slug): named in the error when a duplicate is refused. */
  protected readonly uniqueKey: string = 'code';
  constructor(readonly store: VersionedStore<D>) {}

  /** The events and extra fields of a transition (effects: published/updated/expired/archived). */
  protected abstract consequences(
    prev: D | undefined,
    next: D,
    effects: Effect[],
    now: Date,
  ): Promise<Consequences<D>>;

  /** Called after every successful write with the new state (the sheets keep their search index current). */
  protected afterWrite(_doc: D): void {
    // nothing by default
  }

  protected async insertNew(
    id: string,
    extra: Omit<D, keyof ContentDoc<C>>,
    content: C,
    author: string,
    note: string,
  ) {
    const now = new Date();
    const draft = createDraft(content, author, note || 'prima stesura', now);
    const doc = { _id: id, seq: 0, createdAt: now, updatedAt: now, ...extra, ...draft } as unknown as D;
    const { patch, events } = await this.consequences(undefined, doc, [], now);
    const full = { ...doc, ...patch } as D;
    try {
      await this.store.insert(full, events);
    } catch (e) {
      if (isDuplicateKeyError(e))
        throw badInput(
          this.uniqueKey,
          `esiste già un contenuto con questo valore (${this.what}, ${this.uniqueKey})`,
        );
      throw e;
    }
    this.afterWrite(full);
    return full;
  }

  async get(id: string): Promise<D> {
    const doc = await this.store.findById(id);
    if (!doc) throw notFound(`${this.what} ${id}`);
    return doc;
  }

  /** Loads, runs a pure transition, writes the result with its events if nobody changed the document meanwhile. */
  protected async transition(id: string, run: (doc: D, now: Date) => Transition<C> | undefined): Promise<D> {
    const doc = await this.get(id);
    const now = new Date();
    const t = step(() => run(doc, now));
    if (!t) return doc;
    const next = { ...doc, ...t.next } as D;
    const { patch, events } = await this.consequences(doc, next, t.effects, now);
    const fields = { ...patch } as Partial<D>;
    for (const f of WORKFLOW_FIELDS)
      (fields as Record<string, unknown>)[f] = (next as Record<string, unknown>)[f];
    if (!(await this.store.save(id, doc.seq, fields, events, now)))
      throw conflict(`${this.what} ${id} was changed meanwhile: reload and retry`);
    const saved = { ...next, ...patch, seq: doc.seq + 1, updatedAt: now } as D;
    this.afterWrite(saved);
    return saved;
  }

  editContent(id: string, content: C, author: string, note: string): Promise<D> {
    return this.transition(id, (doc, now) => edit(doc, content, author, note, now));
  }

  submit(id: string, by: string, note?: string): Promise<D> {
    return this.transition(id, (doc, now) => submit(doc, by, now, note));
  }

  approve(id: string, by: string, o: ApproveOptions): Promise<D> {
    return this.transition(id, (doc, now) => approve(doc, by, now, o));
  }

  reject(id: string, by: string, note: string): Promise<D> {
    return this.transition(id, (doc, now) => reject(doc, by, note, now));
  }

  expire(id: string, by: string, note?: string): Promise<D> {
    return this.transition(id, (doc, now) => expire(doc, by, now, note));
  }

  archive(id: string, by: string, note?: string): Promise<D> {
    return this.transition(id, (doc, now) => archive(doc, by, now, note));
  }

  /**
   * The scheduler's step: publishes approved revisions whose date has come and expires live content whose
   * expiry has come. Conditional writes: with two instances, one wins and the other sees a changed `seq`.
   */
  async runSchedule(now = new Date()): Promise<number> {
    let changed = 0;
    const due = await this.store.findIds({
      $or: [{ 'approval.publishAt': { $lte: now } }, { expireAt: { $lte: now } }],
    } as unknown as Filter<Document>);
    for (const doc of due) {
      for (const run of [publishIfDue, expireIfDue]) {
        try {
          const before = await this.store.findById(doc._id);
          if (!before || !run(before, now)) continue;
          await this.transition(doc._id, (d, at) => run(d, at));
          changed++;
        } catch {
          // another instance did it first (seq changed): nothing to do
        }
      }
    }
    return changed;
  }

  diff(doc: D, from: number, to: number): FieldChange[] {
    const a = revisionOf(doc, from);
    const b = revisionOf(doc, to);
    if (!a) throw badInput('from', `revisione ${from} inesistente`);
    if (!b) throw badInput('to', `revisione ${to} inesistente`);
    return diffContent(a.content as Record<string, unknown>, b.content as Record<string, unknown>);
  }
}
