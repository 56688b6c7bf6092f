import { DomainError } from '@urp/kernel';

/** An office of the knowledge base's organisation (OfficeChanged): its id and its code both name it. */
export interface DirectoryOffice {
  id: string;
  code: string;
  name: string;
  active: boolean;
}
/** An internal referent (ReferentChanged): their referent id, and the staff account they sign in with, if known. */
export interface DirectoryReferent {
  id: string;
  name: string;
  officeId: string;
  staffId?: string;
  active: boolean;
}
export interface StaffDirectory {
  offices: readonly DirectoryOffice[];
  referents: readonly DirectoryReferent[];
}

/** The ids an office is known by (its id and its code), so a procedure's office matches either. */
function officeKeys(dir: StaffDirectory, officeId: string): Set<string> {
  const o = dir.offices.find((x) => x.id === officeId || x.code === officeId);
  return new Set(o ? [o.id, o.code] : [officeId]);
}

/**
 * The person a procedure is assigned to (issue 12; L. 241/1990 art. 5: the head of the office assigns the
 * responsibility to a member of that office) must be an active referent of the procedure's office, named by their
 * staff account or referent id. While the knowledge base has published no referent at all, the assignment is taken
 * as given (as in contacts: nothing to check against yet). Returns the referent found, for their name.
 */
export function checkAssignee(
  dir: StaffDirectory,
  assigneeId: string,
  office: { officeId?: string; officeName?: string },
  field: string,
): DirectoryReferent | undefined {
  if (!dir.referents.length) return undefined;
  const candidates = dir.referents.filter((r) => r.staffId === assigneeId || r.id === assigneeId);
  const active = candidates.filter((r) => r.active);
  if (!active.length) throw DomainError.invalid(field, `${assigneeId} non è un referente attivo dell’ente`);
  const officeId = office.officeId;
  if (!officeId) return active[0];
  const keys = officeKeys(dir, officeId);
  const ofOffice = active.find((r) => keys.has(r.officeId) || officeKeys(dir, r.officeId).has(officeId));
  if (!ofOffice)
    throw DomainError.invalid(
      field,
      `${active[0].name} non è referente dell’ufficio ${office.officeName ?? office.officeId}: il procedimento si assegna a un referente di quell’ufficio`,
    );
  return ofOffice;
}
