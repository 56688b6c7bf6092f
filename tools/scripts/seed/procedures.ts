// Demo catalogue of procedure types of the Comune di Borgo Aurelio (with their real terms and legal bases) and
// procedures in every phase, created through the gateway as the offices would. Idempotent: types are upserted
// (saving an unchanged type changes nothing); procedures are skipped when the demo protocol numbers exist.
import { OFFICES as DIRECTORY } from './knowledge/organisation';
import type { SeedContext } from './lib';

/**
 * The responsible person of each office's procedure types (artt. 4-6 L. 241/1990): people who exist in the demo, so
 * a demo user's Procedimenti desk (which shows the procedures whose responsible person is the signed-in account) is
 * not empty. Where a demo account works in the office, its account id (the Keycloak realm's user id, which is the
 * desk's key): `ref-anna` (Anna Ricci, Tributi: the directory's `ref-tributi-ricci`, whose staff account it is),
 * `ref-paola` (Paola Costa, Istruzione: the directory's `ref-ist-costa`), `bo-marco` (Marco Esposito, URP: the staff
 * account of the directory's `ref-urp-lombardi`). Elsewhere the head of the office in the knowledge base's demo
 * directory (tools/scripts/seed/knowledge/organisation.ts), by referent id. Staff, not citizens' personal data.
 */
const SEG = { substituteId: 'ref-seg-moretti', substituteName: 'Giovanna Moretti, Segretario generale' };
const OFFICES: Record<string, [string, string]> = {
  // office code → responsible id, responsible name (the office's name is the directory's)
  anagrafe: ['ref-anagrafe-colombo', 'Francesca Colombo'],
  edilizia_privata: ['ref-ed-fontana', 'Andrea Fontana'],
  suap: ['ref-suap-rinaldi', 'Valerio Rinaldi'],
  tributi: ['ref-anna', 'Anna Ricci'],
  urp: ['bo-marco', 'Marco Esposito'],
  servizi_sociali: ['ref-ss-gallo', 'Laura Gallo'],
  polizia_locale: ['ref-pl-marino', 'Roberto Marino'],
  istruzione: ['ref-paola', 'Paola Costa'],
  ambiente: ['ref-amb-bruno', 'Silvia Bruno'],
  lavori_pubblici: ['ref-lp-greco', 'Alessandro Greco'],
  mobilita: ['ref-mob-barbieri', 'Luca Barbieri'],
  segreteria_generale: ['ref-seg-moretti', 'Giovanna Moretti'],
};

/** For the check that every responsible person exists (services/procedures/src/directory/demo-responsibles.spec.ts). */
export const DEMO_RESPONSIBLES = OFFICES;

/** The office's name as the knowledge base's directory gives it: one name per office across the services. */
function officeNameOf(code: string): string {
  const office = DIRECTORY.find((o) => o.code === code);
  if (!office) throw new Error(`the demo directory has no office ${code}`);
  return office.name;
}
export const DEMO_SUBSTITUTE = SEG;

type T = {
  code: string;
  name: string;
  office: keyof typeof OFFICES;
  legalTermDays: number;
  legalBasis: string;
  kind?: string;
  silenceRule?: string;
  silentAssentExcluded?: boolean;
  termJustification?: string;
  initiative?: string;
};

/** At least 30 types of a Comune, with the terms set by law (or the 30-day default of art. 2 c.2 L. 241/1990). */
export const DEMO_TYPES: T[] = [
  {
    code: 'cambio_residenza',
    name: 'Cambio di residenza / iscrizione anagrafica',
    office: 'anagrafe',
    legalTermDays: 45,
    silenceRule: 'SILENT_ASSENT',
    legalBasis:
      'DL 5/2012 art. 5 c.3 (conv. L. 35/2012); DPR 223/1989 art. 18-bis: accertamenti entro 45 giorni, poi silenzio-assenso',
  },
  {
    code: 'cie_rilascio',
    name: 'Rilascio della carta d’identità elettronica',
    office: 'anagrafe',
    legalTermDays: 30,
    legalBasis: 'DL 78/2015 art. 10; DM Interno 23/12/2015; termine generale L. 241/1990 art. 2 c.2',
  },
  {
    code: 'iscrizione_aire',
    name: 'Iscrizione all’AIRE (italiani residenti all’estero)',
    office: 'anagrafe',
    legalTermDays: 30,
    legalBasis: 'L. 470/1988; DPR 323/1989; L. 241/1990 art. 2 c.2',
  },
  {
    code: 'pubblicazioni_matrimonio',
    name: 'Pubblicazioni di matrimonio',
    office: 'anagrafe',
    legalTermDays: 30,
    legalBasis: 'Codice civile artt. 93-101; DPR 396/2000 artt. 50-58',
  },
  {
    code: 'idoneita_alloggiativa',
    name: 'Certificato di idoneità alloggiativa',
    office: 'anagrafe',
    legalTermDays: 30,
    legalBasis: 'D.Lgs 286/1998 art. 29; DM Sanità 5/7/1975',
  },
  {
    code: 'accesso_documentale',
    name: 'Accesso documentale agli atti',
    office: 'urp',
    kind: 'DOCUMENT_ACCESS',
    legalTermDays: 30,
    silenceRule: 'SILENT_REFUSAL',
    legalBasis: 'L. 241/1990 artt. 22-25 (art. 25 c.4: silenzio-rigetto); DPR 184/2006 art. 6',
  },
  {
    code: 'accesso_civico_semplice',
    name: 'Accesso civico semplice',
    office: 'urp',
    kind: 'SIMPLE_CIVIC_ACCESS',
    legalTermDays: 30,
    legalBasis: 'D.Lgs 33/2013 art. 5 c.1 e c.6',
  },
  {
    code: 'accesso_civico_generalizzato',
    name: 'Accesso civico generalizzato (FOIA)',
    office: 'urp',
    kind: 'GENERALISED_CIVIC_ACCESS',
    legalTermDays: 30,
    legalBasis: 'D.Lgs 33/2013 art. 5 c.2, 5-bis e c.6',
  },
  {
    code: 'riesame_accesso',
    name: 'Riesame dell’accesso civico (RPCT)',
    office: 'segreteria_generale',
    kind: 'REVIEW_REQUEST',
    legalTermDays: 20,
    legalBasis: 'D.Lgs 33/2013 art. 5 c.7',
  },
  {
    code: 'permesso_costruire',
    name: 'Permesso di costruire',
    office: 'edilizia_privata',
    legalTermDays: 90,
    silenceRule: 'SILENT_ASSENT',
    legalBasis:
      'DPR 380/2001 art. 20: istruttoria entro 60 giorni (c.3), provvedimento entro i 30 successivi (c.6), silenzio-assenso alla scadenza (c.8)',
  },
  {
    code: 'permesso_costruire_vincolato',
    name: 'Permesso di costruire in area vincolata',
    office: 'edilizia_privata',
    legalTermDays: 90,
    silentAssentExcluded: true,
    legalBasis:
      'DPR 380/2001 art. 20 c.8-9: niente silenzio-assenso in presenza di vincoli ambientali, paesaggistici o culturali',
  },
  {
    code: 'scia_edilizia',
    name: 'SCIA edilizia: controllo',
    office: 'edilizia_privata',
    legalTermDays: 30,
    legalBasis: 'L. 241/1990 art. 19 c.6-bis; DPR 380/2001 artt. 22-23',
  },
  {
    code: 'certificato_destinazione_urbanistica',
    name: 'Certificato di destinazione urbanistica',
    office: 'edilizia_privata',
    legalTermDays: 30,
    legalBasis: 'DPR 380/2001 art. 30 c.3',
  },
  {
    code: 'scia_commerciale',
    name: 'SCIA commerciale (esercizio di vicinato): controllo',
    office: 'suap',
    legalTermDays: 60,
    legalBasis: 'L. 241/1990 art. 19 c.3; D.Lgs 114/1998 art. 7; D.Lgs 222/2016',
  },
  {
    code: 'media_struttura_vendita',
    name: 'Autorizzazione media struttura di vendita',
    office: 'suap',
    legalTermDays: 90,
    silenceRule: 'SILENT_ASSENT',
    legalBasis: 'D.Lgs 114/1998 art. 8 c.4: domanda accolta se non comunicato il diniego entro 90 giorni',
  },
  {
    code: 'pubblico_spettacolo',
    name: 'Licenza di pubblico spettacolo temporaneo',
    office: 'suap',
    legalTermDays: 30,
    legalBasis: 'R.D. 773/1931 (TULPS) artt. 68 e 80',
  },
  {
    code: 'occupazione_suolo_pubblico',
    name: 'Concessione di occupazione di suolo pubblico',
    office: 'polizia_locale',
    legalTermDays: 30,
    silenceRule: 'SILENT_ASSENT',
    legalBasis: 'D.Lgs 285/1992 art. 20; L. 160/2019 art. 1 c.816 ss.; regolamento comunale del canone unico',
  },
  {
    code: 'contrassegno_disabili',
    name: 'Contrassegno di parcheggio per persone con disabilità',
    office: 'polizia_locale',
    legalTermDays: 30,
    silentAssentExcluded: true,
    legalBasis: 'DPR 495/1992 art. 381; DPR 151/2012',
  },
  {
    code: 'passo_carrabile',
    name: 'Autorizzazione di passo carrabile',
    office: 'mobilita',
    legalTermDays: 30,
    silenceRule: 'SILENT_ASSENT',
    legalBasis: 'D.Lgs 285/1992 art. 22; DPR 495/1992 art. 46',
  },
  {
    code: 'permesso_ztl',
    name: 'Permesso di accesso alla ZTL',
    office: 'mobilita',
    legalTermDays: 30,
    legalBasis: 'D.Lgs 285/1992 art. 7 c.9; regolamento comunale ZTL',
  },
  {
    code: 'rimborso_tributi',
    name: 'Rimborso di tributi locali',
    office: 'tributi',
    legalTermDays: 180,
    termJustification:
      'Termine fissato dalla legge: L. 296/2006 art. 1 c.164 (rimborso entro 180 giorni dalla presentazione dell’istanza)',
    legalBasis: 'L. 296/2006 art. 1 c.164',
  },
  {
    code: 'rateizzazione_tributi',
    name: 'Rateizzazione di tributi locali',
    office: 'tributi',
    legalTermDays: 30,
    legalBasis: 'L. 160/2019 art. 1 c.796-800; regolamento generale delle entrate',
  },
  {
    code: 'riduzione_tari',
    name: 'Riduzione o esenzione TARI',
    office: 'tributi',
    legalTermDays: 30,
    legalBasis: 'L. 147/2013 art. 1 c.659-660; regolamento TARI',
  },
  {
    code: 'iscrizione_asilo_nido',
    name: 'Iscrizione all’asilo nido comunale',
    office: 'istruzione',
    legalTermDays: 30,
    silentAssentExcluded: true,
    legalBasis: 'D.Lgs 65/2017; regolamento comunale dei nidi (graduatoria)',
  },
  {
    code: 'iscrizione_mensa_scolastica',
    name: 'Iscrizione alla refezione scolastica',
    office: 'istruzione',
    legalTermDays: 30,
    legalBasis: 'D.Lgs 63/2017 art. 6; regolamento comunale',
  },
  {
    code: 'trasporto_scolastico',
    name: 'Iscrizione al trasporto scolastico',
    office: 'istruzione',
    legalTermDays: 30,
    legalBasis: 'D.Lgs 63/2017 art. 5; regolamento comunale',
  },
  {
    code: 'contributo_economico',
    name: 'Contributo economico di sostegno al reddito',
    office: 'servizi_sociali',
    legalTermDays: 30,
    silentAssentExcluded: true,
    legalBasis: 'L. 328/2000 art. 6; DPCM 159/2013 (ISEE); regolamento comunale',
  },
  {
    code: 'assegno_maternita',
    name: 'Assegno di maternità dei Comuni',
    office: 'servizi_sociali',
    legalTermDays: 30,
    silentAssentExcluded: true,
    legalBasis: 'D.Lgs 151/2001 art. 74; L. 448/1998 art. 66',
  },
  {
    code: 'contributo_affitto',
    name: 'Contributo per il sostegno all’affitto',
    office: 'servizi_sociali',
    legalTermDays: 90,
    silentAssentExcluded: true,
    legalBasis: 'L. 431/1998 art. 11; regolamento comunale (termine di 90 giorni, art. 2 c.3 L. 241/1990)',
  },
  {
    code: 'abbattimento_alberi',
    name: 'Autorizzazione all’abbattimento di alberi su area privata',
    office: 'ambiente',
    legalTermDays: 30,
    silenceRule: 'SILENT_ASSENT',
    legalBasis: 'L. 10/2013; regolamento comunale del verde; L. 241/1990 art. 20',
  },
  {
    code: 'manomissione_suolo',
    name: 'Autorizzazione alla manomissione di suolo pubblico',
    office: 'lavori_pubblici',
    legalTermDays: 30,
    silenceRule: 'SILENT_ASSENT',
    legalBasis: 'D.Lgs 285/1992 art. 21; regolamento comunale scavi',
  },
  {
    code: 'concessione_loculo',
    name: 'Concessione cimiteriale (loculo)',
    office: 'lavori_pubblici',
    legalTermDays: 30,
    legalBasis: 'DPR 285/1990 artt. 90-93; regolamento di polizia mortuaria',
  },
];

const SAVE = `mutation($input: ProcedureTypeInput!) { saveProcedureType(input: $input) { id } }`;
const SUBMIT = `mutation($input: SubmitProcedureInput!) { submitProcedure(input: $input) { id } }`;
const day = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * day).toISOString();
const dateAgo = (days: number) => ago(days).slice(0, 10);

export async function seed(ctx: SeedContext): Promise<void> {
  for (const t of DEMO_TYPES) {
    const [responsibleId, responsibleName] = OFFICES[t.office];
    const officeName = officeNameOf(t.office);
    const { office, ...rest } = t;
    // every office's types, with the substitute the governing body named: an administrator's (procedureType.reassign)
    await ctx.call('admin', SAVE, {
      input: { ...rest, officeId: office, officeName, responsibleId, responsibleName, ...SEG },
    });
  }
  ctx.log(`procedures: ${DEMO_TYPES.length} procedure types in the catalogue`);

  const existing = await ctx.call('manager', `{ procedures(first: 500) { protocolNumber } }`);
  if (
    existing.procedures.some((p: { protocolNumber: string }) => p.protocolNumber.startsWith('2026/00900'))
  ) {
    ctx.log('procedures: demo procedures already there');
    return;
  }
  // the applicants: real requesters (personal data in contacts), so that each notice of a procedure started in the
  // last month reaches someone's mailbox; older procedures are imports, their notices were sent outside URP
  const applicants: string[] = [];
  for (const [name, email] of [
    ['Lucia Ferraris', 'lucia.ferraris.richiedente@example.it'],
    ['Tommaso Galli', 'tommaso.galli.richiedente@example.it'],
    ['Beatrice Sala', 'beatrice.sala.richiedente@example.it'],
    ['Edoardo Marino', 'edoardo.marino.richiedente@example.it'],
    ['Ginevra Longo', 'ginevra.longo.richiedente@example.it'],
    ['Riccardo Fontana', 'riccardo.fontana.richiedente@example.it'],
  ])
    applicants.push(
      (
        await ctx.call(
          'operator',
          'mutation($input: RequesterInput!) { createRequester(input: $input) { id } }',
          {
            input: {
              kind: 'PERSON',
              name,
              email,
              preferredChannel: 'EMAIL',
              purpose: 'caricamento dati dimostrativi: richiedenti dei procedimenti',
            },
          },
        )
      ).createRequester.id as string,
    );
  let n = 0;
  const protocol = () => `2026/00900${String(++n).padStart(2, '0')}`;
  const submit = async (
    code: string,
    daysAgo: number,
    subject: string,
    extra: Record<string, unknown> = {},
  ) => {
    // applications received days ago, registered with their protocol dates: an administrator's (procedure.backdate)
    const id = (
      await ctx.call('admin', SUBMIT, {
        input: {
          procedureTypeCode: code,
          subject,
          protocolNumber: protocol(),
          receivedAt: ago(daysAgo),
          ...(daysAgo <= 30 ? { requesterId: applicants[n % applicants.length] } : {}),
          ...extra,
        },
      })
    ).submitProcedure.id as string;
    ctx.created.procedures.add(id);
    return id;
  };
  // the acts on a procedure are its office's (procedures.policy.ts): the demo's URP manager heads only the URP, so the
  // seed acts on every office's procedures as the administrator (the policy's override)
  const call = (q: string, v: Record<string, unknown>) => ctx.call('admin', q, v);

  // just started, in every office
  for (const [code, d, s] of [
    ['cie_rilascio', 2, 'Prima emissione CIE'],
    ['cambio_residenza', 5, 'Trasferimento da altro Comune'],
    ['permesso_ztl', 10, 'Permesso residenti ZTL centro storico'],
    ['iscrizione_asilo_nido', 12, 'Iscrizione a.e. 2027/2028'],
    ['scia_commerciale', 20, 'Apertura esercizio di vicinato'],
    ['rimborso_tributi', 100, 'Rimborso IMU 2024 versata in eccesso'],
    ['riduzione_tari', 8, 'Riduzione TARI per compostaggio domestico'],
    ['rateizzazione_tributi', 26, 'Rateizzazione avviso di accertamento IMU'],
    ['iscrizione_mensa_scolastica', 4, 'Iscrizione alla mensa, scuola primaria'],
    ['trasporto_scolastico', 33, 'Scuolabus, scuola secondaria di primo grado'],
    ['contributo_economico', 25, 'Sostegno al reddito'],
  ] as [string, number, string][]) {
    await submit(code, d, s);
  }
  // suspended for documents (art. 2 c.7)
  const p1 = await submit('permesso_costruire', 20, 'Ampliamento di edificio residenziale');
  await call(
    `mutation($id: ID!, $i: SuspendProcedureInput!) { suspendProcedure(id: $id, input: $i) { id } }`,
    {
      id: p1,
      i: { kind: 'document_request', reason: 'Integrazione della relazione geologica', start: dateAgo(5) },
    },
  );
  // suspended and resumed: the due date moved
  const p2 = await submit('passo_carrabile', 25, 'Nuovo passo carrabile');
  const s2 = await call(
    `mutation($id: ID!, $i: SuspendProcedureInput!) { suspendProcedure(id: $id, input: $i) { suspensions { id } } }`,
    { id: p2, i: { kind: 'document_request', reason: 'Planimetria quotata', start: dateAgo(20) } },
  );
  await call(
    `mutation($id: ID!, $s: ID!, $on: String) { resumeProcedure(id: $id, suspensionId: $s, on: $on) { id } }`,
    {
      id: p2,
      s: s2.suspendProcedure.suspensions[0].id,
      on: dateAgo(12),
    },
  );
  // rejection notice awaiting observations (art. 10-bis)
  const p3 = await submit('contributo_affitto', 40, 'Contributo affitto 2026');
  await call(
    `mutation($id: ID!, $r: String!, $on: String) { sendRejectionNotice(id: $id, reasons: $r, on: $on) { id } }`,
    {
      id: p3,
      r: 'ISEE superiore alla soglia prevista dal bando',
      on: dateAgo(3),
    },
  );
  // decided: accepted within the term; rejected after a rejection notice and observations
  const p4 = await submit('occupazione_suolo_pubblico', 15, 'Dehors stagionale');
  await call(`mutation($id: ID!, $i: DecideProcedureInput!) { decideProcedure(id: $id, input: $i) { id } }`, {
    id: p4,
    i: { outcome: 'ACCEPTED', reasons: 'Requisiti verificati; canone determinato' },
  });
  const p5 = await submit('abbattimento_alberi', 28, 'Abbattimento di un pino pericolante');
  await call(
    `mutation($id: ID!, $r: String!, $on: String) { sendRejectionNotice(id: $id, reasons: $r, on: $on) { id } }`,
    {
      id: p5,
      r: 'La perizia agronomica non attesta la pericolosità',
      on: dateAgo(20),
    },
  );
  await call(
    `mutation($id: ID!, $on: String, $t: String) { receiveObservations(id: $id, on: $on, text: $t) { id } }`,
    {
      id: p5,
      on: dateAgo(15),
      t: 'Allego una seconda perizia: il pino è inclinato verso la strada',
    },
  );
  await call(`mutation($id: ID!, $i: DecideProcedureInput!) { decideProcedure(id: $id, input: $i) { id } }`, {
    id: p5,
    i: {
      outcome: 'REJECTED',
      reasons: 'Le osservazioni non superano i motivi del preavviso',
      observationsAnswer: 'La seconda perizia non misura la stabilità della radice',
      on: dateAgo(10),
    },
  });
  // past their deadline: the legal clock forms silent assent / engages the substitute official on its next tick
  await submit('manomissione_suolo', 50, 'Allaccio alla rete fognaria');
  await submit('certificato_destinazione_urbanistica', 45, 'CDU per compravendita');
  await submit('accesso_documentale', 40, 'Copia degli atti di un procedimento edilizio');
  // access requests for the register: decided, with third parties, and a review
  const a1 = await submit('accesso_civico_generalizzato', 35, 'Contratti di manutenzione del verde 2025', {
    thirdParties: ['req_demothird01'],
  });
  await call(
    `mutation($id: ID!, $i: SuspendProcedureInput!) { suspendProcedure(id: $id, input: $i) { id } }`,
    {
      id: a1,
      i: { kind: 'third_party_objection', reason: 'Comunicazione al controinteressato', start: dateAgo(30) },
    },
  );
  await call(`mutation($id: ID!, $i: DecideProcedureInput!) { decideProcedure(id: $id, input: $i) { id } }`, {
    id: a1,
    i: {
      outcome: 'PARTLY_ACCEPTED',
      reasons: 'Oscurati i dati personali dei dipendenti dell’impresa',
      on: dateAgo(8),
    },
  });
  await call(`mutation($id: ID!, $p: String!) { requestAccessReview(id: $id, protocolNumber: $p) { id } }`, {
    id: a1,
    p: protocol(),
  });
  const a2 = await submit('accesso_civico_semplice', 20, 'Pubblicazione dei bilanci 2024');
  await call(`mutation($id: ID!, $i: DecideProcedureInput!) { decideProcedure(id: $id, input: $i) { id } }`, {
    id: a2,
    i: { outcome: 'ACCEPTED', reasons: 'Documenti pubblicati in Amministrazione trasparente' },
  });
  await submit('accesso_documentale', 6, 'Verbale di accertamento', { thirdParties: ['req_demothird02'] });
  ctx.log(`procedures: ${n} demo procedures in every phase`);
}
