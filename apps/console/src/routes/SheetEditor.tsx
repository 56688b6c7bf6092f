// The sheet editor: the AgID fields in the model's order, save as a new revision, submit for approval.
import { useEffect, useState } from 'react';
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
} from '../components/ui';
import { graphql } from '../gql';
import type { SheetContentInput, SheetForEditQuery } from '../gql/graphql';
import type { Session } from '../lib/auth';
import { gqlRequest } from '../lib/graphql';
import { CATEGORIES, CONTENT_STATUS, fmtDate } from '../lib/format';
import { ApproveSheet } from './Sheets';

const SheetForEdit = graphql(`
  query SheetForEdit($id: ID!) {
    sheet(id: $id) {
      id
      slug
      status
      revision
      publishedRevision
      reviewDueAt
      reviewOverdue
      revisions {
        revision
        author
        at
        note
      }
      workingCopy {
        title
        shortDescription
        whoIsItFor
        howTo
        whatYouNeed
        whatYouGet
        timesAndDeadlines
        responseTimeDays
        costs
        accessChannels {
          channel
          description
          url
          requiresSpidCie
          bookingRequired
        }
        officeIds
        offices {
          name
        }
        specialCases
        moreInfo
        attachments {
          title
          url
          formCode
        }
        conditions
        category
        lifeEvents
        topics
        procedureTypeCode
        citizenWords
        audience
        ownerReferentId
        reviewIntervalMonths
      }
    }
  }
`);

const EditSheet = graphql(`
  mutation EditSheet($input: EditSheetInput!) {
    editSheet(input: $input) {
      id
      status
      revision
    }
  }
`);

const SubmitSheet = graphql(`
  mutation SubmitSheet($input: ContentActionInput!) {
    submitContent(input: $input) {
      status
      revision
    }
  }
`);

type Copy = NonNullable<SheetForEditQuery['sheet']>['workingCopy'];

function toInput(c: Copy): SheetContentInput {
  return {
    title: c.title,
    shortDescription: c.shortDescription,
    whoIsItFor: c.whoIsItFor,
    howTo: c.howTo,
    whatYouNeed: c.whatYouNeed,
    whatYouGet: c.whatYouGet,
    timesAndDeadlines: c.timesAndDeadlines,
    responseTimeDays: c.responseTimeDays ?? null,
    costs: c.costs,
    accessChannels: c.accessChannels.map((a) => ({
      channel: a.channel,
      description: a.description,
      url: a.url ?? null,
      requiresSpidCie: a.requiresSpidCie ?? null,
      bookingRequired: a.bookingRequired ?? null,
    })),
    officeIds: c.officeIds,
    specialCases: c.specialCases,
    moreInfo: c.moreInfo,
    attachments: c.attachments.map((a) => ({
      title: a.title,
      url: a.url ?? null,
      formCode: a.formCode ?? null,
    })),
    conditions: c.conditions,
    category: c.category,
    lifeEvents: c.lifeEvents,
    topics: c.topics,
    procedureTypeCode: c.procedureTypeCode ?? null,
    citizenWords: c.citizenWords,
    audience: c.audience,
    ownerReferentId: c.ownerReferentId ?? null,
    reviewIntervalMonths: c.reviewIntervalMonths,
  };
}

const SheetDiff = graphql(`
  query SheetDiff($id: ID!, $from: Int!, $to: Int!) {
    sheet(id: $id) {
      id
      diff(from: $from, to: $to) {
        field
        before
        after
        lines {
          op
          text
        }
      }
    }
  }
`);

// AgID "modello sito comunale", in its order
const TEXT_FIELDS: { key: keyof SheetContentInput; label: string; rows: number; hint?: string }[] = [
  { key: 'title', label: 'Titolo', rows: 1 },
  {
    key: 'shortDescription',
    label: 'Descrizione breve',
    rows: 2,
    hint: 'Una o due frasi: compare nei risultati di ricerca.',
  },
  { key: 'whoIsItFor', label: 'A chi è rivolto', rows: 3 },
  { key: 'howTo', label: 'Come fare', rows: 5 },
  { key: 'whatYouNeed', label: 'Cosa serve', rows: 3 },
  { key: 'whatYouGet', label: 'Cosa si ottiene', rows: 2 },
  { key: 'timesAndDeadlines', label: 'Tempi e scadenze', rows: 2 },
];
const TEXT_FIELDS_AFTER: { key: keyof SheetContentInput; label: string; rows: number }[] = [
  { key: 'specialCases', label: 'Casi particolari', rows: 2 },
  { key: 'moreInfo', label: 'Ulteriori informazioni', rows: 2 },
  { key: 'conditions', label: 'Condizioni di servizio', rows: 2 },
];

const FIELD_LABELS: Record<string, string> = Object.fromEntries(
  [
    ...TEXT_FIELDS,
    ...TEXT_FIELDS_AFTER,
    { key: 'costs', label: 'Costi' },
    { key: 'responseTimeDays', label: 'Tempo di risposta (giorni)' },
    { key: 'category', label: 'Categoria del servizio' },
    { key: 'topics', label: 'Argomenti' },
    { key: 'accessChannels', label: 'Canali di accesso' },
    { key: 'officeIds', label: 'Uffici responsabili' },
    { key: 'attachments', label: 'Allegati' },
  ].map((f) => [f.key, f.label]),
);

/** The sheet as the citizen's page shows it (the AgID model's sections, in order), from what is being edited. */
function CitizenPreview({ form, offices }: { form: SheetContentInput; offices: string[] }) {
  const section = (title: string, text?: string | null) =>
    text?.trim() ? (
      <section className="mb-3" key={title}>
        <h3 className="h5">{title}</h3>
        {text.split(/\n+/).map((p, i) => (
          <p key={i} className="mb-1">
            {p}
          </p>
        ))}
      </section>
    ) : null;
  return (
    <article
      className="border rounded p-4 bg-white"
      aria-labelledby="preview-title"
      data-testid="citizen-preview"
    >
      <p className="small text-muted mb-1">Anteprima: così la pagina appare sul sito del Comune</p>
      <h2 id="preview-title" className="h3">
        {form.title}
      </h2>
      <p className="lead">{form.shortDescription}</p>
      {section('A chi è rivolto', form.whoIsItFor)}
      {section('Come fare', form.howTo)}
      {section('Cosa serve', form.whatYouNeed)}
      {section('Cosa si ottiene', form.whatYouGet)}
      {section(
        'Tempi e scadenze',
        [
          form.timesAndDeadlines,
          form.responseTimeDays ? `Risposta entro ${form.responseTimeDays} giorni.` : '',
        ]
          .filter(Boolean)
          .join('\n'),
      )}
      {section('Quanto costa', form.costs)}
      {(form.accessChannels ?? []).length > 0 && (
        <section className="mb-3">
          <h3 className="h5">Accedi al servizio</h3>
          <ul>
            {(form.accessChannels ?? []).map((a, i) => (
              <li key={i}>{a.description}</li>
            ))}
          </ul>
        </section>
      )}
      {section('Casi particolari', form.specialCases)}
      {section('Ulteriori informazioni', form.moreInfo)}
      {section('Condizioni di servizio', form.conditions)}
      {offices.length > 0 && section('Unità organizzativa responsabile', offices.join(', '))}
    </article>
  );
}

/** What changed between two revisions, field by field, lines added and removed. */
function RevisionDiff({
  id,
  revisions,
}: {
  id: string;
  revisions: { revision: number; author: string; at: string; note: string }[];
}) {
  const sorted = [...revisions].sort((a, b) => a.revision - b.revision);
  const last = sorted[sorted.length - 1]?.revision ?? 1;
  const [from, setFrom] = useState(Math.max(1, last - 1));
  const [to, setTo] = useState(last);
  const [asked, setAsked] = useState<{ from: number; to: number } | null>(null);
  const q = useLoad(
    () => (asked ? gqlRequest(SheetDiff, { id, ...asked }) : Promise.resolve(null)),
    [id, asked?.from, asked?.to],
  );
  if (sorted.length < 2) return <p className="small">Una sola revisione: nulla da confrontare.</p>;
  const option = (r: (typeof sorted)[number]) => (
    <option key={r.revision} value={r.revision}>
      {r.revision} · {fmtDate(r.at)} · {r.author}
      {r.note ? ` · ${r.note}` : ''}
    </option>
  );
  const changes = q.data?.sheet?.diff;
  return (
    <>
      <div className="d-flex flex-wrap gap-3 align-items-end mb-3">
        <div>
          <label htmlFor="diff-from" className="form-label small mb-0">
            Dalla revisione
          </label>
          <select
            id="diff-from"
            className="form-select"
            value={from}
            onChange={(e) => setFrom(Number(e.target.value))}
          >
            {sorted.map(option)}
          </select>
        </div>
        <div>
          <label htmlFor="diff-to" className="form-label small mb-0">
            Alla revisione
          </label>
          <select
            id="diff-to"
            className="form-select"
            value={to}
            onChange={(e) => setTo(Number(e.target.value))}
          >
            {sorted.map(option)}
          </select>
        </div>
        <button type="button" className="btn btn-outline-primary" onClick={() => setAsked({ from, to })}>
          Confronta
        </button>
      </div>
      <ErrorBox error={q.error} onRetry={q.reload} />
      {asked && q.loading && <Loading what="Confronto delle revisioni…" />}
      {changes && !q.loading && (
        <div data-testid="diff" aria-live="polite">
          <p role="status">
            {changes.length === 0
              ? `Nessuna differenza tra la revisione ${asked?.from} e la ${asked?.to}.`
              : `${changes.length} ${changes.length === 1 ? 'campo cambiato' : 'campi cambiati'} tra la revisione ${asked?.from} e la ${asked?.to}.`}
          </p>
          {changes.map((c) => (
            <section
              key={c.field}
              className="mb-3"
              aria-label={`Modifiche a ${FIELD_LABELS[c.field] ?? c.field}`}
            >
              <h3 className="h6">{FIELD_LABELS[c.field] ?? c.field}</h3>
              {c.lines?.length ? (
                <div className="diff-lines">
                  {c.lines.map((l, i) =>
                    l.op === 'insert' ? (
                      <ins key={i} className="d-block">
                        <span className="visually-hidden">aggiunto: </span>+ {l.text}
                      </ins>
                    ) : l.op === 'delete' ? (
                      <del key={i} className="d-block">
                        <span className="visually-hidden">tolto: </span>− {l.text}
                      </del>
                    ) : (
                      <span key={i} className="d-block text-muted">
                        {'  '}
                        {l.text}
                      </span>
                    ),
                  )}
                </div>
              ) : (
                <>
                  <del className="d-block">
                    <span className="visually-hidden">prima: </span>− {c.before}
                  </del>
                  <ins className="d-block">
                    <span className="visually-hidden">dopo: </span>+ {c.after}
                  </ins>
                </>
              )}
            </section>
          ))}
        </div>
      )}
    </>
  );
}

export default function SheetEditor({ id, session }: { id: string; session: Session }) {
  const q = useLoad(() => gqlRequest(SheetForEdit, { id }), [id]);
  const [form, setForm] = useState<SheetContentInput | null>(null);
  const [note, setNote] = useState('');
  const [done, setDone] = useState('');
  const [preview, setPreview] = useState(false);
  const save = useAction();
  const submit = useAction();
  const approve = useAction();
  const sheet = q.data?.sheet;

  useEffect(() => {
    if (sheet && !form) setForm(toInput(sheet.workingCopy));
  }, [sheet, form]);

  if (q.loading && !q.data) return <Loading what="Caricamento della scheda…" />;
  if (q.error && !q.data) return <ErrorBox error={q.error} onRetry={q.reload} />;
  if (!sheet)
    return (
      <div className="alert alert-warning" role="alert">
        Scheda non trovata. <Link href="/schede">Torna alle schede</Link>
      </div>
    );
  if (!form) return <Loading />;
  const editor = session.roles.some((r) => r === 'backoffice' || r === 'referent' || r === 'admin');
  const set = (k: keyof SheetContentInput, v: unknown) => setForm((f) => (f ? { ...f, [k]: v } : f));
  const str = (k: keyof SheetContentInput) => (form[k] as string | null | undefined) ?? '';
  const textField = (f: { key: keyof SheetContentInput; label: string; rows: number; hint?: string }) => (
    <Field
      key={f.key}
      id={`f-${f.key}`}
      label={f.label}
      name={`content.${f.key}`}
      error={save.error}
      hint={f.hint}
    >
      {(p) =>
        f.rows === 1 ? (
          <input {...p} value={str(f.key)} onChange={(e) => set(f.key, e.target.value)} readOnly={!editor} />
        ) : (
          <textarea
            {...p}
            rows={f.rows}
            value={str(f.key)}
            onChange={(e) => set(f.key, e.target.value)}
            readOnly={!editor}
          />
        )
      }
    </Field>
  );

  return (
    <>
      <p>
        <Link href="/schede">← Schede</Link>
      </p>
      <PageTitle text={`Scheda: ${sheet.workingCopy.title}`}>Scheda: {sheet.workingCopy.title}</PageTitle>
      <p role="status">
        Stato: <strong>{CONTENT_STATUS[sheet.status] ?? sheet.status}</strong> · revisione {sheet.revision}
        {sheet.publishedRevision
          ? ` · pubblicata la revisione ${sheet.publishedRevision}`
          : ' · mai pubblicata'}{' '}
        · verifica periodica entro il {fmtDate(sheet.reviewDueAt)}
        {sheet.reviewOverdue ? ' (scaduta)' : ''}
      </p>
      {done && <Success>{done}</Success>}
      <form
        noValidate
        aria-label="Contenuto della scheda"
        onSubmit={(e) => {
          e.preventDefault();
          void save
            .run(() => gqlRequest(EditSheet, { input: { id: sheet.id, content: form, note } }))
            .then((r) => {
              if (!r) return;
              setDone(
                `Revisione ${r.editSheet.revision} salvata come bozza: inviala per l’approvazione quando è pronta.`,
              );
              setNote('');
              q.reload();
            });
        }}
      >
        {TEXT_FIELDS.map(textField)}
        <Field
          id="f-responseTimeDays"
          label="Tempo di risposta (giorni)"
          name="content.responseTimeDays"
          error={save.error}
        >
          {(p) => (
            <input
              {...p}
              type="number"
              min={0}
              value={form.responseTimeDays ?? ''}
              onChange={(e) => set('responseTimeDays', e.target.value === '' ? null : Number(e.target.value))}
              readOnly={!editor}
            />
          )}
        </Field>
        {textField({ key: 'costs', label: 'Costi', rows: 2 })}
        <div className="mb-3">
          <h2 className="h6">Canali di accesso</h2>
          <ul className="small">
            {(form.accessChannels ?? []).map((a, i) => (
              <li key={i}>
                {a.channel}: {a.description}
              </li>
            ))}
          </ul>
          <h2 className="h6">Uffici responsabili</h2>
          <p className="small">{sheet.workingCopy.offices.map((o) => o.name).join(', ') || '—'}</p>
        </div>
        {TEXT_FIELDS_AFTER.map(textField)}
        <Field id="f-category" label="Categoria del servizio" name="content.category" error={save.error}>
          {(p) => (
            <select
              {...p}
              className="form-select"
              value={form.category}
              onChange={(e) => set('category', e.target.value)}
              disabled={!editor}
            >
              <OptionsOf labels={CATEGORIES} />
              {!(form.category in CATEGORIES) && <option value={form.category}>{form.category}</option>}
            </select>
          )}
        </Field>
        <Field id="f-topics" label="Argomenti (separati da virgole)" name="content.topics" error={save.error}>
          {(p) => (
            <input
              {...p}
              value={(form.topics ?? []).join(', ')}
              onChange={(e) =>
                set(
                  'topics',
                  e.target.value
                    .split(',')
                    .map((x) => x.trim())
                    .filter(Boolean),
                )
              }
              readOnly={!editor}
            />
          )}
        </Field>
        {editor && (
          <>
            <Field id="f-note" label="Che cosa hai cambiato (obbligatorio)" name="note" error={save.error}>
              {(p) => <input {...p} value={note} onChange={(e) => setNote(e.target.value)} />}
            </Field>
            <ErrorBox error={save.error} />
            <button type="submit" className="btn btn-primary me-2" disabled={save.busy}>
              {save.busy ? 'Salvataggio…' : 'Salva la revisione'}
            </button>
          </>
        )}
      </form>
      <div className="mt-3 d-flex gap-2 flex-wrap align-items-start">
        {editor && sheet.status === 'DRAFT' && (
          <button
            type="button"
            className="btn btn-outline-primary"
            disabled={submit.busy}
            onClick={() =>
              void submit
                .run(() =>
                  gqlRequest(SubmitSheet, {
                    input: { kind: 'SHEET', id: sheet.id, note: 'inviata dalla scrivania' },
                  }),
                )
                .then((r) => {
                  if (!r) return;
                  setDone('Revisione inviata per l’approvazione: deve approvarla un’altra persona.');
                  q.reload();
                })
            }
          >
            Invia per l’approvazione
          </button>
        )}
        {sheet.status === 'IN_REVIEW' &&
          session.roles.some((r) => r === 'backoffice' || r === 'manager' || r === 'admin') && (
            <button
              type="button"
              className="btn btn-success"
              disabled={approve.busy}
              onClick={() =>
                void approve
                  .run(() =>
                    gqlRequest(ApproveSheet, {
                      input: { kind: 'SHEET', id: sheet.id, note: 'approvata dalla scrivania' },
                    }),
                  )
                  .then((r) => {
                    if (!r) return;
                    setDone('Scheda approvata e pubblicata.');
                    q.reload();
                  })
              }
            >
              Approva e pubblica
            </button>
          )}
      </div>
      <ErrorBox error={submit.error} />
      <ErrorBox error={approve.error} />
      <section aria-labelledby="preview-heading" className="mt-5">
        <h2 id="preview-heading" className="h4">
          Anteprima per il cittadino
        </h2>
        <button
          type="button"
          className="btn btn-outline-primary mb-3"
          aria-expanded={preview}
          aria-controls="citizen-preview"
          onClick={() => setPreview((p) => !p)}
        >
          {preview ? 'Nascondi l’anteprima' : 'Mostra l’anteprima (con le modifiche non ancora salvate)'}
        </button>
        <div id="citizen-preview">
          {preview && <CitizenPreview form={form} offices={sheet.workingCopy.offices.map((o) => o.name)} />}
        </div>
      </section>
      <section aria-labelledby="diff-heading" className="mt-5">
        <h2 id="diff-heading" className="h4">
          Confronto tra revisioni
        </h2>
        <RevisionDiff key={sheet.revision} id={sheet.id} revisions={sheet.revisions} />
      </section>
    </>
  );
}
