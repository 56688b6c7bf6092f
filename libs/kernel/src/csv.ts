import { stringify } from 'csv-stringify/sync';

export interface CsvColumn<T> {
  header: string;
  value: (row: T) => string | number | boolean | null | undefined;
}

/**
 * A spreadsheet can run a cell that starts with = + - @ (or a tab/CR before them) as a formula: CSV
 * injection (OWASP). Such text cells get a leading apostrophe; numbers stay numbers.
 */
export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export interface CsvOptions {
  /** RFC 4180 says CRLF; spreadsheets accept both. Default LF. */
  recordDelimiter?: 'lf' | 'crlf';
}

/** The only CSV writer: RFC 4180 quoting by csv-stringify, a header row, the formula guard on text cells. */
export function toCsv<T>(
  columns: readonly CsvColumn<T>[],
  rows: Iterable<T>,
  options: CsvOptions = {},
): string {
  const records: (string | number)[][] = [];
  for (const row of rows)
    records.push(
      columns.map((c) => {
        const v = c.value(row);
        if (v === null || v === undefined) return '';
        if (typeof v === 'number') return v;
        return neutraliseFormula(String(v));
      }),
    );
  return stringify(records, {
    header: true,
    columns: columns.map((c) => c.header),
    record_delimiter: options.recordDelimiter === 'crlf' ? '\r\n' : '\n',
  });
}
