// Demo campaigns of the "Comune di Borgo Aurelio": consent recorded at the desk for part of the demo citizens,
// a TARI deadline campaign in November 2026 (the same period of 2025 has contacts: year-on-year effect), the new
// opening hours of the Anagrafe, and the nursery enrolment waiting for approval (four eyes). Emails go to the
// local mailbox (http://127.0.0.1:8025). Idempotent: campaigns are matched by title, consent is re-recorded.
import type { SeedContext } from './lib';

const TOPICS = ['tributi', 'anagrafe_stato_civile', 'scuola_infanzia', 'ambiente_rifiuti'];
const AREAS = ['centro_storico', 'borgo_nord', 'san_lorenzo', 'marina', 'colline'];

interface Plan {
  title: string;
  goal: string;
  topics: string[];
  sheets: string[];
  startsAt: string;
  endsAt: string;
  steps: {
    channel: 'EMAIL';
    waitHours: number;
    subject: string;
    body: (url: (slug: string) => string) => string;
  }[];
  /** How far the seed takes it. */
  until: 'in_approval' | 'scheduled';
}

const SITE = 'https://www.comune.borgoaurelio.example/servizi';

const PLANS: Plan[] = [
  {
    title: 'TARI 2026: la seconda rata scade il 16 dicembre',
    goal: 'Meno pagamenti in ritardo e meno telefonate allo sportello Tributi per chiedere importi e scadenze.',
    topics: ['tributi'],
    sheets: ['tari-tassa-rifiuti'],
    startsAt: '2026-11-02T08:00:00+01:00',
    endsAt: '2026-12-16T23:59:00+01:00',
    steps: [
      {
        channel: 'EMAIL',
        waitHours: 0,
        subject: 'TARI: la seconda rata scade il 16 dicembre',
        body: (url) =>
          `Buongiorno,\n\nla seconda rata della TARI 2026 scade il 16 dicembre. Puoi pagare con pagoPA, online o in banca, posta e tabaccheria.\n\nSe hai perso l'avviso, scarica la copia dall'area personale con SPID o CIE.\n\nTutte le informazioni: ${url('tari-tassa-rifiuti')}`,
      },
      {
        channel: 'EMAIL',
        waitHours: 24 * 10,
        subject: 'Promemoria: TARI entro il 16 dicembre',
        body: (url) =>
          `Mancano pochi giorni alla scadenza della seconda rata della TARI. Se hai già pagato, non devi fare nulla.\n\nInformazioni: ${url('tari-tassa-rifiuti')}`,
      },
    ],
    until: 'scheduled',
  },
  {
    title: "Nuovi orari dell'Anagrafe dal 1° dicembre",
    goal: "Far sapere ai cittadini che l'Anagrafe apre anche il giovedì pomeriggio, per ridurre le code del lunedì.",
    topics: ['anagrafe_stato_civile'],
    sheets: ['carta-identita-elettronica', 'certificati-anagrafici'],
    startsAt: '2026-11-23T08:00:00+01:00',
    endsAt: '2026-12-20T18:00:00+01:00',
    steps: [
      {
        channel: 'EMAIL',
        waitHours: 0,
        subject: "L'Anagrafe apre anche il giovedì pomeriggio",
        body: (url) =>
          `Dal 1° dicembre l'Anagrafe è aperta anche il giovedì dalle 14:30 alle 17:30. Per la carta d'identità prenota l'appuntamento online.\n\nCarta d'identità: ${url('carta-identita-elettronica')}\nCertificati online: ${url('certificati-anagrafici')}`,
      },
    ],
    until: 'scheduled',
  },
  {
    title: 'Asilo nido: iscrizioni per il 2027/2028',
    goal: 'Più domande complete entro il termine e meno richieste di chiarimento sulla graduatoria.',
    topics: ['scuola_infanzia'],
    sheets: ['iscrizione-asilo-nido'],
    startsAt: '2027-01-11T08:00:00+01:00',
    endsAt: '2027-02-15T12:00:00+01:00',
    steps: [
      {
        channel: 'EMAIL',
        waitHours: 0,
        subject: 'Asilo nido: domande dal 11 gennaio al 15 febbraio',
        body: (url) =>
          `Le domande di iscrizione all'asilo nido per il 2027/2028 si presentano online dall'11 gennaio al 15 febbraio. Servono SPID o CIE e l'ISEE in corso di validità.\n\nCome fare: ${url('iscrizione-asilo-nido')}`,
      },
    ],
    until: 'in_approval',
  },
];

export async function seed({ call, log }: SeedContext): Promise<void> {
  // sheet ids from the knowledge base (slugs if it is not there)
  const sheetIds = new Map<string, string>();
  try {
    const kb = await call('backoffice', '{ sheets(first: 200) { id slug } }');
    for (const s of kb.sheets as { id: string; slug: string }[]) sheetIds.set(s.slug, s.id);
  } catch (e) {
    log(
      `campaigns: knowledge base not reachable (${(e as Error).message.slice(0, 80)}): slugs used as sheet ids`,
    );
  }
  const sheetId = (slug: string) => sheetIds.get(slug) ?? slug;
  const url = (slug: string) => `${SITE}/${slug}`;

  // consent: about two thirds of the demo citizens said yes at the desk or on the website, on some topics
  let requesterIds: string[] = [];
  try {
    const c = await call('admin', '{ contacts(first: 500) { requesterId } }');
    requesterIds = [
      ...new Set((c.contacts as { requesterId?: string }[]).map((x) => x.requesterId).filter(Boolean)),
    ] as string[];
  } catch (e) {
    log(`campaigns: contacts not reachable (${(e as Error).message.slice(0, 80)}): no demo consent`);
  }
  requesterIds.sort();
  let consents = 0;
  for (const [i, requesterId] of requesterIds.entries()) {
    if (i % 3 === 2) continue;
    const topics = TOPICS.filter((_, t) => (i + t) % 2 === 0 || t === 0);
    await call(
      'operator',
      `mutation($i: CampaignConsentInput!) { recordCampaignConsent(input: $i) { requesterId } }`,
      {
        i: {
          requesterId,
          purpose: 'CAMPAIGNS',
          channel: 'EMAIL',
          source: i % 4 === 0 ? 'web_form' : 'desk',
          topics,
        },
      },
    );
    if (i % 5 === 0)
      await call(
        'operator',
        `mutation($i: CampaignConsentInput!) { recordCampaignConsent(input: $i) { requesterId } }`,
        {
          i: {
            requesterId,
            purpose: 'SEGMENT_AREA',
            channel: 'EMAIL',
            source: 'desk',
            area: AREAS[i % AREAS.length],
          },
        },
      );
    consents++;
  }
  if (requesterIds[7])
    await call(
      'operator',
      `mutation($r: ID!) { setDoNotContact(requesterId: $r, doNotContact: true, reason: "Opposizione dell'interessato (art. 21 GDPR)") { requesterId } }`,
      { r: requesterIds[7] },
    );

  const existing = new Set(
    ((await call('backoffice', '{ campaigns(first: 200) { title } }')).campaigns as { title: string }[]).map(
      (c) => c.title,
    ),
  );
  let created = 0;
  for (const p of PLANS) {
    if (existing.has(p.title)) continue;
    const input = {
      title: p.title,
      goal: p.goal,
      topics: p.topics,
      sheetIds: p.sheets.map(sheetId),
      segment: { topics: p.topics },
      startsAt: p.startsAt,
      endsAt: p.endsAt,
      steps: p.steps.map((s) => ({
        channel: s.channel,
        waitHours: s.waitHours,
        subject: s.subject,
        body: s.body(url),
      })),
    };
    const { createCampaign } = await call(
      'backoffice',
      `mutation($i: CampaignInput!) { createCampaign(input: $i) { id } }`,
      { i: input },
    );
    const id = createCampaign.id as string;
    await call('backoffice', `mutation($id: ID!) { submitCampaign(id: $id) { status } }`, { id });
    if (p.until === 'scheduled') {
      await call('manager', `mutation($id: ID!) { approveCampaign(id: $id) { status } }`, { id });
      await call('backoffice', `mutation($id: ID!) { scheduleCampaign(id: $id) { status } }`, { id });
    }
    created++;
  }
  log(
    `campaigns: consent for ${consents} of ${requesterIds.length} demo citizens, ${created} campaigns created (${PLANS.length - created} already there)`,
  );
}
