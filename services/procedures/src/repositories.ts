import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { CloudEvent } from '@urp/contracts';
import type { FormField } from '@urp/forms';
import { EventOutbox } from '@urp/messaging';
import { insertOnce, OUTBOX_FIELD, updateWithEvents, withEvents, type ApplyResult } from '@urp/persistence';
import type { Collection, Document } from 'mongodb';
import type { Model } from 'mongoose';
import type { ProcedureType } from './catalogue/procedure-type.rules';
import type { Procedure } from './procedure/procedure.rules';
import type { AccessRegisterRow } from './register/access-register.rules';
import {
  CLOCK_CLAIM,
  DESK,
  DESK_VERSION,
  FORM_VERSION,
  PROCEDURE,
  PROCEDURE_TYPE,
  REGISTER_ROW,
} from './schemas';

const NO_OUTBOX = { projection: { [OUTBOX_FIELD]: 0 } };
type Raw = Collection<Document>;
const raw = (m: Model<any>) => m.collection as unknown as Raw;
const byId = (id: string) => ({ _id: id }) as never;

/** Another writer changed the document since it was read: reload and retry the use case. */
export class ConcurrentChange extends Error {
  override readonly name = 'ConcurrentChange';
}

@Injectable()
export class ProcedureTypeRepository {
  constructor(
    @InjectModel(PROCEDURE_TYPE) private readonly model: Model<any>,
    private readonly outbox: EventOutbox,
  ) {
    outbox.track(model);
  }

  async get(id: string): Promise<ProcedureType | null> {
    const d = await raw(this.model).findOne(byId(id), NO_OUTBOX);
    return d ? fromDoc<ProcedureType>(d) : null;
  }

  /** The catalogue is small (tens of types): a scan is fine. */
  async all(): Promise<ProcedureType[]> {
    const docs = await raw(this.model).find({}, NO_OUTBOX).toArray();
    return docs.map((d) => fromDoc<ProcedureType>(d)).sort((a, b) => (a.code < b.code ? -1 : 1));
  }

  /** Writes the type with its events; `expectedRevision` guards against a concurrent edit (0 = new). */
  async save(type: ProcedureType, expectedRevision: number, events: CloudEvent[]): Promise<void> {
    const entries = this.outbox.entries(...events);
    const { id, ...fields } = type;
    if (expectedRevision === 0) {
      if ((await insertOnce(raw(this.model), withEvents({ _id: id, ...fields }, entries))) === 'duplicate')
        throw new ConcurrentChange(id);
    } else {
      const res = await raw(this.model).updateOne(
        { _id: id, revision: expectedRevision } as never,
        updateWithEvents({ $set: fields }, entries) as never,
      );
      if (res.matchedCount === 0) throw new ConcurrentChange(id);
    }
    this.outbox.written(this.model, id, entries);
  }
}

@Injectable()
export class ProcedureRepository {
  constructor(
    @InjectModel(PROCEDURE) private readonly model: Model<any>,
    @InjectModel(CLOCK_CLAIM) private readonly claims: Model<any>,
    private readonly outbox: EventOutbox,
  ) {
    outbox.track(model);
    outbox.track(claims);
  }

  async get(id: string): Promise<Procedure | null> {
    const d = await raw(this.model).findOne(byId(id), NO_OUTBOX);
    return d ? fromDoc<Procedure>(d) : null;
  }

  /** Newest first; a management listing (full scan on FerretDB, bounded by `first`). */
  async latest(first: number, typeCode?: string): Promise<Procedure[]> {
    const docs = await raw(this.model)
      .find(typeCode ? { typeCode } : {}, NO_OUTBOX)
      .sort({ createdAt: -1 })
      .limit(first)
      .toArray();
    return docs.map((d) => fromDoc<Procedure>(d));
  }

  /** Inserts a new procedure with its events; a second insert with the same id changes nothing. */
  async insert(p: Procedure, events: CloudEvent[]): Promise<ApplyResult> {
    const entries = this.outbox.entries(...events);
    const { id, ...fields } = p;
    const result = await insertOnce(raw(this.model), withEvents({ _id: id, ...fields, version: 1 }, entries));
    if (result === 'applied') this.outbox.written(this.model, id, entries);
    return result;
  }

  /** Saves a change read at `p.version` (optimistic: fails with ConcurrentChange if another write came first). */
  async save(p: Procedure, events: CloudEvent[]): Promise<Procedure> {
    const entries = this.outbox.entries(...events);
    const { id, version, ...fields } = p;
    const res = await raw(this.model).updateOne(
      { _id: id, version } as never,
      updateWithEvents({ $set: { ...fields, version: version + 1 } }, entries) as never,
    );
    if (res.matchedCount === 0) throw new ConcurrentChange(id);
    this.outbox.written(this.model, id, entries);
    return { ...p, version: version + 1 };
  }

  /** Claims a time-driven event occurrence and stores its events with the claim: only one claimant wins. */
  async claim(claimId: string, procedureId: string, events: CloudEvent[]): Promise<ApplyResult> {
    const entries = this.outbox.entries(...events);
    const result = await insertOnce(
      raw(this.claims),
      withEvents({ _id: claimId, procedureId, claimedAt: new Date().toISOString() }, entries),
    );
    if (result === 'applied') this.outbox.written(this.claims, claimId, entries);
    return result;
  }
}

export interface DeskItem {
  id: string;
  typeCode: string;
  typeName: string;
  subject: string;
  protocolNumber: string;
  status: string;
  phase: string;
  receivedOn: string;
  dueDate: string | null;
  latestDueDate: string | null;
  nextClockCheck: string | null;
}

export const UNASSIGNED_DESK = '~unassigned';

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
 * instances stale until the next change of that desk; the clock scheduler reloads every desk each
 * DESK_REFRESH_MS as a safety net.
 */
@Injectable()
export class DeskRepository {
  private readonly cache = new Map<string, CachedDesk>();
  private lastFullRefresh = 0;
  static readonly DESK_REFRESH_MS = 10 * 60_000;

  constructor(
    @InjectModel(DESK) private readonly model: Model<any>,
    @InjectModel(DESK_VERSION) private readonly versions: Model<any>,
  ) {}

  private toItem(p: Procedure): DeskItem {
    return {
      id: p.id,
      typeCode: p.typeCode,
      typeName: p.typeName,
      subject: p.subject,
      protocolNumber: p.protocolNumber,
      status: p.status,
      phase: p.phase,
      receivedOn: p.receivedOn,
      dueDate: p.dueDate,
      latestDueDate: p.latestDueDate ?? null,
      nextClockCheck: p.nextClockCheck,
    };
  }

  async put(p: Procedure, previousResponsibleId?: string): Promise<void> {
    const desk = p.responsibleId ?? UNASSIGNED_DESK;
    const previous = previousResponsibleId ?? UNASSIGNED_DESK;
    if (previous !== desk) {
      await raw(this.model).updateOne(byId(previous), { $unset: { [`items.${p.id}`]: '' } });
      await this.bumped(previous, (m) => m.delete(p.id));
    }
    if (p.status === 'decided') {
      await raw(this.model).updateOne(byId(desk), { $unset: { [`items.${p.id}`]: '' } });
      await this.bumped(desk, (m) => m.delete(p.id));
      return;
    }
    const item = this.toItem(p);
    // stored as a JSON string: FerretDB converts a document field by field, and a thousand small objects cost
    // ~4x more to read than a thousand strings (measured)
    await raw(this.model).updateOne(
      byId(desk),
      { $set: { [`items.${p.id}`]: JSON.stringify(item) } },
      { upsert: true },
    );
    await this.bumped(desk, (m) => m.set(p.id, item));
  }

  /** Bumps the desk's version; applies the change to the memory copy if nobody else changed the desk meanwhile. */
  private async bumped(desk: string, change: (items: Map<string, DeskItem>) => void): Promise<void> {
    const res = await raw(this.versions).findOneAndUpdate(
      byId(desk),
      { $inc: { v: 1 } },
      { upsert: true, returnDocument: 'after' },
    );
    const version = (res as { v?: number } | null)?.v ?? 0;
    const cached = this.cache.get(desk);
    if (cached && cached.version === version - 1) {
      change(cached.items);
      cached.version = version;
    } else if (cached) {
      this.cache.delete(desk); // someone else wrote too: reload on next use
    }
  }

  private async version(desk: string): Promise<number> {
    const d = await raw(this.versions).findOne(byId(desk));
    return (d?.v as number | undefined) ?? 0;
  }

  /** The open procedures of a desk: memory if current, else one load. */
  async get(responsibleId: string): Promise<DeskItem[]> {
    const version = await this.version(responsibleId);
    const cached = this.cache.get(responsibleId);
    if (cached && cached.version === version) return [...cached.items.values()];
    const d = await raw(this.model).findOne(byId(responsibleId));
    const items = parseItems(d?.items);
    this.cache.set(responsibleId, { version, items });
    return [...items.values()];
  }

  /** Loads every desk into memory in one pass (at start-up, in the background). */
  async warm(): Promise<number> {
    const versions = new Map(
      (await raw(this.versions).find({}).toArray()).map((d) => [
        d._id as unknown as string,
        (d.v as number) ?? 0,
      ]),
    );
    let n = 0;
    for await (const d of raw(this.model).find({})) {
      const id = d._id as unknown as string;
      if (!this.cache.has(id))
        this.cache.set(id, { version: versions.get(id) ?? 0, items: parseItems(d.items) });
      n++;
    }
    return n;
  }

  /** Every desk (for the clock scheduler): validated against the versions, a full reload now and then. */
  async *all(): AsyncGenerator<DeskItem[]> {
    if (Date.now() - this.lastFullRefresh > DeskRepository.DESK_REFRESH_MS) {
      this.cache.clear();
      this.lastFullRefresh = Date.now();
    }
    const ids = (await raw(this.versions).find({}).toArray()).map((d) => d._id as unknown as string);
    for (const id of ids) yield await this.get(id);
  }

  /** Bulk load for benchmarks and rebuilds: a whole desk at once. */
  async replaceDesk(responsibleId: string, items: DeskItem[]): Promise<void> {
    await raw(this.model).replaceOne(
      byId(responsibleId),
      { items: Object.fromEntries(items.map((i) => [i.id, JSON.stringify(i)])) },
      { upsert: true },
    );
    await this.bumped(responsibleId, () => undefined);
  }
}

@Injectable()
export class AccessRegisterRepository {
  constructor(@InjectModel(REGISTER_ROW) private readonly model: Model<any>) {}

  async put(row: AccessRegisterRow): Promise<void> {
    const { procedureId, ...rest } = row;
    await raw(this.model).updateOne(byId(procedureId), { $set: rest }, { upsert: true });
  }

  /** The register is one row per access request (thousands a year at most): a scan. */
  async all(): Promise<AccessRegisterRow[]> {
    const docs = await raw(this.model).find({}).toArray();
    return docs.map(
      ({ _id, ...rest }) => ({ procedureId: _id as unknown as string, ...rest }) as AccessRegisterRow,
    );
  }
}

export interface FormVersion {
  formId: string;
  code: string;
  version: number;
  title: string;
  fields: FormField[];
  publishedAt: string;
}

/** Form versions as published by the knowledge base (immutable: `<formId>@<version>`). */
@Injectable()
export class FormVersionRepository implements OnModuleInit {
  constructor(@InjectModel(FORM_VERSION) private readonly model: Model<any>) {}

  async onModuleInit(): Promise<void> {
    await this.model.init();
  }

  put(f: FormVersion): Promise<ApplyResult> {
    return insertOnce(raw(this.model), { _id: `${f.formId}@${f.version}`, ...f });
  }

  async get(formId: string, version: number): Promise<FormVersion | null> {
    const d = await raw(this.model).findOne(byId(`${formId}@${version}`));
    return d ? fromDoc<FormVersion>(d, false) : null;
  }
}

function parseItems(raw: unknown): Map<string, DeskItem> {
  const items = new Map<string, DeskItem>();
  for (const [id, v] of Object.entries((raw ?? {}) as Record<string, string | DeskItem>)) {
    items.set(id, typeof v === 'string' ? (JSON.parse(v) as DeskItem) : v);
  }
  return items;
}

function fromDoc<T>(d: Document, keepId = true): T {
  const { _id, ...rest } = d;
  return (keepId ? { id: _id, ...rest } : rest) as T;
}
