// Demo contacts of a Comune's URP, registered through the gateway exactly as the front office would
// (so every contact also produces its events, and closed ones get survey invitations).
// Idempotent: skipped when the demo contacts are already there.
import type { SeedContext } from './lib';

type Demo = {
  channel: string;
  type: string;
  subject: string;
  requesterId?: string;
  close?: 'first' | 'later';
};

/** What an URP of a mid-sized Comune hears in a morning. Requesters are pseudonyms: personal data stays in contacts. */
export const DEMO_CONTACTS: Demo[] = [
  {
    channel: 'DESK',
    type: 'INFORMATION',
    subject: 'Rinnovo carta d’identità elettronica: come prenotare',
    requesterId: 'req_demo0001',
    close: 'first',
  },
  {
    channel: 'PHONE',
    type: 'INFORMATION',
    subject: 'Scadenza rata TARI di dicembre',
    requesterId: 'req_demo0002',
    close: 'first',
  },
  {
    channel: 'EMAIL',
    type: 'FORMS',
    subject: 'Modulo per il cambio di residenza',
    requesterId: 'req_demo0003',
    close: 'first',
  },
  {
    channel: 'WEB_FORM',
    type: 'REPORT',
    subject: 'Lampione spento in via Garibaldi',
    requesterId: 'req_demo0004',
    close: 'later',
  },
  {
    channel: 'PEC',
    type: 'DOCUMENT_ACCESS',
    subject: 'Accesso agli atti: pratica edilizia 2019',
    requesterId: 'req_demo0005',
  },
  {
    channel: 'DESK',
    type: 'COMPLAINT',
    subject: 'Attesa eccessiva allo sportello anagrafe',
    requesterId: 'req_demo0006',
    close: 'later',
  },
  {
    channel: 'APP',
    type: 'REPORT',
    subject: 'Buca pericolosa in viale della Repubblica',
    requesterId: 'req_demo0007',
  },
  {
    channel: 'PHONE',
    type: 'INFORMATION',
    subject: 'Orari della biblioteca civica durante le feste',
    close: 'first',
  },
  {
    channel: 'EMAIL',
    type: 'FOIA',
    subject: 'Accesso civico generalizzato: spese per eventi 2025',
    requesterId: 'req_demo0008',
  },
  {
    channel: 'DESK',
    type: 'PROCEDURE_START',
    subject: 'Richiesta di contributo per l’affitto',
    requesterId: 'req_demo0009',
  },
  {
    channel: 'SOCIAL',
    type: 'SUGGESTION',
    subject: 'Più rastrelliere per biciclette in centro',
    requesterId: 'req_demo0010',
    close: 'first',
  },
  {
    channel: 'LETTER',
    type: 'PRAISE',
    subject: 'Ringraziamento al servizio di assistenza domiciliare',
    requesterId: 'req_demo0011',
    close: 'first',
  },
  {
    channel: 'PHONE',
    type: 'INFORMATION',
    subject: 'Mi hanno portato via la macchina: dove la ritiro?',
    requesterId: 'req_demo0012',
    close: 'first',
  },
  {
    channel: 'WEB_FORM',
    type: 'COMPLAINT',
    subject: 'Mancata raccolta del vetro in frazione San Pietro',
    requesterId: 'req_demo0013',
    close: 'later',
  },
  {
    channel: 'DESK',
    type: 'FORMS',
    subject: 'Iscrizione al servizio mensa scolastica',
    requesterId: 'req_demo0014',
    close: 'first',
  },
  {
    channel: 'EMAIL',
    type: 'CIVIC_ACCESS',
    subject: 'Pubblicazione mancante del bilancio consuntivo',
    requesterId: 'req_demo0015',
  },
  {
    channel: 'PHONE',
    type: 'INFORMATION',
    subject: 'Agevolazioni TARI per famiglie numerose',
    requesterId: 'req_demo0016',
    close: 'first',
  },
  { channel: 'DESK', type: 'INFORMATION', subject: 'Certificato di residenza storico', close: 'first' },
];

export async function seed({ call, log }: SeedContext): Promise<void> {
  const existing = await call('operator', '{ contacts(first: 100) { subject } }');
  const seen = new Set((existing.contacts as { subject: string }[]).map((c) => c.subject));
  const todo = DEMO_CONTACTS.filter((d) => !seen.has(d.subject));
  if (!todo.length) {
    log(`${DEMO_CONTACTS.length} demo contacts already present`);
    return;
  }
  for (const d of todo) {
    const { close, ...input } = d;
    const { registerContact } = await call(
      'operator',
      'mutation($input: RegisterContactInput!) { registerContact(input: $input) { id } }',
      { input },
    );
    if (close) {
      await call(
        'operator',
        'mutation($id: ID!, $first: Boolean!) { closeContact(input: { id: $id, resolvedAtFirstContact: $first }) { id } }',
        {
          id: registerContact.id,
          first: close === 'first',
        },
      );
    }
  }
  log(
    `registered ${todo.length} contacts (${todo.filter((d) => d.close).length} closed: survey invitations follow)`,
  );
}
