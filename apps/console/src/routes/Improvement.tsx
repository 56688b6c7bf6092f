// Cruscotto: satisfaction's alerts (a measure past its threshold on a large enough sample) and the improvement
// actions taken on them, as tables with a CSV each; propose an action, accept / reject it (managers), mark done.
import { useState } from 'react';
import { ErrorBox, Field, Loading, Success, useAction, useLoad, OptionsOf, CsvLink } from '../components/ui';
import { graphql } from '../gql';
import type { AlertScope, ImprovementActionStatus } from '../gql/graphql';
import type { Session } from '../lib/auth';
import { toCsv } from '../lib/csv';
import { gqlRequest } from '../lib/graphql';
import { fmtDate, fmtNum } from '../lib/format';

const AlertsQuery = graphql(`
  query ImprovementBoard {
    satisfactionAlerts(first: 50) {
      id
      scope
      scopeId
      measure
      value
      threshold
      sampleSize
      windowStart
      windowEnd
      raisedAt
    }
    improvementActions(first: 50) {
      id
      alertId
      scope
      scopeId
      title
      description
      status
      dueAt
      revision
      createdAt
    }
  }
`);

const Propose = graphql(`
  mutation ProposeImprovementAction($input: ProposeImprovementActionInput!) {
    proposeImprovementAction(input: $input) {
      id
      status
    }
  }
`);

const Change = graphql(`
  mutation ChangeImprovementAction($input: ChangeImprovementActionInput!) {
    changeImprovementAction(input: $input) {
      id
      status
      revision
    }
  }
`);

const SCOPES: Record<string, string> = { SERVICE: 'Servizio', OFFICE: 'Ufficio', CHANNEL: 'Canale' };
const MEASURES: Record<string, string> = {
  dissatisfied_share: 'quota di insoddisfatti',
  mean_stars: 'media delle stelle',
};
const ACTION_STATUS: Record<string, string> = {
  PROPOSED: 'Proposta',
  ACCEPTED: 'Accettata',
  DONE: 'Realizzata',
  REJECTED: 'Respinta',
};

export function ImprovementBoard({ session }: { session: Session }) {
  const q = useLoad(() => gqlRequest(AlertsQuery), []);
  const propose = useAction();
  const change = useAction();
  const [changing, setChanging] = useState('');
  const [done, setDone] = useState('');
  const [draft, setDraft] = useState({
    alertId: '',
    scope: 'OFFICE' as AlertScope,
    scopeId: '',
    title: '',
    description: '',
    dueAt: '',
  });
  const writer = session.roles.some((r) => r === 'backoffice' || r === 'manager');
  const decider = session.roles.includes('manager');
  const alerts = q.data?.satisfactionAlerts ?? [];
  const actions = q.data?.improvementActions ?? [];

  const alertCsv = toCsv(
    ['Ambito', 'Codice', 'Misura', 'Valore', 'Soglia', 'Risposte', 'Dal', 'Al', 'Segnalato il'],
    alerts.map((a) => [
      SCOPES[a.scope] ?? a.scope,
      a.scopeId,
      MEASURES[a.measure] ?? a.measure,
      a.value,
      a.threshold,
      a.sampleSize,
      a.windowStart.slice(0, 10),
      a.windowEnd.slice(0, 10),
      a.raisedAt.slice(0, 10),
    ]),
  );
  const actionCsv = toCsv(
    ['Azione', 'Ambito', 'Codice', 'Stato', 'Scadenza', 'Proposta il', 'Allarme'],
    actions.map((a) => [
      a.title,
      SCOPES[a.scope] ?? a.scope,
      a.scopeId,
      ACTION_STATUS[a.status] ?? a.status,
      a.dueAt?.slice(0, 10) ?? '',
      a.createdAt.slice(0, 10),
      a.alertId ?? '',
    ]),
  );

  const setStatus = (id: string, revision: number, status: ImprovementActionStatus, msg: string) => {
    setChanging(id);
    setDone('');
    void change
      .run(() => gqlRequest(Change, { input: { id, status, expectedRevision: revision } }))
      .then((r) => {
        if (!r) return;
        setDone(msg);
        q.reload();
      });
  };

  return (
    <section aria-labelledby="improvement-title" className="mb-5">
      <h2 id="improvement-title" className="h4">
        Allarmi e azioni di miglioramento
      </h2>
      {done && <Success>{done}</Success>}
      <ErrorBox error={q.error} onRetry={q.reload} />
      {q.loading && !q.data && <Loading what="Caricamento degli allarmi…" />}
      {q.data && (
        <>
          <h3 className="h5">Allarmi sulla soddisfazione</h3>
          {alerts.length === 0 ? (
            <p>Nessun allarme: nessuna misura ha superato la sua soglia su un campione sufficiente.</p>
          ) : (
            <>
              <div className="table-responsive">
                <table className="table table-sm" id="allarmi-table">
                  <caption className="visually-hidden">Allarmi sulla soddisfazione</caption>
                  <thead>
                    <tr>
                      <th scope="col">Ambito</th>
                      <th scope="col">Misura</th>
                      <th scope="col" className="text-end">
                        Valore / soglia
                      </th>
                      <th scope="col" className="text-end">
                        Risposte
                      </th>
                      <th scope="col">Periodo</th>
                    </tr>
                  </thead>
                  <tbody>
                    {alerts.map((a) => (
                      <tr key={a.id}>
                        <th scope="row" className="fw-normal">
                          {SCOPES[a.scope] ?? a.scope} {a.scopeId}
                        </th>
                        <td>{MEASURES[a.measure] ?? a.measure}</td>
                        <td className="text-end">
                          {fmtNum(a.value, 2)} / {fmtNum(a.threshold, 2)}
                        </td>
                        <td className="text-end">{a.sampleSize}</td>
                        <td>
                          {fmtDate(a.windowStart)}–{fmtDate(a.windowEnd)}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <CsvLink
                csv={alertCsv}
                file="allarmi.csv"
                what="allarmi sulla soddisfazione"
                className="mb-3"
              />
            </>
          )}

          <h3 className="h5 mt-3">Azioni di miglioramento</h3>
          {actions.length === 0 ? (
            <p>Nessuna azione di miglioramento.</p>
          ) : (
            <>
              <div className="table-responsive">
                <table className="table table-sm" id="azioni-table">
                  <caption className="visually-hidden">Azioni di miglioramento</caption>
                  <thead>
                    <tr>
                      <th scope="col">Azione</th>
                      <th scope="col">Ambito</th>
                      <th scope="col">Stato</th>
                      <th scope="col">Scadenza</th>
                      <th scope="col">Decisione</th>
                    </tr>
                  </thead>
                  <tbody>
                    {actions.map((a) => (
                      <tr key={a.id}>
                        <th scope="row" className="fw-normal">
                          {a.title}
                          {a.description && <div className="small text-muted">{a.description}</div>}
                        </th>
                        <td>
                          {SCOPES[a.scope] ?? a.scope} {a.scopeId}
                        </td>
                        <td data-status={a.status}>{ACTION_STATUS[a.status] ?? a.status}</td>
                        <td>{fmtDate(a.dueAt)}</td>
                        <td>
                          <div className="d-flex flex-wrap gap-1">
                            {a.status === 'PROPOSED' && decider && (
                              <>
                                <button
                                  type="button"
                                  className="btn btn-sm btn-success"
                                  disabled={change.busy}
                                  onClick={() =>
                                    setStatus(a.id, a.revision, 'ACCEPTED', `Azione «${a.title}» accettata.`)
                                  }
                                >
                                  Accetta<span className="visually-hidden"> {a.title}</span>
                                </button>
                                <button
                                  type="button"
                                  className="btn btn-sm btn-outline-danger"
                                  disabled={change.busy}
                                  onClick={() =>
                                    setStatus(a.id, a.revision, 'REJECTED', `Azione «${a.title}» respinta.`)
                                  }
                                >
                                  Respingi<span className="visually-hidden"> {a.title}</span>
                                </button>
                              </>
                            )}
                            {a.status === 'ACCEPTED' && writer && (
                              <button
                                type="button"
                                className="btn btn-sm btn-outline-primary"
                                disabled={change.busy}
                                onClick={() =>
                                  setStatus(a.id, a.revision, 'DONE', `Azione «${a.title}» realizzata.`)
                                }
                              >
                                Segna come realizzata<span className="visually-hidden"> {a.title}</span>
                              </button>
                            )}
                          </div>
                          {changing === a.id && change.error && (
                            <div className="invalid-feedback d-block" role="alert">
                              {change.error.message}
                            </div>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <CsvLink csv={actionCsv} file="azioni.csv" what="azioni di miglioramento" className="mb-3" />
            </>
          )}

          {writer && (
            <form
              className="border rounded p-3 mt-3"
              aria-labelledby="propose-title"
              noValidate
              onSubmit={(e) => {
                e.preventDefault();
                setDone('');
                void propose
                  .run(() =>
                    gqlRequest(Propose, {
                      input: {
                        title: draft.title,
                        ...(draft.description.trim() ? { description: draft.description } : {}),
                        ...(draft.alertId
                          ? { alertId: draft.alertId }
                          : { scope: draft.scope, scopeId: draft.scopeId }),
                        ...(draft.dueAt ? { dueAt: draft.dueAt } : {}),
                      },
                    }),
                  )
                  .then((r) => {
                    if (!r) return;
                    setDone(`Azione «${draft.title}» proposta.`);
                    setDraft((d) => ({ ...d, title: '', description: '', dueAt: '' }));
                    q.reload();
                  });
              }}
            >
              <h3 id="propose-title" className="h5">
                Proponi un’azione di miglioramento
              </h3>
              <Field id="ia-alert" label="Per l’allarme" name="alertId" error={propose.error}>
                {(a) => (
                  <select
                    {...a}
                    className={a.className.replace('form-control', 'form-select')}
                    value={draft.alertId}
                    onChange={(e) => setDraft({ ...draft, alertId: e.target.value })}
                  >
                    <option value="">— nessun allarme: indica l’ambito —</option>
                    {alerts.map((al) => (
                      <option key={al.id} value={al.id}>
                        {SCOPES[al.scope] ?? al.scope} {al.scopeId}: {MEASURES[al.measure] ?? al.measure}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              {!draft.alertId && (
                <div className="row">
                  <div className="col-md-4">
                    <Field id="ia-scope" label="Ambito" name="scope" error={propose.error}>
                      {(a) => (
                        <select
                          {...a}
                          className={a.className.replace('form-control', 'form-select')}
                          value={draft.scope}
                          onChange={(e) => setDraft({ ...draft, scope: e.target.value as AlertScope })}
                        >
                          <OptionsOf labels={SCOPES} />
                        </select>
                      )}
                    </Field>
                  </div>
                  <div className="col-md-8">
                    <Field
                      id="ia-scope-id"
                      label="Codice dell’ambito"
                      name="scopeId"
                      error={propose.error}
                      hint="Per esempio tributi (ufficio), phone (canale) o il codice del servizio."
                    >
                      {(a) => (
                        <input
                          {...a}
                          value={draft.scopeId}
                          onChange={(e) => setDraft({ ...draft, scopeId: e.target.value })}
                        />
                      )}
                    </Field>
                  </div>
                </div>
              )}
              <Field id="ia-title" label="Azione" name="title" error={propose.error}>
                {(a) => (
                  <input
                    {...a}
                    value={draft.title}
                    onChange={(e) => setDraft({ ...draft, title: e.target.value })}
                  />
                )}
              </Field>
              <Field
                id="ia-description"
                label="Descrizione (facoltativa)"
                name="description"
                error={propose.error}
              >
                {(a) => (
                  <textarea
                    {...a}
                    rows={2}
                    value={draft.description}
                    onChange={(e) => setDraft({ ...draft, description: e.target.value })}
                  />
                )}
              </Field>
              <Field id="ia-due" label="Da realizzare entro (facoltativo)" name="dueAt" error={propose.error}>
                {(a) => (
                  <input
                    {...a}
                    type="date"
                    value={draft.dueAt}
                    onChange={(e) => setDraft({ ...draft, dueAt: e.target.value })}
                  />
                )}
              </Field>
              <ErrorBox
                error={propose.error && !Object.keys(propose.error.fields).length ? propose.error : null}
              />
              <button type="submit" className="btn btn-primary" disabled={propose.busy}>
                Proponi l’azione
              </button>
            </form>
          )}
        </>
      )}
    </section>
  );
}
