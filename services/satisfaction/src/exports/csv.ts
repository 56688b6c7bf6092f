/**
 * CSV (RFC 4180, UTF-8, comma, CRLF) of indicator rows. Lists become `key:count;key:count`. A cell that
 * starts with = + - @ is prefixed with ' so a spreadsheet never runs it as a formula (CSV injection).
 */
type Cell = string | number | boolean | null | undefined | Cell[] | Record<string, unknown>;

function flatten(v: Cell): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v))
    return v
      .map((x) =>
        x && typeof x === 'object' && !Array.isArray(x)
          ? Object.values(x as Record<string, unknown>).join(':')
          : flatten(x as Cell),
      )
      .join(';');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function cell(v: Cell): string {
  let s = flatten(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv<R extends object>(rows: R[], columns?: (keyof R & string)[]): string {
  const cols = columns ?? (rows.length ? (Object.keys(rows[0]) as (keyof R & string)[]) : []);
  const lines = [cols.join(',')];
  for (const r of rows) lines.push(cols.map((c) => cell(r[c] as Cell)).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
