import { Schema } from 'mongoose';
import { outboxPlugin } from '@urp/persistence';

/** Forms as plain documents (shape: FormDoc, validated with zod in the use cases); indexes and outbox only. */
export const FormSchema = new Schema(
  { _id: String },
  { collection: 'forms', strict: false, versionKey: false },
)
  .plugin(outboxPlugin)
  .index({ code: 1 }, { unique: true });

export const FORM_MODEL = 'Form';
