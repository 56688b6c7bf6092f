// CSV (RFC 4180) of a table the console shows: the same rows the chart draws, for a spreadsheet.
export type Cell = string | number | null | undefined;

const quote = (v: Cell): string => {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'number' ? String(v) : v;
  return /[",\r\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function toCsv(header: string[], rows: Cell[][]): string {
  return [header, ...rows].map((r) => r.map(quote).join(',')).join('\r\n') + '\r\n';
}

/** A data: URL for an <a download> link (no Blob URL to revoke, works without a click handler). */
export const csvHref = (csv: string): string =>
  `data:text/csv;charset=utf-8,${encodeURIComponent('\ufeff' + csv)}`;
