// An indicator as an SVG bar chart, the same numbers as a table, and a CSV download (no chart library).
import { toCsv } from '../lib/csv';
import { CsvLink } from './ui';

export interface Series {
  label: string;
  value: number;
}

interface Props {
  id: string;
  title: string;
  unit: string;
  data: Series[];
  /** How a value is written in the table and on the bars. */
  format?: (v: number) => string;
  max?: number;
  columns?: [string, string];
}

const W = 640;
const BAR = 22;
const GAP = 8;
const LABEL = 170;

export function BarChart({
  id,
  title,
  unit,
  data,
  format = (v) => v.toLocaleString('it-IT'),
  max,
  columns,
}: Props) {
  const top = Math.max(max ?? 0, ...data.map((d) => d.value), 1);
  const h = data.length * (BAR + GAP) + GAP;
  const cols = columns ?? ['Voce', unit];
  const csv = toCsv(
    cols,
    data.map((d) => [d.label, d.value]),
  );
  return (
    <section className="mb-5 chart" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="h5">
        {title}
      </h2>
      {data.length === 0 ? (
        <p>Nessun dato nel periodo.</p>
      ) : (
        <>
          <svg
            viewBox={`0 0 ${W} ${h}`}
            width={W}
            height={h}
            role="img"
            aria-labelledby={`${id}-title`}
            aria-describedby={`${id}-table-caption`}
          >
            {data.map((d, i) => {
              const y = GAP + i * (BAR + GAP);
              const w = Math.max(1, ((W - LABEL - 70) * d.value) / top);
              return (
                <g key={d.label}>
                  <text x={LABEL - 6} y={y + BAR / 2 + 5} textAnchor="end" fontSize="13" fill="#1a1a1a">
                    {d.label.length > 24 ? `${d.label.slice(0, 23)}…` : d.label}
                  </text>
                  <rect x={LABEL} y={y} width={w} height={BAR} fill="#0066cc" />
                  <text x={LABEL + w + 6} y={y + BAR / 2 + 5} fontSize="13" fill="#1a1a1a">
                    {format(d.value)}
                  </text>
                </g>
              );
            })}
          </svg>
          <details className="mt-2">
            <summary>Tabella dei dati</summary>
            <table className="table table-sm mt-2" id={`${id}-table`}>
              <caption id={`${id}-table-caption`}>{title}</caption>
              <thead>
                <tr>
                  <th scope="col">{cols[0]}</th>
                  <th scope="col" className="text-end">
                    {cols[1]}
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.map((d) => (
                  <tr key={d.label}>
                    <th scope="row" className="fw-normal">
                      {d.label}
                    </th>
                    <td className="text-end" data-value={d.value}>
                      {format(d.value)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
          <CsvLink csv={csv} file={`${id}.csv`} what={title} className="mt-2" />
        </>
      )}
    </section>
  );
}
