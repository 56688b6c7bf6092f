import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { outboxPlugin } from '@urp/persistence';
import { Schema as MongooseSchema } from 'mongoose';
import type { BlackoutJustification, CampaignStatus, CampaignStep } from './campaign.rules';
import type { Segment } from '../audience/audience.rules';

export interface TrackedLink {
  linkId: string;
  url: string;
  sheetId?: string;
}

export type StoredStep = CampaignStep & { links: TrackedLink[] };

@Schema({ collection: 'campaigns', versionKey: false })
export class CampaignDocument {
  @Prop({ type: String }) _id!: string;
  @Prop({ required: true }) title!: string;
  @Prop({ required: true }) goal!: string;
  @Prop({ type: [String], default: [] }) topics!: string[];
  @Prop({ type: [String], default: [] }) sheetIds!: string[];
  @Prop({ type: MongooseSchema.Types.Mixed, default: {} }) segment!: Segment;
  @Prop({ type: [MongooseSchema.Types.Mixed], default: [] }) steps!: StoredStep[];
  @Prop({ required: true }) startsAt!: Date;
  @Prop() endsAt?: Date;
  @Prop({ required: true }) ownerId!: string;
  @Prop({ required: true }) authorId!: string;
  @Prop({ required: true, type: String }) status!: CampaignStatus;
  @Prop({ type: MongooseSchema.Types.Mixed }) blackoutJustification?:
    (BlackoutJustification & { recordedBy: string; recordedAt: Date; periods?: string[] }) | null;
  @Prop() approvedBy?: string;
  @Prop() approvedAt?: Date;
  @Prop() launchedAt?: Date;
  @Prop() completedAt?: Date;
  /** The next step to send (0-based). */
  @Prop({ default: 0 }) nextStep!: number;
  /** Which runner is sending a step now, until when (another instance takes over after a crash). */
  @Prop({ type: MongooseSchema.Types.Mixed }) lease?: { owner: string; until: Date } | null;
  @Prop({ type: [MongooseSchema.Types.Mixed], default: [] }) history!: {
    action: string;
    by: string;
    at: Date;
    note?: string;
  }[];
  @Prop({ required: true }) createdAt!: Date;
  @Prop({ required: true }) updatedAt!: Date;
}

export const CampaignSchema = SchemaFactory.createForClass(CampaignDocument).plugin(outboxPlugin);
CampaignSchema.index({ status: 1 });

/** Progress of one step: `_id` = `<campaignId>:<stepId>`; the checkpoint lets a restart skip what was handled. */
@Schema({ collection: 'step_runs', versionKey: false })
export class StepRunDocument {
  @Prop({ type: String }) _id!: string;
  @Prop({ required: true }) campaignId!: string;
  @Prop({ required: true }) stepId!: string;
  @Prop({ required: true }) stepIndex!: number;
  @Prop({ required: true }) startedAt!: Date;
  @Prop() completedAt?: Date;
  /** How many audience documents (in stream order) are fully handled: a restart skips them. */
  @Prop() checkpoint?: number;
  @Prop({ default: 0 }) recipients!: number;
  @Prop({ default: 0 }) sent!: number;
  @Prop({ default: 0 }) bounced!: number;
  @Prop({ default: 0 }) skipped!: number;
  /** Deliveries found already recorded (a restart): not sent again. */
  @Prop({ default: 0 }) duplicatesAvoided!: number;
}
export const StepRunSchema = SchemaFactory.createForClass(StepRunDocument);
