import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { outboxPlugin } from '@urp/persistence';
import { Schema as MongooseSchema } from 'mongoose';

/**
 * The contacts collection. A case lives inside the contact it was born from (`case`): registering a
 * contact that opens a case is ONE document write with its events (FerretDB writes cost milliseconds).
 */
@Schema({ collection: 'contacts', versionKey: false, strict: false })
export class ContactDocument {
  @Prop({ type: String }) _id!: string;
  @Prop({ required: true }) channel!: string;
  @Prop({ required: true }) type!: string;
  @Prop({ required: true }) subject!: string;
  @Prop({ required: true }) status!: 'open' | 'closed';
  @Prop() requesterId?: string;
  @Prop({ required: true }) operatorId!: string;
  @Prop({ required: true }) registeredAt!: Date;
  @Prop({ type: MongooseSchema.Types.Mixed }) case?: Record<string, unknown>;
}

export const ContactSchema = SchemaFactory.createForClass(ContactDocument).plugin(outboxPlugin);
ContactSchema.index({ registeredAt: -1 });
ContactSchema.index({ 'case.dueAt': 1 });
ContactSchema.index({ 'case.nextTimerAt': 1 });
ContactSchema.index({ requesterId: 1 });

/** Time-driven event claims: `_id` = `<caseId>:<kind>:<instant>`, inserted with their event (fires once). */
@Schema({ collection: 'timer_claims', versionKey: false })
export class TimerClaimDocument {
  @Prop({ type: String }) _id!: string;
  @Prop({ required: true }) caseId!: string;
  @Prop({ required: true }) firedAt!: Date;
  @Prop() instance?: string;
}
export const TimerClaimSchema = SchemaFactory.createForClass(TimerClaimDocument).plugin(outboxPlugin);

/** Protocol counters: one document per solar year, `$inc` atomically. */
@Schema({ collection: 'protocol_counters', versionKey: false })
export class ProtocolCounterDocument {
  @Prop({ type: String }) _id!: string;
  @Prop({ required: true }) seq!: number;
}
export const ProtocolCounterSchema = SchemaFactory.createForClass(ProtocolCounterDocument);

/** Notes of the FAQ proposals sent (the proposal's events ride on this write). */
@Schema({ collection: 'faq_proposals', versionKey: false })
export class FaqProposalDocument {
  @Prop({ type: String }) _id!: string;
  @Prop({ required: true }) contactId!: string;
  @Prop({ required: true }) question!: string;
  @Prop({ required: true }) answer!: string;
  @Prop({ required: true }) proposedBy!: string;
  @Prop({ required: true }) proposedAt!: Date;
}
export const FaqProposalSchema = SchemaFactory.createForClass(FaqProposalDocument).plugin(outboxPlugin);
