import type { EventPayload, OfficeChangedV1, ReferentChangedV1 } from '@urp/contracts';
import type { Office, Referent } from './directory.rules';

/** What a directory keeps of the contacts the knowledge base publishes: nothing, unless it delivers to staff. */
export interface DirectoryContacts {
  /** Keep the office's and the referent's e-mail (campaigns: the weekly bulletin and the staff notices). */
  emails?: boolean;
}

/** What the directory keeps of an `OfficeChanged` (the office's contacts stay with the knowledge base). */
export function officeOf(d: EventPayload<typeof OfficeChangedV1>, keep: DirectoryContacts = {}): Office {
  return {
    id: d.officeId,
    code: d.code,
    name: d.name,
    active: d.active,
    ...(d.headReferentId ? { headReferentId: d.headReferentId } : {}),
    ...(keep.emails && d.email ? { email: d.email } : {}),
  };
}

/** What the directory keeps of a `ReferentChanged` (no e-mail unless `keep.emails`). */
export function referentOf(
  d: EventPayload<typeof ReferentChangedV1>,
  keep: DirectoryContacts = {},
): Referent {
  return {
    id: d.referentId,
    name: d.name,
    officeId: d.officeId,
    active: d.active,
    ...(d.staffId ? { staffId: d.staffId } : {}),
    ...(keep.emails && d.email ? { email: d.email } : {}),
  };
}
