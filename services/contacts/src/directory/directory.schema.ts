import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * What contacts keeps of the knowledge base's organisation and canned replies, fed by its events
 * (OfficeChanged, ReferentChanged, ReplyTemplatePublished): routing and replies never call another service.
 * `_id` = `office:<id>` | `referent:<id>` | `template:<id>`.
 */
@Schema({ collection: 'directory', versionKey: false, strict: false })
export class DirectoryDocument {
  @Prop({ type: String }) _id!: string;
  @Prop({ required: true }) kind!: 'office' | 'referent' | 'template';
  @Prop({ required: true }) changedAt!: Date;
}
export const DirectorySchema = SchemaFactory.createForClass(DirectoryDocument);
DirectorySchema.index({ kind: 1 });

/** Per-administration settings: phase labels and the due-date policy. */
@Schema({ collection: 'settings', versionKey: false, strict: false })
export class SettingsDocument {
  @Prop({ type: String }) _id!: string;
}
export const SettingsSchema = SchemaFactory.createForClass(SettingsDocument);
