import { activeReferentsOf, findOffice, sameOffice, type StaffDirectory } from '@urp/directory';
import type { Procedure } from './procedure.state';

/**
 * The start notice (comunicazione di avvio del procedimento), L. 241/1990 art. 8 c.2: it must state
 * a) the competent administration; b) the subject of the procedure; c) the office, the administration's
 * digital address and the responsible person; c-bis) the date by which the procedure must be concluded and
 * the remedies against inaction; c-ter) for procedures on request, the date of submission; d) how and where
 * the acts can be viewed. A notice missing any of them is not issued.
 */
export interface StartNoticeSettings {
  administrationName?: string;
  digitalAddress?: string;
  actsViewing?: string;
  inactionRemedies?: string;
  /**
   * The knowledge base's organisation as procedures projects it (`DirectoryStore`), read before the write: the office
   * and the responsible person are named as the directory names them today. Absent or silent about them: the names
   * the procedure holds (its type's at submission, or its assignment's).
   */
  directory?: StaffDirectory;
  /**
   * The public address of the applicant's status page (`PROCEDURE_STATUS_PAGE_URL`): the start notice prints it with
   * the procedure's public reference, so the applicant can follow the procedure without asking.
   */
  statusPage?: string;
}

/**
 * The office and the responsible person a notice names: the directory's active office (by the procedure's office id
 * or code) and the active referent named by the responsible id (their referent id or staff account; one of the
 * procedure's office first), else the names held on the procedure. Staff names only, as the procedure already holds.
 */
export function noticeParties(
  p: Pick<Procedure, 'officeId' | 'officeName' | 'responsibleId' | 'responsibleName'>,
  directory?: StaffDirectory,
): { office?: string; responsiblePerson?: string } {
  const office = directory && p.officeId ? findOffice(directory.offices, p.officeId) : undefined;
  const referents =
    directory && p.responsibleId ? activeReferentsOf(directory.referents, p.responsibleId) : [];
  const referent =
    (p.officeId &&
      directory &&
      referents.find((r) => sameOffice(directory.offices, r.officeId, p.officeId as string))) ||
    referents[0];
  return {
    office: (office?.active ? office.name.trim() : undefined) || p.officeName?.trim(),
    responsiblePerson: referent?.name.trim() || p.responsibleName?.trim(),
  };
}

export interface StartNotice {
  administration: string;
  subject: string;
  office: string;
  digitalAddress: string;
  responsiblePerson: string;
  closingDate: string;
  inactionRemedies: string;
  submissionDate: string | null;
  actsViewing: string;
  protocolNumber: string;
  legalBasis: string;
  text: string;
}

export type StartNoticeResult = { ok: true; notice: StartNotice } | { ok: false; missing: string[] };

const ELEMENTS: Record<string, string> = {
  administration: "l'amministrazione competente (art. 8 c.2 lett. a)",
  subject: "l'oggetto del procedimento (lett. b)",
  office: "l'ufficio competente (lett. c)",
  digitalAddress: "il domicilio digitale dell'amministrazione (lett. c)",
  responsiblePerson: 'la persona responsabile del procedimento (lett. c)',
  closingDate: 'la data entro cui deve concludersi il procedimento (lett. c-bis)',
  inactionRemedies: "i rimedi esperibili in caso di inerzia dell'amministrazione (lett. c-bis)",
  submissionDate: "la data di presentazione dell'istanza (lett. c-ter)",
  actsViewing: "l'ufficio e le modalità per prendere visione degli atti (lett. d)",
};

const itDate = (d: string) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;

export function startNotice(p: Procedure, s: StartNoticeSettings): StartNoticeResult {
  const closing = p.dueDate;
  const parties = noticeParties(p, s.directory);
  const values: Record<string, string | undefined> = {
    administration: s.administrationName?.trim(),
    // the procedure promoted, by its type's name: the procedure's own subject is the request's text as the events
    // carry it, scrubbed ("[nome]", "[indirizzo]"), which no letter to the applicant should print (trial, session 27)
    subject: p.typeName?.trim() || undefined,
    office: parties.office,
    digitalAddress: s.digitalAddress?.trim(),
    responsiblePerson: parties.responsiblePerson,
    closingDate: closing ?? undefined,
    inactionRemedies: s.inactionRemedies?.trim()
      ? `${s.inactionRemedies.trim()}${p.substituteName ? `. Titolare del potere sostitutivo: ${p.substituteName}` : ''}`
      : undefined,
    submissionDate: p.initiative === 'party' ? p.receivedOn : 'n/a',
    actsViewing: s.actsViewing?.trim(),
  };
  const missing = Object.keys(ELEMENTS)
    .filter((k) => !values[k])
    .map((k) => ELEMENTS[k]);
  if (missing.length) return { ok: false, missing };
  const v = values as Record<string, string>;
  const text = [
    `${v.administration} — Comunicazione di avvio del procedimento (artt. 7 e 8 L. 241/1990)`,
    `Protocollo: ${p.protocolNumber}`,
    `Oggetto: ${v.subject} (${p.legalBasis})`,
    `Ufficio competente: ${v.office}; domicilio digitale: ${v.digitalAddress}`,
    `Responsabile del procedimento: ${v.responsiblePerson}`,
    p.initiative === 'party' ? `Data di presentazione dell'istanza: ${itDate(p.receivedOn)}` : undefined,
    `Il procedimento deve concludersi entro il ${itDate(v.closingDate)} (${p.legalTermDays} giorni, salvo sospensioni previste dalla legge).`,
    `Rimedi in caso di inerzia: ${v.inactionRemedies}.`,
    `Visione degli atti: ${v.actsViewing}.`,
  ]
    .filter(Boolean)
    .join('\n');
  return {
    ok: true,
    notice: {
      administration: v.administration,
      subject: v.subject,
      office: v.office,
      digitalAddress: v.digitalAddress,
      responsiblePerson: v.responsiblePerson,
      closingDate: v.closingDate,
      inactionRemedies: v.inactionRemedies,
      submissionDate: p.initiative === 'party' ? p.receivedOn : null,
      actsViewing: v.actsViewing,
      protocolNumber: p.protocolNumber,
      legalBasis: p.legalBasis,
      text,
    },
  };
}
