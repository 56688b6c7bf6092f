import { Schema } from 'mongoose';
import { outboxPlugin } from '@urp/persistence';

/** Reply templates and FAQ as plain documents (shape: ReplyTemplateDoc); indexes and outbox only. */
export const ReplyTemplateSchema = new Schema(
  { _id: String },
  { collection: 'reply_templates', strict: false, versionKey: false },
)
  .plugin(outboxPlugin)
  .index({ code: 1 }, { unique: true });

export const REPLY_TEMPLATE_MODEL = 'ReplyTemplate';
