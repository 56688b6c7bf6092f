import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { outboxPlugin } from '@urp/persistence';
import type { Channel, DeliveryStatus } from '../audience/audience.rules';

/**
 * One message to one recipient for one step. `_id` is deterministic (campaign + step + recipient): it is inserted
 * BEFORE sending, so a second attempt at the same step for the same person collides and sends nothing, even
 * after a restart. The address is never stored.
 */
@Schema({ collection: 'deliveries', versionKey: false })
export class DeliveryDocument {
  @Prop({ type: String }) _id!: string;
  @Prop({ required: true }) campaignId!: string;
  @Prop({ required: true }) stepId!: string;
  @Prop({ required: true }) requesterId!: string;
  @Prop({ required: true, type: String }) channel!: Channel;
  @Prop({ required: true, type: String }) status!: DeliveryStatus;
  @Prop({ required: true }) queuedAt!: Date;
  @Prop() sentAt?: Date;
  @Prop() deliveredAt?: Date;
  @Prop() bouncedAt?: Date;
  @Prop() openedAt?: Date;
  @Prop() clickedAt?: Date;
  @Prop() unsubscribedAt?: Date;
  @Prop() attempts?: number;
  /** A technical code (SMTP reply, provider code, `no_address`): never the address. */
  @Prop() error?: string;
}
export const DeliverySchema = SchemaFactory.createForClass(DeliveryDocument).plugin(outboxPlugin);

/**
 * Carries the events of a chunk of deliveries (up to 50 MessageDelivered/MessageBounced) in its outbox: one insert
 * and one acknowledgement per chunk instead of one per message (FerretDB runs writes one at a time).
 */
@Schema({ collection: 'delivery_batches', versionKey: false })
export class DeliveryBatchDocument {
  @Prop({ type: String }) _id!: string;
  @Prop({ required: true }) campaignId!: string;
  @Prop({ required: true }) stepId!: string;
  @Prop({ required: true }) at!: Date;
  @Prop({ default: 0 }) delivered!: number;
  @Prop({ default: 0 }) bounced!: number;
}
export const DeliveryBatchSchema = SchemaFactory.createForClass(DeliveryBatchDocument).plugin(outboxPlugin);
