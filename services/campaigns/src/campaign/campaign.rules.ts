/**
 * Rules of a communication campaign (pure: no framework, no database).
 *
 * - Life cycle draft → in_approval → approved → scheduled → running ⇄ paused → completed → archived, approved by
 *   someone other than the author (four eyes).
 * - Election blackout, L. 28/2000 art. 9: "dalla data di convocazione dei comizi elettorali e fino alla chiusura
 *   delle operazioni di voto è fatto divieto a tutte le amministrazioni pubbliche di svolgere attività di
 *   comunicazione ad eccezione di quelle effettuate in forma impersonale ed indispensabili per l'efficace
 *   assolvimento delle proprie funzioni". A campaign that would run in a blackout needs that justification.
 * - Plain language (Direttiva FP 24/10/2005 sulla semplificazione del linguaggio): the Gulpease index, the
 *   readability formula calibrated on Italian (Lucisano & Piemontese, 1988).
 */

export const CAMPAIGN_STATUSES = [
  'draft',
  'in_approval',
  'approved',
  'scheduled',
  'running',
  'paused',
  'completed',
  'archived',
] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export type CampaignAction =
  | 'submit'
  | 'approve'
  | 'reject'
  | 'schedule'
  | 'unschedule'
  | 'launch'
  | 'pause'
  | 'resume'
  | 'complete'
  | 'archive';

const TRANSITIONS: Record<CampaignAction, { from: CampaignStatus[]; to: CampaignStatus }> = {
  submit: { from: ['draft'], to: 'in_approval' },
  approve: { from: ['in_approval'], to: 'approved' },
  reject: { from: ['in_approval'], to: 'draft' },
  schedule: { from: ['approved'], to: 'scheduled' },
  unschedule: { from: ['scheduled'], to: 'approved' },
  launch: { from: ['scheduled'], to: 'running' },
  pause: { from: ['running'], to: 'paused' },
  resume: { from: ['paused'], to: 'running' },
  complete: { from: ['running', 'paused'], to: 'completed' },
  archive: { from: ['completed', 'draft'], to: 'archived' },
};

export type Decision<T = CampaignStatus> = { ok: true; value: T } | { ok: false; error: string };

export interface TransitionContext {
  actorId: string;
  authorId: string;
}

/** The next status for an action, or why the action is not allowed now. */
export function transition(status: CampaignStatus, action: CampaignAction, ctx: TransitionContext): Decision {
  const t = TRANSITIONS[action];
  if (!t.from.includes(status))
    return {
      ok: false,
      error: `cannot ${action} a campaign that is ${status} (allowed from: ${t.from.join(', ')})`,
    };
  if (action === 'approve' && ctx.actorId === ctx.authorId)
    return {
      ok: false,
      error: 'the author cannot approve their own campaign (four eyes): ask another person',
    };
  return { ok: true, value: t.to };
}

/** Only a draft may be edited: what was approved is what is sent. */
export const isEditable = (status: CampaignStatus): boolean => status === 'draft';

// ---------------------------------------------------------------- election blackout (L. 28/2000 art. 9)

export interface BlackoutPeriod {
  /** e.g. "Elezioni comunali 2027". */
  label: string;
  /** From the calling of the elections (convocazione dei comizi)… */
  from: string;
  /** …to the close of voting. */
  to: string;
}

export interface BlackoutJustification {
  /** The communication names no politician, no party, no achievement of the administration. */
  impersonal: boolean;
  /** Without it the administration could not carry out its functions (a deadline, a service change, safety). */
  indispensable: boolean;
  reason: string;
}

export const MIN_JUSTIFICATION_LENGTH = 20;

/** The blackout periods a campaign running from `start` to `end` (inclusive) would touch. */
export function blackoutsTouched(periods: BlackoutPeriod[], start: Date, end: Date): BlackoutPeriod[] {
  return periods.filter((p) => new Date(p.from) <= end && new Date(p.to) >= start);
}

/**
 * May a campaign running from `start` to `end` be approved or scheduled? Inside a blackout only with an explicit
 * justification that it is impersonal and indispensable (both, and a reason someone can check later).
 */
export function checkBlackout(
  periods: BlackoutPeriod[],
  start: Date,
  end: Date,
  justification?: BlackoutJustification | null,
): Decision<{ periods: BlackoutPeriod[]; justified: boolean }> {
  const touched = blackoutsTouched(periods, start, end);
  if (!touched.length) return { ok: true, value: { periods: [], justified: false } };
  const names = touched.map((p) => `${p.label} (${p.from.slice(0, 10)} – ${p.to.slice(0, 10)})`).join(', ');
  if (!justification)
    return {
      ok: false,
      error: `the campaign runs during the election blackout ${names} (L. 28/2000 art. 9): institutional communication is forbidden unless impersonal and indispensable; add that justification`,
    };
  if (!justification.impersonal || !justification.indispensable)
    return {
      ok: false,
      error: `during the election blackout ${names} only impersonal AND indispensable communication is allowed (L. 28/2000 art. 9)`,
    };
  if (justification.reason.trim().length < MIN_JUSTIFICATION_LENGTH)
    return {
      ok: false,
      error: `explain why the communication is indispensable (at least ${MIN_JUSTIFICATION_LENGTH} characters)`,
    };
  return { ok: true, value: { periods: touched, justified: true } };
}

// ---------------------------------------------------------------- steps

export interface CampaignStep {
  stepId: string;
  channel: 'email' | 'sms' | 'io';
  /** Hours after the previous step (the first: after the launch). */
  waitHours: number;
  subject?: string;
  body: string;
}

/** When each step is due, from the launch. */
export function stepDueTimes(launchedAt: Date, steps: Pick<CampaignStep, 'waitHours'>[]): Date[] {
  let t = launchedAt.getTime();
  return steps.map((s) => {
    t += s.waitHours * 3_600_000;
    return new Date(t);
  });
}

/** The last moment the campaign communicates: its end, or its last step if later. */
export function campaignWindow(
  startsAt: Date,
  endsAt: Date | undefined,
  steps: Pick<CampaignStep, 'waitHours'>[],
): { start: Date; end: Date } {
  const due = stepDueTimes(startsAt, steps);
  const last = due.length ? due[due.length - 1] : startsAt;
  return { start: startsAt, end: endsAt && endsAt > last ? endsAt : last };
}

// ---------------------------------------------------------------- plain language (Gulpease)

export interface Readability {
  /** 0–100: higher is easier. */
  gulpease: number;
  words: number;
  sentences: number;
  letters: number;
  /** Who reads it easily: `elementary` (≥ 80), `middle` (≥ 60), `high_school` (≥ 40), `difficult` (< 40). */
  level: 'elementary' | 'middle' | 'high_school' | 'difficult';
  /** Italian suggestions for the editor. */
  suggestions: string[];
}

const LONG_SENTENCE_WORDS = 25;
const JARGON = [
  'ai sensi',
  'suddetto',
  'predetto',
  'codesto',
  "all'uopo",
  'espletamento',
  'ottemperare',
  'in ordine a',
  'entro e non oltre',
  'pertanto',
];

/**
 * Gulpease = 89 + (300 × sentences − 10 × letters) / words (Lucisano & Piemontese 1988). Letters are counted without
 * digits and punctuation; sentences end with . ! ? ; or a line break between non-empty lines.
 */
export function readability(text: string): Readability {
  const plain = text.replace(/https?:\/\/\S+/g, ' ').trim();
  const words = plain.match(/[\p{L}\p{N}'’]+/gu)?.filter((w) => /\p{L}|\p{N}/u.test(w)) ?? [];
  const letters = (plain.match(/\p{L}/gu) ?? []).length;
  const sentenceList = plain
    .split(/[.!?;]+|\n\s*\n/)
    .map((s) => s.trim())
    .filter((s) => /\p{L}/u.test(s));
  const sentences = Math.max(1, sentenceList.length);
  const n = words.length;
  const raw = n ? 89 + (300 * sentences - 10 * letters) / n : 0;
  const gulpease = Math.round(Math.max(0, Math.min(100, raw)));
  const level =
    gulpease >= 80 ? 'elementary' : gulpease >= 60 ? 'middle' : gulpease >= 40 ? 'high_school' : 'difficult';
  const suggestions: string[] = [];
  const long = sentenceList.filter((s) => (s.match(/[\p{L}\p{N}'’]+/gu) ?? []).length > LONG_SENTENCE_WORDS);
  if (long.length)
    suggestions.push(
      `${long.length} frasi superano le ${LONG_SENTENCE_WORDS} parole: dividile in frasi più brevi.`,
    );
  const lower = plain.toLowerCase();
  const found = JARGON.filter((j) => lower.includes(j));
  if (found.length)
    suggestions.push(`Evita il linguaggio burocratico: ${found.map((f) => `«${f}»`).join(', ')}.`);
  if (gulpease < 60)
    suggestions.push('Il testo è difficile per chi ha la licenza media: usa parole comuni e frasi brevi.');
  return { gulpease, words: n, sentences, letters, level, suggestions };
}
