import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { EventPayload, OfficeChangedV1, ReferentChangedV1 } from '@urp/contracts';
import { MONGO_DB } from '@urp/kernel';
import type { Collection, Db } from 'mongodb';
import { officeOf, referentOf } from './directory.events';
import type { Office, Referent, StaffDirectory } from './directory.rules';

/** The kinds every directory holds; a service may project more kinds beside them (`Entries`). */
export interface DirectoryEntries {
  office: Office;
  referent: Referent;
}

/** An entry as stored in `directory`: `_id` = `<kind>:<id>`, the source's state as of `changedAt`. */
export type DirectoryDocument<E> = { _id: string; kind: keyof E; changedAt: Date } & E[keyof E];

/**
 * The knowledge base's organisation as a service keeps it (a projection of `OfficeChanged` and `ReferentChanged`
 * in the service's own `directory` collection), so routing and assignments never call another service. Last
 * change wins (a replay never moves an entry back). One body's offices and referents are a small set: each kind is
 * served from memory for a few seconds. A service projects more kinds in the same collection by extending it
 * with its own `Entries` (contacts: procedure types, sheets, canned replies).
 */
@Injectable()
export class DirectoryProjection<E extends DirectoryEntries = DirectoryEntries> implements OnModuleInit {
  static readonly CACHE_MS = 5000;
  /**
   * Whether this directory keeps the e-mails the knowledge base publishes with offices and referents: only a service
   * that delivers to staff (campaigns) overrides it to `true`; contacts and procedures keep no contact details.
   */
  protected readonly keepsEmails: boolean = false;
  protected readonly col: Collection<DirectoryDocument<E>>;
  private readonly cache = new Map<keyof E, { at: number; items: E[keyof E][] }>();
  /** Bumped by every change: a read that started before one does not fill the cache after it. */
  private changes = 0;
  /** Reads of a kind in flight: concurrent callers share one (issue 17: a read per caller piled up). */
  private readonly reads = new Map<keyof E, Promise<unknown>>();

  constructor(@Inject(MONGO_DB) db: Db) {
    this.col = db.collection<DirectoryDocument<E>>('directory');
  }

  async onModuleInit(): Promise<void> {
    await this.col.createIndex({ kind: 1 });
  }

  /** Upserts unless a newer state is already there (events of one key arrive in order; replays may not). */
  async put<K extends keyof E & string>(
    kind: K,
    entry: E[K] & { id: string },
    changedAt: Date,
  ): Promise<'applied' | 'stale'> {
    const _id = `${kind}:${entry.id}`;
    const existing = await this.col.findOne({ _id } as never);
    if (existing && existing.changedAt > changedAt) return 'stale';
    await this.col.replaceOne({ _id } as never, { ...entry, kind, changedAt } as never, { upsert: true });
    this.changes++;
    this.cache.delete(kind);
    this.reads.delete(kind); // callers after a change do not join a read that started before it
    return 'applied';
  }

  /** The knowledge base's `OfficeChanged`, projected. */
  applyOfficeChanged(d: EventPayload<typeof OfficeChangedV1>): Promise<'applied' | 'stale'> {
    return this.put(
      'office',
      officeOf(d, { emails: this.keepsEmails }) as E['office'],
      new Date(d.changedAt),
    );
  }

  /** The knowledge base's `ReferentChanged`, projected. */
  applyReferentChanged(d: EventPayload<typeof ReferentChangedV1>): Promise<'applied' | 'stale'> {
    return this.put(
      'referent',
      referentOf(d, { emails: this.keepsEmails }) as E['referent'],
      new Date(d.changedAt),
    );
  }

  /** Every entry of a kind, without the storage fields. */
  protected async all<K extends keyof E & string>(kind: K): Promise<E[K][]> {
    const hit = this.cache.get(kind);
    if (hit && Date.now() - hit.at < DirectoryProjection.CACHE_MS) return hit.items as E[K][];
    const inFlight = this.reads.get(kind) as Promise<E[K][]> | undefined;
    if (inFlight) return inFlight;
    const read = this.read(kind).finally(() => {
      if (this.reads.get(kind) === read) this.reads.delete(kind);
    });
    this.reads.set(kind, read);
    return read;
  }

  private async read<K extends keyof E & string>(kind: K): Promise<E[K][]> {
    const changes = this.changes;
    const docs = await this.col.find({ kind } as never).toArray();
    const items = docs
      .filter((d) => d.kind === kind)
      .map((d) => {
        const {
          _id: _key,
          kind: _kind,
          changedAt: _changedAt,
          ...rest
        } = d as DirectoryDocument<E> & {
          _id: string;
        };
        return rest as unknown as E[K];
      });
    if (changes === this.changes) this.cache.set(kind, { at: Date.now(), items });
    return items;
  }

  offices(): Promise<Office[]> {
    return this.all('office');
  }

  referents(): Promise<Referent[]> {
    return this.all('referent');
  }

  /** The offices and referents known (both lists empty while the knowledge base has published nothing). */
  async directory(): Promise<StaffDirectory> {
    const [offices, referents] = await Promise.all([this.offices(), this.referents()]);
    return { offices, referents };
  }
}
