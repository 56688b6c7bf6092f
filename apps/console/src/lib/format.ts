// Dates, numbers and the Italian labels of the API's enums.
const ROME = 'Europe/Rome';

export const fmtDate = (iso?: string | null): string =>
  iso
    ? new Intl.DateTimeFormat('it-IT', {
        timeZone: ROME,
        day: '2-digit',
        month: '2-digit',
        year: 'numeric',
      }).format(new Date(iso))
    : '—';

export const fmtDateTime = (iso?: string | null): string =>
  iso
    ? new Intl.DateTimeFormat('it-IT', {
        timeZone: ROME,
        day: '2-digit',
        month: '2-digit',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
      }).format(new Date(iso))
    : '—';

export const fmtPct = (share?: number | null): string =>
  share === null || share === undefined
    ? '—'
    : `${(share * 100).toLocaleString('it-IT', { maximumFractionDigits: 1 })}%`;

export const fmtNum = (n?: number | null, digits = 1): string =>
  n === null || n === undefined ? '—' : n.toLocaleString('it-IT', { maximumFractionDigits: digits });

export const CHANNELS: Record<string, string> = {
  DESK: 'Sportello',
  PHONE: 'Telefono',
  EMAIL: 'Email',
  PEC: 'PEC',
  WEB_FORM: 'Modulo web',
  APP: 'App',
  SOCIAL: 'Social',
  LETTER: 'Lettera',
};

export const CONTACT_TYPES: Record<string, string> = {
  INFORMATION: 'Richiesta di informazioni',
  FORMS: 'Modulistica',
  DOCUMENT_ACCESS: 'Accesso documentale',
  CIVIC_ACCESS: 'Accesso civico',
  FOIA: 'Accesso generalizzato (FOIA)',
  REPORT: 'Segnalazione',
  COMPLAINT: 'Reclamo',
  SUGGESTION: 'Suggerimento',
  PRAISE: 'Apprezzamento',
  PROCEDURE_START: 'Avvio di procedimento',
};

export const CASE_OUTCOMES: Record<string, string> = {
  ANSWERED: 'Risposta data',
  ACCEPTED: 'Accolta',
  PARTLY_ACCEPTED: 'Accolta in parte',
  REJECTED: 'Respinta',
  FORWARDED: 'Inoltrata ad altro ente',
  WITHDRAWN: 'Ritirata dal richiedente',
};

export const CONTENT_STATUS: Record<string, string> = {
  DRAFT: 'Bozza',
  IN_REVIEW: 'In verifica',
  PUBLISHED: 'Pubblicata',
  EXPIRED: 'Scaduta',
  ARCHIVED: 'Archiviata',
};

export const PRIORITIES: Record<string, string> = {
  LOW: 'Bassa',
  NORMAL: 'Normale',
  HIGH: 'Alta',
  URGENT: 'Urgente',
};

/** Lowercase channel codes of the indicators (`web_form`) to their labels. */
export const channelLabel = (code: string): string => CHANNELS[code.toUpperCase()] ?? code;

export const monthLabel = (ym: string): string => {
  const [y, m] = ym.split('-').map(Number);
  if (!y || !m) return ym;
  return new Intl.DateTimeFormat('it-IT', { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y, m - 1, 1)),
  );
};

/** Level-1 codes of the contact taxonomy shared by contacts, the knowledge base and the indicators. */
export const CATEGORIES: Record<string, string> = {
  anagrafe_stato_civile: 'Anagrafe e stato civile',
  tributi: 'Tributi',
  ambiente_rifiuti: 'Ambiente e rifiuti',
  strade_viabilita: 'Strade e viabilità',
  mobilita_ztl: 'Mobilità e ZTL',
  scuola_infanzia: 'Scuola e infanzia',
  servizi_sociali: 'Servizi sociali',
  edilizia: 'Edilizia',
  commercio_suap: 'Commercio e SUAP',
  accesso_atti: 'Accesso agli atti',
  cultura_sport: 'Cultura e sport',
  urp_generale: 'URP e informazioni generali',
};
