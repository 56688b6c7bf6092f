// Schede (back office): the list with workflow and review status, and the approval queue (four eyes).
import { useEffect, useState } from 'react';
import { ErrorBox, Link, Loading, PageTitle, Success, useAction, useLoad } from '../components/ui';
import { graphql } from '../gql';
import type { SheetListFilter, SheetListQuery } from '../gql/graphql';
import type { Session } from '../lib/auth';
import { ApiError } from '../lib/errors';
import { gqlRequest } from '../lib/graphql';
import { CATEGORIES, CONTENT_STATUS, fmtDate } from '../lib/format';
import { navigate, useLocation } from '../lib/router';
import { sheetCount } from '../lib/sheet-count';
import { KbTabs } from './KnowledgeContent';

/** How many sheets a page of the list shows ("Mostra altre" loads as many more, after the last one shown). */
const PAGE = 100;

const SheetList = graphql(`
  query SheetList($filter: SheetListFilter, $first: Int!, $after: String) {
    sheetList(filter: $filter, first: $first, after: $after) {
      totalCount
      endCursor
      hasNextPage
      items {
        id
        slug
        title
        category
        status
        revision
        publishedRevision
        reviewDueAt
        reviewOverdue
        owner {
          name
        }
      }
    }
  }
`);

type Page = SheetListQuery['sheetList'];

export const ApproveSheet = graphql(`
  mutation ApproveSheet($input: ApproveContentInput!) {
    approveContent(input: $input) {
      status
      revision
      publishedRevision
    }
  }
`);

const FILTERS: { key: SheetListFilter; label: string }[] = [
  { key: 'ALL', label: 'Tutte' },
  { key: 'IN_REVIEW', label: 'Da approvare' },
  { key: 'DRAFT', label: 'Bozze' },
  { key: 'REVIEW_OVERDUE', label: 'Revisione scaduta' },
  { key: 'INCONSISTENT', label: 'Termini incoerenti' },
];

export default function Sheets({ session }: { session: Session }) {
  const { search } = useLocation();
  const filter = (search.get('filtro') as SheetListFilter | null) ?? 'ALL';
  const q = useLoad(() => gqlRequest(SheetList, { filter, first: PAGE }), [filter]);
  // the first page as loaded, then each further page appended ("Mostra altre"); a reload starts again
  const [items, setItems] = useState<Page['items']>([]);
  const [page, setPage] = useState<Omit<Page, 'items'> | null>(null);
  useEffect(() => {
    setItems(q.data?.sheetList.items ?? []);
    setPage(q.data?.sheetList ?? null);
  }, [q.data]);
  const more = useAction();
  const loadMore = () =>
    more.run(async () => {
      const next = (await gqlRequest(SheetList, { filter, first: PAGE, after: page?.endCursor })).sheetList;
      // the cursor guarantees no repeats; the check keeps the table's keys unique whatever happens
      setItems((shown) => {
        const seen = new Set(shown.map((i) => i.id));
        return [...shown, ...next.items.filter((i) => !seen.has(i.id))];
      });
      setPage(next);
    });
  const approve = useAction();
  const [approving, setApproving] = useState<string | null>(null);
  const [done, setDone] = useState('');
  const canApprove = session.roles.some((r) => r === 'backoffice' || r === 'manager' || r === 'admin');

  return (
    <>
      <PageTitle text="Schede">Schede informative</PageTitle>
      <KbTabs current="/schede" />
      <div role="group" aria-label="Filtra le schede" className="btn-group flex-wrap mb-3">
        {FILTERS.map((f) => (
          <button
            key={f.key}
            type="button"
            className={`btn btn-sm ${filter === f.key ? 'btn-primary' : 'btn-outline-primary'}`}
            aria-pressed={filter === f.key}
            onClick={() => {
              setDone('');
              approve.setError(null);
              navigate(`/schede?filtro=${f.key}`);
            }}
          >
            {f.label}
          </button>
        ))}
      </div>
      {done && <Success>{done}</Success>}
      <ErrorBox error={q.error} onRetry={q.reload} />
      {q.loading && <Loading what="Caricamento delle schede…" />}
      {q.data && !q.loading && page && (
        <>
          <p role="status">{sheetCount(page.totalCount)}</p>
          {filter === 'IN_REVIEW' && (
            <p className="small" id="four-eyes-note">
              Quattro occhi: una scheda in verifica la approva un’altra persona del back office o un
              responsabile, mai chi l’ha scritta, modificata o inviata in verifica.
              {canApprove
                ? ''
                : ' Il tuo ruolo non approva: la scheda è pubblicata quando la approvano loro.'}
            </p>
          )}
          {items.length > 0 && (
            <div className="table-responsive">
              <table className="table">
                <caption className="visually-hidden">Schede informative</caption>
                <thead>
                  <tr>
                    <th scope="col">Titolo</th>
                    <th scope="col">Categoria</th>
                    <th scope="col">Stato</th>
                    <th scope="col">Revisione</th>
                    <th scope="col">Verifica periodica</th>
                    {filter === 'IN_REVIEW' && <th scope="col">Approvazione</th>}
                  </tr>
                </thead>
                <tbody>
                  {items.map((s) => (
                    <tr key={s.id}>
                      <td>
                        <Link href={`/schede/${encodeURIComponent(s.id)}`}>{s.title}</Link>
                      </td>
                      <td>{CATEGORIES[s.category] ?? s.category}</td>
                      <td>{CONTENT_STATUS[s.status] ?? s.status}</td>
                      <td>
                        {s.revision}
                        {s.publishedRevision && s.publishedRevision !== s.revision
                          ? ` (pubblicata: ${s.publishedRevision})`
                          : ''}
                      </td>
                      <td>
                        {fmtDate(s.reviewDueAt)}
                        {s.reviewOverdue && <span className="badge bg-danger ms-1">scaduta</span>}
                      </td>
                      {filter === 'IN_REVIEW' && (
                        <td>
                          {!canApprove && (
                            <span className="small">In attesa del back office o di un responsabile</span>
                          )}
                          {canApprove && (
                            <button
                              type="button"
                              className="btn btn-sm btn-success"
                              disabled={approve.busy}
                              aria-describedby={
                                approving === s.id && approve.error ? `approve-error-${s.id}` : undefined
                              }
                              onClick={() => {
                                setApproving(s.id);
                                setDone('');
                                void approve
                                  .run(() =>
                                    gqlRequest(ApproveSheet, {
                                      input: { kind: 'SHEET', id: s.id, note: 'approvata dalla scrivania' },
                                    }),
                                  )
                                  .then((r) => {
                                    if (!r) return;
                                    setDone(`Scheda «${s.title}» approvata e pubblicata.`);
                                    q.reload();
                                  });
                              }}
                            >
                              Approva<span className="visually-hidden"> {s.title}</span>
                            </button>
                          )}
                          {approving === s.id && approve.error && (
                            <div id={`approve-error-${s.id}`} className="text-danger small mt-1" role="alert">
                              {approve.error instanceof ApiError
                                ? approve.error.message
                                : String(approve.error)}
                            </div>
                          )}
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {page.hasNextPage && (
            <p className="small">
              Mostrate {items.length} di {page.totalCount}.{' '}
              <button
                type="button"
                className="btn btn-outline-primary btn-sm"
                disabled={more.busy}
                onClick={loadMore}
              >
                {more.busy ? 'Caricamento…' : 'Mostra altre'}
              </button>
            </p>
          )}
          <ErrorBox error={more.error} onRetry={loadMore} />
        </>
      )}
    </>
  );
}
