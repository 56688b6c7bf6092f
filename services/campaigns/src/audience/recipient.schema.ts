import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { outboxPlugin } from '@urp/persistence';
import { Schema as MongooseSchema } from 'mongoose';
import type { ConsentState } from './audience.rules';

/**
 * A pseudonymous recipient: `_id` = requesterId. No address, no name: the address is asked of the contacts service
 * at delivery time only. Consent by `<channel>_<purpose>` with time and source; the full history is kept.
 */
@Schema({ collection: 'recipients', versionKey: false })
export class RecipientDocument {
  @Prop({ type: String }) _id!: string;
  @Prop({ type: MongooseSchema.Types.Mixed, default: {} }) consents!: Record<string, ConsentState>;
  @Prop({ type: [MongooseSchema.Types.Mixed], default: [] }) consentHistory!: (ConsentState & {
    channel: string;
    purpose: string;
    recordedBy?: string;
  })[];
  @Prop({ type: [String], default: [] }) servicesUsed!: string[];
  @Prop({ type: MongooseSchema.Types.Mixed }) doNotContact?: {
    since: string;
    reason: string;
    by: string;
  } | null;
  @Prop() anonymisedAt?: string;
  @Prop() updatedAt?: Date;
}
export const RecipientSchema = SchemaFactory.createForClass(RecipientDocument).plugin(outboxPlugin);
