import { readFileSync } from 'node:fs';
import type { KeyValueCache, KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';

/** How many queries other clients may register by automatic persisted queries (the console's are preloaded). */
const LEARNED_MAX = 1000;

/**
 * The registered queries: every operation of the console, by the SHA-256 of its text, from the manifest that
 * GraphQL Code Generator writes with the console's typed operations (`persisted-documents.json`). The console
 * sends only the hash (a few bytes instead of the query) and the gateway runs the text it registered, so what
 * the console can ask is known in advance; Apollo Server reads them through its persisted-query cache
 * (keys `apq:<sha256>`). Other clients keep the standard automatic persisted queries, in a bounded cache.
 */
export class RegisteredQueries implements KeyValueCache<string> {
  private readonly registered: Map<string, string>;
  private readonly learned = new Map<string, string>();

  constructor(manifest: Record<string, string>) {
    this.registered = new Map(
      Object.entries(manifest).map(([hash, query]) => [hash.replace(/^sha256:/, ''), query]),
    );
  }

  static fromFile(path: string): RegisteredQueries {
    return new RegisteredQueries(JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>);
  }

  get size(): number {
    return this.registered.size;
  }

  async get(key: string): Promise<string | undefined> {
    return this.registered.get(key.replace(/^apq:/, '')) ?? this.learned.get(key);
  }

  async set(key: string, value: string, _options?: KeyValueCacheSetOptions): Promise<void> {
    if (this.registered.has(key.replace(/^apq:/, ''))) return;
    if (this.learned.size >= LEARNED_MAX) this.learned.delete(this.learned.keys().next().value!);
    this.learned.set(key, value);
  }

  async delete(key: string): Promise<boolean | void> {
    return this.learned.delete(key);
  }
}
