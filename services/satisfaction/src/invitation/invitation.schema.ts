import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { outboxPlugin } from '@urp/persistence';
import type { SurveyAnswer } from '../survey/survey.rules';

/** A survey invitation; `_id` derives from the rated subject (one per contact, case, procedure, session). */
@Schema({ collection: 'survey_invitations', versionKey: false })
export class SurveyInvitationDocument {
  @Prop({ type: String }) _id!: string;
  @Prop({ required: true }) surveyId!: string;
  @Prop({ required: true }) surveyKind!: string;
  @Prop({ required: true }) trigger!: string;
  @Prop({ required: true }) subjectId!: string;
  @Prop() contactId?: string;
  @Prop() caseId?: string;
  @Prop() procedureId?: string;
  @Prop() requesterId?: string;
  @Prop() channel?: string;
  @Prop() officeId?: string;
  @Prop() serviceCode?: string;
  /** The event (or request) that made the survey due. */
  @Prop({ required: true }) sourceEventId!: string;
  @Prop({ required: true, enum: ['pending', 'answered', 'expired'] }) status!: string;
  @Prop({ required: true }) createdAt!: Date;
  @Prop({ required: true }) expiresAt!: Date;
  /** The link's token, sealed (AES-GCM) for delivery while pending; removed once answered or expired. */
  @Prop() tokenSealed?: string;
  @Prop() answeredAt?: Date;
  @Prop({ type: Object }) answer?: SurveyAnswer;
}

export const SurveyInvitationSchema =
  SchemaFactory.createForClass(SurveyInvitationDocument).plugin(outboxPlugin);
SurveyInvitationSchema.index({ contactId: 1 });

/** Token digest → invitation (lookups by `_id` only: FerretDB answers those from its primary key). */
@Schema({ collection: 'survey_tokens', versionKey: false })
export class SurveyTokenDocument {
  @Prop({ type: String }) _id!: string;
  @Prop({ required: true }) invitationId!: string;
}
export const SurveyTokenSchema = SchemaFactory.createForClass(SurveyTokenDocument);

/** The last invitation of a requester (the quiet period); `_id` is the pseudonymous requester id. */
@Schema({ collection: 'survey_requesters', versionKey: false })
export class SurveyRequesterDocument {
  @Prop({ type: String }) _id!: string;
  @Prop({ required: true }) lastInvitedAt!: Date;
  @Prop({ required: true }) invitationId!: string;
}
export const SurveyRequesterSchema = SchemaFactory.createForClass(SurveyRequesterDocument);
