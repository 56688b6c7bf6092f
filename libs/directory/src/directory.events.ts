import type { EventPayload, OfficeChangedV1, ReferentChangedV1 } from '@urp/contracts';
import type { Office, Referent } from './directory.rules';

/** What the directory keeps of an `OfficeChanged` (the office's contacts stay with the knowledge base). */
export function officeOf(d: EventPayload<typeof OfficeChangedV1>): Office {
  return {
    id: d.officeId,
    code: d.code,
    name: d.name,
    active: d.active,
    ...(d.headReferentId ? { headReferentId: d.headReferentId } : {}),
  };
}

/** What the directory keeps of a `ReferentChanged` (no e-mail: campaigns reads it for itself). */
export function referentOf(d: EventPayload<typeof ReferentChangedV1>): Referent {
  return {
    id: d.referentId,
    name: d.name,
    officeId: d.officeId,
    active: d.active,
    ...(d.staffId ? { staffId: d.staffId } : {}),
  };
}
