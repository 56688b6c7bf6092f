// A case (pratica): its facts, a timeline (staff and offices by name), a public reply from a canned reply (its
// parts to write checked before sending), internal notes, suspend/resume, rerouting, close (confirmed), reopen.
import { useEffect, useRef, useState } from 'react';
import {
  ErrorBox,
  Field,
  Link,
  Loading,
  PageTitle,
  Success,
  useAction,
  useLoad,
  OptionsOf,
  SelectField,
} from '../components/ui';
import { graphql } from '../gql';
import type { CaseDetailQuery, CaseDirectoryQuery } from '../gql/graphql';
import type { Role, Session } from '../lib/auth';
import { ApiError } from '../lib/errors';
import { gqlRequest } from '../lib/graphql';
import { CASE_OUTCOMES, CHANNELS, CONTACT_TYPES, fmtDate, fmtDateTime, PRIORITIES } from '../lib/format';
import { historyDetail } from '../lib/history';

const CaseDetail = graphql(`
  query CaseDetail($id: ID!) {
    case(id: $id) {
      id
      protocolNumber
      type
      channel
      status
      statusLabel
      priority
      officeName
      referentName
      openedAt
      dueAt
      overdue
      suspended
      suspendedDays
      closedAt
      outcome
      withinTerm
      contact {
        subject
        text
      }
      history {
        at
        by
        action
        detail
        dueAt
      }
      notes {
        id
        at
        by
        text
      }
      messages {
        id
        at
        by
        text
        request
      }
      alerts
      procedureStartRefusal {
        code
        reason
        procedureTypeCode
        at
      }
      deliveries {
        notificationId
        channel
        template
        status
        code
        attempts
        at
      }
    }
    cannedReplies(caseId: $id) {
      templateId
      title
      text
      missingPlaceholders
    }
  }
`);

const SendMessage = graphql(`
  mutation SendCaseMessage($input: SendCaseMessageInput!) {
    sendCaseMessage(input: $input) {
      id
    }
  }
`);
const AddNote = graphql(`
  mutation AddCaseNote($input: AddCaseNoteInput!) {
    addCaseNote(input: $input) {
      id
    }
  }
`);
const Suspend = graphql(`
  mutation SuspendCase($input: SuspendCaseInput!) {
    suspendCase(input: $input) {
      id
    }
  }
`);
const Resume = graphql(`
  mutation ResumeCase($input: CaseIdInput!) {
    resumeCase(input: $input) {
      id
    }
  }
`);
const Close = graphql(`
  mutation CloseCase($input: CloseCaseInput!) {
    closeCase(input: $input) {
      id
    }
  }
`);
const Route = graphql(`
  mutation RouteCase($input: RouteCaseInput!) {
    routeCase(input: $input) {
      id
    }
  }
`);
const Reopen = graphql(`
  mutation ReopenCase($input: ReopenCaseInput!) {
    reopenCase(input: $input) {
      id
    }
  }
`);
/** Offices and their referents: the rerouting choices, and the names the timeline shows instead of ids. */
const CaseDirectory = graphql(`
  query CaseDirectory {
    offices {
      id
      name
      active
      referents {
        id
        name
        staffId
        active
      }
    }
  }
`);
type Directory = CaseDirectoryQuery['offices'];

/** Who may do what on a case, as contacts' policy says (services/contacts/src/contacts.policy.ts); admin may all. */
const MAY: Record<'route' | 'reopen' | 'close', Role[]> = {
  route: ['operator', 'backoffice', 'manager', 'admin'],
  reopen: ['operator', 'backoffice', 'manager', 'admin'],
  close: ['operator', 'backoffice', 'referent', 'admin'],
};
const may = (session: Session, act: keyof typeof MAY) => session.roles.some((r) => MAY[act].includes(r));
/** The phases a case may be rerouted from (contacts' transition table: those that may move to `assigned`). */
const ROUTABLE = [
  'RECEIVED',
  'TRIAGED',
  'ASSIGNED',
  'IN_PROGRESS',
  'WAITING_CITIZEN',
  'WAITING_REFERENT',
  'REOPENED',
];

/**
 * The parts of a canned reply still to write (`[esito della verifica]`) and placeholders the case had no value
 * for (`{{office}}`), as contacts checks them: said beside the field before sending, in contacts' words.
 */
function unwrittenParts(text: string): string | null {
  const brackets = [...new Set(text.match(/\[[^[\]\n]*\p{L}[^[\]\n]*\]/gu) ?? [])];
  const placeholders = [...new Set(text.match(/\{\{\s*[A-Za-z_]+\s*\}\}/g) ?? [])];
  const says = [
    ...(brackets.length
      ? [`Completi le parti tra parentesi quadre prima di inviare: ${brackets.join(', ')}`]
      : []),
    ...(placeholders.length ? [`Sostituisca i segnaposto senza valore: ${placeholders.join(', ')}`] : []),
  ];
  return says.length ? `${says.join('; ')}.` : null;
}

/** Names for the ids a case's history holds: staff accounts (referents by their account) and offices. */
function namesOf(offices: Directory | undefined, session: Session) {
  const office = new Map<string, string>();
  const referent = new Map<string, string>();
  const staff = new Map<string, string>([
    ['system:timers', 'piattaforma (scadenze)'],
    ['system:retention', 'piattaforma (conservazione dei dati)'],
  ]);
  for (const o of offices ?? []) {
    office.set(o.id, o.name);
    for (const r of o.referents) {
      referent.set(r.id, r.name);
      if (r.staffId) staff.set(r.staffId, r.name);
    }
  }
  staff.set(session.sub, session.name);
  return {
    by: (sub: string) => staff.get(sub) ?? sub,
    /** contacts' "ufficio <id>, referente <id>" with the names the directory has (ids it does not know stay). */
    routed: (detail: string) =>
      detail.replace(
        /^ufficio (\S+?)(?:, referente (\S+))?$/,
        (_, o: string, r?: string) =>
          // "Assegnata: Ufficio Tributi, referente Laura Costa" (the office's name says what it is)
          `${office.get(o) ?? `ufficio ${o}`}${r ? `, referente ${referent.get(r) ?? r}` : ''}`,
      ),
  };
}
type Names = ReturnType<typeof namesOf>;
const referentName = (o: Directory[number] | undefined, id: string) =>
  id ? (o?.referents.find((r) => r.id === id)?.name ?? id) : '';

type CaseData = NonNullable<CaseDetailQuery['case']>;

const NOTIFICATION_STATUS: Record<string, string> = {
  QUEUED: 'in coda',
  SENDING: 'in invio',
  SENT: 'inviata',
  DELIVERED: 'consegnata',
  FAILED: 'non consegnata',
  BOUNCED: 'respinta dal destinatario',
};
const TEMPLATES: Record<string, string> = {
  case_answered: 'risposta',
  case_closed: 'chiusura',
  case_message: 'messaggio',
  case_waiting_citizen: 'richiesta di integrazione',
};
const deliveryLine = (d: CaseData['deliveries'][number]) =>
  `Messaggio al cittadino${TEMPLATES[d.template] ? ` (${TEMPLATES[d.template]})` : ''} via ${d.channel}: ${
    NOTIFICATION_STATUS[d.status] ?? d.status.toLowerCase()
  }${d.code ? ` (${d.code})` : ''}${d.attempts > 1 ? ` · ${d.attempts} tentativi` : ''}`;

/** The messages owed to the citizen about this case, each in its latest delivery state (contacts' record). */
function Deliveries({ c }: { c: CaseData }) {
  return (
    <section aria-labelledby="deliveries-title" className="mt-4">
      <h2 id="deliveries-title" className="h5">
        Comunicazioni inviate
      </h2>
      {c.deliveries.length ? (
        <ul className="list-unstyled small" data-testid="deliveries">
          {c.deliveries.map((d) => (
            <li key={d.notificationId} className="mb-1" data-status={d.status}>
              {fmtDateTime(d.at)} · {deliveryLine(d)}
            </li>
          ))}
        </ul>
      ) : (
        <p className="small">Nessuna comunicazione inviata per questa pratica, per ora.</p>
      )}
    </section>
  );
}

/** The procedures service's refusal codes, in words. */
const REFUSAL_CODES: Record<string, string> = {
  unknown_procedure_type: 'il tipo di procedimento non è nel catalogo dell’ente',
  type_inactive: 'il tipo di procedimento non è più attivo',
  unknown_form: 'il modulo della domanda non è riconosciuto',
  invalid_request: 'la richiesta di avvio non è valida',
  form_data_erased: 'il modulo di domanda è stato cancellato con i dati del richiedente',
  form_unavailable: 'il modulo di domanda non è stato ottenuto dal servizio contatti',
};
/** Delivery failure codes (campaigns'), in words: never the address itself. */
function deliveryFailure(code?: string | null): string {
  if (!code) return 'motivo non indicato dal servizio di invio';
  if (code === 'no_address') return 'il richiedente non ha un recapito per questo canale';
  if (code === 'anonymised') return 'i dati del richiedente sono stati anonimizzati';
  if (code === 'unknown') return 'il richiedente non è noto al servizio di invio';
  if (code === 'survey_closed') return 'il questionario era già chiuso';
  if (/^smtp_5/.test(code)) return 'il server di posta del destinatario ha rifiutato il messaggio';
  if (/^smtp_4/.test(code)) return 'il server di posta del destinatario non l’ha accettato per ora';
  return 'errore del canale di invio';
}
const CHANNEL_NAMES: Record<string, string> = {
  email: 'email',
  pec: 'PEC',
  io: 'App IO',
  sms: 'SMS',
  letter: 'lettera',
  phone: 'telefono',
};

/**
 * What the operator must look at, said in Italian: a procedure start that procedures refused (why, which type)
 * and the messages to the citizen that were not delivered (which, on which channel, with the code), each with
 * what can be done next on this page.
 */
function Alerts({ c, open }: { c: CaseData; open: boolean }) {
  const refusal = c.alerts.includes('PROCEDURE_START_REFUSED') ? c.procedureStartRefusal : null;
  const failed = c.alerts.includes('DELIVERY_FAILED')
    ? c.deliveries.filter((d) => d.status === 'FAILED' || d.status === 'BOUNCED')
    : [];
  if (!refusal && !failed.length) return null;
  return (
    <>
      {refusal && (
        <section className="callout danger mt-0 mb-4" aria-labelledby="alert-refusal-title">
          <h2 id="alert-refusal-title" className="callout-title h6">
            Avvio del procedimento rifiutato
          </h2>
          <p data-testid="refusal">
            Il {fmtDateTime(refusal.at)} il servizio procedimenti non ha avviato il procedimento
            {refusal.procedureTypeCode ? (
              <>
                {' '}
                di tipo <strong>{refusal.procedureTypeCode}</strong>
              </>
            ) : null}
            : {REFUSAL_CODES[refusal.code] ?? refusal.code}. {refusal.reason}
          </p>
          <p className="mb-1">
            La domanda è protocollata e va comunque riscontrata (L. 241/1990, art. 2). Cosa puoi fare:
          </p>
          {open ? (
            <ul className="mb-0">
              <li>
                chiedere all’ufficio competente di avviare il procedimento con il tipo giusto, o di riattivare
                il tipo, con una <a href="#note-title">nota interna</a> che menziona il referente;
              </li>
              <li>
                se il procedimento non si può avviare, <a href="#reply-title">rispondere al cittadino</a>{' '}
                spiegando il motivo, e poi chiudere la pratica.
              </li>
            </ul>
          ) : (
            <p className="mb-0">La pratica è chiusa: riaprila se il cittadino non ha avuto risposta.</p>
          )}
        </section>
      )}
      {failed.length > 0 && (
        <section className="callout warning mt-0 mb-4" aria-labelledby="alert-delivery-title">
          <h2 id="alert-delivery-title" className="callout-title h6">
            Comunicazione non consegnata
          </h2>
          <ul data-testid="failed-deliveries">
            {failed.map((d) => (
              <li key={d.notificationId}>
                Il messaggio al cittadino{TEMPLATES[d.template] ? ` (${TEMPLATES[d.template]})` : ''} del{' '}
                {fmtDateTime(d.at)} via <strong>{CHANNEL_NAMES[d.channel] ?? d.channel}</strong>{' '}
                {d.status === 'BOUNCED' ? 'è stato respinto' : 'non è stato consegnato'}:{' '}
                {deliveryFailure(d.code)} (codice <code>{d.code ?? '—'}</code>
                {d.attempts > 1 ? `, ${d.attempts} tentativi` : ''}).
              </li>
            ))}
          </ul>
          <p className="mb-0">
            Cosa puoi fare: verifica o fatti dare un recapito aggiornato del richiedente allo Sportello, poi
            {open ? (
              <>
                {' '}
                <a href="#reply-title">invia di nuovo il messaggio</a>
              </>
            ) : (
              ' invia di nuovo il messaggio'
            )}
            ; se il cittadino non è raggiungibile così, invialo per posta e annotalo con una nota interna.
          </p>
        </section>
      )}
    </>
  );
}

const ACTIONS: Record<string, string> = {
  opened: 'Pratica aperta',
  routed: 'Assegnata',
  suspended: 'Termini sospesi',
  resumed: 'Termini ripresi',
  status_changed: 'Cambio di stato',
  message_sent: 'Messaggio al cittadino',
  note_added: 'Nota interna',
  closed: 'Chiusa',
  reopened: 'Riaperta',
  reminder: 'Sollecito',
  merged: 'Unita a un’altra pratica',
  procedure_start_refused: 'Avvio del procedimento rifiutato',
  answered: 'Risposta data',
  message: 'Messaggio pubblico al cittadino',
  note: 'Nota interna',
  status: 'Cambio di stato',
  duplicate_linked: 'Unito un duplicato',
  procedure_form: 'Modulo della domanda',
  staff_notice_sent: 'Comunicazione al personale',
  staff_notice_delivered: 'Comunicazione al personale',
  staff_notice_failed: 'Comunicazione al personale non inviata',
  staff_notice_bounced: 'Comunicazione al personale respinta',
};

function Timeline({ c, names }: { c: CaseData; names: Names }) {
  // a message is the answer when the case moved to «risposta data» with it (same instant, same person)
  const answeredAt = new Set(c.history.filter((h) => h.action === 'answered').map((h) => `${h.at}|${h.by}`));
  const items = [
    // a delivery's history entry says what the deliveries below say, with the template's code: shown once
    ...c.history
      .filter((h) => !h.action.startsWith('notification_'))
      .map((h) => ({
        at: h.at,
        key: `h-${h.at}-${h.action}`,
        title: ACTIONS[h.action] ?? h.action,
        by: names.by(h.by),
        body: [
          h.action === 'routed' ? names.routed(historyDetail(h.detail)) : historyDetail(h.detail),
          h.dueAt ? `scadenza ${fmtDate(h.dueAt)}` : '',
        ]
          .filter(Boolean)
          .join(' · '),
      })),
    ...c.messages.map((m) => ({
      at: m.at,
      key: `m-${m.id}`,
      title: m.request
        ? 'Richiesta al cittadino (cosa deve inviare)'
        : answeredAt.has(`${m.at}|${m.by}`)
          ? 'Risposta pubblica al cittadino'
          : 'Messaggio pubblico al cittadino (non è la risposta)',
      by: names.by(m.by),
      body: m.text,
    })),
    ...c.deliveries.map((d) => ({
      at: d.at,
      key: `d-${d.notificationId}`,
      title: deliveryLine(d),
      by: 'piattaforma',
      body: '',
    })),
    ...c.notes.map((n) => ({
      at: n.at,
      key: `n-${n.id}`,
      title: 'Nota interna (non visibile al cittadino)',
      by: names.by(n.by),
      body: n.text,
    })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  return (
    <ol className="timeline-list" aria-label="Cronologia della pratica">
      {items.map((i) => (
        <li key={i.key}>
          <div className="small text-muted">
            {fmtDateTime(i.at)} · {i.by}
          </div>
          <div className="fw-semibold">{i.title}</div>
          {i.body && <pre className="reply mb-0">{i.body}</pre>}
        </li>
      ))}
    </ol>
  );
}

export default function CasePage({ id, session }: { id: string; session: Session }) {
  const q = useLoad(() => gqlRequest(CaseDetail, { id }), [id]);
  // names only: without the directory the page still works, with ids
  const dir = useLoad(() => gqlRequest(CaseDirectory).catch(() => ({ offices: [] as Directory })), []);
  const [reply, setReply] = useState('');
  const [templateId, setTemplateId] = useState('');
  const [answer, setAnswer] = useState(true);
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');
  const [request, setRequest] = useState('');
  const [outcome, setOutcome] = useState('ANSWERED');
  const [confirmClose, setConfirmClose] = useState(false);
  const [routeOffice, setRouteOffice] = useState('');
  const [routeReferent, setRouteReferent] = useState('');
  const [reopenReason, setReopenReason] = useState('');
  const [done, setDone] = useState('');
  const send = useAction();
  const noting = useAction();
  const pausing = useAction();
  const closing = useAction();
  const routing = useAction();
  const reopening = useAction();
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirmClose) confirmRef.current?.focus();
  }, [confirmClose]);

  if (q.loading && !q.data) return <Loading what="Caricamento della pratica…" />;
  if (q.error && !q.data) return <ErrorBox error={q.error} onRetry={q.reload} />;
  const c = q.data?.case;
  if (!c)
    return (
      <div className="alert alert-warning" role="alert">
        Pratica non trovata. <Link href="/pratiche">Torna alle pratiche</Link>
      </div>
    );
  const open = c.status !== 'CLOSED' && c.status !== 'MERGED';
  const after = (msg: string) => {
    setDone(msg);
    q.reload();
  };
  const names = namesOf(dir.data?.offices, session);
  // the reply's parts still to write, beside the field before anything is sent
  const unwritten = unwrittenParts(reply);
  const replyError = unwritten ? new ApiError(unwritten, 'CLIENT', { text: unwritten }) : send.error;
  const offices = (dir.data?.offices ?? []).filter((o) => o.active);
  const chosenOffice = offices.find((o) => o.id === routeOffice);
  const canRoute = may(session, 'route') && ROUTABLE.includes(c.status);

  return (
    <>
      <p>
        <Link href="/pratiche">← Le mie pratiche</Link>
      </p>
      <PageTitle text={`Pratica ${c.protocolNumber}`}>
        Pratica n. {c.protocolNumber}: {c.contact?.subject}
      </PageTitle>
      {done && <Success>{done}</Success>}
      <Alerts c={c} open={open} />
      <div className="row">
        <div className="col-12 col-lg-5">
          <dl className="row small">
            <dt className="col-5">Stato</dt>
            <dd className="col-7">
              {c.statusLabel}
              {c.suspended && ' (termini sospesi)'}
            </dd>
            <dt className="col-5">Tipo</dt>
            <dd className="col-7">{CONTACT_TYPES[c.type] ?? c.type}</dd>
            <dt className="col-5">Canale</dt>
            <dd className="col-7">{CHANNELS[c.channel] ?? c.channel}</dd>
            <dt className="col-5">Priorità</dt>
            <dd className="col-7">{PRIORITIES[c.priority] ?? c.priority}</dd>
            <dt className="col-5">Ufficio</dt>
            <dd className="col-7">
              {c.officeName ?? 'URP'}
              {c.referentName ? ` · ${c.referentName}` : ''}
            </dd>
            <dt className="col-5">Aperta il</dt>
            <dd className="col-7">{fmtDate(c.openedAt)}</dd>
            <dt className="col-5">Scadenza</dt>
            <dd className="col-7" data-testid="due">
              {fmtDate(c.dueAt)}
              {c.overdue && <span className="badge bg-danger ms-1">scaduta</span>}
              {c.suspendedDays > 0 && ` (${c.suspendedDays} giorni di sospensione)`}
            </dd>
            {c.closedAt && (
              <>
                <dt className="col-5">Chiusa il</dt>
                <dd className="col-7">
                  {fmtDate(c.closedAt)} · {c.outcome ? CASE_OUTCOMES[c.outcome] : ''}
                  {c.withinTerm === false ? ' · fuori termine' : c.withinTerm ? ' · nei termini' : ''}
                </dd>
              </>
            )}
          </dl>
          {c.contact?.text && (
            <>
              <h2 className="h6">Richiesta</h2>
              <pre className="reply">{c.contact.text}</pre>
            </>
          )}
          <h2 className="h5 mt-4">Cronologia</h2>
          <Timeline c={c} names={names} />
          <Deliveries c={c} />
        </div>
        <div className="col-12 col-lg-7">
          {open ? (
            <>
              <section aria-labelledby="reply-title" className="border rounded p-3 mb-3">
                <h2 id="reply-title" className="h5">
                  Risposta al cittadino
                </h2>
                <Field id="template" label="Risposta tipo" error={null}>
                  {(p) => (
                    <select
                      {...p}
                      className="form-select"
                      value={templateId}
                      onChange={(e) => {
                        setTemplateId(e.target.value);
                        const t = q.data?.cannedReplies.find((r) => r.templateId === e.target.value);
                        if (t) setReply(t.text);
                      }}
                    >
                      <option value="">— scrivi liberamente o scegli —</option>
                      {q.data?.cannedReplies.map((r) => (
                        <option key={r.templateId} value={r.templateId}>
                          {r.title}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
                <Field
                  id="reply"
                  label="Testo della risposta"
                  name="text"
                  error={replyError}
                  hint={
                    answer
                      ? 'Il cittadino riceve, sul canale che ha scelto, la risposta con il testo del messaggio; la pratica passa a «Risposta data».'
                      : 'Il cittadino riceve il messaggio sul canale che ha scelto (un SMS dice solo che c’è un nuovo messaggio); la pratica resta aperta. Spunti «È la risposta» se questo messaggio risponde alla richiesta.'
                  }
                >
                  {(p) => (
                    <textarea {...p} rows={7} value={reply} onChange={(e) => setReply(e.target.value)} />
                  )}
                </Field>
                <div className="form-check mb-3">
                  <input
                    id="reply-answer"
                    className="form-check-input"
                    type="checkbox"
                    checked={answer}
                    onChange={(e) => setAnswer(e.target.checked)}
                  />
                  <label htmlFor="reply-answer" className="form-check-label">
                    È la risposta alla richiesta (la pratica passa a «risposta data»)
                  </label>
                </div>
                <ErrorBox error={send.error} />
                <button
                  type="button"
                  className="btn btn-primary"
                  disabled={send.busy || !reply.trim() || !!unwritten}
                  onClick={() =>
                    void send
                      .run(() => gqlRequest(SendMessage, { input: { caseId: c.id, text: reply, answer } }))
                      .then((r) => {
                        if (!r) return;
                        setReply('');
                        setTemplateId('');
                        after('Risposta inviata al cittadino.');
                      })
                  }
                >
                  Invia la risposta
                </button>
              </section>
              <section aria-labelledby="note-title" className="border rounded p-3 mb-3">
                <h2 id="note-title" className="h5">
                  Nota interna
                </h2>
                <Field
                  id="note"
                  label="Nota (non visibile al cittadino; @referente per avvisare)"
                  name="text"
                  error={noting.error}
                >
                  {(p) => <textarea {...p} rows={3} value={note} onChange={(e) => setNote(e.target.value)} />}
                </Field>
                <ErrorBox error={noting.error} />
                <button
                  type="button"
                  className="btn btn-outline-primary"
                  disabled={noting.busy || !note.trim()}
                  onClick={() =>
                    void noting
                      .run(() => gqlRequest(AddNote, { input: { caseId: c.id, text: note } }))
                      .then((r) => {
                        if (!r) return;
                        setNote('');
                        after('Nota interna aggiunta.');
                      })
                  }
                >
                  Aggiungi la nota
                </button>
              </section>
              <section aria-labelledby="suspend-title" className="border rounded p-3 mb-3">
                <h2 id="suspend-title" className="h5">
                  Sospensione dei termini
                </h2>
                {c.suspended ? (
                  <>
                    <ErrorBox error={pausing.error} />
                    <button
                      type="button"
                      className="btn btn-outline-primary"
                      disabled={pausing.busy}
                      onClick={() =>
                        void pausing
                          .run(() => gqlRequest(Resume, { input: { caseId: c.id } }))
                          .then((r) => r && after('Termini ripresi: la scadenza è stata ricalcolata.'))
                      }
                    >
                      Riprendi i termini
                    </button>
                  </>
                ) : (
                  <>
                    <Field id="reason" label="Motivo della sospensione" name="reason" error={pausing.error}>
                      {(p) => <input {...p} value={reason} onChange={(e) => setReason(e.target.value)} />}
                    </Field>
                    <Field
                      id="request"
                      label="Cosa deve inviare il cittadino"
                      name="request"
                      hint="Il testo arriva al cittadino nel messaggio sulla pratica e compare nella pagina di stato finché i termini restano sospesi. Scriva che cosa manca e come inviarlo, senza dati personali o sanitari."
                      error={pausing.error}
                    >
                      {(p) => (
                        <textarea
                          {...p}
                          rows={4}
                          value={request}
                          onChange={(e) => setRequest(e.target.value)}
                        />
                      )}
                    </Field>
                    <ErrorBox error={pausing.error} />
                    <button
                      type="button"
                      className="btn btn-outline-primary"
                      disabled={pausing.busy || !reason.trim()}
                      onClick={() =>
                        void pausing
                          .run(() => gqlRequest(Suspend, { input: { caseId: c.id, reason, request } }))
                          .then((r) => {
                            if (!r) return;
                            setReason('');
                            setRequest('');
                            after('Termini sospesi: al cittadino è stato chiesto quanto manca.');
                          })
                      }
                    >
                      Sospendi i termini
                    </button>
                  </>
                )}
              </section>
              {canRoute && (
                <section aria-labelledby="route-title" className="border rounded p-3 mb-3">
                  <h2 id="route-title" className="h5">
                    Assegnazione
                  </h2>
                  <p className="small">
                    Assegna la pratica a un altro ufficio (e, se vuole, a un suo referente): la pratica entra
                    nella coda di quell’ufficio.
                  </p>
                  <SelectField
                    id="route-office"
                    label="Ufficio"
                    name="officeId"
                    error={routing.error}
                    value={routeOffice}
                    onChange={(v) => {
                      setRouteOffice(v);
                      setRouteReferent('');
                    }}
                  >
                    <option value="">— scegli l’ufficio —</option>
                    {offices.map((o) => (
                      <option key={o.id} value={o.id}>
                        {o.name}
                      </option>
                    ))}
                  </SelectField>
                  <SelectField
                    id="route-referent"
                    label="Referente (facoltativo)"
                    name="referentId"
                    error={routing.error}
                    value={routeReferent}
                    onChange={setRouteReferent}
                  >
                    <option value="">— nessun referente: l’ufficio —</option>
                    {(chosenOffice?.referents ?? [])
                      .filter((r) => r.active)
                      .map((r) => (
                        <option key={r.id} value={r.id}>
                          {r.name}
                        </option>
                      ))}
                  </SelectField>
                  <ErrorBox error={routing.error} />
                  <button
                    type="button"
                    className="btn btn-outline-primary"
                    disabled={routing.busy || !routeOffice}
                    onClick={() =>
                      void routing
                        .run(() =>
                          gqlRequest(Route, {
                            input: { caseId: c.id, officeId: routeOffice, referentId: routeReferent || null },
                          }),
                        )
                        .then((r) => {
                          if (!r) return;
                          const to = [
                            chosenOffice?.name ?? routeOffice,
                            referentName(chosenOffice, routeReferent),
                          ]
                            .filter(Boolean)
                            .join(', referente ');
                          setRouteOffice('');
                          setRouteReferent('');
                          after(`Pratica assegnata: ${to}.`);
                        })
                    }
                  >
                    Assegna
                  </button>
                </section>
              )}
              <section aria-labelledby="close-title" className="border rounded p-3 mb-3">
                <h2 id="close-title" className="h5">
                  Chiusura
                </h2>
                <SelectField
                  id="outcome"
                  label="Esito"
                  name="outcome"
                  error={closing.error}
                  value={outcome}
                  onChange={(v) => setOutcome(v)}
                >
                  <OptionsOf labels={CASE_OUTCOMES} except={['FORWARDED']} />
                </SelectField>
                <ErrorBox error={closing.error} />
                {!confirmClose ? (
                  <button type="button" className="btn btn-danger" onClick={() => setConfirmClose(true)}>
                    Chiudi la pratica…
                  </button>
                ) : (
                  <div className="alert alert-warning" id="close-confirm">
                    <p className="mb-2">
                      Confermi la chiusura con esito «{CASE_OUTCOMES[outcome]?.toLowerCase() ?? outcome}»? Il
                      cittadino riceve la comunicazione di chiusura e, se previsto, il questionario di
                      gradimento; la pratica si può poi solo riaprire.
                    </p>
                    <button
                      ref={confirmRef}
                      type="button"
                      className="btn btn-danger btn-sm me-2"
                      disabled={closing.busy}
                      aria-describedby="close-confirm"
                      onClick={() =>
                        void closing
                          .run(() =>
                            gqlRequest(Close, { input: { caseId: c.id, outcome: outcome as never } }),
                          )
                          .then((r) => {
                            setConfirmClose(false);
                            if (r) after('Pratica chiusa.');
                          })
                      }
                    >
                      {closing.busy ? 'Chiusura in corso…' : 'Conferma la chiusura'}
                    </button>
                    <button
                      type="button"
                      className="btn btn-outline-secondary btn-sm"
                      disabled={closing.busy}
                      onClick={() => setConfirmClose(false)}
                    >
                      Annulla
                    </button>
                  </div>
                )}
              </section>
            </>
          ) : c.status === 'CLOSED' && may(session, 'reopen') ? (
            <section aria-labelledby="reopen-title" className="border rounded p-3 mb-3">
              <h2 id="reopen-title" className="h5">
                Riapertura
              </h2>
              <p className="small">
                La pratica è chiusa. Se il cittadino non ha avuto risposta o la questione non è risolta, la
                può riaprire: il cittadino ne è informato e i termini riprendono.
              </p>
              <Field id="reopen-reason" label="Motivo della riapertura" name="reason" error={reopening.error}>
                {(p) => (
                  <input {...p} value={reopenReason} onChange={(e) => setReopenReason(e.target.value)} />
                )}
              </Field>
              <ErrorBox error={reopening.error} />
              <button
                type="button"
                className="btn btn-outline-primary"
                disabled={reopening.busy || !reopenReason.trim()}
                onClick={() =>
                  void reopening
                    .run(() => gqlRequest(Reopen, { input: { caseId: c.id, reason: reopenReason } }))
                    .then((r) => {
                      if (!r) return;
                      setReopenReason('');
                      after('Pratica riaperta.');
                    })
                }
              >
                Riapri la pratica
              </button>
            </section>
          ) : (
            <p className="alert alert-info">
              {c.status === 'MERGED'
                ? 'Pratica unita a un’altra: note e messaggi vanno sulla pratica originale.'
                : 'Pratica chiusa: la può riaprire l’URP (sportello o back office) o il responsabile dell’ufficio.'}
            </p>
          )}
        </div>
      </div>
    </>
  );
}
