import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import {
  MONGO_DB,
  MongoAggregateStore,
  OUTBOX_PORT,
  type AggregateStore,
  type OutboxPort,
  type StoredDocument,
} from '@urp/kernel';
import type { Collection, Db, Filter } from 'mongodb';
import { withoutAnswer, type Invitation } from './invitation.rules';

/** Token digest → invitation (lookups by `_id` only: FerretDB answers those from its primary key). */
interface TokenDocument {
  _id: string;
  invitationId: string;
}

/** The last invitation of a requester (the quiet period); `_id` is the pseudonymous requester id. */
/** Requesters' claims remembered before the memory starts again (about 150 bytes each). */
const CLAIMS_REMEMBERED = 100_000;

interface RequesterDocument {
  _id: string;
  lastInvitedAt: Date;
  invitationId: string;
}

/** What the use cases need of the invitations (the fast tier runs them on an in-memory store). */
export interface InvitationRepository extends AggregateStore<Invitation> {
  claimRequester(requesterId: string, invitationId: string, now: Date, blockedSince: Date): Promise<boolean>;
  saveToken(tokenHash: string, invitationId: string): Promise<void>;
  dropToken(tokenHash: string): Promise<void>;
  invitationIdOfToken(tokenHash: string): Promise<string | undefined>;
  expired(now: Date, limit?: number): Promise<Invitation[]>;
  latestOfContact(contactId: string): Promise<Invitation | undefined>;
  list(filter: { status?: string; trigger?: string }, limit: number): Promise<Invitation[]>;
  /** Every pending invitation with its sealed token: what the page index starts from. */
  pendingSeals(): Promise<PendingSeal[]>;
}

/** What the page index needs of a pending invitation (the seal gives the token, hence its digest). */
export type PendingSeal = Pick<Invitation, 'id' | 'surveyId' | 'expiresAt' | 'status' | 'tokenSealed'>;

const HIDDEN = { projection: { _outbox: 0, _applied: 0 } };

const isDuplicateKey = (e: unknown): boolean =>
  typeof e === 'object' && e !== null && (e as { code?: number }).code === 11000;

/**
 * The only writer of `survey_invitations`, with the two small collections an invitation needs: the token
 * digests (`survey_tokens`) and the quiet-period claims (`survey_requesters`).
 */
@Injectable()
export class InvitationStore
  extends MongoAggregateStore<Invitation>
  implements InvitationRepository, OnModuleInit
{
  private readonly tokens: Collection<TokenDocument>;
  private readonly requesters: Collection<RequesterDocument>;
  /** Claims seen by this instance, by requester (`claimRequester`). */
  private readonly claims = new Map<string, Pick<RequesterDocument, 'lastInvitedAt' | 'invitationId'>>();

  constructor(@Inject(MONGO_DB) db: Db, @Inject(OUTBOX_PORT) outbox: OutboxPort) {
    super(db, outbox, 'survey_invitations');
    this.tokens = db.collection<TokenDocument>('survey_tokens');
    this.requesters = db.collection<RequesterDocument>('survey_requesters');
  }

  async onModuleInit(): Promise<void> {
    await this.collection.createIndex({ contactId: 1 });
    await this.forgetAnswers();
  }

  /**
   * Invitations answered before answers were kept apart held the rating, the comment and the time beside
   * the case: dropped once at start (a data-minimisation step, idempotent). The revision is not bumped:
   * the state the use cases see was already without them (`withoutAnswer`).
   */
  async forgetAnswers(): Promise<number> {
    const r = await this.collection.updateMany(
      { answer: { $exists: true } },
      { $unset: { answer: '', answeredAt: '' } },
    );
    return r.modifiedCount;
  }

  /**
   * Claims the requester for this invitation unless they were invited after `blockedSince` (the quiet
   * period). One conditional upsert, not read-decide-write: two services ending at once for the same
   * person give one survey. A retry of the same invitation keeps its claim: the filter matches it too (and moves
   * its time to the retry's). A requester surveyed recently matches nothing and the upsert collides on `_id`.
   *
   * The claims this instance saw (made, or read once after a collision) answer a later invitation of the same
   * requester within their quiet period without a statement (issue 17: a requester who comes back within the
   * period cost a failed upsert each time). Sound across instances: `lastInvitedAt` only grows, and only a call
   * whose quiet period started after the remembered time can change the document.
   */
  async claimRequester(
    requesterId: string,
    invitationId: string,
    now: Date,
    blockedSince: Date,
  ): Promise<boolean> {
    const known = this.claims.get(requesterId);
    if (known && known.lastInvitedAt >= blockedSince && known.invitationId !== invitationId) return false;
    try {
      await this.requesters.updateOne(
        { _id: requesterId, $or: [{ lastInvitedAt: { $lt: blockedSince } }, { invitationId }] },
        { $set: { lastInvitedAt: now, invitationId } },
        { upsert: true },
      );
      this.remember(requesterId, { lastInvitedAt: now, invitationId });
      return true;
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
      const claim = await this.requesters.findOne({ _id: requesterId });
      if (claim) this.remember(requesterId, claim);
      // two deliveries of the same invitation racing to insert: the one that lost finds its own claim
      return claim?.invitationId === invitationId;
    }
  }

  private remember(requesterId: string, claim: Pick<RequesterDocument, 'lastInvitedAt' | 'invitationId'>) {
    if (this.claims.size >= CLAIMS_REMEMBERED) this.claims.clear();
    this.claims.set(requesterId, { lastInvitedAt: claim.lastInvitedAt, invitationId: claim.invitationId });
  }

  async saveToken(tokenHash: string, invitationId: string): Promise<void> {
    await this.tokens.insertOne({ _id: tokenHash, invitationId });
  }

  async dropToken(tokenHash: string): Promise<void> {
    await this.tokens.deleteOne({ _id: tokenHash });
  }

  async invitationIdOfToken(tokenHash: string): Promise<string | undefined> {
    return (await this.tokens.findOne({ _id: tokenHash }))?.invitationId;
  }

  /** Pending invitations past their expiry (a scan: the sweep runs once a minute, off the hot path). */
  async expired(now: Date, limit = 200): Promise<Invitation[]> {
    return this.find({ status: 'pending', expiresAt: { $lt: now } }, limit);
  }

  /** The latest invitation about a contact (also one that followed a case it opened). */
  async latestOfContact(contactId: string): Promise<Invitation | undefined> {
    return (await this.find({ contactId }, 1))[0];
  }

  /**
   * Pending invitations with their seals, for the page index at start: one read of the collection (FerretDB
   * reads every document for a `status` filter), with no time limit, off the hot path. The page asks the
   * store by `_id` until it is done.
   */
  async pendingSeals(): Promise<PendingSeal[]> {
    const docs = await this.collection
      .find(
        { status: 'pending' },
        { projection: { surveyId: 1, expiresAt: 1, status: 1, tokenSealed: 1 }, maxTimeMS: 0 },
      )
      .toArray();
    return docs.map((d) => ({
      id: String(d._id),
      surveyId: String(d.surveyId),
      expiresAt: d.expiresAt as Date,
      status: 'pending',
      tokenSealed: typeof d.tokenSealed === 'string' ? d.tokenSealed : undefined,
    }));
  }

  list(filter: { status?: string; trigger?: string }, limit: number): Promise<Invitation[]> {
    const f: Filter<StoredDocument> = {};
    if (filter.status) f.status = filter.status;
    if (filter.trigger) f.trigger = filter.trigger;
    return this.find(f, limit);
  }

  private async find(filter: Filter<StoredDocument>, limit: number): Promise<Invitation[]> {
    const docs = await this.collection.find(filter, HIDDEN).sort({ createdAt: -1 }).limit(limit).toArray();
    return docs.map((d) => withoutAnswer(this.toState(d)));
  }
}
