import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { CloudEvent } from '@urp/contracts';
import { EventOutbox } from '@urp/messaging';
import {
  insertOnce,
  isDuplicateKeyError,
  updateWithEvents,
  withEvents,
  type ApplyResult,
} from '@urp/persistence';
import type { Model } from 'mongoose';
import type { SurveyAnswer } from '../survey/survey.rules';
import { SurveyInvitationDocument, SurveyRequesterDocument, SurveyTokenDocument } from './invitation.schema';

@Injectable()
export class InvitationRepository implements OnModuleInit {
  constructor(
    @InjectModel(SurveyInvitationDocument.name) private readonly model: Model<SurveyInvitationDocument>,
    @InjectModel(SurveyTokenDocument.name) private readonly tokens: Model<SurveyTokenDocument>,
    @InjectModel(SurveyRequesterDocument.name) private readonly requesters: Model<SurveyRequesterDocument>,
    private readonly outbox: EventOutbox,
  ) {
    outbox.track(model);
  }

  async onModuleInit(): Promise<void> {
    await Promise.all([this.model.init(), this.tokens.init(), this.requesters.init()]);
  }

  /**
   * Claims the requester for this invitation unless they were invited after `blockedSince` (the quiet
   * period). One conditional upsert: two services ending at once for the same person give one survey.
   * A retry of the same invitation keeps its claim.
   */
  async claimRequester(
    requesterId: string,
    invitationId: string,
    now: Date,
    blockedSince: Date,
  ): Promise<boolean> {
    const col = this.requesters.collection;
    try {
      await col.updateOne(
        { _id: requesterId, lastInvitedAt: { $lt: blockedSince } } as never,
        { $set: { lastInvitedAt: now, invitationId } },
        { upsert: true },
      );
      return true;
    } catch (e) {
      if (!isDuplicateKeyError(e)) throw e;
      const doc = await col.findOne({ _id: requesterId } as never);
      return doc?.invitationId === invitationId;
    }
  }

  async saveToken(tokenHash: string, invitationId: string): Promise<void> {
    await this.tokens.collection.insertOne({ _id: tokenHash, invitationId } as never);
  }

  async dropToken(tokenHash: string): Promise<void> {
    await this.tokens.collection.deleteOne({ _id: tokenHash } as never);
  }

  async invitationIdOfToken(tokenHash: string): Promise<string | undefined> {
    const doc = await this.tokens.collection.findOne({ _id: tokenHash } as never);
    return doc?.invitationId as string | undefined;
  }

  /** Inserts the invitation with its events, once (the `_id` derives from the rated subject). */
  async insertOnce(doc: SurveyInvitationDocument, events: CloudEvent[]): Promise<ApplyResult> {
    const entries = this.outbox.entries(...events);
    const result = await insertOnce(this.model.collection, withEvents(doc, entries));
    if (result === 'applied') this.outbox.written(this.model, doc._id, entries);
    return result;
  }

  /** Records the answer if the invitation is still pending: the answer is accepted once. */
  async answerOnce(
    id: string,
    answer: SurveyAnswer,
    answeredAt: Date,
    events: CloudEvent[],
  ): Promise<boolean> {
    const entries = this.outbox.entries(...events);
    const res = await this.model.collection.updateOne(
      { _id: id, status: 'pending' } as never,
      updateWithEvents(
        { $set: { status: 'answered', answeredAt, answer }, $unset: { tokenSealed: '' } },
        entries,
      ) as never,
    );
    if (res.modifiedCount) this.outbox.written(this.model, id, entries);
    return res.modifiedCount > 0;
  }

  async expireOnce(id: string, events: CloudEvent[]): Promise<boolean> {
    const entries = this.outbox.entries(...events);
    const res = await this.model.collection.updateOne(
      { _id: id, status: 'pending' } as never,
      updateWithEvents({ $set: { status: 'expired' }, $unset: { tokenSealed: '' } }, entries) as never,
    );
    if (res.modifiedCount) this.outbox.written(this.model, id, entries);
    return res.modifiedCount > 0;
  }

  /** Pending invitations past their expiry (a scan: it runs once a minute, off the hot path). */
  findExpired(now: Date, limit = 200) {
    return this.model
      .find({ status: 'pending', expiresAt: { $lt: now } })
      .limit(limit)
      .lean<SurveyInvitationDocument[]>();
  }

  findById(id: string) {
    return this.model.findById(id).lean<SurveyInvitationDocument>();
  }

  findByContact(contactId: string) {
    return this.model.findOne({ contactId }).sort({ createdAt: -1 }).lean<SurveyInvitationDocument>();
  }

  list(filter: { status?: string; trigger?: string }, limit: number) {
    return this.model.find(filter).sort({ createdAt: -1 }).limit(limit).lean<SurveyInvitationDocument[]>();
  }
}
