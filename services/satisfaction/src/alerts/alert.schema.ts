import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { outboxPlugin } from '@urp/persistence';

@Schema({ collection: 'satisfaction_alerts', versionKey: false })
export class SatisfactionAlertDocument {
  @Prop({ type: String }) _id!: string;
  @Prop({ required: true }) scope!: string;
  @Prop({ required: true }) scopeId!: string;
  @Prop({ required: true }) measure!: string;
  @Prop({ required: true }) value!: number;
  @Prop({ required: true }) threshold!: number;
  @Prop({ required: true }) sampleSize!: number;
  @Prop({ required: true }) windowStart!: string;
  @Prop({ required: true }) windowEnd!: string;
  @Prop({ required: true }) raisedAt!: Date;
}
export const SatisfactionAlertSchema =
  SchemaFactory.createForClass(SatisfactionAlertDocument).plugin(outboxPlugin);

export interface ActionChange {
  status: string;
  by: string;
  at: Date;
  note?: string;
}

@Schema({ collection: 'improvement_actions', versionKey: false })
export class ImprovementActionDocument {
  @Prop({ type: String }) _id!: string;
  @Prop() alertId?: string;
  @Prop({ required: true }) scope!: string;
  @Prop({ required: true }) scopeId!: string;
  @Prop({ required: true }) title!: string;
  @Prop() description?: string;
  @Prop({ required: true }) status!: string;
  @Prop() dueAt?: Date;
  @Prop({ type: [Object], required: true }) history!: ActionChange[];
  @Prop({ required: true }) createdAt!: Date;
  @Prop({ required: true }) updatedAt!: Date;
}
export const ImprovementActionSchema =
  SchemaFactory.createForClass(ImprovementActionDocument).plugin(outboxPlugin);
