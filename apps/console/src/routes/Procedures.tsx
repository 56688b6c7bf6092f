// Procedimenti: the responsible person's desk (by next deadline, overdue, suspended, silent assent forming, notices
// not delivered). A procedure's own page, with the officer's actions, is ProcedurePage.tsx.
import { useState } from 'react';
import { ErrorBox, Link, Loading, PageTitle, useAction, useLoad } from '../components/ui';
import { graphql } from '../gql';
import type { ProcedureDeskList, ProcedureDeskQuery } from '../gql/graphql';
import { gqlRequest } from '../lib/graphql';
import { fmtDate } from '../lib/format';

graphql(`
  fragment DeskItem on ProcedureDeskItem {
    id
    typeName
    subject
    protocolNumber
    status
    dueDate
    latestDueDate
    daysLeft
    undeliveredNotices
  }
`);

graphql(`
  fragment DeskPage on ProcedureDeskPage {
    totalCount
    endCursor
    hasNextPage
    items {
      ...DeskItem
    }
  }
`);

/** How many items of each list a page shows ("Mostra altri" loads as many more). */
const PAGE = 20;

// each list's first page by a cursor (procedureDeskList), so that "Mostra altri" continues where it ends
const Desk = graphql(`
  query ProcedureDesk {
    procedureDesk(first: 1) {
      responsibleId
      total
    }
    byNextDeadline: procedureDeskList(list: byNextDeadline, first: 20) {
      ...DeskPage
    }
    overdue: procedureDeskList(list: overdue, first: 20) {
      ...DeskPage
    }
    suspended: procedureDeskList(list: suspended, first: 20) {
      ...DeskPage
    }
    silentAssentForming: procedureDeskList(list: silentAssentForming, first: 20) {
      ...DeskPage
    }
    undelivered: procedureDeskList(list: undelivered, first: 20) {
      ...DeskPage
    }
  }
`);

const DeskMore = graphql(`
  query ProcedureDeskMore($list: ProcedureDeskList!, $first: Int!, $after: String) {
    procedureDeskList(list: $list, first: $first, after: $after) {
      ...DeskPage
    }
  }
`);

type Page = ProcedureDeskQuery['byNextDeadline'];
type Item = Page['items'][number];

/** One list of the desk: its first page, then "Mostra altri" appends the next page after the last one shown. */
function DeskList({
  id,
  title,
  list,
  first,
}: {
  id: string;
  title: string;
  list: ProcedureDeskList;
  first: Page;
}) {
  const [items, setItems] = useState<Item[]>(first.items);
  const [page, setPage] = useState<Omit<Page, 'items'>>(first);
  const more = useAction();
  const count = page.totalCount;
  const loadMore = () =>
    more.run(async () => {
      const next = (await gqlRequest(DeskMore, { list, first: PAGE, after: page.endCursor }))
        .procedureDeskList;
      // the cursor guarantees no repeats; the check keeps the table's keys unique whatever happens
      setItems((shown) => {
        const seen = new Set(shown.map((i) => i.id));
        return [...shown, ...next.items.filter((i) => !seen.has(i.id))];
      });
      setPage(next);
    });
  return (
    <section className="mb-4" aria-labelledby={id}>
      <h2 id={id} className="h5">
        {title} ({count})
      </h2>
      {items.length === 0 ? (
        <p>Nessun procedimento.</p>
      ) : (
        <table className="table table-sm">
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">Protocollo</th>
              <th scope="col">Tipo</th>
              <th scope="col">Oggetto</th>
              <th scope="col">Scadenza</th>
            </tr>
          </thead>
          <tbody>
            {items.map((p) => (
              <tr key={p.id}>
                <td>
                  <Link href={`/procedimenti/${encodeURIComponent(p.id)}`}>{p.protocolNumber}</Link>
                </td>
                <td>{p.typeName}</td>
                <td>
                  {p.subject}
                  {p.undeliveredNotices > 0 && (
                    <span className="badge bg-danger ms-1">
                      {p.undeliveredNotices === 1
                        ? '1 comunicazione non consegnata'
                        : `${p.undeliveredNotices} comunicazioni non consegnate`}
                    </span>
                  )}
                </td>
                <td>
                  {p.dueDate ? fmtDate(p.dueDate) : `al più tardi ${fmtDate(p.latestDueDate)}`}
                  {p.daysLeft !== null && p.daysLeft !== undefined && (
                    <span className="small">
                      {' '}
                      ({p.daysLeft >= 0 ? `${p.daysLeft} giorni` : `scaduto da ${-p.daysLeft} giorni`})
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {items.length > 0 && page.hasNextPage && (
        <p className="small">
          Mostrati {items.length} di {count}.{' '}
          <button
            type="button"
            className="btn btn-outline-primary btn-sm"
            disabled={more.busy}
            onClick={loadMore}
          >
            {more.busy ? 'Caricamento…' : 'Mostra altri'}
          </button>
        </p>
      )}
      <ErrorBox error={more.error} onRetry={loadMore} />
    </section>
  );
}

export function ProcedureDeskPage() {
  const q = useLoad(() => gqlRequest(Desk), []);
  const d = q.data;
  return (
    <>
      <PageTitle text="Procedimenti">I miei procedimenti</PageTitle>
      <ErrorBox error={q.error} onRetry={q.reload} />
      {q.loading && <Loading what="Caricamento dei procedimenti…" />}
      {d && !q.loading && (
        <>
          <p role="status">
            {d.procedureDesk.total === 0
              ? 'Nessun procedimento aperto a tuo carico.'
              : `${d.procedureDesk.total} procedimenti aperti.`}
          </p>
          <DeskList id="in-scadenza" title="In scadenza" list="byNextDeadline" first={d.byNextDeadline} />
          <DeskList id="scaduti" title="Scaduti" list="overdue" first={d.overdue} />
          <DeskList id="sospesi" title="Sospesi" list="suspended" first={d.suspended} />
          <DeskList
            id="silenzio-assenso"
            title="Silenzio-assenso in formazione (art. 20 L. 241/1990)"
            list="silentAssentForming"
            first={d.silentAssentForming}
          />
          <DeskList
            id="avvisi-non-consegnati"
            title="Comunicazioni al richiedente non consegnate"
            list="undelivered"
            first={d.undelivered}
          />
        </>
      )}
    </>
  );
}
