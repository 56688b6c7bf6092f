// The rest of the knowledge base for the back office: forms with their published versions, FAQ proposed by
// the front office (drafts with their origin) to send for approval and approve (four eyes), canned replies.
import { useState } from 'react';
import { ErrorBox, Link, Loading, PageTitle, Success, useAction, useLoad } from '../components/ui';
import { graphql } from '../gql';
import type { Session } from '../lib/auth';
import { gqlRequest } from '../lib/graphql';
import { CATEGORIES, CONTENT_STATUS, fmtDate } from '../lib/format';

const FormsQuery = graphql(`
  query KbForms {
    forms(first: 100) {
      id
      code
      title
      status
      revision
      version
      versions {
        version
        revision
        publishedAt
      }
    }
  }
`);

// the fields of each version only when asked: the list stays cheap for the gateway's cost limit
const FormVersionsQuery = graphql(`
  query KbFormVersions($id: ID!) {
    form(id: $id) {
      id
      versions {
        version
        revision
        title
        publishedAt
        fields {
          name
          label
          type
          required
        }
      }
    }
  }
`);

const TemplatesQuery = graphql(`
  query KbTemplates($kind: ReplyTemplateKind, $status: ContentStatus) {
    replyTemplates(kind: $kind, status: $status, first: 200) {
      id
      code
      kind
      title
      body
      placeholders
      caseStatus
      category
      status
      revision
      origin
    }
  }
`);

const SubmitContent = graphql(`
  mutation KbSubmitContent($input: ContentActionInput!) {
    submitContent(input: $input) {
      status
    }
  }
`);

const ApproveContent = graphql(`
  mutation KbApproveContent($input: ApproveContentInput!) {
    approveContent(input: $input) {
      status
    }
  }
`);

/** The tabs of the back office's knowledge base. */
export function KbTabs({ current }: { current: string }) {
  const tabs = [
    ['/schede', 'Schede'],
    ['/schede/moduli', 'Moduli'],
    ['/schede/faq', 'FAQ proposte'],
    ['/schede/risposte', 'Risposte tipo'],
  ];
  return (
    <nav aria-label="Contenuti della base di conoscenza" className="mb-3">
      <ul className="nav nav-tabs">
        {tabs.map(([href, label]) => (
          <li className="nav-item" key={href}>
            <Link
              className={`nav-link${current === href ? ' active' : ''}`}
              href={href}
              aria-current={current === href ? 'page' : undefined}
            >
              {label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

const FIELD_KINDS: Record<string, string> = {
  TEXT: 'testo',
  NUMBER: 'numero',
  DATE: 'data',
  SINGLE_CHOICE: 'scelta singola',
  MULTIPLE_CHOICE: 'scelta multipla',
  FILE: 'allegato',
};

function FormVersions({ id, title }: { id: string; title: string }) {
  const [open, setOpen] = useState(false);
  const q = useLoad(() => (open ? gqlRequest(FormVersionsQuery, { id }) : Promise.resolve(null)), [id, open]);
  const versions = q.data?.form?.versions ?? [];
  return (
    <details onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
      <summary>
        Versioni<span className="visually-hidden"> di {title}</span>
      </summary>
      <ErrorBox error={q.error} onRetry={q.reload} />
      {open && q.loading && <Loading what="Caricamento delle versioni…" />}
      {versions.length > 0 && (
        <table className="table table-sm mt-2">
          <caption className="visually-hidden">Versioni del modulo {title}</caption>
          <thead>
            <tr>
              <th scope="col">Versione</th>
              <th scope="col">Pubblicata il</th>
              <th scope="col">Campi</th>
            </tr>
          </thead>
          <tbody>
            {[...versions]
              .sort((a, b) => b.version - a.version)
              .map((v) => (
                <tr key={v.version}>
                  <th scope="row" className="fw-normal">
                    {v.version} (revisione {v.revision})
                  </th>
                  <td>{fmtDate(v.publishedAt)}</td>
                  <td>
                    {v.fields
                      .map(
                        (x) =>
                          `${x.label} (${FIELD_KINDS[x.type] ?? x.type.toLowerCase()}${x.required ? ', obbligatorio' : ''})`,
                      )
                      .join('; ')}
                  </td>
                </tr>
              ))}
          </tbody>
        </table>
      )}
    </details>
  );
}

export function FormsPage() {
  const q = useLoad(() => gqlRequest(FormsQuery), []);
  return (
    <>
      <PageTitle text="Moduli">Moduli e loro versioni</PageTitle>
      <KbTabs current="/schede/moduli" />
      <ErrorBox error={q.error} onRetry={q.reload} />
      {q.loading && !q.data && <Loading what="Caricamento dei moduli…" />}
      {q.data && (
        <>
          <p role="status">
            {q.data.forms.length === 0 ? 'Nessun modulo.' : `${q.data.forms.length} moduli.`}
          </p>
          <ul className="list-unstyled">
            {q.data.forms.map((f) => (
              <li key={f.id} className="border-bottom py-2">
                <h2 className="h6 mb-1">
                  {f.title} <span className="small text-muted">({f.code})</span>
                </h2>
                <p className="small mb-1">
                  {CONTENT_STATUS[f.status] ?? f.status} · revisione {f.revision} ·{' '}
                  {f.version ? `versione pubblicata ${f.version}` : 'mai pubblicato'} · {f.versions.length}{' '}
                  {f.versions.length === 1 ? 'versione' : 'versioni'}
                </p>
                {f.versions.length > 0 && <FormVersions id={f.id} title={f.title} />}
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

/** Submit / approve a reply template (FAQ or canned reply), with the API's refusal next to the button. */
function WorkflowButtons({
  t,
  session,
  onDone,
}: {
  t: { id: string; title: string; status: string };
  session: Session;
  onDone: (msg: string) => void;
}) {
  const act = useAction();
  const editor = session.roles.some((r) => r === 'backoffice' || r === 'referent' || r === 'admin');
  const approver = session.roles.some((r) => r === 'backoffice' || r === 'manager' || r === 'admin');
  const errId = `wf-error-${t.id}`;
  return (
    <div>
      {t.status === 'DRAFT' && editor && (
        <button
          type="button"
          className="btn btn-sm btn-outline-primary"
          disabled={act.busy}
          aria-describedby={act.error ? errId : undefined}
          onClick={() =>
            void act
              .run(() =>
                gqlRequest(SubmitContent, {
                  input: { kind: 'REPLY_TEMPLATE', id: t.id, note: 'inviata dalla scrivania' },
                }),
              )
              .then((r) => r && onDone(`«${t.title}» inviata per l’approvazione.`))
          }
        >
          Invia per l’approvazione<span className="visually-hidden"> {t.title}</span>
        </button>
      )}
      {t.status === 'IN_REVIEW' && approver && (
        <button
          type="button"
          className="btn btn-sm btn-success"
          disabled={act.busy}
          aria-describedby={act.error ? errId : undefined}
          onClick={() =>
            void act
              .run(() =>
                gqlRequest(ApproveContent, {
                  input: { kind: 'REPLY_TEMPLATE', id: t.id, note: 'approvata dalla scrivania' },
                }),
              )
              .then((r) => r && onDone(`«${t.title}» approvata e pubblicata.`))
          }
        >
          Approva<span className="visually-hidden"> {t.title}</span>
        </button>
      )}
      {act.error && (
        <div id={errId} className="invalid-feedback d-block" role="alert">
          {act.error.message}
        </div>
      )}
    </div>
  );
}

function TemplateList({
  kind,
  session,
  title,
  path,
  intro,
}: {
  kind: 'FAQ' | 'REPLY';
  session: Session;
  title: string;
  path: string;
  intro: string;
}) {
  const [onlyProposals, setOnlyProposals] = useState(kind === 'FAQ');
  const q = useLoad(() => gqlRequest(TemplatesQuery, { kind }), [kind]);
  const [done, setDone] = useState('');
  const rows = (q.data?.replyTemplates ?? []).filter(
    (t) => !onlyProposals || (t.status !== 'PUBLISHED' && t.status !== 'ARCHIVED'),
  );
  return (
    <>
      <PageTitle text={title}>{title}</PageTitle>
      <KbTabs current={path} />
      <p>{intro}</p>
      <div className="form-check mb-3">
        <input
          id="only-open"
          type="checkbox"
          className="form-check-input"
          checked={onlyProposals}
          onChange={(e) => setOnlyProposals(e.target.checked)}
        />
        <label htmlFor="only-open" className="form-check-label">
          Solo quelle da lavorare (bozze e in verifica)
        </label>
      </div>
      {done && <Success>{done}</Success>}
      <ErrorBox error={q.error} onRetry={q.reload} />
      {q.loading && !q.data && <Loading what="Caricamento…" />}
      {q.data && (
        <>
          <p role="status">
            {rows.length === 0 ? 'Nessun elemento in questa vista.' : `${rows.length} elementi.`}
          </p>
          <ul className="list-unstyled">
            {rows.map((t) => (
              <li key={t.id} className="border-bottom py-2" data-testid={`template-${t.code}`}>
                <div className="d-flex flex-wrap gap-3 justify-content-between">
                  <div>
                    <h2 className="h6 mb-1">{t.title}</h2>
                    <p className="small mb-1">
                      {CONTENT_STATUS[t.status] ?? t.status} · revisione {t.revision}
                      {t.category ? ` · ${CATEGORIES[t.category] ?? t.category}` : ''}
                      {t.caseStatus ? ` · per le pratiche in stato «${t.caseStatus}»` : ''}
                      {t.origin?.startsWith('faq_proposal:')
                        ? ' · proposta dallo sportello'
                        : t.origin
                          ? ` · origine: ${t.origin}`
                          : ''}
                    </p>
                  </div>
                  <WorkflowButtons
                    t={t}
                    session={session}
                    onDone={(m) => {
                      setDone(m);
                      q.reload();
                    }}
                  />
                </div>
                <details>
                  <summary>
                    Testo<span className="visually-hidden"> di {t.title}</span>
                  </summary>
                  <pre className="reply small">{t.body}</pre>
                  {t.placeholders.length > 0 && (
                    <p className="small mb-0">
                      Segnaposto riempiti in automatico: {t.placeholders.map((p) => `{{${p}}}`).join(', ')}
                    </p>
                  )}
                </details>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

export function FaqPage({ session }: { session: Session }) {
  return (
    <TemplateList
      kind="FAQ"
      session={session}
      title="FAQ proposte"
      path="/schede/faq"
      intro="Domande risolte allo sportello e proposte come FAQ (senza dati personali): inviale per l’approvazione; le approva un’altra persona."
    />
  );
}

export function RepliesPage({ session }: { session: Session }) {
  return (
    <TemplateList
      kind="REPLY"
      session={session}
      title="Risposte tipo"
      path="/schede/risposte"
      intro="Le risposte tipo che gli operatori scelgono nelle pratiche; i segnaposto sono riempiti con i dati della pratica."
    />
  );
}
