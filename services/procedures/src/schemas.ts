import { Schema } from 'mongoose';
import { outboxPlugin } from '@urp/persistence';

/**
 * Collections of the procedures service. Documents are written and read through the repositories with
 * `{_id}` filters only (the one filter FerretDB answers from its primary key); the shapes live in the pure
 * rules (`Procedure`, `ProcedureType`), so the schemas only declare ids and the outbox.
 */
const loose = (collection: string, withOutbox: boolean) => {
  const s = new Schema(
    { _id: { type: String } },
    { collection, strict: false, versionKey: false, _id: false },
  );
  if (withOutbox) s.plugin(outboxPlugin);
  return s;
};

export const PROCEDURE_TYPE = 'ProcedureType';
export const PROCEDURE = 'Procedure';
/** One document per time-driven event occurrence: its unique `_id` makes it fire once across instances. */
export const CLOCK_CLAIM = 'ClockClaim';
/** Read model: one document per responsible person with their open procedures (the desk). */
export const DESK = 'Desk';
/** One tiny document per desk: its version, bumped after every change (see DeskRepository). */
export const DESK_VERSION = 'DeskVersion';
/** Read model: the access register, one row per access request. */
export const REGISTER_ROW = 'AccessRegisterRow';
/** Form versions from the knowledge base's FormPublished events, kept locally. */
export const FORM_VERSION = 'FormVersion';

export const schemas = [
  { name: PROCEDURE_TYPE, schema: loose('procedure_types', true) },
  { name: PROCEDURE, schema: loose('procedures', true) },
  { name: CLOCK_CLAIM, schema: loose('clock_claims', true) },
  { name: DESK, schema: loose('desks', false) },
  { name: DESK_VERSION, schema: loose('desk_versions', false) },
  { name: REGISTER_ROW, schema: loose('access_register', false) },
  { name: FORM_VERSION, schema: loose('form_versions', false) },
];
