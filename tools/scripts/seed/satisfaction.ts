// Demo data of the satisfaction service (runs last): a custom questionnaire, citizens answering some of the
// survey invitations the earlier seeds caused (through the public page, exactly as a citizen would), a few
// online services completed and rated, and an improvement action — so the indicators are not empty.
// It answers ONLY invitations of what this run created (`ctx.created`: contacts, cases, procedures, and its own
// online-service sessions): an invitation someone else caused is never touched (issue 18).
import { asPortal, type SeedContext } from './lib';

type Invitation = {
  id: string;
  kind: string;
  status: string;
  contactId?: string | null;
  caseId?: string | null;
  procedureId?: string | null;
};

/** A stable pseudo-random number in [0, 1) from a string (the same demo on every run). */
function unit(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return (h >>> 0) / 2 ** 32;
}

const EMOTICONS = ['satisfied', 'satisfied', 'satisfied', 'satisfied', 'neutral', 'neutral', 'dissatisfied'];
const REASONS = ['waiting_time', 'courtesy', 'clarity', 'outcome', 'need_to_come_back'];
const COMMENTS = [
  'Personale molto gentile e disponibile.',
  'Risposta chiara, ma ho dovuto aspettare parecchio allo sportello.',
  'Sono dovuto tornare due volte per un documento mancante.',
  '',
  'Tutto veloce, grazie.',
];

/** What a citizen posts on the survey page for a survey of this kind. */
function answerFor(kind: string, id: string): URLSearchParams {
  const r = unit(id);
  const form = new URLSearchParams();
  if (kind === 'EMOTICONS') {
    form.set('emoticon', EMOTICONS[Math.floor(r * EMOTICONS.length)]);
    form.append('reasons', REASONS[Math.floor(unit(`${id}r`) * REASONS.length)]);
  } else if (kind === 'STARS') form.set('stars', String(1 + Math.min(4, Math.floor(r * 3 + 2.2))));
  else if (kind === 'CSAT') form.set('csat', String(1 + Math.floor(r * 5)));
  else if (kind === 'NPS') form.set('nps', String(Math.floor(r * 11)));
  const comment = COMMENTS[Math.floor(unit(`${id}c`) * COMMENTS.length)];
  if (comment) form.set('comment', comment);
  return form;
}

async function answer(ctx: SeedContext, inv: Invitation): Promise<boolean> {
  // the link as the deliverer gets it (no staff member reads it): the demo citizen opens what they received
  const data = await asPortal(`mutation($id: ID!) { surveyLink(invitationId: $id) { url } }`, {
    id: inv.id,
  });
  const url = data.surveyLink?.url as string | undefined;
  return url ? post(url, answerFor(inv.kind, inv.id)) : false;
}

async function post(url: string, form: URLSearchParams): Promise<boolean> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  });
  return res.status === 200;
}

/** The invitation follows something this run created (its contact, its case or its procedure). */
const ours = (ctx: SeedContext, inv: Invitation): boolean =>
  (!!inv.contactId && ctx.created.contacts.has(inv.contactId)) ||
  (!!inv.caseId && ctx.created.cases.has(inv.caseId)) ||
  (!!inv.procedureId && ctx.created.procedures.has(inv.procedureId));

/**
 * The pending invitations of this run's contacts, cases and procedures. Satisfaction issues them from the
 * closing events, asynchronously: polls until their number has not grown for a few seconds (at most a minute).
 */
async function ownPendingInvitations(ctx: SeedContext): Promise<Invitation[]> {
  const QUERY = `{ surveyInvitations(status: PENDING, first: 500) { id kind status contactId caseId procedureId } }`;
  const deadline = Date.now() + 60_000;
  let last: Invitation[] = [];
  let stableSince = Date.now();
  for (;;) {
    const pending = ((await ctx.call('manager', QUERY)).surveyInvitations as Invitation[]).filter((i) =>
      ours(ctx, i),
    );
    if (pending.length !== last.length) stableSince = Date.now();
    last = pending;
    if (Date.now() - stableSince >= 5_000 || Date.now() > deadline) return last;
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

const ONLINE = [
  ['cie_rilascio', 'anagrafe'],
  ['cambio_residenza', 'anagrafe'],
  ['permesso_ztl', 'polizia_locale'],
  ['tari_tassa_rifiuti', 'tributi'],
  ['iscrizione_asilo_nido', 'istruzione'],
] as const;

export async function seed(ctx: SeedContext): Promise<void> {
  await ctx.call(
    'manager',
    `mutation($i: SaveSurveyDefinitionInput!) { saveSurveyDefinition(input: $i) { id } }`,
    {
      i: {
        id: 'biblioteca-civica',
        title: 'La biblioteca civica di Borgo Aurelio',
        intro: 'Aiutaci a migliorare la biblioteca: bastano due minuti, il questionario è anonimo.',
        questions: [
          {
            id: 'orari',
            type: 'SINGLE_CHOICE',
            label: 'Gli orari di apertura sono adeguati?',
            required: true,
            options: [
              { value: 'si', label: 'Sì' },
              { value: 'sabato', label: 'Servirebbe l’apertura il sabato pomeriggio' },
              { value: 'sera', label: 'Servirebbe l’apertura serale' },
            ],
          },
          {
            id: 'spazi',
            type: 'SCALE',
            label: 'Come valuti gli spazi di studio?',
            required: true,
            min: 1,
            max: 5,
          },
          {
            id: 'comment',
            type: 'TEXT',
            label: 'Suggerimenti (facoltativo)',
            required: false,
            maxLength: 500,
          },
        ],
      },
    },
  );

  // online services completed on the portal: the AgID stars at the end of each (one survey per session)
  let online = 0;
  for (let i = 0; i < 40; i++) {
    const [serviceCode, officeId] = ONLINE[i % ONLINE.length];
    // the portal's users are requesters contacts knows (the survey is refused for anyone else)
    const { createRequester } = await ctx.call(
      'operator',
      'mutation($input: RequesterInput!) { createRequester(input: $input) { id } }',
      {
        input: {
          kind: 'PERSON',
          name: `Utente del portale ${i + 1}`,
          email: `portale.${i + 1}@example.org`,
          purpose: 'caricamento dati dimostrativi',
        },
      },
    );
    // the portal's integration (a service identity), as an online service ends: never a staff account
    const r = await asPortal(
      `mutation($i: OnlineServiceCompletedInput!) { completeOnlineService(input: $i) { issued link { url } } }`,
      {
        i: {
          sessionId: `demo-portale-${i}`,
          serviceCode,
          officeId,
          requesterId: createRequester.id,
        },
      },
    );
    if (r.completeOnlineService.issued) {
      online++;
      // about two thirds rate the service at once, on the link the portal shows
      const url = r.completeOnlineService.link?.url as string | undefined;
      if (url && unit(`demo-portale-${i}`) < 0.67) await post(url, answerFor('STARS', `demo-portale-${i}`));
    }
  }

  // citizens answer about two thirds of this run's invitations (the rest will expire: the response rate)
  const pending = await ownPendingInvitations(ctx);
  let answered = 0;
  for (const inv of pending) if (unit(inv.id) < 0.67 && (await answer(ctx, inv))) answered++;

  const actions = (await ctx.call('manager', `{ improvementActions(first: 100) { title } }`))
    .improvementActions as {
    title: string;
  }[];
  const title = 'Prenotazione online degli appuntamenti per la carta d’identità';
  if (!actions.some((a) => a.title === title)) {
    const alerts = (await ctx.call('manager', `{ satisfactionAlerts(first: 1) { id } }`))
      .satisfactionAlerts as {
      id: string;
    }[];
    const proposed = await ctx.call(
      'backoffice',
      `mutation($i: ProposeImprovementActionInput!) { proposeImprovementAction(input: $i) { id } }`,
      {
        i: alerts.length
          ? { alertId: alerts[0].id, title }
          : {
              scope: 'OFFICE',
              scopeId: 'anagrafe',
              title,
              description:
                'Attese allo sportello anagrafe segnalate nei giudizi: agenda online e promemoria via SMS.',
            },
      },
    );
    await ctx.call(
      'manager',
      `mutation($i: ChangeImprovementActionInput!) { changeImprovementAction(input: $i) { status } }`,
      {
        i: {
          id: proposed.proposeImprovementAction.id,
          status: 'ACCEPTED',
          note: 'Approvata in conferenza dei dirigenti',
        },
      },
    );
  }
  ctx.log(
    `satisfaction: ${online} online-service surveys issued, ${answered} of the ${pending.length} pending surveys of the demo's contacts, cases and procedures answered`,
  );
}
