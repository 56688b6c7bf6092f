import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { outboxPlugin } from '@urp/persistence';

@Schema({ collection: 'survey_invitations', versionKey: false })
export class SurveyInvitationDocument {
  @Prop({ type: String }) _id!: string;
  @Prop({ required: true }) contactId!: string;
  /** The event that caused this invitation: unique, so a redelivered event creates nothing. */
  @Prop({ required: true }) sourceEventId!: string;
  @Prop() requesterId?: string;
  @Prop({ required: true }) channel!: string;
  @Prop({ required: true, enum: ['pending', 'answered', 'expired'] }) status!: string;
  @Prop({ required: true }) createdAt!: Date;
  @Prop({ required: true }) expiresAt!: Date;
}

export const SurveyInvitationSchema =
  SchemaFactory.createForClass(SurveyInvitationDocument).plugin(outboxPlugin);
SurveyInvitationSchema.index({ sourceEventId: 1 }, { unique: true });
SurveyInvitationSchema.index({ contactId: 1 });
