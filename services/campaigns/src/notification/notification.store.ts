import { randomUUID } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { Inject, Injectable } from '@nestjs/common';
import type { CloudEvent } from '@urp/contracts';
import {
  MONGO_DB,
  MongoAggregateStore,
  OUTBOX_PORT,
  withoutUndefined,
  type Commit,
  type CommitResult,
  type OutboxPort,
  type StoredDocument,
} from '@urp/kernel';
import { insertManyOnce, packOutbox, storedOutbox } from '@urp/persistence';
import { BSON, type AnyBulkWriteOperation, type Collection, type Db } from 'mongodb';
import { notificationQueuedAgain, queuedOrigin, type QueuedOrigin } from './notification.events';
import type { Notification, NotificationChannel, NotificationStatus } from './notification.rules';

/**
 * Statements per bulk write: FerretDB 1.24 holds a connection per statement until the command ends, and a command
 * of ~100 statements exhausts its pool (see @urp/persistence's ACK_CHUNK).
 */
export const BULK_CHUNK = 50;

/** One change of a message: the state it was decided on (its revision guards a document write) and the result. */
export interface BulkChange {
  previous: Notification;
  next: Notification;
  events: Parameters<OutboxPort['entries']>[0];
}

/** Documents per insert command (one statement for all of them on FerretDB). */
const INSERT_CHUNK = 200;

/**
 * How many `NotificationQueued` events wait in memory for their message's first outcome (about 1.5 kB each; they
 * are in the documents too). Beyond it a queued message's event goes to its document's outbox at once (published
 * and acknowledged on its own: correct, one write more).
 */
export const QUEUED_IN_MEMORY = 20_000;

/**
 * Channels whose outcomes are written in the slice's outcome document. PEC and SMS receipts come back later and
 * are matched on the notification document (PEC receipts may even come before the outcome): their outcomes update
 * the notification document, guarded by its revision, as before.
 */
export const SLICE_CHANNELS: ReadonlySet<NotificationChannel> = new Set(['email', 'io']);

/**
 * What a message's document keeps as ONE JSON text (`fixedText`): what never changes after it is queued and is never
 * queried (the origin's ids, `channel`, the status, the dates and the revision stay fields: the filters, the sort
 * and the guarded writes name them). FerretDB stores the type of every field beside it and its CPU follows the
 * fields it decodes: 25 fields (8 of them nested) were about 0.19 ms of FerretDB per message at intake. None of these
 * values is a date. Documents written before hold them as fields, read as they are.
 */
const AS_TEXT = [
  'requestedBy',
  'recipientType',
  'recipientId',
  'preferred',
  'template',
  'facts',
  'officeId',
  'fallbackOfficeId',
] as const satisfies readonly (keyof Notification)[];
const TEXT_KEY = 'fixedText';

/** A state's stored fields, those of AS_TEXT as one text. */
export function compactFields(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const text: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields))
    if ((AS_TEXT as readonly string[]).includes(k)) text[k] = v;
    else out[k] = v;
  out[TEXT_KEY] = JSON.stringify(text);
  return out;
}

/** A stored document's fields as they were before the text (either form). */
function expanded(doc: Record<string, unknown>): Record<string, unknown> {
  const { [TEXT_KEY]: text, ...rest } = doc;
  return typeof text === 'string' ? { ...(JSON.parse(text) as Record<string, unknown>), ...rest } : rest;
}

/** The `_queued` of a document: a JSON text since the compact form, an object before. */
const queuedOf = (d: StoredDocument) =>
  (typeof d._queued === 'string' ? JSON.parse(d._queued) : d._queued) as
    (QueuedOrigin & { data?: unknown }) | undefined;

/** A queued message's document as `insertMany` writes it (and the intake pricing bench: notifications-intake.ts). */
export function compactDocument(
  n: Notification,
  extra: { _marked?: true; _queued?: QueuedOrigin } = {},
): StoredDocument {
  const { id, ...rest } = n;
  const doc: StoredDocument = {
    _id: id,
    ...compactFields(withoutUndefined(rest as Record<string, unknown>)),
    revision: n.revision,
  };
  if (extra._marked) doc._marked = true;
  if (extra._queued) doc._queued = JSON.stringify(extra._queued);
  return doc;
}

/** The outcome collection: one document per slice of attempts, with the events of their outcomes. */
export const OUTCOMES = 'notification_outcomes';

type Entries = ReturnType<OutboxPort['entries']>;

/**
 * An open mark: one per intake chunk (`ids`: the messages it queued), deleted once every one of them is final; or,
 * written before the chunk marks (and by `markEarlier`), one per message (`_id` = the message's id, no `ids`).
 */
export interface OpenMark {
  _id: string;
  ids?: string[];
}

/** One claimed attempt: `_id` is `<notification id>#<attempt>`, so each attempt can be claimed once, by anyone. */
export interface ClaimDocument {
  _id: string;
  claimId: string;
  at: Date;
}

/**
 * What an attempt never changes: kept in the message's document only, not repeated in each outcome (every byte
 * written costs FerretDB time). Everything else is in the outcome, and a field it lacks is absent.
 */
const FIXED = [
  'requestedBy',
  'caseId',
  'contactId',
  'sheetId',
  'procedureId',
  'invitationId',
  'preferred',
  'recipientType',
  'recipientId',
  'officeId',
  'fallbackOfficeId',
  'template',
  'facts',
  'queuedAt',
] as const satisfies readonly (keyof Notification)[];
type Fixed = (typeof FIXED)[number];

/** A message's state after an attempt, as written in its slice's outcome document: its id and what may change. */
export type RecordedOutcome = Omit<Notification, 'revision' | Fixed>;

/** The state after an attempt: what never changes from the state before, the rest from the outcome. */
const after = (before: Notification, o: RecordedOutcome): Notification => {
  const fixed: Partial<Notification> = {};
  for (const k of FIXED) if (before[k] !== undefined) Object.assign(fixed, { [k]: before[k] });
  return { ...fixed, ...o, revision: before.revision } as Notification;
};

/** What an outcome document keeps of a state (no revision: the message's document's). */
const recorded = (n: Notification): RecordedOutcome => {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(n))
    if (k !== 'revision' && !(FIXED as readonly string[]).includes(k)) out[k] = v;
  return withoutUndefined(out) as unknown as RecordedOutcome;
};

/**
 * The outcomes of the attempts of one slice: `_id` is the slice's claim id, which every claim of the slice names,
 * so a message's outcome is found from its claim by `_id`. Written once (an insert), with the events of every
 * outcome (and the `NotificationQueued` of first attempts) in its outbox: one acknowledgement for the slice.
 *
 * The outcomes are stored as ONE Extended JSON text (dates kept as dates), deflated (`outcomesZ`): FerretDB stores
 * the type of every field beside it for each array item, so 16 outcomes as objects were 7.2 kB of a slice's
 * document, which its insert and the relay's acknowledgement (a rewrite) pay by the byte; as a text 4.4 kB (its
 * quotes escaped in FerretDB's own JSON); deflated about 1 kB. Documents written before hold `outcomesText` (the
 * text as it is) or `outcomes` (an array), read as they are.
 */
export interface OutcomeDocument {
  _id: string;
  at: Date;
  /** The outcomes' Extended JSON text, raw deflate. */
  outcomesZ?: BSON.Binary;
  /** Written before the deflated form. */
  outcomesText?: string;
  /** Written before the text form. */
  outcomes?: RecordedOutcome[];
  _outbox?: Entries;
}

/** A slice's outcomes, whichever form its document holds. */
export const outcomesOf = (d: OutcomeDocument): RecordedOutcome[] => {
  const text =
    d.outcomesZ !== undefined
      ? inflateRawSync(d.outcomesZ.buffer.subarray(0, d.outcomesZ.position)).toString('utf8')
      : d.outcomesText;
  return text !== undefined
    ? (BSON.EJSON.parse(text, { relaxed: true }) as RecordedOutcome[])
    : (d.outcomes ?? []);
};

/** A slice's outcomes as stored (deflate level 1, as the outbox's packs). */
const outcomesZ = (outcomes: RecordedOutcome[]) =>
  new BSON.Binary(
    deflateRawSync(Buffer.from(BSON.EJSON.stringify(outcomes, { relaxed: true })), { level: 1 }),
  );

const isFinal = (s: NotificationStatus) => s !== 'queued' && s !== 'sending';

/**
 * Failed by the stale-claim sweep (`outcome_unknown`) on a channel whose outcomes go to the slice: the sender may
 * still have been sending (a slice slower than the claim timeout) and record the real outcome afterwards.
 */
const gaveUp = (n: Notification) =>
  n.status === 'failed' && n.failureCode === 'outcome_unknown' && SLICE_CHANNELS.has(n.channel);

/**
 * The only writer of the notifications' collections, all answered by `_id` on the hot path (FerretDB 1.24 answers a
 * filter on `_id` alone from its primary key and scans the collection for any other):
 *
 * - `notifications`: one document per message (the address is never stored), inserted when it is queued. Its
 *   `NotificationQueued` event waits in memory for the message's first outcome and is published with it; the
 *   document keeps only what of the event its state cannot tell again (`_queued`: its id and origin), from which it
 *   is rebuilt after a restart (the full event in the document cost 60 % of its bytes).
 * - `notification_open`: one mark per intake chunk naming its messages, inserted before them (so a rebuild always
 *   finds an unfinished message) and deleted once all of them are final: what the read model is rebuilt from. One
 *   insert and one delete for up to INSERT_CHUNK messages, instead of one of each per message (FerretDB's delete of
 *   a message's mark cost 0.10 ms per message). Which messages of a mark are still open is kept in memory; after a
 *   restart the rebuild reads the marks again (`openIds`), and a mark whose messages another instance finished
 *   outlives them until a rebuild here finds them final. Never deleted while one of its messages is not final.
 * - `notification_claims`: one document per claimed attempt (`<id>#<attempt>`, naming the slice).
 * - `notification_outcomes`: one document per slice of e-mail and IO attempts, with their events.
 *
 * A message's state is its document, followed along its claims to the outcomes recorded for them (`resolve`):
 * the attempt after the document's has a claim, the claim names its slice, the slice's document holds the
 * outcome, and so on while the outcome is a retry. A later write of the message (a receipt, a stale claim, PEC and
 * SMS outcomes) writes the whole state into its document, guarded by the document's revision (an outcome recorded
 * in a slice keeps the revision of the document it follows).
 */
@Injectable()
export class NotificationStore extends MongoAggregateStore<Notification> {
  private readonly claims: Collection<ClaimDocument>;
  private readonly outcomes: Collection<OutcomeDocument>;
  private readonly open: Collection<OpenMark>;
  /** The chunk marks this instance knows: by mark, its messages not final yet; by message, its marks. */
  private readonly markLeft = new Map<string, Set<string>>();
  private readonly marksOf = new Map<string, string[]>();
  /** The `NotificationQueued` of messages not attempted yet (also in their documents), by message id. */
  private readonly queuedEvents = new Map<string, CloudEvent>();

  constructor(@Inject(MONGO_DB) db: Db, @Inject(OUTBOX_PORT) outbox: OutboxPort) {
    super(db, outbox, 'notifications');
    this.claims = db.collection<ClaimDocument>('notification_claims');
    this.outcomes = db.collection<OutcomeDocument>(OUTCOMES);
    this.open = db.collection<OpenMark>('notification_open');
    // the relay's catch-up sweep covers the outcomes' events too
    outbox.register(db.collection(OUTCOMES));
  }

  /**
   * Inserts new notifications with their events (one document each, as `commit` with `ifAbsent`), a chunk per
   * command, after their open marks. Returns the committed states; an id that exists already (a redelivered or
   * re-published request) is left out: nothing of its decision is written.
   */
  async insertMany(all: readonly Omit<BulkChange, 'previous'>[]): Promise<Notification[]> {
    // a request published twice can arrive twice in one batch: the first is the one written (one command could
    // not tell which copy collided, and FerretDB may report neither), the other is left out like any repeat
    const seen = new Set<string>();
    const changes = all.filter((c) => !seen.has(c.next.id) && !!seen.add(c.next.id));
    const committed: Notification[] = [];
    for (let i = 0; i < changes.length; i += INSERT_CHUNK) {
      const written = changes.slice(i, i + INSERT_CHUNK).map((c) => {
        const state = { ...c.next, revision: 1 };
        // a queued message's only event waits for its first outcome, in the document and (while there is room) here
        const queued =
          state.status === 'queued' && c.events.length === 1 && this.queuedEvents.size < QUEUED_IN_MEMORY
            ? c.events[0]
            : undefined;
        const entries = queued ? [] : this.outbox.entries(c.events);
        // written with its open mark (documents written before the marks existed get theirs at start: markEarlier)
        const doc = compactDocument(state, {
          ...(state.status === 'queued' ? { _marked: true as const } : {}),
          ...(queued ? { _queued: queuedOrigin(queued) } : {}),
        });
        if (entries.length) doc._outbox = entries;
        return { state, entries, doc, queued };
      });
      // one mark for the chunk's queued messages, inserted (and known here) before them
      const open = written.filter((w) => w.state.status === 'queued').map((w) => w.state.id);
      const mark = open.length ? `chunk:${randomUUID()}` : undefined;
      if (mark) {
        await this.open.insertOne({ _id: mark, ids: open });
        this.track(mark, open);
      }
      const duplicates = await insertManyOnce(
        this.collection,
        written.map((w) => w.doc),
      );
      // a redelivered request's message is marked by the chunk that queued it (or final): not by this one
      if (mark && duplicates.size) await this.unmark(mark, duplicates);
      for (const w of written) {
        if (duplicates.has(w.state.id)) continue;
        if (w.queued) this.queuedEvents.set(w.state.id, w.queued);
        else if (w.entries.length) this.outbox.written(this.name, w.state.id, w.entries);
        committed.push(w.state);
      }
    }
    return committed;
  }

  /**
   * Claims attempts: one insert per attempt into `notification_claims`, unordered, naming the slice (`claimId`).
   * Returns the notification ids whose attempt this caller claimed; an attempt someone else claimed first collides.
   */
  async claim(attempts: readonly { id: string; attempt: number }[], claimId: string, at: Date) {
    const keys = attempts.map((a) => `${a.id}#${a.attempt}`);
    let lost = new Set<string>();
    for (let i = 0; i < keys.length; i += INSERT_CHUNK) {
      const chunk = keys.slice(i, i + INSERT_CHUNK);
      const taken = await insertManyOnce(
        this.claims,
        chunk.map((_id) => ({ _id, claimId, at })),
      );
      lost = new Set([...lost, ...taken]);
    }
    return new Set(attempts.filter((_, k) => !lost.has(keys[k])).map((a) => a.id));
  }

  /** The claims of these attempts, by notification id (point reads by `_id`). */
  async claimsOf(attempts: readonly { id: string; attempt: number }[]): Promise<Map<string, ClaimDocument>> {
    const out = new Map<string, ClaimDocument>();
    for (let i = 0; i < attempts.length; i += INSERT_CHUNK) {
      const chunk = attempts.slice(i, i + INSERT_CHUNK);
      const docs = await Promise.all(chunk.map((a) => this.claims.findOne({ _id: `${a.id}#${a.attempt}` })));
      docs.forEach((d, k) => d && out.set(chunk[k].id, d));
    }
    return out;
  }

  override async get(id: string): Promise<Notification | null> {
    const doc = await super.get(id);
    return doc ? (await this.resolve([doc]))[0] : null;
  }

  override async getMany(ids: readonly string[]): Promise<Map<string, Notification>> {
    const docs = await super.getMany(ids);
    return new Map((await this.resolve([...docs.values()])).map((n) => [n.id, n]));
  }

  /**
   * The current states of these documents: each queued one followed along the claims of its next attempts to the
   * outcomes recorded in their slices (point reads by `_id`; a slice read once). A claim without a recorded outcome
   * is an attempt being sent, or cut by a crash: `sending` since the claim.
   */
  async resolve(docs: readonly Notification[]): Promise<Notification[]> {
    const out = new Map(docs.map((n) => [n.id, n]));
    const slices = new Map<string, Promise<OutcomeDocument | null>>();
    // a claim the stale sweep gave up on: the outcome its sender recorded after all is what happened, and wins
    const given = docs.filter(gaveUp);
    if (given.length) {
      const claims = await this.claimsOf(given.map((n) => ({ id: n.id, attempt: n.attempts })));
      await Promise.all(
        given.map(async (n) => {
          const c = claims.get(n.id);
          const slice = c && (await this.sliceOf(c.claimId, slices));
          const o = slice?.outcomes?.find((x) => x.id === n.id && x.attempts === n.attempts);
          if (o) out.set(n.id, after(n, o));
        }),
      );
    }
    let todo = docs.map((n) => out.get(n.id)!).filter((n) => n.status === 'queued');
    while (todo.length) {
      const claims = await this.claimsOf(todo.map((n) => ({ id: n.id, attempt: n.attempts + 1 })));
      const next: Notification[] = [];
      await Promise.all(
        todo.map(async (n) => {
          const c = claims.get(n.id);
          if (!c) return;
          const o = (await this.sliceOf(c.claimId, slices))?.outcomes?.find(
            (x) => x.id === n.id && x.attempts === n.attempts + 1,
          );
          if (!o) {
            out.set(n.id, {
              ...n,
              status: 'sending',
              attempts: n.attempts + 1,
              sendingSince: c.at,
              claimId: c.claimId,
            });
            return;
          }
          const state = after(n, o);
          out.set(n.id, state);
          if (state.status === 'queued') next.push(state);
        }),
      );
      todo = next;
    }
    return docs.map((n) => out.get(n.id)!);
  }

  /** A slice's outcome document, read once per `resolve` (`_id`). */
  private sliceOf(
    claimId: string,
    read: Map<string, Promise<OutcomeDocument | null>>,
  ): Promise<OutcomeDocument | null> {
    let slice = read.get(claimId);
    if (!slice)
      read.set(
        claimId,
        (slice = this.outcomes
          .findOne({ _id: claimId }, { projection: { _outbox: 0 } })
          .then((d) => d && { _id: d._id, at: d.at, outcomes: outcomesOf(d) })),
      );
    return slice;
  }

  /**
   * Writes the outcomes of a slice's claimed attempts (e-mail, IO: nobody else writes them meanwhile, the claim is
   * the guard) as ONE inserted document with every event (and the `NotificationQueued` of first attempts), then
   * drops the open marks of the final ones. Written again after a failure, it collides: already there. Returns the
   * states (the revision of the document they follow).
   */
  async recordSlice(claimId: string, changes: readonly BulkChange[]): Promise<Notification[]> {
    return this.recordSlices([{ claimId, changes }]);
  }

  /**
   * `recordSlice` for several slices at once: their documents (one per slice, as there) in ONE insert command. The
   * sender hands over the slices whose outcomes waited while the store wrote the ones before: FerretDB spends about
   * 0.3 ms of CPU per command whatever it carries, the driver about 0.15 ms.
   */
  async recordSlices(
    slices: readonly { claimId: string; changes: readonly BulkChange[] }[],
  ): Promise<Notification[]> {
    const all = slices.filter((s) => s.changes.length);
    if (!all.length) return [];
    const changes = all.flatMap((s) => s.changes);
    const first = changes.filter((c) => c.previous.attempts === 1).map((c) => c.next.id);
    const queued = await this.queuedEventsOf(first);
    const written = all.map(({ claimId, changes: of }) => {
      const events: CloudEvent[] = [];
      for (const c of of) {
        const q = queued.get(c.next.id);
        if (q) events.push(q);
        events.push(...c.events);
      }
      const doc: OutcomeDocument = {
        _id: claimId,
        at: new Date(),
        outcomesZ: outcomesZ(of.map((c) => recorded(c.next))),
      };
      // the slice's events as one stored element, deflated: the document is written once and acknowledged once
      const entries = packOutbox(this.outbox.entries(events));
      if (entries.length) doc._outbox = storedOutbox(entries) as Entries;
      return { doc, entries };
    });
    // a retry of a write that went through collides: its events are in it (the relay's sweep publishes them)
    const there = await insertManyOnce(
      this.outcomes,
      written.map((w) => w.doc),
    );
    for (const id of first) this.queuedEvents.delete(id);
    for (const w of written)
      if (!there.has(w.doc._id) && w.entries.length) this.outbox.written(OUTCOMES, w.doc._id, w.entries);
    // not awaited: the outcomes are written; a mark left by a failure or a crash is dropped by the next rebuild
    this.closeMarks(changes.filter((c) => isFinal(c.next.status)).map((c) => c.next.id)).catch(
      () => undefined,
    );
    return changes.map((c) => ({ ...c.next, revision: c.previous.revision }));
  }

  /**
   * A single-document write (a receipt, a stale claim; rare): the whole state into the message's document, guarded
   * by its revision, with the `NotificationQueued` when it records the first attempt; a final state drops its mark.
   */
  override async commit(change: Commit<Notification>): Promise<CommitResult<Notification>> {
    const id = change.next.id;
    const firstAttempt = change.previous?.status === 'sending' && change.previous.attempts === 1;
    const queued = firstAttempt ? (await this.queuedEventsOf([id])).get(id) : undefined;
    const r = await super.commit(queued ? { ...change, events: [queued, ...change.events] } : change);
    if (r.status === 'committed') {
      if (queued) this.queuedEvents.delete(id);
      if (isFinal(r.state.status)) await this.closeMarks([id]);
    }
    return r;
  }

  /** The `NotificationQueued` of these messages: from memory, else from their documents (after a restart). */
  private async queuedEventsOf(ids: readonly string[]): Promise<Map<string, CloudEvent>> {
    const out = new Map<string, CloudEvent>();
    const missing: string[] = [];
    for (const id of ids) {
      const e = this.queuedEvents.get(id);
      if (e) out.set(id, e);
      else missing.push(id);
    }
    const docs = await Promise.all(
      missing.map((id) => this.collection.findOne({ _id: id }, { projection: { _outbox: 0 } })),
    );
    for (const d of docs) {
      const q = d && queuedOf(d);
      if (!d || !q) continue;
      // documents written before kept the whole event
      out.set(d._id, q.data !== undefined ? (q as CloudEvent) : notificationQueuedAgain(this.toState(d), q));
    }
    return out;
  }

  /** Remembers which messages a chunk mark names (at intake, and when the marks are read again). */
  private track(mark: string, ids: readonly string[]): void {
    if (this.markLeft.has(mark)) return;
    this.markLeft.set(mark, new Set(ids));
    for (const id of ids) {
      const of = this.marksOf.get(id);
      if (of) of.push(mark);
      else this.marksOf.set(id, [mark]);
    }
  }

  /** Messages this chunk mark need not cover (redelivered requests): the mark is deleted if none is left. */
  private async unmark(mark: string, ids: ReadonlySet<string>): Promise<void> {
    const left = this.markLeft.get(mark);
    for (const id of ids) {
      left?.delete(id);
      const others = this.marksOf.get(id)?.filter((m) => m !== mark) ?? [];
      if (others.length) this.marksOf.set(id, others);
      else this.marksOf.delete(id);
    }
    if (left && !left.size) {
      this.markLeft.delete(mark);
      await this.open.bulkWrite([{ deleteOne: { filter: { _id: mark } } }], { ordered: false });
    }
  }

  /**
   * Messages that reached a final state: each chunk
   * mark is deleted once none of its messages is left open; a message's own mark (written before the chunk marks,
   * or by `markEarlier`) at once.
   */
  async closeMarks(ids: readonly string[]): Promise<void> {
    const drop: string[] = [];
    for (const id of ids) {
      const marks = this.marksOf.get(id);
      if (!marks) {
        drop.push(id);
        continue;
      }
      this.marksOf.delete(id);
      for (const m of marks) {
        const left = this.markLeft.get(m);
        left?.delete(id);
        if (left && !left.size) {
          this.markLeft.delete(m);
          drop.push(m);
        }
      }
    }
    for (let i = 0; i < drop.length; i += BULK_CHUNK) {
      await this.open.bulkWrite(
        drop.slice(i, i + BULK_CHUNK).map((_id) => ({ deleteOne: { filter: { _id } } })),
        { ordered: false },
      );
    }
  }

  /**
   * Marks the unfinished messages written before the open marks existed (documents without `_marked`): one scan
   * of the collection, at start. Returns how many were marked.
   */
  async markEarlier(): Promise<number> {
    const docs = await this.collection
      .find(
        { status: { $in: ['queued', 'sending'] }, _marked: { $exists: false } },
        { projection: { _id: 1 }, maxTimeMS: 0 },
      )
      .toArray();
    if (!docs.length) return 0;
    await insertManyOnce(
      this.open,
      docs.map((d) => ({ _id: d._id })),
    );
    return docs.length;
  }

  /**
   * The ids of the messages not final (the messages their marks name, less those this instance knows final: a scan
   * of a collection that holds a mark per intake chunk still open). The chunk marks this instance did not know (another instance's, or from before a
   * restart) are known from here on, so that they are deleted when their messages are final.
   */
  async openIds(): Promise<string[]> {
    const marks = await this.open.find({}, { maxTimeMS: 0 }).toArray();
    const ids = new Set<string>();
    for (const m of marks) {
      if (m.ids) this.track(m._id, m.ids);
      // of a chunk, only the messages not known final here: a rebuild does not read the finished ones again
      for (const id of m.ids ? (this.markLeft.get(m._id) ?? []) : [m._id]) ids.add(id);
    }
    return [...ids];
  }

  protected override toState(doc: StoredDocument): Notification {
    const { _queued: _q, _marked: _m, ...rest } = doc;
    return super.toState(expanded(rest) as StoredDocument);
  }

  /** The stored fields: those never changed nor queried as one text (`compactFields`). */
  protected override toFields(state: Notification): Record<string, unknown> {
    return compactFields(super.toFields(state));
  }

  private updateOf(
    c: BulkChange,
    events: readonly CloudEvent[],
  ): { op: AnyBulkWriteOperation<StoredDocument>; entries: Entries } {
    const revision = c.previous.revision + 1;
    const fields = this.toFields({ ...c.next, revision });
    const $unset: Record<string, ''> = {};
    for (const key of Object.keys(this.toFields(c.previous))) if (!(key in fields)) $unset[key] = '';
    const entries = this.outbox.entries(events);
    const update: Record<string, unknown> = { $set: { ...fields, revision } };
    if (Object.keys($unset).length) update.$unset = $unset;
    if (entries.length) update.$push = { _outbox: { $each: entries } };
    return {
      op: { updateOne: { filter: { _id: c.next.id, revision: c.previous.revision }, update } },
      entries,
    };
  }

  /**
   * Commits a chunk of guarded changes into the messages' documents (PEC and SMS outcomes), one round trip per
   * BULK_CHUNK (each statement `{_id, revision}`: one document each, state and events together as in `commit`).
   * Returns the ids whose write certainly applied; when some did not match (another writer moved them: a receipt),
   * `unsure` lists the ids to check by reading them (a bulk result says how many matched, not which).
   */
  async commitMany(changes: readonly BulkChange[]): Promise<{ applied: string[]; unsure: string[] }> {
    const applied: string[] = [];
    const unsure: string[] = [];
    for (let i = 0; i < changes.length; i += BULK_CHUNK) {
      const chunk = changes.slice(i, i + BULK_CHUNK);
      const queued = await this.queuedEventsOf(
        chunk.filter((c) => c.previous.attempts === 1).map((c) => c.next.id),
      );
      const written = chunk.map((c) => {
        const q = queued.get(c.next.id);
        return { c, ...this.updateOf(c, q ? [q, ...c.events] : c.events) };
      });
      const res = await this.collection.bulkWrite(
        written.map((w) => w.op),
        { ordered: false },
      );
      if (res.matchedCount === chunk.length) {
        for (const w of written) {
          this.queuedEvents.delete(w.c.next.id);
          if (w.entries.length) this.outbox.written(this.name, w.c.next.id, w.entries);
          applied.push(w.c.next.id);
        }
        await this.closeMarks(written.filter((w) => isFinal(w.c.next.status)).map((w) => w.c.next.id));
      } else {
        // which ones applied is known only by reading them: the caller does; their events are in their
        // documents either way and the relay's sweep publishes them
        unsure.push(...written.map((w) => w.c.next.id));
      }
    }
    return { applied, unsure };
  }

  /**
   * The notifications of an origin, in the order they were queued, in their current states (the status filtered
   * after resolving: a document stays `queued` while its outcomes are in slices).
   */
  async byOrigin(
    origin: {
      caseId?: string;
      sheetId?: string;
      contactId?: string;
      procedureId?: string;
      invitationId?: string;
    },
    status: NotificationStatus | undefined,
    limit: number,
  ): Promise<Notification[]> {
    const filter: Record<string, unknown> = {};
    if (origin.caseId) filter.caseId = origin.caseId;
    if (origin.sheetId) filter.sheetId = origin.sheetId;
    if (origin.contactId) filter.contactId = origin.contactId;
    if (origin.procedureId) filter.procedureId = origin.procedureId;
    if (origin.invitationId) filter.invitationId = origin.invitationId;
    // with a status asked for, every message of the origin is resolved (an origin has a handful)
    const found = await this.resolve(await this.find(filter, status ? 0 : limit, { queuedAt: 1 }));
    return (status ? found.filter((n) => n.status === status) : found).slice(0, limit);
  }

  /** The notification an SMS delivery receipt is about (the SMSC's message id; SMS outcomes are in documents). */
  async byProviderMessageId(channel: string, providerMessageId: string): Promise<Notification | null> {
    const [n] = await this.find({ channel, providerMessageId }, 1);
    return n ? (await this.resolve([n]))[0] : null;
  }

  private async find(
    filter: Record<string, unknown>,
    limit: number,
    sort: Record<string, 1 | -1> = {},
  ): Promise<Notification[]> {
    const docs = await this.collection
      .find(filter, { projection: { _outbox: 0, _applied: 0, _queued: 0, _marked: 0 } })
      .sort(sort)
      .limit(limit)
      .toArray();
    return docs.map((d) => this.toState(d));
  }
}
