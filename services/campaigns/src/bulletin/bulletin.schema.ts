import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { outboxPlugin } from '@urp/persistence';

/** One digest to one referent or office for one week: `_id` = `weekly:<type>:<id>:<periodEnd day>` (sent once). */
@Schema({ collection: 'bulletins', versionKey: false })
export class BulletinDocument {
  @Prop({ type: String }) _id!: string;
  @Prop({ required: true }) recipientType!: 'referent' | 'office';
  @Prop({ required: true }) recipientId!: string;
  @Prop({ required: true }) periodStart!: Date;
  @Prop({ required: true }) periodEnd!: Date;
  @Prop({ required: true }) status!: 'sending' | 'sent' | 'failed';
  @Prop() sentAt?: Date;
  @Prop() error?: string;
  @Prop({ default: 0 }) sheetsChanged!: number;
  @Prop({ default: 0 }) reviewsDue!: number;
  @Prop({ default: 0 }) casesWaiting!: number;
}
export const BulletinSchema = SchemaFactory.createForClass(BulletinDocument).plugin(outboxPlugin);
