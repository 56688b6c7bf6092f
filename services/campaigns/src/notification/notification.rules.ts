/**
 * Notifications: the service messages the platform owes one person (a case update to the citizen, a reminder to
 * the referent of a case, a review notice to a sheet's owner). Pure rules: the state machine, the retry policy and
 * the template catalogue. A message is rendered here from a template and the codes of the event (protocol number,
 * status, due date, office); the one free text it may carry is the office's public message to the citizen, fetched
 * from contacts at send time (`facts.messageId`) and never stored, put on an event or logged here.
 *
 *   queued ──send──▶ sending ──▶ delivered (the recipient's server accepted it) | sent (a provider took it)
 *     ▲                 │
 *     └── transient ────┤ (exponential backoff, up to maxAttempts, then failed `retries_exhausted`)
 *                       └──▶ failed (cannot be sent: no address, channel not available) | bounced (refused)
 */
import type { CloudEvent } from '@urp/contracts';
import { DomainError, type Aggregate, type Decision, type UseCaseContext } from '@urp/kernel';
import { notificationDelivered, notificationFailed, notificationQueued } from './notification.events';
import type { DeadlineDigestItem } from '../bulletin/deadline-digest.rules';
import {
  dateIt as dateLongIt,
  dateShort as dateShortIt,
  romeDay,
  withPreposition,
} from '../shared/italian-dates';

export type NotificationChannel = 'email' | 'pec' | 'io' | 'sms' | 'letter' | 'phone';
export type NotificationStatus = 'queued' | 'sending' | 'sent' | 'delivered' | 'failed' | 'bounced';
export type RecipientType = 'requester' | 'referent' | 'office';

/** What the message is rendered from: codes and dates only, never free text. */
export interface NotificationFacts {
  protocolNumber?: string;
  status?: string;
  dueAt?: string;
  officeId?: string;
  kind?: string;
  sheetTitle?: string;
  /** Procedures: the PDF to fetch at send time (email / PEC attach it) and the type of the procedure. */
  documentId?: string;
  procedureTypeCode?: string;
  /** Satisfaction: until when the survey can be answered. */
  expiresOn?: string;
  /** The substitute official's notice: the ordinary due date the office missed. */
  originalDueAt?: string;
  /** A deadline warning: how many days before the due date it fires. */
  daysBefore?: number;
  /** contacts: the case's public message this notification delivers (its text is fetched at send time). */
  messageId?: string;
  /** A daily digest of deadline warnings: the procedures it lists (protocol number, type, due date). */
  procedures?: DeadlineDigestItem[];
}

/** A legal proof returned by the channel (PEC receipts). */
export interface NotificationReceipt {
  type: string;
  at: string;
  messageId?: string;
}

export interface Notification extends Aggregate {
  /** The event type that asked for it. */
  requestedBy:
    | 'CitizenNotificationRequested'
    | 'ReminderDue'
    | 'CaseRouted'
    | 'CaseOpened'
    | 'SubstituteEngaged'
    | 'SheetReviewDue'
    | 'ApplicantNotificationRequested'
    | 'SurveyLinkDeliveryRequested'
    | 'DeadlineApproaching'
    | 'DeadlineMissed';
  caseId?: string;
  contactId?: string;
  sheetId?: string;
  procedureId?: string;
  invitationId?: string;
  /**
   * Channels still to try, in order, when the recipient has no address on `channel` (a procedure notice goes to
   * the applicant's digital domicile first: PEC, then email, IO, SMS). Consumed at send time.
   */
  fallbackChannels?: NotificationChannel[];
  /**
   * Resolve the channel at send time with contacts' `preferred` (WAVE4 agreement 2): the requester's preferred
   * channel when it has that address, else the first of PEC, e-mail, IO, SMS. `channel` and `fallbackChannels` are
   * what is tried when contacts does not answer a channel (an older contacts).
   */
  preferred?: boolean;
  /** The provider's id of the message (SMS: the SMSC's message id), to match its delivery receipt. */
  providerMessageId?: string;
  recipientType: RecipientType;
  /** `req_…` or a referent / office id: the address is resolved at send time and never stored. */
  recipientId: string;
  /** The office the originating case / procedure / sheet belongs to, when known (who may read it). */
  officeId?: string;
  /** Staff notices fall back to the office when the referent has no email. */
  fallbackOfficeId?: string;
  channel: NotificationChannel;
  template: string;
  facts: NotificationFacts;
  status: NotificationStatus;
  attempts: number;
  queuedAt: Date;
  nextAttemptAt: Date;
  sendingSince?: Date;
  /** Which sender holds the attempt (a claim written in a bulk is recognised by it); gone with the outcome. */
  claimId?: string;
  sentAt?: Date;
  deliveredAt?: Date;
  failedAt?: Date;
  /** A reason code (`no_address`, `smtp_550`, `io_profile_not_found`, `retries_exhausted`): never the address. */
  failureCode?: string;
  lastError?: string;
  receipts?: NotificationReceipt[];
}

export interface RetryPolicy {
  maxAttempts: number;
  baseMs: number;
}

/** Channels the service can deliver on; the others fail at once with `channel_unsupported`. */
export const DELIVERABLE: readonly NotificationChannel[] = ['email', 'pec', 'io', 'sms'];

/** Where a procedure notice goes when the applicant has that address: the digital domicile (PEC) first. */
export const NOTICE_CHANNELS: readonly NotificationChannel[] = ['pec', 'email', 'io', 'sms'];

// ---------------------------------------------------------------- ids

/**
 * Deterministic ids, so that a redelivered or re-published event queues nothing new: the contacts service's own
 * notification id; a reminder per case, kind and due date (two timers firing the same reminder give one message);
 * a review notice per sheet and review date (its instant).
 */
export const notificationIdFor = {
  citizen: (notificationId: string) => `ntf_${notificationId}`,
  reminder: (caseId: string, kind: string, dueAt: string) =>
    `ntf_rem_${caseId}_${kind}_${new Date(dueAt).toISOString().slice(0, 10)}`,
  /** per review date as the knowledge base claims it (`reviewClaimId`: the instant, not the UTC day, so a second
   * review date on the same day is told too, and a Rome-midnight date is not named after the day before) */
  review: (sheetId: string, reviewDueAt: string) =>
    `ntf_rev_${sheetId}_${new Date(reviewDueAt).toISOString().replace(/[-:.]/g, '')}`,
  /** The review notice's id before a3763cc (the UTC day): a notice queued under it is not queued again. */
  reviewByDay: (sheetId: string, reviewDueAt: string) =>
    `ntf_rev_${sheetId}_${new Date(reviewDueAt).toISOString().slice(0, 10)}`,
  /** procedures' notice: its own notification id. */
  applicant: (notificationId: string) => `ntf_prc_${notificationId}`,
  /** satisfaction's survey link: its own notification id. */
  survey: (notificationId: string) => `ntf_svy_${notificationId}`,
  /** A case assigned to a referent or an office: once per routing (the `CaseRouted` or `CaseOpened` event's id). */
  assigned: (eventId: string) => `ntf_asg_${eventId}`,
  /** The substitute official engaged on a procedure: once per event (the clock engages a procedure's once). */
  substitute: (eventId: string) => `ntf_sub_${eventId}`,
  /** A deadline warning: once per event id (each warning is its own event). */
  deadline: (eventId: string) => `ntf_dl_${eventId}`,
  /** A daily digest of deadline warnings: once per digest (recipient, office, kind, day). */
  deadlineDigest: (digestId: string) => `ntf_${digestId}`,
};

// ---------------------------------------------------------------- decisions

export type QueueNotification = Omit<
  Notification,
  | 'id'
  | 'revision'
  | 'status'
  | 'attempts'
  | 'queuedAt'
  | 'nextAttemptAt'
  | 'sendingSince'
  | 'claimId'
  | 'sentAt'
  | 'deliveredAt'
  | 'failedAt'
  | 'failureCode'
  | 'lastError'
  | 'receipts'
> & { id: string };

/** Accepts a notification once: an existing one with the same id is left as it is (`null`: nothing to do). */
export function queueNotification(
  existing: Notification | null,
  cmd: QueueNotification,
  ctx: UseCaseContext,
  /** When the event asked for it, and how late a message may still go out (a replayed history sends nothing). */
  freshness?: { requestedAt: Date; maxAgeMs: number },
): Decision<Notification> | null {
  if (existing) return null;
  const state: Notification = {
    ...cmd,
    revision: 0,
    status: 'queued',
    attempts: 0,
    queuedAt: ctx.now,
    nextAttemptAt: ctx.now,
  };
  const events: CloudEvent[] = [notificationQueued(ctx, state)];
  // a channel nobody can deliver on is known at once: failed now, visible to the originating service
  if (!DELIVERABLE.includes(cmd.channel)) return fail(state, 'channel_unsupported', 'failed', ctx, events);
  if (freshness && ctx.now.getTime() - freshness.requestedAt.getTime() > freshness.maxAgeMs)
    return fail(state, 'expired', 'failed', ctx, events);
  return { state, events };
}

/** Claims the next attempt before sending (the write is guarded by the revision: one sender per attempt). */
export function claimAttempt(
  n: Notification | null,
  ctx: UseCaseContext,
  claimId?: string,
): Decision<Notification> {
  if (!n) throw DomainError.notFound('la notifica');
  if (n.status !== 'queued') throw DomainError.conflict(`La notifica è già ${n.status}`);
  if (n.nextAttemptAt.getTime() > ctx.now.getTime())
    throw DomainError.conflict('Il prossimo tentativo non è ancora dovuto');
  return {
    state: {
      ...n,
      status: 'sending',
      attempts: n.attempts + 1,
      sendingSince: ctx.now,
      ...(claimId ? { claimId } : {}),
    },
    events: [],
  };
}

export type AttemptOutcome =
  | {
      ok: true;
      status: 'sent' | 'delivered';
      receipts?: NotificationReceipt[];
      /** The channel it went out on, when a fallback channel was used. */
      channel?: NotificationChannel;
      providerMessageId?: string;
    }
  | { ok: false; permanent: boolean; bounced: boolean; code: string };

/** The backoff before attempt `attempts + 1`: base · 2^(attempts − 1). */
export const backoffMs = (attempts: number, policy: RetryPolicy): number =>
  policy.baseMs * 2 ** Math.max(0, attempts - 1);

/** Records what the attempt claimed by `claimAttempt` gave. */
export function recordAttempt(
  n: Notification | null,
  outcome: AttemptOutcome,
  policy: RetryPolicy,
  ctx: UseCaseContext,
): Decision<Notification> {
  if (!n) throw DomainError.notFound('la notifica');
  if (n.status !== 'sending') throw DomainError.conflict(`La notifica è già ${n.status}`);
  const { sendingSince: _s, claimId: _c, ...rest } = n;
  if (outcome.ok) {
    const receipts = [...(n.receipts ?? []), ...(outcome.receipts ?? [])];
    // a PEC delivery receipt may come back before the sender recorded the hand-over
    const delivered = outcome.status === 'delivered' || receipts.some((r) => r.type === 'avvenuta-consegna');
    const { fallbackChannels: _f, ...sent } = rest;
    const state: Notification = {
      ...sent,
      ...(outcome.channel ? { channel: outcome.channel } : {}),
      ...(outcome.providerMessageId ? { providerMessageId: outcome.providerMessageId } : {}),
      status: delivered ? 'delivered' : 'sent',
      sentAt: ctx.now,
      ...(delivered ? { deliveredAt: ctx.now } : {}),
      ...(receipts.length ? { receipts } : {}),
    };
    return { state, events: [notificationDelivered(ctx, state)] };
  }
  if (outcome.permanent) return fail(rest, outcome.code, outcome.bounced ? 'bounced' : 'failed', ctx);
  if (n.attempts >= policy.maxAttempts)
    return fail(rest, 'retries_exhausted', 'failed', ctx, [], outcome.code);
  return {
    state: {
      ...rest,
      status: 'queued',
      lastError: outcome.code,
      nextAttemptAt: new Date(ctx.now.getTime() + backoffMs(n.attempts, policy)),
    },
    events: [],
  };
}

/**
 * A claim whose sender died (crash between the claim and the outcome): whether the message left is unknown.
 * It is NOT sent again (nobody gets a message twice); it fails visibly with `outcome_unknown` so that the
 * originating service shows it and an operator can check with the citizen.
 */
export function abandonStaleClaim(
  n: Notification | null,
  ctx: UseCaseContext,
): Decision<Notification> | null {
  if (!n || n.status !== 'sending') return null;
  const { sendingSince: _s, claimId: _c, ...rest } = n;
  return fail(rest, 'outcome_unknown', 'failed', ctx);
}

/** Adds a receipt that came back later (PEC `avvenuta-consegna`): the legal proof of delivery. */
export function addReceipt(
  n: Notification | null,
  receipt: NotificationReceipt,
  ctx: UseCaseContext,
): Decision<Notification> | null {
  if (!n) return null;
  if ((n.receipts ?? []).some((r) => r.type === receipt.type)) return null;
  const delivered = receipt.type === 'avvenuta-consegna' && n.status === 'sent';
  const state: Notification = {
    ...n,
    receipts: [...(n.receipts ?? []), receipt],
    ...(delivered ? { status: 'delivered', deliveredAt: ctx.now } : {}),
  };
  return { state, events: delivered ? [notificationDelivered(ctx, state)] : [] };
}

/**
 * A provider's delivery report (an SMS delivery receipt): `DELIVRD` → delivered; `UNDELIV` / `REJECTD` → bounced;
 * `EXPIRED` / `DELETED` / `UNKNOWN` → failed; intermediate states (`ACCEPTD`, `ENROUTE`) are only kept. Only a
 * `sent` notification moves: a status never moves backwards, and a report seen twice changes nothing.
 */
export function addDeliveryReport(
  n: Notification | null,
  report: { stat: string; err: string; at: string },
  ctx: UseCaseContext,
): Decision<Notification> | null {
  if (!n || n.status !== 'sent') return null;
  const stat = report.stat.toUpperCase();
  const receipt: NotificationReceipt = { type: `sms-${stat.toLowerCase()}`, at: report.at };
  if ((n.receipts ?? []).some((r) => r.type === receipt.type)) return null;
  const withReceipt: Notification = { ...n, receipts: [...(n.receipts ?? []), receipt] };
  if (stat === 'DELIVRD') {
    const state: Notification = { ...withReceipt, status: 'delivered', deliveredAt: ctx.now };
    return { state, events: [notificationDelivered(ctx, state)] };
  }
  if (stat === 'ACCEPTD' || stat === 'ENROUTE') return { state: withReceipt, events: [] };
  const bounced = stat === 'UNDELIV' || stat === 'REJECTD';
  return fail(
    withReceipt,
    `sms_${stat.toLowerCase()}`,
    bounced ? 'bounced' : 'failed',
    ctx,
    [],
    `err ${report.err}`,
  );
}

function fail(
  n: Notification,
  code: string,
  outcome: 'failed' | 'bounced',
  ctx: UseCaseContext,
  before: CloudEvent[] = [],
  lastError?: string,
): Decision<Notification> {
  const state: Notification = {
    ...n,
    status: outcome,
    failedAt: ctx.now,
    failureCode: code.slice(0, 64),
    ...(lastError ? { lastError } : {}),
  };
  return { state, events: [...before, notificationFailed(ctx, state)] };
}

// ---------------------------------------------------------------- templates

export interface RenderedMessage {
  subject: string;
  /** Plain text (email, PEC) and Markdown (IO): the same words. */
  text: string;
  markdown: string;
  /** SMS: the same message in at most 306 characters (two concatenated parts). */
  short: string;
}

/** What the sender fetched at send time and the message refers to. */
export interface RenderExtras {
  /** The survey link (satisfaction), never stored. */
  link?: string;
  /** The PDF is attached (email, PEC); otherwise the message says where to read it. */
  attached?: boolean;
  channel?: NotificationChannel;
  /** The office's public message to the citizen (contacts, at send time): e-mail, PEC and IO carry it. */
  message?: string;
  /**
   * The receipt of a contact registered away from the desk (contacts, at send time): it says the protocol number,
   * the receipt code and the status page itself, so the message says none of them again. Not a message of the office.
   */
  receipt?: string;
  /**
   * When the message goes out: "tra 3 giorni" is counted from it (never from when the event was queued: a message
   * sent late would say the wrong count). Without it the message says the date only.
   */
  now?: Date;
  /** The public status page (`…/stato-pratica`): every message to a citizen about a case ends with it. */
  statusPageUrl?: string;
  /** How the case was closed (contacts' `CaseClosed`, kept by the projection of cases), when it is known. */
  outcome?: { code: string; forwardedTo?: string };
}

/** App IO: the Markdown body must be 80 to 10,000 characters long. */
export const IO_MARKDOWN_MAX = 10_000;
const MESSAGE_INTRO = "Il messaggio dell'ufficio:";
/** A case waiting for the citizen: the office's message says what to send. */
const REQUEST_INTRO = 'L’ufficio le chiede:';
const TRUNCATED =
  "[Il messaggio è stato abbreviato: il testo completo è disponibile all'URP, indicando il numero di protocollo.]";

const AUTO = 'Questo messaggio è generato automaticamente: non risponda a questo indirizzo.';

/** Where the applicant follows a procedure (no public page finds procedures by protocol number yet). */
const PROCEDURE_FOLLOW =
  "Per conoscere lo stato del procedimento può rivolgersi all'Ufficio per le Relazioni con il Pubblico, allo sportello o ai recapiti del Comune, indicando il numero di protocollo.";

/**
 * The applicant's notices. `due` says what the procedure's date (`dueAt`) is in that notice: the closing date of
 * an art. 8 notice, the last day for observations of an art. 10-bis notice (the term is then suspended, not due),
 * the date of the final decision.
 */
interface NoticeText {
  title: string;
  law: string;
  due?: (date: string) => string;
  /** Said instead of `due` when the notice has no date. */
  undated?: string;
  extra?: string;
  /** What the SMS adds to the title when the notice has a date (the date as `dateShort` writes it). */
  sms?: (date: string) => string;
}

const LAW_241 = 'legge 7 agosto 1990, n. 241';

/** Art. 10-bis as amended by DL 76/2020: the notice suspends the term, which restarts as the law says. */
const REJECTION_SUSPENDS =
  'La comunicazione sospende il termine per la conclusione del procedimento, che ricomincia a decorrere dieci giorni dopo la presentazione delle osservazioni o, in mancanza delle stesse, dalla scadenza del termine di dieci giorni.';

/** The final decision's outcome (generic procedures on request), and the means of redress when unfavourable. */
const DECISION_OUTCOMES: Record<string, string> = {
  accepted: 'accolta',
  partly_accepted: 'accolta in parte',
  rejected: 'respinta',
  inadmissible: 'dichiarata inammissibile',
};
const REDRESS =
  'Contro il provvedimento può proporre ricorso al Tribunale amministrativo regionale (TAR) entro 60 giorni dalla comunicazione, oppure ricorso straordinario al Presidente della Repubblica entro 120 giorni.';

/** Art. 2 c.7: what the office asks for is listed in the notice's PDF only (never in an event or a message). */
const DOCUMENTS_LISTED =
  "L'elenco dei documenti e delle informazioni da integrare, e come inviarli, è indicato nella comunicazione.";

/** The applicant's notices by template: every value of procedures' `ApplicantNotificationTemplate` has one. */
const NOTICES: Record<string, NoticeText> = {
  procedure_start_notice: {
    title: 'Comunicazione di avvio del procedimento',
    law: `art. 8 della ${LAW_241}`,
    due: (d) => `Il termine per la conclusione del procedimento è ${on('il', d)}.`,
  },
  procedure_rejection_notice: {
    title: "Comunicazione dei motivi ostativi all'accoglimento dell'istanza",
    law: `art. 10-bis della ${LAW_241}`,
    due: (d) =>
      `Entro dieci giorni dal ricevimento della comunicazione, e comunque entro ${on('il', d)}, può presentare per iscritto le sue osservazioni, eventualmente corredate da documenti.`,
    undated:
      'Entro dieci giorni dal ricevimento della comunicazione può presentare per iscritto le sue osservazioni, eventualmente corredate da documenti.',
    extra: REJECTION_SUSPENDS,
  },
  procedure_document_request_notice: {
    title: 'Richiesta di integrazione documentale e sospensione del termine',
    law: `art. 2, comma 7, della ${LAW_241}`,
    extra:
      'Il termine per la conclusione del procedimento è sospeso, per una sola volta e per non più di trenta giorni, fino al ricevimento delle integrazioni richieste. ' +
      DOCUMENTS_LISTED,
    // `dueOn`: the day the term runs again by law at the latest (the 30 days end), with or without the documents
    due: (d) =>
      `Invii le integrazioni entro ${on('il', d)}: da quel giorno il termine riprende a decorrere anche se non sono pervenute.`,
    undated:
      "Invii le integrazioni entro trenta giorni dall'inizio della sospensione indicato nella comunicazione: trascorsi, il termine riprende a decorrere anche se non sono pervenute.",
    sms: (d) => `termine sospeso, invii le integrazioni entro il ${d}`,
  },
  procedure_resumption_notice: {
    title: 'Comunicazione della ripresa del termine del procedimento',
    law: `art. 2, comma 7, della ${LAW_241}`,
    // `dueOn`: the new closing date (absent while the term is still suspended for another reason: the PDF says so)
    due: (d) =>
      `La sospensione del termine per la richiesta di integrazione documentale è terminata: il termine per la conclusione del procedimento riprende a decorrere e la nuova data entro la quale deve concludersi è ${on('il', d)}.`,
    undated:
      'La sospensione del termine per la richiesta di integrazione documentale è terminata. La data entro la quale deve concludersi il procedimento è indicata nella comunicazione.',
    sms: (d) => `il termine riprende, nuova data di conclusione ${d}`,
  },
  ...Object.fromEntries(
    Object.entries(DECISION_OUTCOMES).map(([outcome, words]) => [
      `procedure_decision_${outcome}_notice`,
      {
        title: 'Comunicazione del provvedimento finale',
        law: LAW_241,
        due: (d: string) => `Con provvedimento ${on('del', d)} la sua istanza è stata ${words}.`,
        ...(outcome === 'accepted' ? {} : { extra: REDRESS }),
      },
    ]),
  ),
};

const STATUS_WORDS: Record<string, string> = {
  contact_registered: 'è stata registrata',
  received: 'è stata registrata',
  in_progress: 'è in lavorazione',
  assigned: "è stata assegnata all'ufficio competente",
  answered: 'ha ricevuto una risposta',
  waiting_citizen: 'attende una sua integrazione',
  closed: 'è stata chiusa',
  reopened: 'è stata riaperta',
  merged: "è stata unita a un'altra pratica sullo stesso argomento",
  /** `case_message`: a public message of the office that is not the answer. */
  message: "ha ricevuto un nuovo messaggio dall'ufficio",
  suspended: 'è sospesa',
  resumed: 'è ripresa',
};

/**
 * A formatter remembering its last 1,000 answers: the messages of a batch share their dates (Intl's formatting was
 * about 1 % of the sender's CPU).
 */
const remembered = (format: (iso: string) => string) => {
  const memo = new Map<string, string>();
  return (iso?: string): string | undefined => {
    if (!iso) return undefined;
    let out = memo.get(iso);
    if (out === undefined) {
      if (memo.size >= 1_000) memo.clear();
      memo.set(iso, (out = format(iso)));
    }
    return out;
  };
};

const dateShort = remembered(dateShortIt);

const dateIt = remembered(dateLongIt);

/** The calendar day in Rome of an instant, as a day number (en-CA formats as YYYY-MM-DD). */
const dayOf = (d: Date) => Date.parse(romeDay(d)) / 86_400_000;

/** " (tra 3 giorni)", " (domani)", " (oggi)" from `now` to the due date, in Rome's calendar days; else nothing. */
const fromNow = (iso: string | undefined, now: Date | undefined): string => {
  if (!iso || !now) return '';
  const days = Math.round(dayOf(new Date(iso)) - dayOf(now));
  if (days < 0) return '';
  if (days === 0) return ' (oggi)';
  if (days === 1) return ' (domani)';
  return ` (tra ${days} giorni)`;
};

const on = withPreposition;

/**
 * The template catalogue. Every message says what changed by its codes and where to read the details; none
 * carries the text of the case or the sheet. A case update carries the office's public message when the sender
 * fetched it (`extras.message`: e-mail, PEC and IO; never the SMS, which says where to read it).
 */
export function renderNotification(
  n: Pick<Notification, 'template' | 'facts' | 'recipientType'>,
  extras: RenderExtras = {},
): RenderedMessage {
  const f = n.facts;
  const ref = f.protocolNumber ? `n. ${f.protocolNumber}` : '';
  const due = dateIt(f.dueAt);
  let subject: string;
  let lines: string[];
  let details = "Dettagli all'URP.";
  if (n.template === 'survey_link') {
    const until = dateIt(f.expiresOn);
    subject = "Com'è andata? Ci dica la sua opinione sull'URP";
    lines = [
      'Gentile cittadina, gentile cittadino,',
      "la sua richiesta all'Ufficio per le Relazioni con il Pubblico si è conclusa. Ci aiuta a migliorare il servizio rispondendo a un breve questionario?",
      `Il questionario è qui: ${extras.link ?? ''}`,
      ...(until ? [`Può rispondere fino ${on('al', until)}. Rispondere è facoltativo.`] : []),
      AUTO,
    ];
    const text = lines.join('\n\n');
    const short = `Comune - URP: ci dica com'è andata${until ? ` entro il ${dateShort(f.expiresOn)}` : ''}: ${extras.link ?? ''}`;
    return { subject, text, markdown: text, short };
  }
  const notice =
    NOTICES[n.template] ??
    (n.template.startsWith('procedure_') && n.template.endsWith('_notice')
      ? { title: 'Comunicazione relativa al suo procedimento', law: 'legge 7 agosto 1990, n. 241' }
      : undefined);
  if (notice && n.recipientType === 'requester') {
    subject = `${notice.title}${ref ? ` - protocollo ${ref}` : ''}`.slice(0, 120);
    lines = [
      'Gentile cittadina, gentile cittadino,',
      extras.attached
        ? `in allegato trova la ${notice.title.toLowerCase()} (${notice.law})${ref ? `, protocollo ${ref}` : ''}, in formato PDF.`
        : `è disponibile la ${notice.title.toLowerCase()} (${notice.law})${ref ? `, protocollo ${ref}` : ''}.`,
      // the date says what it is in this notice (a 10-bis notice's is the last day for observations, not the term)
      ...(due && notice.due ? [notice.due(due)] : notice.undated ? [notice.undated] : []),
      ...(notice.extra ? [notice.extra] : []),
      extras.attached
        ? 'Conservi il documento: ha valore di comunicazione ufficiale.'
        : "Il documento completo, in PDF, è conservato dal Comune: può ritirarne copia all'Ufficio per le Relazioni con il Pubblico, o chiederne l'invio per posta elettronica o PEC, indicando il numero di protocollo.",
      // where to follow it: the status page finds cases by their receipt, not procedures; the URP does
      PROCEDURE_FOLLOW,
      AUTO,
    ];
    const text = lines.join('\n\n');
    const brief = f.dueAt && notice.sms ? `: ${notice.sms(dateShort(f.dueAt) ?? '')}` : '';
    const short = `Comune - URP: ${notice.title}${ref ? ` prot. ${ref}` : ''}${brief}. Copia in PDF all'URP con il numero di protocollo.`;
    return { subject, text, markdown: text, short: short.slice(0, 306) };
  }
  if (n.template === 'procedure_deadlines_approaching' || n.template === 'procedure_deadlines_missed') {
    const missed = n.template === 'procedure_deadlines_missed';
    const items = f.procedures ?? [];
    const one = items.length === 1;
    subject = missed
      ? one
        ? `Procedimento con termine scaduto: ${procedureRef(items[0])}`
        : `Procedimenti con termine scaduto: ${items.length}`
      : one
        ? `Promemoria: procedimento in scadenza, ${procedureRef(items[0])}`
        : `Promemoria: ${items.length} procedimenti in scadenza`;
    lines = [
      missed
        ? one
          ? 'Un procedimento del suo ufficio ha superato il termine senza un provvedimento:'
          : `${items.length} procedimenti del suo ufficio hanno superato il termine senza un provvedimento:`
        : one
          ? 'Un procedimento del suo ufficio è in scadenza:'
          : `${items.length} procedimenti del suo ufficio sono in scadenza:`,
      items
        .map((i) => {
          const d = dateIt(i.dueAt) ?? '';
          const when = missed
            ? `termine scaduto ${on('il', d)}`
            : `scade ${on('il', d)}${fromNow(i.dueAt, extras.now)}`;
          return `- ${procedureRef(i)}, ${i.typeName ?? `tipo ${i.typeCode}`}: ${when}`;
        })
        .join('\n'),
      missed
        ? 'Valuti il provvedimento o il potere sostitutivo (art. 2, comma 9-bis, della legge 241/1990). Li trova nella scrivania dell’URP, alla voce «Procedimenti», cercando il numero di protocollo.'
        : 'Li trova nella scrivania dell’URP, alla voce «Procedimenti», cercando il numero di protocollo.',
      AUTO,
    ];
    const text = lines.join('\n\n');
    return {
      subject: subject.slice(0, 120),
      text,
      markdown: text,
      short: `${subject}. Vedi la scrivania URP.`.slice(0, 306),
    };
  }
  if (n.template === 'procedure_deadline_approaching' || n.template === 'procedure_deadline_missed') {
    const missed = n.template === 'procedure_deadline_missed';
    subject = missed ? 'Procedimento con termine scaduto' : 'Promemoria: procedimento in scadenza';
    lines = [
      missed
        ? `Un procedimento del suo ufficio${f.procedureTypeCode ? ` (tipo ${f.procedureTypeCode})` : ''} ha superato il termine${due ? ` ${on('del', due)}` : ''} senza un provvedimento.`
        : `Un procedimento del suo ufficio${f.procedureTypeCode ? ` (tipo ${f.procedureTypeCode})` : ''} scade${due ? ` ${on('il', due)}${fromNow(f.dueAt, extras.now)}` : ' a breve'}.`,
      missed
        ? 'Valuti il provvedimento o il potere sostitutivo (art. 2, comma 9-bis, della legge 241/1990). Lo trova nella scrivania dell’URP, alla voce «Procedimenti».'
        : 'Lo trova nella scrivania dell’URP, alla voce «Procedimenti», con la sua cronologia.',
      AUTO,
    ];
    const text = lines.join('\n\n');
    return { subject, text, markdown: text, short: `${subject}. Vedi la scrivania URP.` };
  }
  if (n.template === 'procedure_substitute') {
    const type = f.procedureTypeCode ? ` (tipo ${f.procedureTypeCode})` : '';
    const missed = dateIt(f.originalDueAt);
    subject = `Potere sostitutivo: procedimento da concludere${due ? ` entro ${on('il', due)}` : ''}`;
    lines = [
      `Un procedimento${type} ha superato il termine${missed ? ` ${on('del', missed)}` : ''} senza un provvedimento. Come titolare del potere sostitutivo (art. 2, commi 9-bis e 9-ter, della legge 241/1990) deve concluderlo in un termine pari alla metà di quello originario${due ? `: entro ${on('il', due)}${fromNow(f.dueAt, extras.now)}` : ''}.`,
      'Lo trova nella scrivania dell’URP, alla voce «Procedimenti», con la sua cronologia.',
      AUTO,
    ];
    const text = lines.join('\n\n');
    return { subject, text, markdown: text, short: `${subject}. Vedi la scrivania URP.` };
  }
  if (n.template === 'case_reminder' || n.template === 'case_due') {
    const overdue = n.template === 'case_due';
    // which case: its protocol number when the reminder carries it
    const which = f.protocolNumber
      ? `La pratica ${ref}, assegnata al suo ufficio,`
      : 'Una pratica assegnata al suo ufficio';
    subject = overdue
      ? `Pratica URP ${ref ? `${ref} ` : ''}giunta a scadenza`
      : `Promemoria: pratica URP ${ref ? `${ref} ` : ''}in scadenza`;
    lines = [
      overdue
        ? `${which} ha raggiunto il termine${due ? ` ${on('del', due)}` : ''}.`
        : `${which} scade${due ? ` ${on('il', due)}${fromNow(f.dueAt, extras.now)}` : ' a breve'}.`,
      'La trova nella scrivania dell’URP, alla voce «Le mie pratiche», con la sua cronologia.',
      'Questo messaggio è generato automaticamente: non risponda a questo indirizzo.',
    ];
  } else if (n.template === 'case_assigned') {
    // to the referent in person, or to the office when the case was handed to the office alone
    const toOffice = n.recipientType === 'office';
    subject = `Pratica URP ${ref ? `${ref} ` : ''}assegnata ${toOffice ? 'al suo ufficio' : 'a lei'}`;
    lines = [
      `${ref ? `La pratica ${ref}` : 'Una pratica'} è stata assegnata ${toOffice ? 'al suo ufficio' : 'a lei'}${due ? `: il termine per la risposta è ${on('il', due)}${fromNow(f.dueAt, extras.now)}` : ''}.`,
      `La trova nella scrivania dell’URP, alla voce «Le mie pratiche», con la richiesta e la sua cronologia. Se non è di competenza del suo ufficio, lo segnali all’URP.`,
      AUTO,
    ];
  } else if (n.template === 'sheet_review_due') {
    subject = 'Scheda informativa da rivedere';
    lines = [
      `La scheda ${f.sheetTitle ? `«${f.sheetTitle}» ` : ''}ha raggiunto la data di revisione${due ? ` (${due})` : ''}.`,
      'La trova nella scrivania dell’URP, alla voce «Schede»: la verifichi e la invii in approvazione.',
      'Questo messaggio è generato automaticamente: non risponda a questo indirizzo.',
    ];
  } else {
    const status = f.status ?? n.template.replace(/^case_/, '');
    const what = STATUS_WORDS[status] ?? 'è stata aggiornata';
    subject = `La sua richiesta all'URP ${ref ? `${ref} ` : ''}${what}`.slice(0, 120);
    const outcome = status === 'closed' ? outcomeSentence(extras.outcome) : undefined;
    const head = [
      'Gentile cittadina, gentile cittadino,',
      `la sua richiesta all'Ufficio per le Relazioni con il Pubblico${ref ? ` (protocollo ${ref})` : ''} ${what}.`,
      ...(outcome ? [outcome] : []),
      ...(due && status !== 'closed' ? [`Il termine per la conclusione è ${on('il', due)}.`] : []),
    ];
    // where to follow the case: the public status page, with what the receipt says (never the receipt's code)
    const follow = followLine(extras.statusPageUrl);
    if (extras.statusPageUrl) details = `Stato della pratica: ${extras.statusPageUrl}`;
    const receipt = extras.receipt?.trim();
    if (receipt) {
      // each fact once: the receipt names the protocol number, the code and where to follow the case
      const text = [
        head[0],
        `la sua richiesta all'Ufficio per le Relazioni con il Pubblico ${what}.`,
        ...head.slice(2),
        receipt,
        AUTO,
      ].join('\n\n');
      // the SMS is the receipt itself when it fits two segments: the code is what the status page asks for
      const short = receipt.length <= 306 ? receipt : `${subject}. ${details}`.slice(0, 306);
      return { subject, text, markdown: text, short };
    }
    const message = extras.message?.trim();
    if (message) {
      // waiting for the citizen: the office's message is what it asks them to send
      const intro = status === 'waiting_citizen' ? REQUEST_INTRO : MESSAGE_INTRO;
      const text = [...head, intro, message, ...follow, AUTO].join('\n\n');
      return {
        subject,
        text,
        markdown: ioMarkdown(head, message, follow, intro),
        // the subject names the protocol number: the SMS says it once
        short: `${subject}. ${details}`.slice(0, 306),
      };
    }
    lines = [
      ...head,
      'Per leggere i dettagli si rivolga all’URP indicando il numero di protocollo, allo sportello o ai recapiti del Comune.',
      ...follow,
      AUTO,
    ];
  }
  const text = lines.join('\n\n');
  return {
    subject,
    text,
    markdown: text,
    short: `${subject}. ${details}`.slice(0, 306),
  };
}

/**
 * The IO body with the office's message: within IO's 10,000 characters, the message cut at a word with a note that
 * it continues (the e-mail and PEC carry it whole).
 */
function ioMarkdown(head: string[], message: string, follow: string[] = [], intro = MESSAGE_INTRO): string {
  const whole = [...head, intro, message, ...follow, AUTO].join('\n\n');
  if (whole.length <= IO_MARKDOWN_MAX) return whole;
  const room = IO_MARKDOWN_MAX - [...head, intro, '…', TRUNCATED, ...follow, AUTO].join('\n\n').length;
  const cut = message.slice(0, room);
  const atWord = cut.replace(/\s+\S*$/, '');
  return [...head, intro, `${atWord.length > room / 2 ? atWord : cut}…`, TRUNCATED, ...follow, AUTO].join(
    '\n\n',
  );
}

/** A procedure as a digest names it: its protocol number ("prot. n. 2026/0000123"), never an internal id. */
const procedureRef = (i: DeadlineDigestItem): string =>
  i.protocolNumber ? `prot. n. ${i.protocolNumber}` : 'procedimento senza numero di protocollo';

/** How a case was closed, as the citizen reads it (`CaseOutcome` of contacts; `forwardedTo` is already scrubbed). */
const OUTCOMES: Record<string, string> = {
  accepted: 'Esito: la sua richiesta è stata accolta.',
  partly_accepted: 'Esito: la sua richiesta è stata accolta in parte.',
  rejected: 'Esito: la sua richiesta non è stata accolta.',
  withdrawn: 'Esito: la pratica è stata chiusa perché la richiesta è stata ritirata.',
  answered: "Esito: l'ufficio ha dato risposta alla sua richiesta.",
};

export function outcomeSentence(o: RenderExtras['outcome']): string | undefined {
  if (!o) return undefined;
  if (o.code === 'forwarded') {
    const to = o.forwardedTo?.trim();
    return `Esito: la sua richiesta non è di competenza del Comune ed è stata trasmessa ${to ? `a: ${to}` : "all'ente competente"}.`;
  }
  return OUTCOMES[o.code];
}

/** The status page line: the URL and what to type there (the receipt's number and code, never in the message). */
export const followLine = (statusPageUrl: string | undefined): string[] =>
  statusPageUrl
    ? [
        `Può seguire lo stato della pratica, senza registrarsi, alla pagina ${statusPageUrl} con il numero di protocollo e il codice riportati sulla ricevuta.`,
      ]
    : [];
