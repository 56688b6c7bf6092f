import { stemmer } from '@orama/stemmers/italian';
import { SYNONYMS } from './synonyms';

/**
 * Italian text analysis for the search index (pure): lower case, accent folding (identità = identita),
 * elisions split (dell'anagrafe → anagrafe), stop words dropped, Snowball Italian stemming (Orama's
 * well-kept port: residenza/residente → resident). Index and queries go through the same pipeline.
 */

// Function words and the colloquial padding of citizens' questions ("come faccio a…", "mi serve…").
const STOP_WORDS = new Set(
  `a ad al alla alle allo ai agli all anche ancora avere avete abbiamo ho hai ha hanno c che chi ci come con
  contro cosa cui d da dal dalla dalle dallo dai dagli dall de degli dei del della delle dello dell di dove
  e ed era essere fa fare faccio fanno gli ha i il in io l la le lei li lo loro lui ma me mi mia mie miei
  mio ne nei nel nella nelle nello negli nell no noi non nostra nostro o od per perche piu po posso può puo
  qual quale quali quando quanto quella quelle quelli quello questa queste questi questo se sei si sia
  sono su sua sue sui sul sulla sulle sullo suo suoi t ti tra fra tu tua tuo tutti tutto un una uno vi
  voglio vorrei devo deve bisogna serve servono mio è e' sto sta stato stata essere dopo prima ora oggi
  qualcuno qualcosa sempre molto tanto ecc comune comunale comuni`.split(/\s+/),
);

/** Lower case, no accents, no punctuation: the comparable form of a text. */
export function fold(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[’'`´]/g, ' ');
}

export function tokenize(text: string): string[] {
  return fold(text)
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

const stemCache = new Map<string, string>();

/** One token's index term, or null for a stop word. */
export function termOf(token: string): string | null {
  if (STOP_WORDS.has(token) || token.length < 2) return null;
  if (/^\d+$/.test(token)) return token;
  const cached = stemCache.get(token);
  if (cached !== undefined) return cached;
  const stem = stemmer(token);
  if (stemCache.size < 100_000) stemCache.set(token, stem);
  return stem;
}

/** The index terms of a text. */
export function analyze(text: string): string[] {
  const out: string[] = [];
  for (const t of tokenize(text)) {
    const term = termOf(t);
    if (term) out.push(term);
  }
  return out;
}

interface CompiledSynonym {
  /** Each phrase as its index terms (stop words dropped), to match against the query's terms. */
  phrases: string[][];
  expansion: string;
}

const COMPILED: CompiledSynonym[] = SYNONYMS.map((s) => ({
  phrases: s.phrases.map(analyze).filter((p) => p.length > 0),
  expansion: s.means,
}));

/** Equal, or one typo apart for longer words (edit distance 1): "spazatura" still means "spazzatura". */
export function closeEnough(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.min(a.length, b.length) < 5 || Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const [x, y] = [a.slice(i + 1), b.slice(i + 1)];
  return (
    a.slice(i + 1) === b.slice(i) || // deletion in b / insertion in a
    a.slice(i) === b.slice(i + 1) || // insertion in b
    x === y || // substitution
    (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2)) // transposition
  );
}

const containsPhrase = (terms: string[], phrase: string[]): boolean => {
  outer: for (let i = 0; i + phrase.length <= terms.length; i++) {
    for (let j = 0; j < phrase.length; j++) if (!closeEnough(terms[i + j], phrase[j])) continue outer;
    return true;
  }
  return false;
};

export interface ExpandedQuery {
  /** The citizen's own terms. */
  terms: string[];
  /** What the shared synonym list adds (the administration's words). */
  expansions: string[];
  /** Readable: the query as understood. */
  text: string;
}

/**
 * The query's terms plus the administration's words for the citizens' ones it contains, from the shared
 * synonym list ("tassa spazzatura" → tari rifiuti; "portato via la macchina" → rimozione veicoli).
 */
export function expandQuery(query: string): ExpandedQuery {
  const terms = analyze(query);
  const expansions: string[] = [];
  const added: string[] = [];
  for (const s of COMPILED) {
    if (s.phrases.some((p) => containsPhrase(terms, p))) {
      added.push(s.expansion);
      for (const t of analyze(s.expansion))
        if (!terms.includes(t) && !expansions.includes(t)) expansions.push(t);
    }
  }
  return { terms, expansions, text: [query.trim(), ...added].join(' + ') };
}
