import { InMemoryAggregateStore, type Aggregate } from '@urp/kernel';
import type { KnowledgeStorePort } from './content.store';

/**
 * Dates as this realm's Dates. Under jest the kernel's in-memory store hands back `structuredClone`d
 * Dates of node's realm, which `instanceof Date` in the test's realm does not recognise, so the next commit
 * (`withoutUndefined`) flattens them into `{}`. (Kernel fix: test with `util.types.isDate`.)
 */
function revive<T>(value: T): T {
  if (Object.prototype.toString.call(value) === '[object Date]')
    return new Date((value as Date).getTime()) as T;
  if (Array.isArray(value)) return value.map(revive) as T;
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, revive(v)])) as T;
}

/**
 * The knowledge stores' contract in memory, for the use-case specs (no database): the kernel's in-memory
 * store, with `find` answering every document (the use cases filter what they ask for again) and `findOne`
 * matching top-level fields.
 */
export class MemoryKnowledgeStore<S extends Aggregate>
  extends InMemoryAggregateStore<S>
  implements KnowledgeStorePort<S>
{
  override async get(id: string): Promise<S | null> {
    return revive(await super.get(id));
  }

  override async getMany(ids: readonly string[]): Promise<Map<string, S>> {
    return new Map([...(await super.getMany(ids))].map(([k, v]) => [k, revive(v)]));
  }

  override all(): S[] {
    return super.all().map(revive);
  }

  async find(): Promise<S[]> {
    return this.all();
  }

  async findOne(filter: object): Promise<S | null> {
    const entries = Object.entries(filter);
    return this.all().find((s) => entries.every(([k, v]) => (s as Record<string, unknown>)[k] === v)) ?? null;
  }
}
