// Cruscotto: the URP indicators (satisfaction service's read models) as charts, tables and CSV.
import { useState } from 'react';
import { BarChart } from '../components/Chart';
import { ErrorBox, Loading, PageTitle, useLoad } from '../components/ui';
import { graphql } from '../gql';
import type { Session } from '../lib/auth';
import { csvHref, toCsv } from '../lib/csv';
import { gqlRequest } from '../lib/graphql';
import { ImprovementBoard } from './Improvement';
import { channelLabel, fmtNum, fmtPct, monthLabel } from '../lib/format';

const Indicators = graphql(`
  query DashboardIndicators($filter: IndicatorFilter) {
    contactVolumes(filter: $filter) {
      month
      channel
      contactType
      contacts
    }
    firstContactResolution(filter: $filter) {
      month
      closed
      resolvedAtFirstContact
    }
    backlog(filter: $filter) {
      officeId
      open
      overdue
      suspended
    }
    caseTimes(filter: $filter, groupBy: NONE) {
      key
      closed
      withinTermShare
      closureMedianDays
      closureP90Days
      firstResponseMedianDays
      belowMinimumSample
    }
    satisfactionIndicators(filter: $filter, groupBy: NONE) {
      key
      answered
      responseRate
      satisfiedShare
      neutralShare
      dissatisfiedShare
      meanStars
      belowMinimumSample
    }
  }
`);

const OfficeNames = graphql(`
  query OfficeNames {
    offices {
      id
      name
    }
  }
`);

/** Sums by key; a withheld figure (null: a group below the minimum sample) is left out, never counted as 0. */
function sumBy<T>(rows: T[], key: (r: T) => string, value: (r: T) => number | null | undefined) {
  const m = new Map<string, number>();
  for (const r of rows) {
    const v = value(r);
    if (v === null || v === undefined) continue;
    m.set(key(r), (m.get(key(r)) ?? 0) + v);
  }
  return m;
}

export default function Dashboard({ session }: { session: Session }) {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const filter = { ...(from ? { from } : {}), ...(to ? { to } : {}) };
  const q = useLoad(() => gqlRequest(Indicators, { filter }), [from, to]);
  const offices = useLoad(() => gqlRequest(OfficeNames).catch(() => ({ offices: [] })), []);
  const officeName = (id: string) =>
    offices.data?.offices.find((o) => o.id === id)?.name ?? (id || 'URP (nessun ufficio)');

  const d = q.data;
  const byMonth = d
    ? [
        ...sumBy(
          d.contactVolumes,
          (r) => r.month,
          (r) => r.contacts,
        ),
      ].sort(([a], [b]) => a.localeCompare(b))
    : [];
  const byChannel = d
    ? [
        ...sumBy(
          d.contactVolumes,
          (r) => r.channel,
          (r) => r.contacts,
        ),
      ].sort((a, b) => b[1] - a[1])
    : [];
  const fcrClosed = d
    ? sumBy(
        d.firstContactResolution,
        (r) => r.month,
        (r) => r.closed,
      )
    : new Map<string, number>();
  const fcrResolved = d
    ? sumBy(
        d.firstContactResolution,
        (r) => r.month,
        (r) => r.resolvedAtFirstContact,
      )
    : new Map<string, number>();
  const fcr = [...fcrClosed].sort(([a], [b]) => a.localeCompare(b)).filter(([, c]) => c > 0);
  const backlogOpen = d
    ? [
        ...sumBy(
          d.backlog,
          (r) => r.officeId,
          (r) => r.open,
        ),
      ].sort((a, b) => b[1] - a[1])
    : [];
  const backlogOverdue = d
    ? sumBy(
        d.backlog,
        (r) => r.officeId,
        (r) => r.overdue,
      )
    : new Map<string, number>();
  const times = d?.caseTimes[0];
  const sat = d?.satisfactionIndicators[0];

  return (
    <>
      <PageTitle text="Cruscotto">Cruscotto dell’URP</PageTitle>
      <form
        className="d-flex gap-3 align-items-end flex-wrap mb-4"
        aria-label="Periodo"
        onSubmit={(e) => e.preventDefault()}
      >
        <div>
          <label htmlFor="from" className="form-label small mb-0">
            Dal mese
          </label>
          <input
            id="from"
            type="month"
            className="form-control form-control-sm"
            value={from}
            onChange={(e) => setFrom(e.target.value)}
          />
        </div>
        <div>
          <label htmlFor="to" className="form-label small mb-0">
            Al mese
          </label>
          <input
            id="to"
            type="month"
            className="form-control form-control-sm"
            value={to}
            onChange={(e) => setTo(e.target.value)}
          />
        </div>
      </form>
      <ErrorBox error={q.error} onRetry={q.reload} />
      {q.loading && <Loading what="Caricamento degli indicatori…" />}
      {d && !q.loading && (
        <>
          <div className="row mb-4" role="list" aria-label="Indicatori principali">
            {[
              ['Contatti nel periodo', byMonth.reduce((s, [, v]) => s + v, 0).toLocaleString('it-IT')],
              ['Pratiche aperte', backlogOpen.reduce((s, [, v]) => s + v, 0).toLocaleString('it-IT')],
              [
                'Chiuse nei termini',
                times?.belowMinimumSample ? 'campione insufficiente' : fmtPct(times?.withinTermShare),
              ],
              [
                'Cittadini soddisfatti',
                sat?.belowMinimumSample ? 'campione insufficiente' : fmtPct(sat?.satisfiedShare),
              ],
            ].map(([label, value]) => (
              <div className="col-6 col-md-3" role="listitem" key={label}>
                <div className="card card-bg p-3 mb-3">
                  <div className="small">{label}</div>
                  <div className="h3 mb-0">{value}</div>
                </div>
              </div>
            ))}
          </div>
          <BarChart
            id="contatti-mese"
            title="Contatti per mese"
            unit="Contatti"
            columns={['Mese', 'Contatti']}
            data={byMonth.map(([m, v]) => ({ label: monthLabel(m), value: v }))}
          />
          <BarChart
            id="contatti-canale"
            title="Contatti per canale"
            unit="Contatti"
            columns={['Canale', 'Contatti']}
            data={byChannel.map(([c, v]) => ({ label: channelLabel(c), value: v }))}
          />
          <BarChart
            id="primo-contatto"
            title="Risolti al primo contatto (quota dei contatti chiusi)"
            unit="Quota"
            columns={['Mese', 'Risolti al primo contatto']}
            max={1}
            format={(v) => fmtPct(v)}
            data={fcr.map(([m, closed]) => ({
              label: monthLabel(m),
              value: (fcrResolved.get(m) ?? 0) / closed,
            }))}
          />
          <BarChart
            id="arretrato"
            title="Pratiche aperte per ufficio"
            unit="Aperte"
            columns={['Ufficio', 'Pratiche aperte']}
            data={backlogOpen.map(([o, v]) => ({ label: officeName(o), value: v }))}
          />
          <BarChart
            id="scadute"
            title="Pratiche scadute per ufficio"
            unit="Scadute"
            columns={['Ufficio', 'Pratiche scadute']}
            data={[...backlogOverdue]
              .filter(([, v]) => v > 0)
              .sort((a, b) => b[1] - a[1])
              .map(([o, v]) => ({ label: officeName(o), value: v }))}
          />
          <section className="mb-5" aria-labelledby="tempi-title">
            <h2 id="tempi-title" className="h5">
              Tempi delle pratiche (al netto delle sospensioni)
            </h2>
            {!times || times.belowMinimumSample ? (
              <p>Campione insufficiente per pubblicare i tempi.</p>
            ) : (
              <table className="table table-sm w-auto">
                <caption className="visually-hidden">Tempi delle pratiche</caption>
                <tbody>
                  <tr>
                    <th scope="row">Pratiche chiuse</th>
                    <td>{times.closed}</td>
                  </tr>
                  <tr>
                    <th scope="row">Chiuse nei termini</th>
                    <td>{fmtPct(times.withinTermShare)}</td>
                  </tr>
                  <tr>
                    <th scope="row">Prima risposta (mediana, giorni)</th>
                    <td>{fmtNum(times.firstResponseMedianDays)}</td>
                  </tr>
                  <tr>
                    <th scope="row">Chiusura (mediana / 90° percentile, giorni)</th>
                    <td>
                      {fmtNum(times.closureMedianDays)} / {fmtNum(times.closureP90Days)}
                    </td>
                  </tr>
                </tbody>
              </table>
            )}
            {times && !times.belowMinimumSample && (
              <a
                className="btn btn-sm btn-outline-primary"
                download="tempi-pratiche.csv"
                href={csvHref(
                  toCsv(
                    ['Misura', 'Valore'],
                    [
                      ['Pratiche chiuse', times.closed],
                      ['Quota chiuse nei termini', times.withinTermShare],
                      ['Prima risposta, mediana (giorni)', times.firstResponseMedianDays],
                      ['Chiusura, mediana (giorni)', times.closureMedianDays],
                      ['Chiusura, 90° percentile (giorni)', times.closureP90Days],
                    ],
                  ),
                )}
              >
                Scarica CSV<span className="visually-hidden">: tempi delle pratiche</span>
              </a>
            )}
          </section>
          {sat && !sat.belowMinimumSample ? (
            <>
              {[sat.satisfiedShare, sat.neutralShare, sat.dissatisfiedShare].some((v) => v != null) ? (
                <BarChart
                  id="soddisfazione"
                  title={`Soddisfazione (${sat.answered} risposte, tasso di risposta ${fmtPct(sat.responseRate)})`}
                  unit="Quota"
                  columns={['Giudizio', 'Quota']}
                  max={1}
                  format={(v) => fmtPct(v)}
                  data={[
                    { label: 'Soddisfatti', value: sat.satisfiedShare ?? 0 },
                    { label: 'Neutrali', value: sat.neutralShare ?? 0 },
                    { label: 'Insoddisfatti', value: sat.dissatisfiedShare ?? 0 },
                  ]}
                />
              ) : (
                <section className="mb-3" aria-labelledby="sat-title">
                  <h2 id="sat-title" className="h5">
                    Soddisfazione ({sat.answered ?? '—'} risposte, tasso di risposta{' '}
                    {fmtPct(sat.responseRate)})
                  </h2>
                  <p className="mb-0">
                    Nessuna quota per faccina: nel periodo non ci sono abbastanza giudizi con le faccine
                    (Mettiamoci la faccia) per pubblicarle.
                  </p>
                </section>
              )}
              {sat.meanStars != null && (
                <p className="mb-5" data-testid="mean-stars">
                  Servizi online: valutazione media <strong>{fmtNum(sat.meanStars, 1)}</strong> stelle su 5.
                </p>
              )}
            </>
          ) : (
            <section className="mb-5" aria-labelledby="sat-title">
              <h2 id="sat-title" className="h5">
                Soddisfazione
              </h2>
              <p>Campione insufficiente: le quote non si pubblicano sotto la dimensione minima.</p>
            </section>
          )}
        </>
      )}
      {session.roles.some((r) => r === 'manager' || r === 'analyst' || r === 'backoffice') && (
        <ImprovementBoard session={session} />
      )}
    </>
  );
}
