import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { outboxPlugin } from '@urp/persistence';

/** A record of each rebuild of the indicators (and the outbox of its IndicatorsRebuilt event). */
@Schema({ collection: 'indicator_rebuilds', versionKey: false })
export class IndicatorRebuildDocument {
  @Prop({ type: String }) _id!: string;
  @Prop({ required: true }) events!: number;
  @Prop({ required: true }) checksum!: string;
  @Prop({ required: true }) startedAt!: Date;
  @Prop({ required: true }) finishedAt!: Date;
}
export const IndicatorRebuildSchema =
  SchemaFactory.createForClass(IndicatorRebuildDocument).plugin(outboxPlugin);
