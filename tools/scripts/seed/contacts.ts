// Demo contacts of the URP of the "Comune di Borgo Aurelio" (≈ 45,000 inhabitants) from 1 October 2025 to
// today, registered through the gateway as the front office would, with their cases, closings and events.
// Historical timestamps use the admin-only import (`registeredAt`, `closedAt`), a documented migration
// feature. Office, category and sheet codes are the shared demo vocabulary (TEAM rules); the knowledge
// base is queried for sheet ids and falls back to slugs when it is not there. Deterministic (seeded PRNG)
// and idempotent: skipped when the demo's latest contacts are already present.
import { fiscalCode } from '@urp/testing';
import type { SeedContext } from './lib';

const START = Date.parse('2025-10-01T07:30:00Z');
const DAY = 86_400_000;

/** Mulberry32: a tiny deterministic PRNG, so every demo load is the same. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Topic = {
  level1: string;
  level2?: string;
  office: string;
  sheet?: string;
  procedure?: string;
  weight: number;
  /** Subject lines by contact type. */
  subjects: Partial<Record<string, string[]>>;
  place?: boolean;
};

const TOPICS: Topic[] = [
  {
    level1: 'anagrafe_stato_civile',
    level2: 'carta_identita',
    office: 'anagrafe',
    sheet: 'carta-identita-elettronica',
    procedure: 'cie_rilascio',
    weight: 14,
    subjects: {
      information: [
        'Rinnovo carta d’identità elettronica: come prenotare',
        'CIE per minori: documenti necessari',
        'Carta d’identità scaduta e viaggio all’estero',
      ],
      procedure_start: ['Richiesta di rilascio della CIE'],
      complaint: ['Nessun appuntamento disponibile per la CIE prima di due mesi'],
    },
  },
  {
    level1: 'anagrafe_stato_civile',
    level2: 'residenza',
    office: 'anagrafe',
    sheet: 'cambio-residenza',
    procedure: 'cambio_residenza',
    weight: 9,
    subjects: {
      information: [
        'Cambio di residenza: tempi e verifiche della polizia locale',
        'Cambio di indirizzo nello stesso Comune',
      ],
      forms: ['Modulo per la dichiarazione di residenza'],
      procedure_start: ['Dichiarazione di cambio di residenza'],
    },
  },
  {
    level1: 'anagrafe_stato_civile',
    level2: 'certificati',
    office: 'anagrafe',
    sheet: 'certificati-anagrafici',
    weight: 7,
    subjects: {
      information: [
        'Certificato di residenza storico',
        'Certificati anagrafici online con SPID',
        'Stato di famiglia per l’INPS',
      ],
    },
  },
  {
    level1: 'tributi',
    level2: 'tari',
    office: 'tributi',
    sheet: 'tari-tassa-rifiuti',
    weight: 12,
    subjects: {
      information: [
        'Scadenza della rata TARI',
        'Agevolazioni TARI per famiglie numerose',
        'Avviso TARI non ricevuto',
        'Come pagare la TARI con pagoPA',
      ],
      complaint: ['Avviso TARI con superficie errata', 'Doppio addebito TARI'],
      forms: ['Modulo di variazione TARI'],
    },
  },
  {
    level1: 'tributi',
    level2: 'imu',
    office: 'tributi',
    weight: 4,
    subjects: { information: ['Calcolo dell’IMU sulla seconda casa', 'IMU per immobile in comodato'] },
  },
  {
    level1: 'ambiente_rifiuti',
    level2: 'raccolta_mancata',
    office: 'ambiente',
    sheet: 'ritiro-ingombranti',
    weight: 8,
    place: true,
    subjects: {
      report: [
        'Mancata raccolta dell’umido',
        'Cassonetti del vetro pieni da giorni',
        'Rifiuti abbandonati vicino al parco',
      ],
      information: ['Prenotare il ritiro degli ingombranti', 'Calendario della raccolta differenziata'],
      complaint: ['Raccolta porta a porta saltata per la terza volta'],
    },
  },
  {
    level1: 'strade_viabilita',
    level2: 'illuminazione_pubblica',
    office: 'lavori_pubblici',
    sheet: 'segnalazione-guasti-illuminazione',
    weight: 6,
    place: true,
    subjects: {
      report: [
        'Lampione spento',
        'Illuminazione del sottopasso guasta',
        'Tre lampioni spenti nella stessa via',
      ],
    },
  },
  {
    level1: 'strade_viabilita',
    level2: 'buche_stradali',
    office: 'lavori_pubblici',
    weight: 6,
    place: true,
    subjects: {
      report: ['Buca pericolosa sulla carreggiata', 'Marciapiede dissestato', 'Tombino sollevato'],
      complaint: ['Buca segnalata un mese fa e non ancora riparata'],
    },
  },
  {
    level1: 'mobilita_ztl',
    level2: 'permessi',
    office: 'mobilita',
    sheet: 'permesso-ztl',
    procedure: 'permesso_ztl',
    weight: 5,
    subjects: {
      information: ['Permesso ZTL per residenti del centro storico', 'Accesso alla ZTL per carico e scarico'],
      procedure_start: ['Richiesta di permesso ZTL'],
      complaint: ['Multa ZTL con permesso valido'],
    },
  },
  {
    level1: 'mobilita_ztl',
    level2: 'rimozione',
    office: 'polizia_locale',
    sheet: 'rimozione-veicoli',
    weight: 3,
    subjects: { information: ['Auto rimossa: dove ritirarla', 'Orari del deposito veicoli rimossi'] },
  },
  {
    level1: 'scuola_infanzia',
    level2: 'asilo_nido',
    office: 'istruzione',
    sheet: 'iscrizione-asilo-nido',
    procedure: 'iscrizione_asilo_nido',
    weight: 5,
    subjects: {
      information: ['Graduatoria dell’asilo nido', 'Rette dell’asilo nido e ISEE'],
      procedure_start: ['Domanda di iscrizione all’asilo nido'],
      complaint: ['Mensa scolastica: menù non rispettato'],
    },
  },
  {
    level1: 'servizi_sociali',
    office: 'servizi_sociali',
    weight: 4,
    subjects: {
      information: ['Contributo per l’affitto', 'Assistenza domiciliare per anziani'],
      praise: ['Ringraziamento al servizio di assistenza domiciliare'],
    },
  },
  {
    level1: 'edilizia',
    office: 'edilizia_privata',
    sheet: 'permesso-di-costruire',
    procedure: 'permesso_costruire',
    weight: 3,
    subjects: {
      information: ['Permesso di costruire: tempi di rilascio', 'CILA o SCIA per una ristrutturazione?'],
      procedure_start: ['Istanza di permesso di costruire'],
    },
  },
  {
    level1: 'commercio_suap',
    office: 'suap',
    procedure: 'scia_commerciale',
    weight: 2,
    subjects: {
      information: ['Aprire un bar: SCIA e requisiti'],
      procedure_start: ['SCIA per apertura di esercizio commerciale'],
    },
  },
  {
    level1: 'accesso_atti',
    office: 'segreteria_generale',
    sheet: 'accesso-documentale',
    weight: 3,
    subjects: {
      document_access: [
        'Accesso agli atti di una pratica edilizia del 2019',
        'Copia del verbale di sopralluogo',
      ],
      foia: ['Accesso civico generalizzato: spese per eventi 2025', 'Dati sugli incarichi esterni'],
      civic_access: ['Pubblicazione mancante del bilancio consuntivo'],
    },
  },
  {
    level1: 'cultura_sport',
    office: 'urp',
    weight: 3,
    subjects: {
      information: [
        'Programma della festa di San Lorenzo (10 agosto)',
        'Orari della biblioteca civica',
        'Iscrizione ai corsi comunali di nuoto',
      ],
      suggestion: ['Più eventi per ragazzi in estate', 'Aprire la biblioteca il sabato pomeriggio'],
    },
  },
  {
    level1: 'urp_generale',
    office: 'urp',
    weight: 5,
    subjects: {
      information: ['Orari degli uffici comunali', 'Come ottenere lo SPID', 'PEC del Comune'],
      suggestion: ['Più rastrelliere per biciclette in centro', 'Una fontanella in piazza del Mercato'],
      complaint: ['Attesa eccessiva allo sportello', 'Telefono dell’URP sempre occupato'],
      praise: ['Grazie allo sportello per la cortesia'],
    },
  },
];

const AREAS = ['centro_storico', 'borgo_nuovo', 'san_lorenzo', 'le_vigne', 'porta_romana', 'frazione_casale'];
const STREETS = [
  'via Garibaldi',
  'via Roma',
  'viale della Repubblica',
  'via San Lorenzo',
  'piazza del Mercato',
  'via delle Vigne',
  'via Aurelia Vecchia',
  'largo dei Tigli',
];
const FIRST = [
  'Maria',
  'Giuseppe',
  'Anna',
  'Francesco',
  'Giulia',
  'Alessandro',
  'Chiara',
  'Luca',
  'Sara',
  'Marco',
  'Elena',
  'Davide',
  'Paola',
  'Stefano',
  'Federica',
  'Roberto',
  'Silvia',
  'Matteo',
  'Laura',
  'Andrea',
];
const LAST = [
  'Rossi',
  'Russo',
  'Ferrari',
  'Esposito',
  'Bianchi',
  'Romano',
  'Colombo',
  'Ricci',
  'Marino',
  'Greco',
  'Bruno',
  'Gallo',
  'Conti',
  'De Luca',
  'Mancini',
  'Costa',
  'Giordano',
  'Rizzo',
  'Lombardi',
  'Moretti',
];
const CHANNELS: [string, number][] = [
  ['DESK', 35],
  ['PHONE', 25],
  ['EMAIL', 15],
  ['PEC', 5],
  ['WEB_FORM', 10],
  ['APP', 5],
  ['SOCIAL', 2],
  ['LETTER', 3],
];
const TYPE_WEIGHTS: [string, number][] = [
  ['information', 55],
  ['forms', 6],
  ['report', 12],
  ['complaint', 6],
  ['document_access', 2],
  ['civic_access', 1],
  ['foia', 2],
  ['suggestion', 3],
  ['praise', 2],
  ['procedure_start', 8],
];
const FORWARD_TO = ['ASL Roma 6', 'Città metropolitana di Roma Capitale', 'Acea Ato 2', 'Prefettura di Roma'];

const pickWeighted = <T>(rnd: () => number, items: [T, number][]): T => {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let r = rnd() * total;
  for (const [v, w] of items) if ((r -= w) < 0) return v;
  return items[items.length - 1][0];
};
const pick = <T>(rnd: () => number, items: readonly T[]): T => items[Math.floor(rnd() * items.length)];

/** More contacts around the TARI deadlines (November) and the September school start; fewer in August. */
const seasonal = (t: number) => {
  const m = new Date(t).getUTCMonth();
  return m === 10 ? 1.8 : m === 8 ? 1.3 : m === 7 ? 0.5 : 1;
};

interface Planned {
  at: number;
  type: string;
  topic: Topic;
  subject: string;
  channel: string;
  requester?: number;
  area: string;
}

export function plan(today = Date.now()): Planned[] {
  const rnd = prng(20251001);
  const out: Planned[] = [];
  for (let day = START; day < today; day += DAY) {
    const dow = new Date(day).getUTCDay();
    if (dow === 0) continue;
    const perDay = (dow === 6 ? 0.3 : 1.1) * seasonal(day);
    let n = Math.floor(perDay + rnd());
    while (n-- > 0) {
      let type = pickWeighted(rnd, TYPE_WEIGHTS);
      let topic = pickWeighted(
        rnd,
        TOPICS.map((t) => [t, t.weight] as [Topic, number]),
      );
      for (let i = 0; i < 20 && !topic.subjects[type]; i++) {
        topic = pickWeighted(
          rnd,
          TOPICS.map((t) => [t, t.weight] as [Topic, number]),
        );
        if (i > 10) type = 'information';
      }
      if (!topic.subjects[type]) continue;
      const at = day + Math.floor(rnd() * 9 * 3600_000);
      if (at > today - 60_000) continue;
      out.push({
        at,
        type,
        topic,
        subject: pick(rnd, topic.subjects[type]!),
        channel:
          type === 'report' ? pick(rnd, ['APP', 'WEB_FORM', 'PHONE', 'DESK']) : pickWeighted(rnd, CHANNELS),
        requester: rnd() < 0.85 ? Math.floor(rnd() * 140) : undefined,
        area: pick(rnd, AREAS),
      });
    }
  }
  return out;
}

async function pool<T>(items: T[], size: number, run: (item: T, i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: size }, async () => {
      while (next < items.length) {
        const i = next++;
        await run(items[i], i);
      }
    }),
  );
}

export async function seed({ call, log, created }: SeedContext): Promise<void> {
  const planned = plan();
  // the demo's timestamps are to the millisecond and deterministic: any of its latest present means it ran
  const existing = await call('admin', '{ contacts(first: 100) { registeredAt } }');
  const seen = new Set((existing.contacts as { registeredAt: string }[]).map((c) => c.registeredAt));
  if (planned.slice(-30).some((p) => seen.has(new Date(p.at).toISOString()))) {
    log(`contacts: demo contacts already present (${planned.length} planned)`);
    return;
  }

  // sheet and office ids from the knowledge base when it is there; slugs and codes otherwise
  const sheetIds = new Map<string, string>();
  const officeIds = new Map<string, string>();
  try {
    const kb = await call('backoffice', '{ sheets(first: 200) { id slug } }');
    for (const s of kb.sheets as { id: string; slug: string }[]) sheetIds.set(s.slug, s.id);
    const org = await call('backoffice', '{ offices { id code } }');
    for (const o of org.offices as { id: string; code: string }[]) officeIds.set(o.code, o.id);
  } catch (e) {
    log(
      `contacts: knowledge base not reachable (${(e as Error).message.slice(0, 80)}): codes and slugs used as ids`,
    );
  }

  // requesters: fictional citizens (personal data stays in contacts), a few of them staff members
  const rnd = prng(45000);
  const requesterIds: string[] = [];
  const people = Array.from({ length: 140 }, (_, i) => {
    const first = pick(rnd, FIRST);
    const last = pick(rnd, LAST);
    const email = `${first}.${last}${i}`.toLowerCase().replace(/[^a-z0-9.]/g, '') + '@example.it';
    const channel = pickWeighted(rnd, [
      ['EMAIL', 50],
      ['IO', 25],
      ['SMS', 10],
      ['PEC', 5],
      ['LETTER', 10],
    ] as [string, number][]);
    return {
      kind: i % 23 === 0 ? 'ASSOCIATION' : i % 31 === 0 ? 'COMPANY' : 'PERSON',
      name:
        i % 23 === 0
          ? `Associazione ${last} per Borgo Aurelio`
          : i % 31 === 0
            ? `${last} S.r.l.`
            : `${first} ${last}`,
      email,
      phone: `+39 3${String(20 + (i % 70)).padStart(2, '0')} ${String(1000000 + i * 7919).slice(0, 7)}`,
      ...(channel === 'PEC' ? { pec: email.replace('@example.it', '@pec.example.it') } : {}),
      ...(channel === 'LETTER'
        ? { postalAddress: `${pick(rnd, STREETS)} ${1 + Math.floor(rnd() * 120)}, 00049 Borgo Aurelio` }
        : {}),
      ...(channel === 'IO' ? { fiscalCode: fakeFiscalCode(first, last, i) } : {}),
      preferredChannel:
        channel === 'IO' && i % 23 !== 0 && i % 31 !== 0 ? 'IO' : channel === 'IO' ? 'EMAIL' : channel,
      isStaff: i % 37 === 5,
      area: pick(rnd, AREAS),
      purpose: 'caricamento dati dimostrativi',
    };
  });
  await pool(people, 4, async (p, i) => {
    const { createRequester } = await call(
      'operator',
      'mutation($input: RequesterInput!) { createRequester(input: $input) { id } }',
      { input: p },
    );
    requesterIds[i] = createRequester.id;
  });

  let cases = 0;
  let closed = 0;
  const now = Date.now();
  await pool(planned, 4, async (p, i) => {
    const r = prng(i + 1);
    const caseType = ['report', 'complaint', 'document_access', 'civic_access', 'foia'].includes(p.type);
    const atDesk = ['information', 'forms', 'praise', 'suggestion'].includes(p.type);
    const street = pick(r, STREETS);
    const input: Record<string, unknown> = {
      channel: p.channel,
      type: p.type.toUpperCase(),
      subject: p.topic.place ? `${p.subject} – ${street}` : p.subject,
      category: { level1: p.topic.level1, ...(p.topic.level2 ? { level2: p.topic.level2 } : {}) },
      registeredAt: new Date(p.at).toISOString(),
      ...(p.requester !== undefined ? { requesterId: requesterIds[p.requester] } : {}),
      ...(p.topic.sheet && atDesk ? { sheetIds: [sheetIds.get(p.topic.sheet) ?? p.topic.sheet] } : {}),
      ...(atDesk ? { resolvedAtFirstContact: r() < 0.85 } : {}),
      ...(p.topic.place
        ? {
            place: {
              area: p.area,
              lat: 41.78 + r() * 0.04,
              lon: 12.2 + r() * 0.05,
              address: `${street} ${1 + Math.floor(r() * 90)}`,
            },
          }
        : { place: { area: p.area } }),
      ...(caseType || (atDesk && r() < 0.1)
        ? { officeId: officeIds.get(p.topic.office) ?? p.topic.office, openCase: true }
        : {}),
      ...(p.type === 'procedure_start' ? { procedureTypeCode: p.topic.procedure } : {}),
      ...(p.type === 'complaint' && r() < 0.2 ? { priority: 'HIGH' } : {}),
    };
    if (input.resolvedAtFirstContact) delete input.openCase;
    const register = (vars: Record<string, unknown>) =>
      call(
        'admin',
        'mutation($input: RegisterContactInput!) { registerContact(input: $input) { id status case { id dueAt } } }',
        { input: vars },
      );
    // an office the knowledge base does not know (its seed did not run): the case waits for triage instead
    const { registerContact } = await register(input).catch((e: Error) => {
      if (!/officeId/.test(e.message)) throw e;
      const { officeId: _o, ...rest } = input;
      return register(rest);
    });
    created.contacts.add(registerContact.id as string);
    const c = registerContact.case as { id: string; dueAt: string } | null;
    if (c) created.cases.add(c.id);
    if (!c) {
      // information answered later, and procedure starts handed over: the contact closes the same day (a
      // historical closing: the Cruscotto counts it in its own month, not in today's)
      if (registerContact.status === 'OPEN' && p.at < now - 2 * DAY)
        await call(
          'admin',
          'mutation($id: ID!, $at: String!) { closeContact(input: { id: $id, resolvedAtFirstContact: false, closedAt: $at }) { id } }',
          { id: registerContact.id, at: new Date(p.at + (1 + Math.floor(r() * 6)) * 3600_000).toISOString() },
        );
      return;
    }
    cases++;
    // most cases older than three weeks are closed, some after their due date
    if (p.at < now - 21 * DAY && r() < 0.9) {
      const days = r() < 0.8 ? 2 + Math.floor(r() * 25) : 31 + Math.floor(r() * 20);
      const outcome = pickWeighted(r, [
        ['ANSWERED', 45],
        ['ACCEPTED', 25],
        ['PARTLY_ACCEPTED', 10],
        ['REJECTED', 10],
        ['FORWARDED', 10],
      ] as [string, number][]);
      await call('admin', 'mutation($input: CloseCaseInput!) { closeCase(input: $input) { id } }', {
        input: {
          caseId: c.id,
          outcome,
          closedAt: new Date(Math.min(p.at + days * DAY, now - 3600_000)).toISOString(),
          ...(outcome === 'FORWARDED' ? { forwardedTo: pick(r, FORWARD_TO) } : {}),
        },
      });
      closed++;
    }
  });
  log(
    `contacts: ${requesterIds.length} requesters, ${planned.length} contacts from 2025-10-01 (${cases} cases, ${closed} closed)`,
  );
}

/** A fictional fiscal code, check character included (contacts refuses a code whose last character is wrong). */
function fakeFiscalCode(first: string, last: string, i: number): string {
  const cons = (s: string) =>
    (
      s
        .toUpperCase()
        .replace(/[^A-Z]/g, '')
        .replace(/[AEIOU]/g, '') + 'XXX'
    ).slice(0, 3);
  const months = 'ABCDEHLMPRST';
  return fiscalCode(
    `${cons(last)}${cons(first)}${String(60 + (i % 40)).padStart(2, '0')}${months[i % 12]}${String(1 + (i % 28)).padStart(2, '0')}H501`,
  );
}
