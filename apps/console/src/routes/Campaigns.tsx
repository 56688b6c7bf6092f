// Campagne: the list by status, and a campaign's page: its life cycle (four eyes), scheduling, delivery progress
// and its effect on the contacts on its topics (chart, table, CSV).
import { useEffect, useState } from 'react';
import { BarChart } from '../components/Chart';
import { ErrorBox, Link, Loading, PageTitle, Success, useAction, useLoad, CsvLink } from '../components/ui';
import { graphql } from '../gql';
import type { CampaignDetailQuery, CampaignStatus } from '../gql/graphql';
import type { Session } from '../lib/auth';
import { toCsv } from '../lib/csv';
import { fieldError } from '../lib/errors';
import { gqlRequest } from '../lib/graphql';
import { CATEGORIES, fmtDate, fmtDateTime, fmtNum } from '../lib/format';
import { navigate, useLocation } from '../lib/router';
import { WeeklyBulletin } from './WeeklyBulletin';
import {
  CAMPAIGN_ACTIONS,
  CAMPAIGN_CHANNELS,
  CAMPAIGN_STATUS,
  EFFECT_WINDOWS,
  READABILITY_LEVELS,
} from './campaign-labels';

const CampaignList = graphql(`
  query CampaignList($status: CampaignStatus, $first: Int) {
    campaigns(status: $status, first: $first) {
      id
      title
      status
      startsAt
      channels
      authorId
      deliveryStats {
        sent
        delivered
        bounced
      }
    }
  }
`);

const CampaignDetail = graphql(`
  query CampaignDetail($id: ID!) {
    campaign(id: $id) {
      id
      revision
      title
      goal
      topics
      channels
      segment {
        topics
        areas
        servicesUsed
      }
      steps {
        stepId
        channel
        waitHours
        subject
        body
        dueAt
        readability {
          gulpease
          level
          suggestions
        }
        progress {
          startedAt
          completedAt
          recipients
          sent
          bounced
          skipped
        }
      }
      startsAt
      endsAt
      ownerId
      authorId
      status
      approvedBy
      approvedAt
      launchedAt
      completedAt
      history {
        action
        by
        at
        note
      }
      deliveryStats {
        queued
        sent
        delivered
        bounced
        opened
        clicked
        unsubscribed
      }
      effect {
        changeDuringVsBeforePercent
        changeDuringVsPreviousYearPercent
        windows {
          label
          from
          to
          complete
          contactsOnTopics
          sheetUsage
          allContacts
          previousYear {
            contactsOnTopics
          }
        }
      }
    }
  }
`);

const Submit = graphql(`
  mutation SubmitCampaign($id: ID!) {
    submitCampaign(id: $id) {
      id
      status
    }
  }
`);
const Approve = graphql(`
  mutation ApproveCampaign($id: ID!) {
    approveCampaign(id: $id) {
      id
      status
    }
  }
`);
const Reject = graphql(`
  mutation RejectCampaign($id: ID!, $reason: String!) {
    rejectCampaign(id: $id, reason: $reason) {
      id
      status
    }
  }
`);
const Schedule = graphql(`
  mutation ScheduleCampaign($id: ID!, $startsAt: String) {
    scheduleCampaign(id: $id, startsAt: $startsAt) {
      id
      status
    }
  }
`);
const Unschedule = graphql(`
  mutation UnscheduleCampaign($id: ID!) {
    unscheduleCampaign(id: $id) {
      id
      status
    }
  }
`);
const Pause = graphql(`
  mutation PauseCampaign($id: ID!) {
    pauseCampaign(id: $id) {
      id
      status
    }
  }
`);
const Resume = graphql(`
  mutation ResumeCampaign($id: ID!) {
    resumeCampaign(id: $id) {
      id
      status
    }
  }
`);
const Complete = graphql(`
  mutation CompleteCampaign($id: ID!) {
    completeCampaign(id: $id) {
      id
      status
    }
  }
`);
const Archive = graphql(`
  mutation ArchiveCampaign($id: ID!) {
    archiveCampaign(id: $id) {
      id
      status
    }
  }
`);

const FILTERS: { key: CampaignStatus | ''; label: string }[] = [
  { key: '', label: 'Tutte' },
  { key: 'DRAFT', label: 'Bozze' },
  { key: 'IN_APPROVAL', label: 'Da approvare' },
  { key: 'SCHEDULED', label: 'Programmate' },
  { key: 'RUNNING', label: 'In invio' },
  { key: 'COMPLETED', label: 'Concluse' },
];
const PAGE = 20;

const canWrite = (s: Session) => s.roles.some((r) => r === 'backoffice' || r === 'manager');

export function CampaignListPage({ session }: { session: Session }) {
  const { search } = useLocation();
  const status = (search.get('stato') as CampaignStatus | null) ?? '';
  const [shown, setShown] = useState(PAGE);
  // one more than shown: tells whether there is a next page
  const q = useLoad(
    () => gqlRequest(CampaignList, { ...(status ? { status } : {}), first: shown + 1 }),
    [status, shown],
  );
  const rows = q.data?.campaigns.slice(0, shown) ?? [];
  const more = (q.data?.campaigns.length ?? 0) > shown;
  return (
    <>
      <PageTitle text="Campagne">Campagne di comunicazione</PageTitle>
      <div className="d-flex flex-wrap gap-3 align-items-center mb-3">
        <div role="group" aria-label="Filtra le campagne" className="btn-group flex-wrap">
          {FILTERS.map((f) => (
            <button
              key={f.key}
              type="button"
              className={`btn btn-sm ${status === f.key ? 'btn-primary' : 'btn-outline-primary'}`}
              aria-pressed={status === f.key}
              onClick={() => {
                setShown(PAGE);
                navigate(f.key ? `/campagne?stato=${f.key}` : '/campagne');
              }}
            >
              {f.label}
            </button>
          ))}
        </div>
        {canWrite(session) && (
          <Link className="btn btn-primary btn-sm ms-auto" href="/campagne/nuova">
            Nuova campagna
          </Link>
        )}
      </div>
      <ErrorBox error={q.error} onRetry={q.reload} />
      {q.loading && !q.data && <Loading what="Caricamento delle campagne…" />}
      {q.data && (
        <>
          <p role="status">
            {rows.length === 0 ? 'Nessuna campagna in questa vista.' : `${rows.length} campagne mostrate.`}
          </p>
          {rows.length > 0 && (
            <div className="table-responsive">
              <table className="table campaign-table">
                <caption className="visually-hidden">Campagne</caption>
                <thead>
                  <tr>
                    <th scope="col">Titolo</th>
                    <th scope="col">Stato</th>
                    <th scope="col">Canale</th>
                    <th scope="col">Inizio</th>
                    <th scope="col" className="text-end">
                      Consegnati
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((c) => (
                    <tr key={c.id}>
                      <td>
                        <Link href={`/campagne/${encodeURIComponent(c.id)}`}>{c.title}</Link>
                      </td>
                      <td>{CAMPAIGN_STATUS[c.status] ?? c.status}</td>
                      <td>{c.channels.map((ch) => CAMPAIGN_CHANNELS[ch] ?? ch).join(', ')}</td>
                      <td>{fmtDate(c.startsAt)}</td>
                      <td className="text-end">{fmtNum(c.deliveryStats.delivered, 0)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {more && (
            <button
              type="button"
              className="btn btn-outline-primary btn-sm"
              disabled={q.loading}
              onClick={() => setShown((n) => n + PAGE)}
            >
              {q.loading ? 'Caricamento…' : 'Mostra altre campagne'}
            </button>
          )}
        </>
      )}
      {canWrite(session) && <WeeklyBulletin />}
    </>
  );
}

type Campaign = NonNullable<CampaignDetailQuery['campaign']>;

/** `datetime-local` value of an ISO instant (the browser's time zone), or of now when it is past. */
function localValue(iso: string): string {
  const t = Math.max(new Date(iso).getTime(), Date.now());
  const d = new Date(t);
  d.setSeconds(0, 0);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

export function CampaignPage({ id, session }: { id: string; session: Session }) {
  const { search } = useLocation();
  const q = useLoad(() => gqlRequest(CampaignDetail, { id }), [id]);
  const act = useAction();
  const [acting, setActing] = useState('');
  const [done, setDone] = useState(search.get('nuova') ? 'Campagna salvata come bozza.' : '');
  const [reason, setReason] = useState('');
  const [when, setWhen] = useState('');
  const c = q.data?.campaign;

  // while it is being sent, the progress refreshes by itself (no spinner: the figures stay on screen)
  const live = c?.status === 'SCHEDULED' || c?.status === 'RUNNING';
  useEffect(() => {
    if (!live) return;
    const t = setInterval(q.reload, 3000);
    return () => clearInterval(t);
  }, [live, q.reload]);
  useEffect(() => {
    if (c && !when) setWhen(localValue(c.startsAt));
  }, [c, when]);

  const run = (key: string, ok: string, fn: () => Promise<unknown>) => {
    setActing(key);
    setDone('');
    void act.run(fn).then((r) => {
      if (!r) return;
      setDone(ok);
      q.reload();
    });
  };
  const errorFor = (key: string) =>
    acting === key && act.error ? (
      <div id={`err-${key}`} className="invalid-feedback d-block mt-1" role="alert">
        {fieldError(act.error.fields, key === 'reject' ? 'reason' : 'startsAt') ?? act.error.message}
      </div>
    ) : null;
  const described = (key: string) => (acting === key && act.error ? `err-${key}` : undefined);

  if (q.error && !c) return <ErrorBox error={q.error} onRetry={q.reload} />;
  if (!q.data) return <Loading what="Caricamento della campagna…" />;
  if (!c)
    return (
      <div className="alert alert-warning" role="alert">
        Campagna non trovata. <Link href="/campagne">Torna alle campagne</Link>
      </div>
    );

  const write = canWrite(session);
  const button = (
    key: string,
    label: string,
    ok: string,
    fn: () => Promise<unknown>,
    cls = 'btn-primary',
  ) => (
    <div className="me-3 mb-2">
      <button
        type="button"
        className={`btn ${cls}`}
        disabled={act.busy}
        aria-describedby={described(key)}
        onClick={() => run(key, ok, fn)}
      >
        {label}
      </button>
      {errorFor(key)}
    </div>
  );

  return (
    <>
      <p>
        <Link href="/campagne">← Campagne</Link>
      </p>
      <PageTitle text={`Campagna: ${c.title}`}>Campagna: {c.title}</PageTitle>
      <p>
        Stato: <strong data-testid="campaign-status">{CAMPAIGN_STATUS[c.status] ?? c.status}</strong> · inizio{' '}
        {fmtDateTime(c.startsAt)}
        {c.endsAt ? ` · fine ${fmtDateTime(c.endsAt)}` : ''} · scritta da {c.authorId}
        {c.approvedBy ? ` · approvata da ${c.approvedBy} il ${fmtDateTime(c.approvedAt)}` : ''}
      </p>
      {done && <Success>{done}</Success>}
      {q.error && <ErrorBox error={q.error} onRetry={q.reload} />}

      {write && (
        <section aria-labelledby="actions-title" className="mb-4">
          <h2 id="actions-title" className="h5">
            Azioni
          </h2>
          <div className="d-flex flex-wrap align-items-start">
            {c.status === 'DRAFT' &&
              button('submit', 'Invia in approvazione', 'Campagna inviata in approvazione.', () =>
                gqlRequest(Submit, { id }),
              )}
            {c.status === 'IN_APPROVAL' && (
              <>
                {button('approve', 'Approva', 'Campagna approvata: ora si può programmare.', () =>
                  gqlRequest(Approve, { id }),
                )}
                <div className="me-3 mb-2">
                  <label htmlFor="reject-reason" className="form-label small mb-0">
                    Motivo per respingerla
                  </label>
                  <div className="d-flex gap-2">
                    <input
                      id="reject-reason"
                      className={`form-control${acting === 'reject' && act.error ? ' is-invalid' : ''}`}
                      value={reason}
                      aria-describedby={described('reject')}
                      aria-invalid={acting === 'reject' && act.error ? true : undefined}
                      onChange={(e) => setReason(e.target.value)}
                    />
                    <button
                      type="button"
                      className="btn btn-outline-danger"
                      disabled={act.busy}
                      onClick={() =>
                        run('reject', 'Campagna respinta: è tornata in bozza.', () =>
                          gqlRequest(Reject, { id, reason }),
                        )
                      }
                    >
                      Respingi
                    </button>
                  </div>
                  {errorFor('reject')}
                </div>
              </>
            )}
            {c.status === 'APPROVED' && (
              <div className="me-3 mb-2">
                <label htmlFor="schedule-at" className="form-label small mb-0">
                  Invio a partire da
                </label>
                <div className="d-flex gap-2">
                  <input
                    id="schedule-at"
                    type="datetime-local"
                    className="form-control"
                    value={when}
                    aria-describedby={described('schedule')}
                    onChange={(e) => setWhen(e.target.value)}
                  />
                  <button
                    type="button"
                    className="btn btn-primary"
                    disabled={act.busy}
                    onClick={() =>
                      run('schedule', 'Campagna programmata.', () =>
                        gqlRequest(Schedule, { id, startsAt: when ? new Date(when).toISOString() : null }),
                      )
                    }
                  >
                    Programma
                  </button>
                </div>
                {errorFor('schedule')}
              </div>
            )}
            {c.status === 'SCHEDULED' &&
              button(
                'unschedule',
                'Togli dalla programmazione',
                'Campagna tolta dalla programmazione.',
                () => gqlRequest(Unschedule, { id }),
                'btn-outline-primary',
              )}
            {c.status === 'RUNNING' &&
              button(
                'pause',
                'Sospendi l’invio',
                'Invio sospeso.',
                () => gqlRequest(Pause, { id }),
                'btn-outline-primary',
              )}
            {c.status === 'PAUSED' &&
              button('resume', 'Riprendi l’invio', 'Invio ripreso.', () => gqlRequest(Resume, { id }))}
            {(c.status === 'RUNNING' || c.status === 'PAUSED') &&
              button(
                'complete',
                'Concludi la campagna',
                'Campagna conclusa: nessun altro invio.',
                () => gqlRequest(Complete, { id }),
                'btn-outline-danger',
              )}
            {(c.status === 'COMPLETED' || c.status === 'DRAFT') &&
              button(
                'archive',
                'Archivia',
                'Campagna archiviata.',
                () => gqlRequest(Archive, { id }),
                'btn-outline-secondary',
              )}
          </div>
        </section>
      )}

      <div className="row">
        <div className="col-lg-6">
          <Summary c={c} />
        </div>
        <div className="col-lg-6">
          <Progress c={c} live={live} />
        </div>
      </div>
      <Effect c={c} />
      <section aria-labelledby="history-title" className="mb-4">
        <h2 id="history-title" className="h5">
          Storia
        </h2>
        <ol className="timeline-list">
          {c.history.map((h, i) => (
            <li key={i}>
              {fmtDateTime(h.at)}: {CAMPAIGN_ACTIONS[h.action] ?? h.action} da {h.by}
              {h.note ? ` (${h.note})` : ''}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

function Summary({ c }: { c: Campaign }) {
  return (
    <section aria-labelledby="summary-title" className="mb-4">
      <h2 id="summary-title" className="h5">
        Contenuto
      </h2>
      <dl>
        <dt>Obiettivo</dt>
        <dd>{c.goal}</dd>
        <dt>Temi</dt>
        <dd>{c.topics.map((t) => CATEGORIES[t] ?? t).join(', ')}</dd>
        <dt>Pubblico</dt>
        <dd>
          {c.segment.topics.length || c.segment.areas.length
            ? [
                c.segment.topics.length
                  ? `interessati a ${c.segment.topics.map((t) => CATEGORIES[t] ?? t).join(', ')}`
                  : '',
                c.segment.areas.length ? `zone ${c.segment.areas.join(', ')}` : '',
              ]
                .filter(Boolean)
                .join('; ')
            : 'tutti quelli che hanno acconsentito sul canale'}
        </dd>
      </dl>
      {c.steps.map((s, i) => (
        <div key={s.stepId} className="card card-bg p-3 mb-2">
          <h3 className="h6">
            Messaggio {i + 1} · {CAMPAIGN_CHANNELS[s.channel] ?? s.channel}
            {s.waitHours ? ` · ${fmtNum(s.waitHours)} ore dopo il precedente` : ''}
          </h3>
          {s.subject && (
            <p className="mb-1">
              <strong>Oggetto:</strong> {s.subject}
            </p>
          )}
          <pre className="reply mb-1">{s.body}</pre>
          <p className="small mb-0">
            Leggibilità (Gulpease): {s.readability.gulpease} su 100,{' '}
            {READABILITY_LEVELS[s.readability.level] ?? s.readability.level}.
          </p>
        </div>
      ))}
    </section>
  );
}

function Progress({ c, live }: { c: Campaign; live: boolean }) {
  const s = c.deliveryStats;
  const rows: [string, number][] = [
    ['In coda', s.queued],
    ['Inviati', s.sent],
    ['Consegnati', s.delivered],
    ['Respinti', s.bounced],
    ['Aperti', s.opened],
    ['Link cliccati', s.clicked],
    ['Disiscritti', s.unsubscribed],
  ];
  return (
    <section aria-labelledby="progress-title" className="mb-4">
      <h2 id="progress-title" className="h5">
        Avanzamento dell’invio
      </h2>
      {live && <p className="small">Le cifre si aggiornano da sole ogni 3 secondi.</p>}
      {c.steps.map((st, i) =>
        st.progress ? (
          <div key={st.stepId} className="mb-3">
            <p className="mb-1" id={`step-${st.stepId}-label`}>
              Messaggio {i + 1}: inviato a {fmtNum(st.progress.sent, 0)} su{' '}
              {fmtNum(st.progress.recipients, 0)} destinatari
              {st.progress.skipped ? `, ${fmtNum(st.progress.skipped, 0)} saltati` : ''}
              {st.progress.completedAt ? ` (completato il ${fmtDateTime(st.progress.completedAt)})` : ''}
            </p>
            <div className="progress">
              <div
                className="progress-bar"
                role="progressbar"
                aria-labelledby={`step-${st.stepId}-label`}
                aria-valuenow={st.progress.sent}
                aria-valuemin={0}
                aria-valuemax={Math.max(st.progress.recipients, 1)}
                style={{
                  width: `${st.progress.recipients ? (100 * st.progress.sent) / st.progress.recipients : 0}%`,
                }}
              />
            </div>
          </div>
        ) : (
          <p key={st.stepId} className="small">
            Messaggio {i + 1}: non ancora inviato
            {st.dueAt ? ` (previsto il ${fmtDateTime(st.dueAt)})` : ''}.
          </p>
        ),
      )}
      <table className="table table-sm" id="delivery-stats">
        <caption>Esito degli invii</caption>
        <tbody>
          {rows.map(([label, v]) => (
            <tr key={label}>
              <th scope="row" className="fw-normal">
                {label}
              </th>
              <td className="text-end" data-value={v}>
                {fmtNum(v, 0)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Effect({ c }: { c: Campaign }) {
  const e = c.effect;
  const label = (w: { label: string }) => EFFECT_WINDOWS[w.label] ?? w.label;
  const pct = (v?: number | null) =>
    v === null || v === undefined ? '—' : `${v > 0 ? '+' : ''}${fmtNum(v)}%`;
  const header = [
    'Periodo',
    'Dal',
    'Al',
    'Contatti sui temi',
    'Uso delle schede',
    'Tutti i contatti',
    'Contatti sui temi un anno prima',
    'Periodo concluso',
  ];
  const rows = e.windows.map((w) => [
    label(w),
    w.from.slice(0, 10),
    w.to.slice(0, 10),
    w.contactsOnTopics,
    w.sheetUsage,
    w.allContacts,
    w.previousYear?.contactsOnTopics ?? null,
    w.complete ? 'sì' : 'no',
  ]);
  return (
    <section aria-labelledby="effect-title" className="mb-4">
      <h2 id="effect-title" className="h4">
        Effetto sui contatti
      </h2>
      <p>
        Contatti sui temi della campagna durante l’invio rispetto a prima:{' '}
        <strong>{pct(e.changeDuringVsBeforePercent)}</strong>; rispetto allo stesso periodo dell’anno prima:{' '}
        <strong>{pct(e.changeDuringVsPreviousYearPercent)}</strong>.
      </p>
      <BarChart
        id="effetto-campagna"
        title="Contatti sui temi della campagna, prima, durante e dopo"
        unit="Contatti"
        columns={['Periodo', 'Contatti sui temi']}
        data={e.windows.map((w) => ({ label: label(w), value: w.contactsOnTopics }))}
      />
      <div className="table-responsive">
        <table className="table table-sm" id="effetto-dettaglio">
          <caption>Dettaglio per periodo (ogni periodo dura quanto la campagna, almeno 7 giorni)</caption>
          <thead>
            <tr>
              {header.map((h) => (
                <th key={h} scope="col">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {e.windows.map((w) => (
              <tr key={w.label}>
                <th scope="row" className="fw-normal">
                  {label(w)}
                </th>
                <td>{fmtDate(w.from)}</td>
                <td>{fmtDate(w.to)}</td>
                <td data-value={w.contactsOnTopics}>{fmtNum(w.contactsOnTopics, 0)}</td>
                <td>{fmtNum(w.sheetUsage, 0)}</td>
                <td>{fmtNum(w.allContacts, 0)}</td>
                <td>{fmtNum(w.previousYear?.contactsOnTopics, 0)}</td>
                <td>{w.complete ? 'sì' : 'in corso'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <CsvLink
        csv={toCsv(header, rows)}
        file="effetto-campagna-dettaglio.csv"
        what="dettaglio dell’effetto per periodo"
      />
    </section>
  );
}
