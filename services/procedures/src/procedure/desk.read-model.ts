import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, MONGO_DB, type Clock } from '@urp/kernel';
import type { Collection, Db } from 'mongodb';
import { deskItem, UNASSIGNED_DESK, type DeskItem } from './desk.rules';
import type { Procedure } from './procedure.state';

/** One document per desk: `items.<procedureId>` = the item as JSON (see below why a string). */
interface DeskDocument {
  _id: string;
  items: Record<string, string>;
}
/** One tiny document per desk: its version, bumped after every change. */
interface DeskVersionDocument {
  _id: string;
  v: number;
}

interface CachedDesk {
  version: number;
  items: Map<string, DeskItem>;
}

/**
 * The desk read model: one document per responsible person (`desks`, `items.<procedureId>`), rebuildable from
 * `procedures`, plus a tiny version document per desk (`desk_versions`, bumped after every change).
 *
 * FerretDB answers only `{_id}` filters from its index, and even an `{_id}` read of a desk of a thousand
 * procedures costs hundreds of milliseconds (it converts the whole document). So each instance keeps the desks
 * in memory, loaded on first use: a query reads the desk's version (a tiny `{_id}` read) and serves the memory
 * copy when it is current, reloading only after another instance changed that desk. This instance's own
 * writes update the memory copy directly. A crash between the desk write and the version bump leaves other
 * instances stale until the next change of that desk; `all()` reloads every desk each DESK_REFRESH_MS as a
 * safety net.
 */
@Injectable()
export class DeskReadModel {
  static readonly DESK_REFRESH_MS = 10 * 60_000;
  private readonly cache = new Map<string, CachedDesk>();
  private lastFullRefresh = 0;
  private readonly desks: Collection<DeskDocument>;
  private readonly versions: Collection<DeskVersionDocument>;

  constructor(
    @Inject(MONGO_DB) db: Db,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.desks = db.collection<DeskDocument>('desks');
    this.versions = db.collection<DeskVersionDocument>('desk_versions');
  }

  /** Projects a procedure after its write: moved from its previous desk, removed once decided. */
  async put(p: Procedure, previousResponsibleId?: string): Promise<void> {
    const desk = p.responsibleId ?? UNASSIGNED_DESK;
    const previous = previousResponsibleId ?? UNASSIGNED_DESK;
    if (previous !== desk) await this.remove(previous, p.id);
    if (p.status === 'decided') return this.remove(desk, p.id);
    const item = deskItem(p);
    // stored as a JSON string: FerretDB converts a document field by field, and a thousand small objects cost
    // ~4x more to read than a thousand strings (measured)
    await this.desks.updateOne(
      { _id: desk },
      { $set: { [`items.${p.id}`]: JSON.stringify(item) } },
      { upsert: true },
    );
    await this.bumped(desk, (m) => m.set(p.id, item));
  }

  private async remove(desk: string, id: string): Promise<void> {
    await this.desks.updateOne({ _id: desk }, { $unset: { [`items.${id}`]: '' } });
    await this.bumped(desk, (m) => m.delete(id));
  }

  /** Bumps the desk's version; applies the change to the memory copy if nobody else changed the desk meanwhile. */
  private async bumped(desk: string, change: (items: Map<string, DeskItem>) => void): Promise<void> {
    const res = await this.versions.findOneAndUpdate(
      { _id: desk },
      { $inc: { v: 1 } },
      { upsert: true, returnDocument: 'after' },
    );
    const version = res?.v ?? 0;
    const cached = this.cache.get(desk);
    if (cached && cached.version === version - 1) {
      change(cached.items);
      cached.version = version;
    } else if (cached) {
      this.cache.delete(desk); // someone else wrote too: reload on next use
    }
  }

  private async version(desk: string): Promise<number> {
    return (await this.versions.findOne({ _id: desk }))?.v ?? 0;
  }

  /** The open procedures of a desk: memory if current, else one load. */
  async get(responsibleId: string): Promise<DeskItem[]> {
    const version = await this.version(responsibleId);
    const cached = this.cache.get(responsibleId);
    if (cached && cached.version === version) return [...cached.items.values()];
    const d = await this.desks.findOne({ _id: responsibleId });
    const items = parseItems(d?.items);
    this.cache.set(responsibleId, { version, items });
    return [...items.values()];
  }

  /** Loads every desk into memory in one pass (at start-up, in the background). */
  async warm(): Promise<number> {
    const versions = new Map((await this.versions.find({}).toArray()).map((d) => [d._id, d.v ?? 0]));
    let n = 0;
    for await (const d of this.desks.find({})) {
      if (!this.cache.has(d._id))
        this.cache.set(d._id, { version: versions.get(d._id) ?? 0, items: parseItems(d.items) });
      n++;
    }
    return n;
  }

  /** Every desk (for the legal clock): validated against the versions, a full reload now and then. */
  async *all(): AsyncGenerator<DeskItem[]> {
    const now = this.clock.now().getTime();
    if (now - this.lastFullRefresh > DeskReadModel.DESK_REFRESH_MS) {
      this.cache.clear();
      this.lastFullRefresh = now;
    }
    const ids = (await this.versions.find({}).toArray()).map((d) => d._id);
    for (const id of ids) yield await this.get(id);
  }
}

/** Items as stored: JSON strings (objects in desks written before that choice). */
function parseItems(stored: Record<string, string | DeskItem> | undefined): Map<string, DeskItem> {
  const items = new Map<string, DeskItem>();
  for (const [id, v] of Object.entries(stored ?? {}))
    items.set(id, typeof v === 'string' ? (JSON.parse(v) as DeskItem) : v);
  return items;
}
