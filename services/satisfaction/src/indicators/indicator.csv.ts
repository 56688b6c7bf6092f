import { toCsv, type CsvColumn } from '@urp/kernel';

/** What a cell of an indicator row may hold. */
type Cell = string | number | boolean | null | undefined | object;

/** Lists become `key:count;key:count` (or `1;2;3`), other objects JSON: one spreadsheet cell each. */
function flatten(v: Cell): string | number | boolean | null | undefined {
  if (!Array.isArray(v)) return v !== null && typeof v === 'object' ? JSON.stringify(v) : v;
  return v
    .map((x: Cell) =>
      x !== null && typeof x === 'object' && !Array.isArray(x) ? Object.values(x).join(':') : String(x ?? ''),
    )
    .join(';');
}

/**
 * An indicator's rows as CSV, with the columns of its rows (the keys of the first one), through the
 * kernel's writer (quoting and the formula guard). KERNEL GAP: `toCsv` ends records with LF; these exports
 * always ended them with CRLF (RFC 4180 §2), and spreadsheets and scripts of the analysts read them so.
 * Each row is written on its own and the records are joined with CRLF, so a line break inside a quoted
 * cell stays as it is. Folding in a `recordDelimiter` option of `toCsv` would remove this helper.
 */
export function indicatorCsv(rows: readonly object[]): string {
  const keys = rows.length ? Object.keys(rows[0]) : [];
  const columns: CsvColumn<Record<string, Cell>>[] = keys.map((k) => ({
    header: k,
    value: (r) => flatten(r[k]),
  }));
  const header = keys.join(',');
  const records = rows.map((row) => {
    const one = toCsv(columns, [row as Record<string, Cell>]);
    return one.slice(one.indexOf('\n') + 1).replace(/\n$/, '');
  });
  return `${[header, ...records].join('\r\n')}\r\n`;
}
