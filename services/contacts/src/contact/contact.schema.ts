import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { outboxPlugin } from '@urp/persistence';
import { CHANNELS, CONTACT_TYPES } from './enums';

@Schema({ collection: 'contacts', versionKey: false })
export class ContactDocument {
  @Prop({ type: String }) _id!: string;
  @Prop({ required: true, enum: CHANNELS }) channel!: string;
  @Prop({ required: true, enum: CONTACT_TYPES }) type!: string;
  @Prop({ required: true }) subject!: string;
  @Prop({ required: true, enum: ['open', 'closed'] }) status!: 'open' | 'closed';
  @Prop() requesterId?: string;
  @Prop({ required: true }) operatorId!: string;
  @Prop({ required: true }) registeredAt!: Date;
  @Prop() closedAt?: Date;
  @Prop() resolvedAtFirstContact?: boolean;
}

export const ContactSchema = SchemaFactory.createForClass(ContactDocument).plugin(outboxPlugin);
ContactSchema.index({ registeredAt: -1 });
