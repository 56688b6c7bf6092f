import {
  activeReferentsOf,
  sameOffice,
  type Office,
  type Referent,
  type StaffDirectory,
} from '@urp/directory';
import { DomainError } from '@urp/kernel';

export type { StaffDirectory } from '@urp/directory';
/** An office of the knowledge base's organisation (the one directory projection, `@urp/directory`). */
export type DirectoryOffice = Office;
/** An internal referent: their referent id, and the staff account they sign in with, if known. */
export type DirectoryReferent = Referent;

/**
 * The person a procedure is assigned to (issue 12; L. 241/1990 art. 5: the head of the office assigns the
 * responsibility to a member of that office) must be an active referent of the procedure's office, named by their
 * staff account or referent id; the offices on either side by id or code (an exact id wins over a code, then the
 * active office with that code: `@urp/directory`). While the knowledge base has published no referent at all, the
 * assignment is taken as given (as in contacts: nothing to check against yet). Returns the referent found, for
 * their name.
 */
export function checkAssignee(
  dir: StaffDirectory,
  assigneeId: string,
  office: { officeId?: string; officeName?: string },
  field: string,
): DirectoryReferent | undefined {
  if (!dir.referents.length) return undefined;
  const active = activeReferentsOf(dir.referents, assigneeId);
  if (!active.length) throw DomainError.invalid(field, `${assigneeId} non è un referente attivo dell’ente`);
  const officeId = office.officeId;
  if (!officeId) return active[0];
  const ofOffice = active.find((r) => sameOffice(dir.offices, r.officeId, officeId));
  if (!ofOffice)
    throw DomainError.invalid(
      field,
      `${active[0].name} non è referente dell’ufficio ${office.officeName ?? office.officeId}: il procedimento si assegna a un referente di quell’ufficio`,
    );
  return ofOffice;
}
