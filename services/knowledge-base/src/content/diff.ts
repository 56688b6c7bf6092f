/** The difference between two revisions of a piece of content (pure). */

export interface LineChange {
  op: 'equal' | 'insert' | 'delete';
  text: string;
}

export interface FieldChange {
  field: string;
  before: string;
  after: string;
  /** For text fields: a line-by-line diff (longest common subsequence). */
  lines?: LineChange[];
}

const show = (v: unknown): string =>
  v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v);

/** The changed top-level fields, in the order of the newer revision's fields (then removed ones). */
export function diffContent(before: Record<string, unknown>, after: Record<string, unknown>): FieldChange[] {
  const fields = [...new Set([...Object.keys(after), ...Object.keys(before)])];
  const changes: FieldChange[] = [];
  for (const field of fields) {
    const a = show(before[field]);
    const b = show(after[field]);
    if (a === b) continue;
    const isText = typeof before[field] === 'string' || typeof after[field] === 'string';
    changes.push({ field, before: a, after: b, ...(isText ? { lines: diffLines(a, b) } : {}) });
  }
  return changes;
}

/** Line diff by longest common subsequence; texts here are short (a sheet section), so O(n·m) is fine. */
export function diffLines(a: string, b: string): LineChange[] {
  const x = a === '' ? [] : a.split('\n');
  const y = b === '' ? [] : b.split('\n');
  const n = x.length;
  const m = y.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      lcs[i][j] = x[i] === y[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const out: LineChange[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (x[i] === y[j]) {
      out.push({ op: 'equal', text: x[i] });
      i++;
      j++;
    } else if (lcs[i + 1][j] >= lcs[i][j + 1]) out.push({ op: 'delete', text: x[i++] });
    else out.push({ op: 'insert', text: y[j++] });
  }
  while (i < n) out.push({ op: 'delete', text: x[i++] });
  while (j < m) out.push({ op: 'insert', text: y[j++] });
  return out;
}
