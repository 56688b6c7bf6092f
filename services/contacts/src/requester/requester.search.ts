import { Injectable } from '@nestjs/common';
import type { Requester } from './requester.rules';
import { COMPANY_FISCAL_CODE, PERSON_FISCAL_CODE } from '@urp/privacy';

/**
 * Requester search (WAVE4 agreement 1): by name, words in any order, case- and accent-insensitive, each word
 * of the query a prefix of a different word of the name ("ross mar" finds "Mario Rossi"); or by fiscal code.
 * Pure rules, then the in-memory index of this service (names and fiscal codes live only here, in the
 * process that holds the requester records; never in an event or another service).
 */

const fold = (s: string) =>
  s
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');

/** The words typed in a search: lowercase, accents folded, split on anything not a letter or digit. */
export const queryWords = (s: string): string[] =>
  fold(s)
    .split(/[^a-z0-9]+/)
    .filter(Boolean);

/** The words of a name, folded as a query is, plus each word written whole ("D'Angelo": d, angelo, dangelo). */
export function nameWords(s: string): string[] {
  const folded = fold(s);
  const words = queryWords(s);
  // "d'angelo" is also typed "dangelo"; "de luca" also "deluca"
  const joined = folded
    .split(/\s+/)
    .map((w) => w.replace(/[^a-z0-9]/g, ''))
    .filter((w, i, all) => w && !words.includes(w) && all.indexOf(w) === i);
  return [...words, ...joined];
}

/** A query that is a fiscal code (a person's 16 characters, or a body's 11 digits), normalised; else undefined. */
export function asFiscalCode(query: string): string | undefined {
  const q = query.replace(/\s+/g, '').toUpperCase();
  return PERSON_FISCAL_CODE.test(q) || COMPANY_FISCAL_CODE.test(q) ? q : undefined;
}

/**
 * Whether every query word is a prefix of a distinct word of the name (a greedy match on the longest query
 * words first is exact for prefix sets this small).
 */
export function matchesName(query: readonly string[], name: readonly string[]): boolean {
  if (!query.length) return false;
  const used = new Set<number>();
  const sorted = [...query].sort((a, b) => b.length - a.length);
  return sorted.every((q) => {
    // prefer a word that only this query word can take: try exact matches first, then any prefix
    let best = -1;
    for (let i = 0; i < name.length; i++) {
      if (used.has(i) || !name[i].startsWith(q)) continue;
      best = i;
      if (name[i] === q) break;
    }
    if (best < 0) return false;
    used.add(best);
    return true;
  });
}

/** What the index keeps of a requester: the folded name words, the fiscal code, the anonymisation. */
interface Entry {
  revision: number;
  words: string[];
  fiscalCode?: string;
}

/** Query words shorter than this never start a search (one letter would list everyone). */
export const MIN_QUERY_CHARS = 2;

/**
 * The requesters' names and fiscal codes in memory, for the search: rebuilt from the collection at start,
 * kept current by this instance's writes and by the other instances' `RequesterChanged` events (re-read by
 * `_id`). Anonymised requesters are not held (their names are gone). Lookups answer ids; the records are read
 * by `_id`.
 */
@Injectable()
export class RequesterSearchIndex {
  private readonly entries = new Map<string, Entry>();
  private readonly byFiscalCode = new Map<string, Set<string>>();

  get size(): number {
    return this.entries.size;
  }

  /** The revision held for a requester (0 when none: anonymised or unknown). */
  revisionOf(id: string): number {
    return this.entries.get(id)?.revision ?? 0;
  }

  upsert(r: Requester): boolean {
    const held = this.entries.get(r.id);
    if (held && held.revision > r.revision) return false;
    if (held?.fiscalCode) this.byFiscalCode.get(held.fiscalCode)?.delete(r.id);
    if (r.anonymisedAt) {
      this.entries.delete(r.id);
      return true;
    }
    const fiscalCode = r.fiscalCode?.toUpperCase();
    this.entries.set(r.id, {
      revision: r.revision,
      words: r.name ? nameWords(r.name) : [],
      ...(fiscalCode ? { fiscalCode } : {}),
    });
    if (fiscalCode) {
      const ids = this.byFiscalCode.get(fiscalCode) ?? new Set<string>();
      ids.add(r.id);
      this.byFiscalCode.set(fiscalCode, ids);
    }
    return true;
  }

  /** The requesters with exactly this fiscal code (as stored, in capitals). */
  withFiscalCode(fiscalCode: string): string[] {
    return [...(this.byFiscalCode.get(fiscalCode.trim().toUpperCase()) ?? [])].sort();
  }

  /**
   * Ids of the requesters the query names, at most `limit`, each passing `keep` (the caller's scope): a
   * fiscal code exactly, else by name words. Best matches first: every name word matched exactly, then fewer
   * words in the name, then the id (a stable order).
   */
  search(query: string, limit: number, keep: (id: string) => boolean = () => true): string[] {
    const fiscalCode = asFiscalCode(query);
    if (fiscalCode) return [...(this.byFiscalCode.get(fiscalCode) ?? [])].filter(keep).sort().slice(0, limit);
    const words = queryWords(query);
    if (!words.length || words.join('').length < MIN_QUERY_CHARS) return [];
    const hits: { id: string; exact: number; length: number }[] = [];
    for (const [id, e] of this.entries) {
      if (!matchesName(words, e.words) || !keep(id)) continue;
      hits.push({ id, exact: words.filter((w) => e.words.includes(w)).length, length: e.words.length });
    }
    return hits
      .sort((a, b) => b.exact - a.exact || a.length - b.length || (a.id < b.id ? -1 : 1))
      .slice(0, limit)
      .map((h) => h.id);
  }
}
