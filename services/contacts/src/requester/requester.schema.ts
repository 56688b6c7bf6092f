import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { outboxPlugin } from '@urp/persistence';

/** Requesters: the only collection with citizens' personal data. */
@Schema({ collection: 'requesters', versionKey: false, strict: false })
export class RequesterDocument {
  @Prop({ type: String }) _id!: string;
  @Prop({ required: true }) kind!: string;
  @Prop({ required: true }) createdAt!: Date;
}
export const RequesterSchema = SchemaFactory.createForClass(RequesterDocument).plugin(outboxPlugin);
RequesterSchema.index({ fiscalCode: 1 });
RequesterSchema.index({ retainUntil: 1 });

/** The audit trail of personal data: who read or changed what, when and why. Append-only. */
@Schema({ collection: 'personal_data_audit', versionKey: false })
export class AuditDocument {
  @Prop({ type: String }) _id!: string;
  @Prop({ required: true }) requesterId!: string;
  @Prop({ required: true }) at!: Date;
  @Prop({ required: true }) who!: string;
  @Prop({ required: true }) action!: string;
  @Prop({ required: true }) purpose!: string;
  @Prop({ type: [String], default: [] }) fields!: string[];
}
export const AuditSchema = SchemaFactory.createForClass(AuditDocument);
AuditSchema.index({ requesterId: 1, at: -1 });
