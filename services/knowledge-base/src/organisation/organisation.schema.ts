import { Schema } from 'mongoose';
import { outboxPlugin } from '@urp/persistence';

/** Offices and referents are stored as plain documents; the schemas only declare indexes and the outbox. */
export const OfficeSchema = new Schema(
  { _id: String },
  { collection: 'offices', strict: false, versionKey: false },
)
  .plugin(outboxPlugin)
  .index({ code: 1 }, { unique: true });

export const ReferentSchema = new Schema(
  { _id: String },
  { collection: 'referents', strict: false, versionKey: false },
)
  .plugin(outboxPlugin)
  .index({ officeId: 1 });

export const OFFICE_MODEL = 'Office';
export const REFERENT_MODEL = 'Referent';
