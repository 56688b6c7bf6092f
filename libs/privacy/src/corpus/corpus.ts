import { PLACEHOLDER, type PersonalDataKind } from '../scrub';

/** Where a snippet comes from: the free-text fields of the platform that the scrubber runs on. */
export type SnippetSource =
  | 'sospensione' // a case's suspension reason
  | 'nota' // an operator's internal note
  | 'risposta' // a public reply to the citizen
  | 'reclamo' // a complaint's text
  | 'commento' // a survey comment
  | 'faq' // a FAQ proposal
  | 'open311'; // an Open311 report's description

/** One personal-data span of a snippet: its kind and its text as written. */
export interface PersonalSpan {
  kind: PersonalDataKind;
  text: string;
}

export interface CorpusSnippet {
  id: string;
  source: SnippetSource;
  /** The text as an operator or a citizen wrote it. */
  text: string;
  /** The requester's names, when the caller knows them (the contacts requester record). */
  knownNames?: readonly string[];
  /** Every personal-data span, in order. Empty: the text must come out unchanged. */
  spans: readonly PersonalSpan[];
  /** The scrubber's expected output: each span replaced by its kind's placeholder, nothing else changed. */
  expected: string;
}

const KINDS: Record<string, PersonalDataKind> = {
  n: 'name',
  e: 'email',
  t: 'phone',
  cf: 'fiscalCode',
  iban: 'iban',
  a: 'address',
  p: 'plate',
  dn: 'birthDate',
  num: 'number',
  sp: 'specialCategory',
};

/**
 * A snippet written with its spans marked inline: `⟦n:Mario Rossi⟧` is a name, `⟦t:333 1234567⟧` a phone
 * (kinds: n e t cf iban a p dn num sp). The text is the snippet without the marks; the expected output has each
 * marked span replaced by its placeholder.
 */
export function snippet(
  id: string,
  source: SnippetSource,
  marked: string,
  knownNames?: readonly string[],
): CorpusSnippet {
  const spans: PersonalSpan[] = [];
  const mark = /⟦(\w+):([^⟧]+)⟧/g;
  const text = marked.replace(mark, (_m, k: string, t: string) => t);
  const expected = marked.replace(mark, (_m, k: string, t: string) => {
    const kind = KINDS[k];
    if (!kind) throw new Error(`${id}: unknown kind ${k}`);
    spans.push({ kind, text: t });
    return PLACEHOLDER[kind];
  });
  if (/[⟦⟧]/.test(text)) throw new Error(`${id}: unbalanced mark`);
  return { id, source, text, ...(knownNames ? { knownNames } : {}), spans, expected };
}
