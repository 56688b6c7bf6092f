// A procedure (procedimento amministrativo): its legal clock in words (L. 241/1990), its timeline, the start
// notice (artt. 7-8), the notices sent to the applicant with their delivery, and what the officer's role may do
// now: suspend the term for documents (art. 2 c. 7) and resume it, the preavviso di rigetto (art. 10-bis), the
// applicant's observations, the decision (after a confirmation). The service decides: its refusals are shown next
// to the field or the button, and nothing typed is lost.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { romeCivilDate } from '@urp/legal-clock';
import { ErrorBox, Field, Link, Loading, PageTitle, SelectField, useAction, useLoad } from '../components/ui';
import { graphql } from '../gql';
import type { ProcedureDetailQuery, ProcedureNoticesQuery } from '../gql/graphql';
import type { Session } from '../lib/auth';
import { ApiError, fieldError } from '../lib/errors';
import { gqlRequest } from '../lib/graphql';
import { fmtDate, fmtDateTime } from '../lib/format';
import { procedureActions } from '../lib/procedure-actions';

graphql(`
  fragment RejectionNoticeItem on ProcedureRejectionNotice {
    sentOn
    reasons
    receivedOn
    observationsOn
    observations
  }
`);

const ProcedureDetail = graphql(`
  query ProcedureDetail($id: ID!) {
    procedure(id: $id) {
      id
      typeName
      kind
      subject
      protocolNumber
      status
      phase
      receivedOn
      responsibleName
      officeId
      officeName
      permittedActs
      legalTermDays
      dueDate
      latestDueDate
      suspendedDays
      overdue
      type {
        initiative
        rejectionNoticeRequired
      }
      suspensions {
        id
        kind
        reason
        start
        end
        endedByLaw
      }
      decision {
        outcome
        reasons
        decidedOn
        withinTerm
      }
      substitute {
        engagedOn
        termDays
        dueDate
        ordinaryDueDate
      }
      rejectionNotice {
        ...RejectionNoticeItem
      }
      earlierRejectionNotices {
        ...RejectionNoticeItem
      }
      timeline {
        at
        type
        summary
        by
        dueDate
        previousDueDate
      }
    }
  }
`);

const StartNotice = graphql(`
  query ProcedureStartNotice($id: ID!) {
    procedureStartNotice(id: $id) {
      text
    }
  }
`);

// loaded apart from the procedure: it carries the PDFs, and is read again while a delivery is awaited
const Notices = graphql(`
  query ProcedureNotices($id: ID!) {
    procedure(id: $id) {
      id
      documents {
        id
        kind
        title
        createdAt
        dueOn
        notificationId
        downloadUrl
        delivery {
          status
          channel
          code
          at
        }
      }
    }
  }
`);

const SuspensionKinds = graphql(`
  query ProcedureSuspensionKinds {
    suspensionKinds {
      code
      label
      maxDays
    }
  }
`);

const Suspend = graphql(`
  mutation SuspendProcedure($id: ID!, $input: SuspendProcedureInput!) {
    suspendProcedure(id: $id, input: $input) {
      id
    }
  }
`);
const Resume = graphql(`
  mutation ResumeProcedure($id: ID!, $suspensionId: ID!, $on: String) {
    resumeProcedure(id: $id, suspensionId: $suspensionId, on: $on) {
      id
    }
  }
`);
const RejectionNotice = graphql(`
  mutation SendRejectionNotice($id: ID!, $reasons: String!, $on: String) {
    sendRejectionNotice(id: $id, reasons: $reasons, on: $on) {
      id
    }
  }
`);
const Observations = graphql(`
  mutation ReceiveObservations($id: ID!, $on: String, $text: String) {
    receiveObservations(id: $id, on: $on, text: $text) {
      id
    }
  }
`);
const Decide = graphql(`
  mutation DecideProcedure($id: ID!, $input: DecideProcedureInput!) {
    decideProcedure(id: $id, input: $input) {
      id
    }
  }
`);

type ProcedureData = NonNullable<ProcedureDetailQuery['procedure']>;
type NoticeData = NonNullable<ProcedureNoticesQuery['procedure']>['documents'][number];

const STATUS: Record<string, string> = {
  SUBMITTED: 'Presentato',
  STARTED: 'Avviato',
  SUSPENDED: 'Sospeso',
  DECIDED: 'Concluso',
};
const OUTCOMES: Record<string, string> = {
  ACCEPTED: 'accolto',
  PARTLY_ACCEPTED: 'accolto in parte',
  REJECTED: 'respinto',
  DEFERRED: 'differito',
  INADMISSIBLE: 'inammissibile',
  SILENT_ASSENT: 'silenzio-assenso',
};
/** The outcomes a person decides (silent assent forms by law, at the deadline). */
const DECIDABLE: Record<string, string> = {
  ACCEPTED: 'Accoglimento',
  PARTLY_ACCEPTED: 'Accoglimento parziale',
  REJECTED: 'Rigetto',
  DEFERRED: 'Differimento',
  INADMISSIBLE: 'Inammissibilità',
};
const SUSPENSION_KINDS: Record<string, string> = {
  document_request: 'richiesta di documenti (art. 2 c. 7)',
  third_party_objection: 'opposizione dei controinteressati',
  rejection_notice: 'preavviso di rigetto (art. 10-bis)',
};
const NOTICE_KINDS: Record<string, string> = {
  start_notice: 'Comunicazione di avvio (art. 8)',
  rejection_notice: 'Preavviso di rigetto (art. 10-bis)',
  decision_notice: 'Provvedimento finale',
};
const DELIVERY: Record<string, string> = {
  delivered: 'consegnata',
  sent: 'inviata, in attesa della ricevuta',
  failed: 'non consegnata',
};
const CHANNEL_NAMES: Record<string, string> = { email: 'email', pec: 'PEC', io: 'App IO', sms: 'SMS' };

export default function ProcedurePage({ id }: { id: string; session: Session }) {
  const q = useLoad(() => gqlRequest(ProcedureDetail, { id }), [id]);
  // loaded apart: an incomplete start notice (missing office or responsible) must not hide the procedure
  const notice = useLoad(() => gqlRequest(StartNotice, { id }), [id]);
  const notices = useLoad(() => gqlRequest(Notices, { id }), [id]);
  const [done, setDone] = useState('');
  if (q.loading && !q.data) return <Loading what="Caricamento del procedimento…" />;
  if (q.error && !q.data) return <ErrorBox error={q.error} onRetry={q.reload} />;
  const p = q.data?.procedure;
  if (!p)
    return (
      <div className="alert alert-warning" role="alert">
        Procedimento non trovato. <Link href="/procedimenti">Torna ai procedimenti</Link>
      </div>
    );
  const after = (message: string) => {
    setDone(message);
    q.reload();
    notices.reload();
  };
  return (
    <>
      <p>
        <Link href="/procedimenti">← I miei procedimenti</Link>
      </p>
      <PageTitle text={`Procedimento ${p.protocolNumber}`}>
        {p.typeName}: {p.subject}
      </PageTitle>
      <p className="lead" data-testid="clock">
        {clockInWords(p)}
      </p>
      <dl className="row small">
        <dt className="col-4">Protocollo</dt>
        <dd className="col-8">{p.protocolNumber}</dd>
        <dt className="col-4">Stato</dt>
        <dd className="col-8" data-testid="procedure-status">
          {STATUS[p.status] ?? p.status}
        </dd>
        <dt className="col-4">Responsabile</dt>
        <dd className="col-8">
          {p.responsibleName ?? '—'}
          {p.officeName ? ` · ${p.officeName}` : ''}
        </dd>
        {p.decision && (
          <>
            <dt className="col-4">Motivazione</dt>
            <dd className="col-8">{p.decision.reasons}</dd>
          </>
        )}
      </dl>
      <div className="row">
        <div className="col-12 col-lg-6">
          <section aria-labelledby="proc-timeline">
            <h2 id="proc-timeline" className="h5">
              Cronologia
            </h2>
            <ol className="timeline-list" data-testid="procedure-timeline">
              {p.timeline.map((t, i) => (
                <li key={i}>
                  <div className="small text-muted">
                    {fmtDateTime(t.at)}
                    {t.by ? ` · ${t.by}` : ''}
                  </div>
                  <div>{t.summary}</div>
                  {t.dueDate && t.dueDate !== t.previousDueDate && (
                    <div className="small">
                      scadenza {t.previousDueDate ? `dal ${fmtDate(t.previousDueDate)} ` : ''}al{' '}
                      {fmtDate(t.dueDate)}
                    </div>
                  )}
                </li>
              ))}
            </ol>
          </section>
          <SentNotices notices={notices} />
        </div>
        <div className="col-12 col-lg-6">
          {/* the outcome of an action is said once the page shows the procedure as it now is */}
          {q.loading && <Loading what="Aggiornamento del procedimento…" />}
          <ProcedureActionsPanel p={p} done={q.loading ? '' : done} after={after} />
          <section aria-labelledby="proc-notice">
            <h2 id="proc-notice" className="h5">
              Comunicazione di avvio (L. 241/1990 artt. 7-8)
            </h2>
            {notice.loading && <Loading what="Preparazione della comunicazione…" />}
            <ErrorBox error={notice.error} />
            {notice.data && (
              <pre className="reply border rounded p-3">{notice.data.procedureStartNotice.text}</pre>
            )}
          </section>
        </div>
      </div>
    </>
  );
}

/**
 * The term that runs, in words: the procedure's own (its type's days from receipt, plus suspensions), or once the
 * ordinary deadline was missed the substitute official's (art. 2 c. 9-ter: half of it from the engagement), never
 * the ordinary term's days beside the substitute's deadline.
 */
function clockInWords(p: ProcedureData): string {
  const open = p.suspensions.find((s) => !s.end);
  if (p.decision)
    return `Concluso il ${fmtDate(p.decision.decidedOn)}: ${OUTCOMES[p.decision.outcome] ?? p.decision.outcome}, ${
      p.decision.withinTerm ? 'nei termini' : 'oltre il termine'
    }.`;
  const sub = p.phase === 'SUBSTITUTE' ? p.substitute : null;
  const missed = sub
    ? `Termine di ${p.legalTermDays} giorni scaduto il ${fmtDate(sub.ordinaryDueDate)}: decide il titolare del potere sostitutivo (art. 2 c. 9-ter), entro ${sub.termDays} giorni dal ${fmtDate(sub.engagedOn)}`
    : '';
  if (open)
    return `${sub ? `${missed}. ` : ''}Sospeso dal ${fmtDate(open.start)} per ${SUSPENSION_KINDS[open.kind] ?? open.kind}: il termine è fermo; se la sospensione dura quanto consentito dalla legge, scade il ${fmtDate(p.latestDueDate)}.`;
  if (sub)
    return `${missed}${p.dueDate !== sub.dueDate ? ', più la sospensione' : ''}: scade il ${fmtDate(p.dueDate)}${
      p.overdue ? ' (scaduto)' : ''
    }.`;
  return `Termine di ${p.legalTermDays} giorni dal ${fmtDate(p.receivedOn)}${
    p.suspendedDays ? `, più ${p.suspendedDays} giorni di sospensione` : ''
  }: scade il ${fmtDate(p.dueDate)}${p.overdue ? ' (scaduto)' : ''}.`;
}

/** How many times the notices are read again while a delivery report is awaited (every 5 s: 5 minutes). */
const NOTICE_POLLS = 60;

/** The notices issued to the applicant, each with its PDF and its delivery as campaigns reported it. */
function SentNotices({ notices }: { notices: ReturnType<typeof useLoad<ProcedureNoticesQuery>> }) {
  const docs = notices.data?.procedure?.documents ?? [];
  const awaited = docs.some((d) => d.notificationId && !d.delivery);
  const polls = useRef(0);
  const { reload, loading } = notices;
  useEffect(() => {
    if (!awaited || loading || polls.current >= NOTICE_POLLS) return;
    const t = setTimeout(() => {
      polls.current++;
      reload();
    }, 5000);
    return () => clearTimeout(t);
  }, [awaited, loading, reload]);
  return (
    <section aria-labelledby="proc-notices" className="mt-4">
      <h2 id="proc-notices" className="h5">
        Comunicazioni al richiedente
      </h2>
      {notices.loading && !notices.data && <Loading what="Caricamento delle comunicazioni…" />}
      <ErrorBox error={notices.error} onRetry={notices.reload} />
      {notices.data &&
        (docs.length ? (
          <ul className="list-unstyled small" data-testid="procedure-notices">
            {docs.map((d) => (
              <li key={d.id} className="mb-2" data-kind={d.kind}>
                <strong>{NOTICE_KINDS[d.kind] ?? d.title}</strong> del {fmtDate(d.createdAt)}
                {d.kind === 'rejection_notice' && d.dueOn
                  ? `, osservazioni entro il ${fmtDate(d.dueOn)}`
                  : ''}
                {' · '}
                {deliveryLine(d)}{' '}
                <a href={d.downloadUrl} download={`${d.title}.pdf`}>
                  PDF<span className="visually-hidden">: {d.title}</span>
                </a>
              </li>
            ))}
          </ul>
        ) : (
          <p className="small">Nessuna comunicazione emessa, per ora.</p>
        ))}
    </section>
  );
}

function deliveryLine(d: NoticeData): string {
  if (!d.notificationId) return 'nessun richiedente da avvisare: da consegnare a mano o per posta';
  if (!d.delivery) return 'in invio al richiedente';
  const how = CHANNEL_NAMES[d.delivery.channel] ?? d.delivery.channel;
  return `${DELIVERY[d.delivery.status] ?? d.delivery.status} via ${how} il ${fmtDateTime(d.delivery.at)}${
    d.delivery.code ? ` (codice ${d.delivery.code})` : ''
  }`;
}

/** Today in Rome, as the date fields' default (the service also counts days in Rome). */
const today = () => romeCivilDate(new Date());

/**
 * A refusal that names no field of the form (the procedure's state, `id`; the suspension, `suspensionId`; a
 * conflict): shown next to the button and linked to it; a refusal of fields: the general message (the fields
 * carry theirs).
 */
function refusalOf(error: ApiError | null): string | undefined {
  if (!error) return undefined;
  const onState = fieldError(error.fields, 'id') ?? fieldError(error.fields, 'suspensionId');
  if (onState) return onState;
  return error.message;
}

function ActionButton({
  id,
  label,
  busy,
  error,
  onClick,
  className = 'btn btn-primary',
}: {
  id: string;
  label: string;
  busy: boolean;
  error: ApiError | null;
  onClick: () => void;
  className?: string;
}) {
  const refusal = refusalOf(error);
  return (
    <>
      <button
        type="button"
        className={className}
        disabled={busy}
        aria-describedby={refusal ? `${id}-refusal` : undefined}
        onClick={onClick}
      >
        {busy ? 'Invio in corso…' : label}
      </button>
      {refusal && (
        <div id={`${id}-refusal`} className="invalid-feedback d-block" role="alert">
          {refusal}
        </div>
      )}
    </>
  );
}

function DateField({
  id,
  label,
  name,
  error,
  hint,
  value,
  onChange,
}: {
  id: string;
  label: string;
  name: string;
  error: ApiError | null;
  hint?: string;
  value: string;
  onChange: (v: string) => void;
}) {
  return (
    <Field id={id} label={label} name={name} error={error} hint={hint}>
      {(a) => <input {...a} type="date" value={value} onChange={(e) => onChange(e.target.value)} />}
    </Field>
  );
}

function ActionBox({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="border rounded p-3 mb-3">
      <h3 id={id} className="h6">
        {title}
      </h3>
      {children}
    </section>
  );
}

/** The forms of the acts procedures permits the officer, as the procedure's state allows them (lib/procedure-actions). */
function ProcedureActionsPanel({
  p,
  done,
  after,
}: {
  p: ProcedureData;
  done: string;
  after: (message: string) => void;
}) {
  const can = procedureActions(p);
  const doneRef = useRef<HTMLDivElement>(null);
  // the form just used may be gone (a resumed term offers no "resume"): the outcome takes the focus
  useEffect(() => {
    if (done) doneRef.current?.focus();
  }, [done]);
  const any = can.suspend || can.resume || can.rejectionNotice || can.observations || can.decide;
  return (
    <section aria-labelledby="proc-actions" className="mb-4">
      <h2 id="proc-actions" className="h5">
        Azioni sul procedimento
      </h2>
      {done && (
        <div
          ref={doneRef}
          tabIndex={-1}
          className="alert alert-success"
          role="status"
          data-testid="action-done"
        >
          {done}
        </div>
      )}
      {!any && (
        <p className="small">
          {p.status === 'DECIDED'
            ? 'Procedimento concluso: non sono possibili altre azioni.'
            : 'Il tuo ruolo non prevede azioni su questo procedimento in questo stato.'}
        </p>
      )}
      {can.resume && <ResumeForm p={p} suspension={can.resume} after={after} />}
      {can.observations && <ObservationsForm p={p} after={after} />}
      {can.suspend && <SuspendForm p={p} after={after} />}
      {can.rejectionNotice && <RejectionNoticeForm p={p} after={after} />}
      {can.decide && <DecideForm p={p} after={after} />}
    </section>
  );
}

type FormProps = { p: ProcedureData; after: (message: string) => void };

function SuspendForm({ p, after }: FormProps) {
  const kinds = useLoad(() => gqlRequest(SuspensionKinds), []);
  const act = useAction();
  const [kind, setKind] = useState('document_request');
  const [reason, setReason] = useState('');
  const [start, setStart] = useState(today);
  // the 10-bis notice has its own form; controinteressati exist only in access requests
  const offered = (kinds.data?.suspensionKinds ?? []).filter(
    (k) => k.code !== 'rejection_notice' && (k.code !== 'third_party_objection' || p.kind !== 'GENERIC'),
  );
  return (
    <ActionBox id="act-suspend" title="Sospendi il termine">
      <ErrorBox error={kinds.error} onRetry={kinds.reload} />
      <SelectField
        id="susp-kind"
        label="Motivo della sospensione"
        name="kind"
        error={act.error}
        value={kind}
        onChange={setKind}
      >
        {offered.length === 0 && (
          <option value="document_request">{SUSPENSION_KINDS.document_request}</option>
        )}
        {offered.map((k) => (
          <option key={k.code} value={k.code}>
            {k.label}
            {k.maxDays ? ` (al massimo ${k.maxDays} giorni)` : ''}
          </option>
        ))}
      </SelectField>
      <Field
        id="susp-reason"
        label="Che cosa si chiede al richiedente"
        name="reason"
        error={act.error}
        hint="Per esempio i documenti mancanti: il termine si ferma finché arrivano (una sola volta, al massimo 30 giorni)."
      >
        {(a) => <textarea {...a} rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />}
      </Field>
      <DateField
        id="susp-start"
        label="Data della richiesta"
        name="start"
        error={act.error}
        value={start}
        onChange={setStart}
      />
      <ActionButton
        id="susp"
        label="Sospendi il termine"
        busy={act.busy}
        error={act.error}
        onClick={() =>
          void act
            .run(() => gqlRequest(Suspend, { id: p.id, input: { kind, reason, start: start || null } }))
            .then((r) => {
              if (!r) return;
              setReason('');
              after('Termine sospeso: riprende quando il richiedente risponde.');
            })
        }
      />
    </ActionBox>
  );
}

function ResumeForm({ p, suspension, after }: FormProps & { suspension: { id: string; kind: string } }) {
  const act = useAction();
  const [on, setOn] = useState(today);
  return (
    <ActionBox id="act-resume" title="Riprendi il termine">
      <p className="small">
        Sospeso per {SUSPENSION_KINDS[suspension.kind] ?? suspension.kind}: quando arriva quanto richiesto, il
        termine riprende a decorrere.
      </p>
      <DateField
        id="resume-on"
        label="Data in cui è arrivato quanto richiesto"
        name="on"
        error={act.error}
        value={on}
        onChange={setOn}
      />
      <ActionButton
        id="resume"
        label="Riprendi il termine"
        busy={act.busy}
        error={act.error}
        onClick={() =>
          void act
            .run(() => gqlRequest(Resume, { id: p.id, suspensionId: suspension.id, on: on || null }))
            .then((r) => r && after('Termine ripreso: la scadenza è stata ricalcolata.'))
        }
      />
    </ActionBox>
  );
}

function RejectionNoticeForm({ p, after }: FormProps) {
  const act = useAction();
  const [reasons, setReasons] = useState('');
  const [on, setOn] = useState(today);
  return (
    <ActionBox id="act-rejection" title="Preavviso di rigetto (art. 10-bis L. 241/1990)">
      <Field
        id="rn-reasons"
        label="Motivi che ostano all’accoglimento"
        name="reasons"
        error={act.error}
        hint="Il richiedente li riceve e ha 10 giorni per presentare osservazioni; intanto il termine è sospeso."
      >
        {(a) => <textarea {...a} rows={4} value={reasons} onChange={(e) => setReasons(e.target.value)} />}
      </Field>
      <DateField id="rn-on" label="Data di invio" name="on" error={act.error} value={on} onChange={setOn} />
      <ActionButton
        id="rn"
        label="Invia il preavviso di rigetto"
        busy={act.busy}
        error={act.error}
        onClick={() =>
          void act
            .run(() => gqlRequest(RejectionNotice, { id: p.id, reasons, on: on || null }))
            .then((r) => {
              if (!r) return;
              setReasons('');
              after('Preavviso di rigetto inviato: il termine è sospeso in attesa delle osservazioni.');
            })
        }
      />
    </ActionBox>
  );
}

function ObservationsForm({ p, after }: FormProps) {
  const act = useAction();
  const [on, setOn] = useState(today);
  const [text, setText] = useState('');
  return (
    <ActionBox id="act-observations" title="Osservazioni del richiedente (art. 10-bis)">
      <p className="small">
        Registra il giorno in cui sono arrivate: il termine riprende; la decisione dovrà tenerne conto nella
        motivazione.
      </p>
      <DateField
        id="obs-on"
        label="Data di ricevimento delle osservazioni"
        name="on"
        error={act.error}
        value={on}
        onChange={setOn}
      />
      <Field
        id="obs-text"
        label="Testo delle osservazioni"
        name="text"
        error={act.error}
        hint="Quanto il richiedente osserva, per rispondere nella motivazione del provvedimento; resta nel procedimento."
      >
        {(a) => <textarea {...a} rows={4} value={text} onChange={(e) => setText(e.target.value)} />}
      </Field>
      <ActionButton
        id="obs"
        label="Registra le osservazioni"
        busy={act.busy}
        error={act.error}
        onClick={() =>
          void act
            .run(() => gqlRequest(Observations, { id: p.id, on: on || null, text: text.trim() || null }))
            .then((r) => r && after('Osservazioni registrate: il termine riprende.'))
        }
      />
    </ActionBox>
  );
}

function DecideForm({ p, after }: FormProps) {
  const act = useAction();
  const [outcome, setOutcome] = useState('ACCEPTED');
  const [reasons, setReasons] = useState('');
  const [observationsAnswer, setObservationsAnswer] = useState('');
  const [on, setOn] = useState(today);
  const [confirming, setConfirming] = useState(false);
  // art. 10-bis: a rejection (or a partial acceptance) after the applicant's observations says why they are not accepted
  const observed = p.timeline.some((t) => t.type === 'observations');
  // every 10-bis notice, oldest first: a second notice does not cancel the observations on the first
  const notices = [...p.earlierRejectionNotices, ...(p.rejectionNotice ? [p.rejectionNotice] : [])];
  const answersObservations = observed && (outcome === 'REJECTED' || outcome === 'PARTLY_ACCEPTED');
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);
  const decide = () =>
    void act
      .run(() =>
        gqlRequest(Decide, {
          id: p.id,
          input: {
            outcome: outcome as never,
            reasons,
            on: on || null,
            ...(answersObservations ? { observationsAnswer } : {}),
          },
        }),
      )
      .then((r) => {
        setConfirming(false);
        if (r) after('Provvedimento adottato: la comunicazione parte verso il richiedente.');
      });
  return (
    <ActionBox id="act-decide" title="Provvedimento finale">
      {notices.length > 0 && <RejectionNotices notices={notices} />}
      <SelectField
        id="dec-outcome"
        label="Esito"
        name="outcome"
        error={act.error}
        value={outcome}
        onChange={setOutcome}
      >
        {Object.entries(DECIDABLE).map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </SelectField>
      <Field
        id="dec-reasons"
        label="Motivazione"
        name="reasons"
        error={act.error}
        hint={`Obbligatoria (art. 3 L. 241/1990)${
          p.type?.rejectionNoticeRequired ? '; un rigetto richiede prima il preavviso (art. 10-bis)' : ''
        }.`}
      >
        {(a) => <textarea {...a} rows={5} value={reasons} onChange={(e) => setReasons(e.target.value)} />}
      </Field>
      {answersObservations && (
        <Field
          id="dec-obs-answer"
          label="Perché le osservazioni non sono accolte"
          name="observationsAnswer"
          error={act.error}
          hint="Obbligatorio dopo le osservazioni al preavviso di rigetto (art. 10-bis L. 241/1990): è riportato nel provvedimento."
        >
          {(a) => (
            <textarea
              {...a}
              rows={4}
              value={observationsAnswer}
              onChange={(e) => setObservationsAnswer(e.target.value)}
            />
          )}
        </Field>
      )}
      <DateField
        id="dec-on"
        label="Data del provvedimento"
        name="on"
        error={act.error}
        value={on}
        onChange={setOn}
      />
      {!confirming ? (
        <button
          type="button"
          className="btn btn-primary"
          aria-describedby={refusalOf(act.error) ? 'dec-refusal' : undefined}
          onClick={() => setConfirming(true)}
        >
          Adotta il provvedimento…
        </button>
      ) : (
        <div className="alert alert-warning" id="dec-confirm">
          <p className="mb-2">
            Confermi il provvedimento di {DECIDABLE[outcome]?.toLowerCase() ?? outcome} con la data del{' '}
            {on ? on.split('-').reverse().join('/') : 'giorno'}? Il procedimento si conclude e il richiedente
            riceve la comunicazione: non si potrà modificare.
          </p>
          <button
            ref={confirmRef}
            type="button"
            className="btn btn-primary btn-sm me-2"
            disabled={act.busy}
            aria-describedby="dec-confirm"
            onClick={decide}
          >
            {act.busy ? 'Invio in corso…' : 'Conferma il provvedimento'}
          </button>
          <button
            type="button"
            className="btn btn-outline-secondary btn-sm"
            disabled={act.busy}
            onClick={() => setConfirming(false)}
          >
            Annulla
          </button>
        </div>
      )}
      {!confirming && refusalOf(act.error) && (
        <div id="dec-refusal" className="invalid-feedback d-block" role="alert">
          {refusalOf(act.error)}
        </div>
      )}
    </ActionBox>
  );
}

type RejectionNoticeData = NonNullable<ProcedureData['rejectionNotice']>;

/**
 * The 10-bis notices sent and what the applicant observed on each, where the decision is taken: a rejection must say
 * why every one of those observations is not accepted. The text is null for whoever may not decide the procedure.
 */
function RejectionNotices({ notices }: { notices: RejectionNoticeData[] }) {
  return (
    <section aria-labelledby="dec-notices" className="mb-3" data-testid="rejection-notices">
      <h4 id="dec-notices" className="h6">
        {notices.length === 1
          ? 'Preavviso di rigetto inviato'
          : `Preavvisi di rigetto inviati (${notices.length})`}
      </h4>
      <ol className="small ps-3">
        {notices.map((n) => (
          <li key={n.sentOn + n.reasons} className="mb-2">
            <div>
              <strong>Preavviso del {fmtDate(n.sentOn)}</strong>
              {n.receivedOn ? `, ricevuto dal richiedente il ${fmtDate(n.receivedOn)}` : ''}: {n.reasons}
            </div>
            <div>
              {n.observationsOn
                ? `Osservazioni presentate il ${fmtDate(n.observationsOn)}${n.observations ? ':' : '.'}`
                : 'Nessuna osservazione registrata.'}
            </div>
            {n.observations && <blockquote className="border-start ps-2 mb-0">{n.observations}</blockquote>}
          </li>
        ))}
      </ol>
    </section>
  );
}
