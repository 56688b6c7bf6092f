// Le mie pratiche: the queue by due date, with filters and cursor paging.
import { useState } from 'react';
import { ErrorBox, Link, Loading, PageTitle, useLoad, OptionsOf } from '../components/ui';
import { graphql } from '../gql';
import type { CaseQueueFilter } from '../gql/graphql';
import type { Session } from '../lib/auth';
import { gqlRequest } from '../lib/graphql';
import { CONTACT_TYPES, fmtDate, PRIORITIES } from '../lib/format';
import { navigate, useLocation } from '../lib/router';
import { protocolNumberOf } from '../lib/search';
import {
  mayReadPersonal,
  maySearchRequesters,
  searchRequesters,
  type RequesterHit,
} from '../components/RequesterSearch';

const CaseQueueQuery = graphql(`
  query CaseQueue($filter: CaseQueueFilter, $first: Int, $after: String) {
    caseQueue(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          protocolNumber
          type
          statusLabel
          priority
          dueAt
          overdue
          suspended
          officeName
          referentName
          alerts
          contact {
            subject
          }
        }
      }
    }
  }
`);

const MyReferent = graphql(`
  query MyReferent {
    referents {
      id
      staffId
      officeId
      office {
        name
      }
    }
  }
`);

/** "In scadenza": open cases not yet overdue whose term ends within this many days. */
const DUE_SOON_DAYS = 7;

const VIEWS: { key: string; label: string }[] = [
  { key: 'mine', label: 'Mie' },
  { key: 'office', label: 'Del mio ufficio' },
  { key: 'overdue', label: 'Scadute' },
  { key: 'soon', label: `In scadenza (${DUE_SOON_DAYS} giorni)` },
  { key: 'suspended', label: 'Sospese' },
  { key: 'all', label: 'Tutte le aperte' },
];

const PAGE = 20;
const PURPOSE = 'ricerca delle pratiche di un richiedente';

export default function Queue({ session }: { session: Session }) {
  const { search } = useLocation();
  const view = search.get('vista') ?? (session.roles.includes('referent') ? 'mine' : 'all');
  const type = search.get('tipo') ?? '';
  const alert = search.get('avviso') ?? '';
  // the search lives in the URL (?cerca=…&richiedente=…) so that back and forward replay it
  const text = search.get('cerca') ?? '';
  const chosen = search.get('richiedente') ?? '';
  const protocolNumber = text ? protocolNumberOf(text) : null;
  const byName = !!text && !protocolNumber;
  const personal = mayReadPersonal(session.roles);
  const canSearchNames = maySearchRequesters(session.roles);

  const me = useLoad(async () => {
    const r = await gqlRequest(MyReferent);
    return r.referents.find((x) => x.staffId === session.sub) ?? null;
  }, [session.sub]);

  // a name: the matching requesters first; one match is used at once, several are offered to choose from
  const matches = useLoad(
    () =>
      byName && canSearchNames
        ? searchRequesters(text, PURPOSE, personal, 20)
        : Promise.resolve<RequesterHit[]>([]),
    [text, byName, canSearchNames, personal],
  );
  const requesterId = byName ? chosen || (matches.data?.length === 1 ? matches.data[0].id : '') : '';
  const requester = matches.data?.find((m) => m.id === requesterId);

  // a search looks among all the cases, closed ones too; the view buttons apply when not searching
  const filter: CaseQueueFilter = text
    ? {
        includeClosed: true,
        ...(protocolNumber ? { protocolNumber } : {}),
        ...(requesterId ? { requesterId } : {}),
      }
    : {
        ...(view === 'mine' ? { mine: true } : {}),
        ...(view === 'overdue' ? { overdue: true } : {}),
        ...(view === 'soon' ? { dueWithinDays: DUE_SOON_DAYS } : {}),
        ...(view === 'suspended' ? { suspended: true } : {}),
        ...(view === 'office' && me.data ? { officeId: me.data.officeId } : {}),
      };
  if (type) filter.type = type as CaseQueueFilter['type'];
  if (alert) filter.alert = alert as CaseQueueFilter['alert'];
  const key = JSON.stringify(filter);
  const [paging, setPaging] = useState<{ key: string; cursors: (string | null)[] }>({ key, cursors: [null] });
  // the filter changed (a click, back or forward): from the first page again
  const cursors = paging.key === key ? paging.cursors : [null];
  const setCursors = (f: (c: (string | null)[]) => (string | null)[]) =>
    setPaging({ key, cursors: f(cursors) });
  const after = cursors[cursors.length - 1];

  const waiting = (view === 'office' && !text && me.loading) || (byName && matches.loading);
  const noCases = byName && !matches.loading && !requesterId;
  const q = useLoad(
    () =>
      waiting
        ? new Promise<never>(() => undefined)
        : noCases
          ? Promise.resolve(null)
          : gqlRequest(CaseQueueQuery, { filter, first: PAGE, after }),
    [key, after, waiting, noCases],
  );

  const go = (params: Record<string, string>) => {
    const p = new URLSearchParams(search);
    for (const [k, v] of Object.entries(params))
      if (v) p.set(k, v);
      else p.delete(k);
    const qs = p.toString();
    navigate(`/pratiche${qs ? `?${qs}` : ''}`);
  };

  const page = q.data?.caseQueue;
  return (
    <>
      <PageTitle text="Le mie pratiche">Le mie pratiche</PageTitle>
      <QueueSearch
        initial={text}
        canSearchNames={canSearchNames}
        onSearch={(t) => go({ cerca: t, richiedente: '' })}
      />
      <div className="d-flex flex-wrap gap-3 align-items-end mb-3">
        {!text && (
          <div role="group" aria-label="Quali pratiche" className="btn-group flex-wrap">
            {VIEWS.filter((v) => v.key !== 'office' || me.data).map((v) => (
              <button
                key={v.key}
                type="button"
                className={`btn btn-sm ${view === v.key ? 'btn-primary' : 'btn-outline-primary'}`}
                aria-pressed={view === v.key}
                onClick={() => go({ vista: v.key })}
              >
                {v.label}
              </button>
            ))}
          </div>
        )}
        <div>
          <label htmlFor="filter-type" className="form-label small mb-0">
            Tipo
          </label>
          <select
            id="filter-type"
            className="form-select form-select-sm"
            value={type}
            onChange={(e) => go({ tipo: e.target.value })}
          >
            <option value="">tutti</option>
            <OptionsOf labels={CONTACT_TYPES} />
          </select>
        </div>
        <div>
          <label htmlFor="filter-alert" className="form-label small mb-0">
            Avvisi
          </label>
          <select
            id="filter-alert"
            className="form-select form-select-sm"
            value={alert}
            onChange={(e) => go({ avviso: e.target.value })}
          >
            <option value="">tutte le pratiche</option>
            <OptionsOf labels={ALERT_FILTERS} />
          </select>
        </div>
      </div>
      {me.data && (
        <p className="small">
          Referente per: <strong>{me.data.office.name}</strong>
        </p>
      )}
      {text && (
        <p className="small">
          Ricerca di{' '}
          <strong>
            {protocolNumber ? `pratiche con protocollo n. ${protocolNumber}` : `«${text}» tra i richiedenti`}
          </strong>
          {requester ? `: pratiche di ${requester.label}` : ''}, aperte e chiuse.{' '}
          <Link href="/pratiche">Togli la ricerca</Link>
        </p>
      )}
      <ErrorBox error={matches.error} onRetry={matches.reload} />
      {byName && !canSearchNames && (
        <p role="status">Il tuo ruolo può cercare solo per numero di protocollo.</p>
      )}
      {byName && canSearchNames && matches.data && !chosen && matches.data.length !== 1 && (
        <RequesterChoice text={text} hits={matches.data} onChoose={(id) => go({ richiedente: id })} />
      )}
      <ErrorBox error={q.error} onRetry={q.reload} />
      {q.loading && !noCases && <Loading what="Caricamento delle pratiche…" />}
      {page && !q.loading && (
        <>
          <p role="status">
            {page.totalCount === 0
              ? text
                ? 'Nessuna pratica trovata.'
                : 'Nessuna pratica in questa vista.'
              : `${page.totalCount} ${page.totalCount === 1 ? 'pratica' : 'pratiche'}, in ordine di scadenza.`}
          </p>
          {page.edges.length > 0 && (
            <div className="table-responsive">
              <table className="table table-hover queue-table">
                <caption className="visually-hidden">Pratiche in ordine di scadenza</caption>
                <thead>
                  <tr>
                    <th scope="col">Protocollo</th>
                    <th scope="col">Oggetto</th>
                    <th scope="col">Tipo</th>
                    <th scope="col">Stato</th>
                    <th scope="col">Ufficio</th>
                    <th scope="col">Scadenza</th>
                  </tr>
                </thead>
                <tbody>
                  {page.edges.map(({ node: c }) => (
                    <tr key={c.id} data-alerts={c.alerts.join(' ') || undefined}>
                      <td>
                        <Link href={`/pratiche/${encodeURIComponent(c.id)}`}>{c.protocolNumber}</Link>
                      </td>
                      <td>
                        {c.contact?.subject ?? '—'}
                        {c.alerts.map((a) => (
                          <span key={a} className="badge bg-danger ms-1" data-alert={a}>
                            {ALERT_BADGES[a] ?? a}
                          </span>
                        ))}
                      </td>
                      <td>{CONTACT_TYPES[c.type] ?? c.type}</td>
                      <td>
                        {c.statusLabel}
                        {c.suspended && <span className="badge bg-secondary ms-1">sospesa</span>}
                        {c.priority !== 'NORMAL' && (
                          <span className="badge bg-warning text-dark ms-1">{PRIORITIES[c.priority]}</span>
                        )}
                      </td>
                      <td>
                        {c.officeName ?? 'URP'}
                        {c.referentName ? ` · ${c.referentName}` : ''}
                      </td>
                      <td>
                        {fmtDate(c.dueAt)}
                        {c.overdue && <span className="badge bg-danger ms-1">scaduta</span>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <nav aria-label="Pagine della coda" className="d-flex gap-2">
            <button
              type="button"
              className="btn btn-outline-primary btn-sm"
              disabled={cursors.length <= 1}
              onClick={() => setCursors((c) => c.slice(0, -1))}
            >
              Pagina precedente
            </button>
            <button
              type="button"
              className="btn btn-outline-primary btn-sm"
              disabled={!page.pageInfo.hasNextPage}
              onClick={() => setCursors((c) => [...c, page.pageInfo.endCursor ?? null])}
            >
              Pagina successiva
            </button>
            <span className="align-self-center small">Pagina {cursors.length}</span>
          </nav>
        </>
      )}
    </>
  );
}

/** The alerts of a case, as the queue's filter names them and as a row's badge says them. */
const ALERT_FILTERS: Record<string, string> = {
  PROCEDURE_START_REFUSED: 'avvio del procedimento rifiutato',
  DELIVERY_FAILED: 'comunicazione non consegnata',
};
const ALERT_BADGES: Record<string, string> = {
  PROCEDURE_START_REFUSED: 'avvio rifiutato',
  DELIVERY_FAILED: 'non consegnata',
};

/** The queue's one search box: a protocol number, or a requester's name or fiscal code. */
function QueueSearch({
  initial,
  canSearchNames,
  onSearch,
}: {
  initial: string;
  canSearchNames: boolean;
  onSearch: (text: string) => void;
}) {
  const [text, setText] = useState(initial);
  // back / forward: the box shows the search of the URL
  const [seen, setSeen] = useState(initial);
  if (seen !== initial) {
    setSeen(initial);
    setText(initial);
  }
  return (
    <form
      role="search"
      aria-label="Cerca tra le pratiche"
      className="d-flex flex-wrap gap-2 align-items-end mb-3"
      onSubmit={(e) => {
        e.preventDefault();
        onSearch(text.trim());
      }}
    >
      <div className="flex-grow-1" style={{ maxWidth: '32rem' }}>
        <label htmlFor="queue-search" className="form-label small mb-0">
          {canSearchNames ? 'Numero di protocollo o richiedente' : 'Numero di protocollo'}
        </label>
        <input
          id="queue-search"
          type="search"
          className="form-control"
          value={text}
          autoComplete="off"
          aria-describedby="queue-search-hint"
          onChange={(e) => setText(e.target.value)}
        />
        <small id="queue-search-hint" className="form-text d-block">
          {canSearchNames
            ? 'Per esempio 2026/0000123, solo 123, oppure nome e cognome o codice fiscale del richiedente.'
            : 'Per esempio 2026/0000123 o solo 123.'}
        </small>
      </div>
      <button type="submit" className="btn btn-primary btn-sm mb-4">
        Cerca
      </button>
    </form>
  );
}

/** Several requesters match the name: the operator picks one (or none matched). */
function RequesterChoice({
  text,
  hits,
  onChoose,
}: {
  text: string;
  hits: RequesterHit[];
  onChoose: (id: string) => void;
}) {
  if (!hits.length) return <p role="status">Nessun richiedente trovato per «{text}».</p>;
  return (
    <section aria-labelledby="choose-requester" className="mb-3">
      <h2 id="choose-requester" className="h6" role="status">
        {hits.length} richiedenti corrispondono a «{text}»: scegli di chi vedere le pratiche
      </h2>
      <ul className="list-unstyled">
        {hits.map((h) => (
          <li key={h.id}>
            <button type="button" className="btn btn-link p-0" onClick={() => onChoose(h.id)}>
              Pratiche di {h.label}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
