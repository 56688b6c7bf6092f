// Turns the compact demo data into the knowledge base's GraphQL inputs (AgID sheet fields in order).
import { FORMS } from './forms';
import { OFFICES, type DemoOffice } from './organisation';
import type { Channel, DemoSheet } from './sheets';

const SITE = 'https://www.comune.borgoaurelio.it';
const officeByCode = new Map(OFFICES.map((o) => [o.code, o]));
const formTitle = new Map(FORMS.map((f) => [f.code, f.title]));

function channelInput(channel: Channel, office: DemoOffice, slug: string) {
  switch (channel) {
    case 'online':
      return {
        channel: 'ONLINE',
        description: 'Online, accedendo con SPID o CIE al servizio sul sito del Comune.',
        url: `${SITE}/servizi/${slug}`,
        requiresSpidCie: true,
      };
    case 'desk':
      return {
        channel: 'DESK',
        description: `Allo sportello ${office.name}, ${office.address}, su prenotazione (${office.openingHours}).`,
        url: `${SITE}/prenota-appuntamento`,
        bookingRequired: true,
      };
    case 'post':
      return {
        channel: 'POST',
        description:
          'Per raccomandata con ricevuta di ritorno a: Comune di Borgo Aurelio, Piazza San Lorenzo 1, 00049 Borgo Aurelio.',
      };
    case 'email':
      return {
        channel: 'EMAIL',
        description: `Per email a ${office.email}, allegando copia del documento di identità.`,
      };
    case 'pec':
      return { channel: 'PEC', description: `Via PEC a ${office.pec}: l'invio ha valore di raccomandata.` };
    case 'phone':
      return { channel: 'PHONE', description: `Per telefono al ${office.phone} (${office.openingHours}).` };
  }
}

/** The SheetContentInput of a demo sheet (GraphQL enum names). */
export function sheetContentInput(s: DemoSheet) {
  const office = officeByCode.get(s.offices[0]);
  if (!office) throw new Error(`demo sheet ${s.slug}: unknown office ${s.offices[0]}`);
  return {
    title: s.title,
    shortDescription: s.short,
    whoIsItFor: s.who,
    howTo: s.how,
    whatYouNeed: s.need,
    whatYouGet: s.get,
    timesAndDeadlines: s.times,
    responseTimeDays: s.days ?? null,
    costs: s.cost,
    accessChannels: s.channels.map((c) => channelInput(c, office, s.slug)),
    officeIds: s.offices,
    specialCases: s.special ?? '',
    moreInfo: `Ufficio responsabile: ${office.name}, ${office.address}. Telefono ${office.phone}, email ${office.email}, PEC ${office.pec}.`,
    attachments: (s.forms ?? []).map((code) => ({ title: formTitle.get(code) ?? 'Modulo', formCode: code })),
    conditions:
      'Il servizio è erogato secondo la Carta dei servizi del Comune di Borgo Aurelio. I dati personali sono trattati secondo il Regolamento UE 2016/679 (informativa sul sito).',
    category: s.category,
    lifeEvents: s.life ?? [],
    topics: s.topics,
    procedureTypeCode: s.proc ?? null,
    citizenWords: s.words,
    audience: s.audience === 'internal' ? 'INTERNAL' : 'PUBLIC',
    ownerReferentId: s.owner,
  };
}
