// Le mie pratiche: the queue by due date, with filters and cursor paging.
import { useState } from 'react';
import { ErrorBox, Link, Loading, PageTitle, useLoad } from '../components/ui';
import { graphql } from '../gql';
import type { CaseQueueFilter } from '../gql/graphql';
import type { Session } from '../lib/auth';
import { gqlRequest } from '../lib/graphql';
import { CONTACT_TYPES, fmtDate, PRIORITIES } from '../lib/format';
import { navigate, useLocation } from '../lib/router';

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

const VIEWS: { key: string; label: string }[] = [
  { key: 'mine', label: 'Mie' },
  { key: 'office', label: 'Del mio ufficio' },
  { key: 'overdue', label: 'Scadute' },
  { key: 'all', label: 'Tutte le aperte' },
];

const PAGE = 20;

export default function Queue({ session }: { session: Session }) {
  const { search } = useLocation();
  const view = search.get('vista') ?? (session.roles.includes('referent') ? 'mine' : 'all');
  const type = search.get('tipo') ?? '';
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors[cursors.length - 1];

  const me = useLoad(async () => {
    const r = await gqlRequest(MyReferent);
    return r.referents.find((x) => x.staffId === session.sub) ?? null;
  }, [session.sub]);

  const filter: CaseQueueFilter = {
    ...(view === 'mine' ? { mine: true } : {}),
    ...(view === 'overdue' ? { overdue: true } : {}),
    ...(view === 'office' && me.data ? { officeId: me.data.officeId } : {}),
    ...(type ? { type: type as never } : {}),
  };
  const waitingForOffice = view === 'office' && me.loading;
  const q = useLoad(
    () =>
      waitingForOffice
        ? new Promise<never>(() => undefined)
        : gqlRequest(CaseQueueQuery, { filter, first: PAGE, after }),
    [JSON.stringify(filter), after, waitingForOffice],
  );

  const go = (params: Record<string, string>) => {
    const p = new URLSearchParams(search);
    for (const [k, v] of Object.entries(params))
      if (v) p.set(k, v);
      else p.delete(k);
    setCursors([null]);
    navigate(`/pratiche?${p.toString()}`);
  };

  const page = q.data?.caseQueue;
  return (
    <>
      <PageTitle text="Le mie pratiche">Le mie pratiche</PageTitle>
      <div className="d-flex flex-wrap gap-3 align-items-end mb-3">
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
            {Object.entries(CONTACT_TYPES).map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
          </select>
        </div>
      </div>
      {me.data && (
        <p className="small">
          Referente per: <strong>{me.data.office.name}</strong>
        </p>
      )}
      <ErrorBox error={q.error} onRetry={q.reload} />
      {q.loading && <Loading what="Caricamento delle pratiche…" />}
      {page && !q.loading && (
        <>
          <p role="status">
            {page.totalCount === 0
              ? 'Nessuna pratica in questa vista.'
              : `${page.totalCount} pratiche, in ordine di scadenza.`}
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
                    <tr key={c.id}>
                      <td>
                        <Link href={`/pratiche/${encodeURIComponent(c.id)}`}>{c.protocolNumber}</Link>
                      </td>
                      <td>{c.contact?.subject ?? '—'}</td>
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
