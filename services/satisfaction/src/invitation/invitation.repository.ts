import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { CloudEvent } from '@urp/contracts';
import { EventOutbox } from '@urp/messaging';
import { insertOnce, withEvents, type ApplyResult } from '@urp/persistence';
import type { Model } from 'mongoose';
import { SurveyInvitationDocument } from './invitation.schema';

@Injectable()
export class InvitationRepository implements OnModuleInit {
  constructor(
    @InjectModel(SurveyInvitationDocument.name) private readonly model: Model<SurveyInvitationDocument>,
    private readonly outbox: EventOutbox,
  ) {
    outbox.track(model);
  }

  /** The unique index on `sourceEventId` is what makes the handler idempotent: it must exist before any insert. */
  async onModuleInit(): Promise<void> {
    await this.model.init();
  }

  /** Inserts the invitation with its events, once per source event (unique `sourceEventId`). */
  async insertOnce(doc: SurveyInvitationDocument, events: CloudEvent[]): Promise<ApplyResult> {
    const entries = this.outbox.entries(...events);
    const result = await insertOnce(this.model.collection, withEvents(doc, entries));
    if (result === 'applied') this.outbox.written(this.model, doc._id, entries);
    return result;
  }

  findById(id: string) {
    return this.model.findById(id).lean<SurveyInvitationDocument>();
  }

  findByContact(contactId: string) {
    return this.model.findOne({ contactId }).sort({ createdAt: -1 }).lean<SurveyInvitationDocument>();
  }
}
