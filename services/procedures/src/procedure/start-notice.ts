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
  const values: Record<string, string | undefined> = {
    administration: s.administrationName?.trim(),
    subject: p.subject?.trim() ? `${p.typeName}: ${p.subject.trim()}` : undefined,
    office: p.officeName?.trim(),
    digitalAddress: s.digitalAddress?.trim(),
    responsiblePerson: p.responsibleName?.trim(),
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
