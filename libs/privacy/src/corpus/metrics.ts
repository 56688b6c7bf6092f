import type { ScrubOptions } from '../scrub';
import type { CorpusSnippet, PersonalSpan } from './corpus';

export type Scrubber = (text: string, options: ScrubOptions) => string;

export interface SnippetResult {
  snippet: CorpusSnippet;
  output: string;
  /** Personal spans whose text still appears in the output. */
  leaked: PersonalSpan[];
  /** Placeholders in the output with no matching placeholder in the expected output (text wrongly replaced). */
  wrongReplacements: string[];
  exact: boolean;
}

export interface CorpusScore {
  snippets: number;
  spans: number;
  /** Personal spans removed / all personal spans (removed: its text no longer appears in the output). */
  recall: number;
  /** Replacements that stand for personal data / all replacements in the outputs. */
  precision: number;
  /** Outputs equal to the expected output. */
  exactMatch: number;
  /** Snippets without personal data that came out unchanged / all of them. */
  cleanUnchanged: number;
  results: SnippetResult[];
}

const PLACEHOLDER_TOKEN =
  /\[(?:nome|email|telefono|codice fiscale|IBAN|indirizzo|targa|data di nascita|numero|dato particolare)\]/;
const TOKEN = new RegExp(`${PLACEHOLDER_TOKEN.source}|[\\p{L}\\p{N}]+|[^\\s\\p{L}\\p{N}]`, 'gu');
const tokens = (s: string) => s.match(TOKEN) ?? [];
const isPlaceholder = (t: string) => PLACEHOLDER_TOKEN.test(t) && t.startsWith('[') && t.endsWith(']');

/**
 * The placeholders of `output` that align (longest common subsequence of tokens) with the same placeholder in
 * `expected`, and those that do not: a placeholder where the expected output has ordinary text, or one of
 * another kind, is a wrong replacement.
 */
function alignPlaceholders(expected: string, output: string): { right: number; wrong: string[] } {
  const a = tokens(expected);
  const b = tokens(output);
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const matched = new Set<number>();
  for (let i = 0, j = 0; i < a.length && j < b.length;) {
    if (a[i] === b[j]) {
      matched.add(j);
      i++;
      j++;
    } else if (lcs[i + 1][j] >= lcs[i][j + 1]) i++;
    else j++;
  }
  let right = 0;
  const wrong: string[] = [];
  b.forEach((t, j) => {
    if (!isPlaceholder(t)) return;
    if (matched.has(j)) right++;
    else wrong.push(`${t} @${b.slice(Math.max(0, j - 3), j + 4).join(' ')}`);
  });
  return { right, wrong };
}

/** Runs a scrubber over the corpus and scores it per span (recall), per replacement (precision) and per snippet. */
export function scoreCorpus(corpus: readonly CorpusSnippet[], scrub: Scrubber): CorpusScore {
  let spans = 0;
  let removed = 0;
  let replacements = 0;
  let rightReplacements = 0;
  let exact = 0;
  let clean = 0;
  let cleanSame = 0;
  const results: SnippetResult[] = [];
  for (const snippet of corpus) {
    const output = scrub(snippet.text, snippet.knownNames ? { knownNames: snippet.knownNames } : {});
    const leaked = snippet.spans.filter((s) => output.includes(s.text));
    spans += snippet.spans.length;
    removed += snippet.spans.length - leaked.length;
    const { right, wrong } = alignPlaceholders(snippet.expected, output);
    replacements += right + wrong.length;
    rightReplacements += right;
    const same = output === snippet.expected;
    if (same) exact++;
    if (!snippet.spans.length) {
      clean++;
      if (output === snippet.text) cleanSame++;
    }
    results.push({ snippet, output, leaked, wrongReplacements: wrong, exact: same });
  }
  return {
    snippets: corpus.length,
    spans,
    recall: spans ? removed / spans : 1,
    precision: replacements ? rightReplacements / replacements : 1,
    exactMatch: corpus.length ? exact / corpus.length : 1,
    cleanUnchanged: clean ? cleanSame / clean : 1,
    results,
  };
}
