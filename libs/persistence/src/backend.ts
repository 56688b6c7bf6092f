import type { Collection, Db, Document } from 'mongodb';

/** The server behind the MongoDB wire protocol: FerretDB locally (SQLite), MongoDB in production. */
export type DatabaseBackend = 'ferretdb' | 'mongodb';

/** Whether a store creates its secondary indexes: `auto` decides by the backend (see `wantsSecondaryIndexes`). */
export type SecondaryIndexSetting = 'auto' | 'all' | 'none';

const known = new WeakMap<Db, Promise<DatabaseBackend>>();

/**
 * Which server answers on `db`, asked once per `Db` (`buildInfo`): FerretDB names itself there
 * (`ferretdbVersion`), MongoDB does not. A server that does not answer `buildInfo` counts as MongoDB, so a store
 * keeps what it would keep in production.
 */
export function databaseBackend(db: Db): Promise<DatabaseBackend> {
  let backend = known.get(db);
  if (!backend) {
    backend = db
      .admin()
      .command({ buildInfo: 1 })
      .then(
        (info) => ('ferretdbVersion' in info ? 'ferretdb' : 'mongodb') as DatabaseBackend,
        () => 'mongodb' as const,
      );
    known.set(db, backend);
  }
  return backend;
}

/**
 * Whether a store's secondary indexes are worth creating. FerretDB 1.24 (SQLite) answers no query but `{_id}`
 * from an index, yet keeps every index current on each insert and update (an expression index recomputed per
 * write): there they are pure cost, so `auto` creates them on MongoDB only. `all` and `none` force the choice.
 */
export async function wantsSecondaryIndexes(
  db: Db,
  setting: SecondaryIndexSetting = 'auto',
): Promise<boolean> {
  if (setting !== 'auto') return setting === 'all';
  return (await databaseBackend(db)) === 'mongodb';
}

/** A secondary index's keys, as `createIndex` takes them; its name is the server's default (`at_1`, `a_1_b_-1`). */
export type IndexKeys = Readonly<Record<string, 1 | -1>>;

const defaultName = (keys: IndexKeys): string =>
  Object.entries(keys)
    .map(([field, dir]) => `${field}_${dir}`)
    .join('_');

/**
 * A store's secondary indexes as `wantsSecondaryIndexes` decides: created (one at a time: FerretDB 1.24 panics on
 * a `createIndexes` of several), or, where they are not wanted, dropped if an earlier run left them. Returns the
 * names dropped, for the caller's log.
 */
export async function keepSecondaryIndexes<T extends Document>(
  db: Db,
  collection: Collection<T>,
  indexes: readonly IndexKeys[],
  setting: SecondaryIndexSetting = 'auto',
): Promise<string[]> {
  const col = collection;
  if (await wantsSecondaryIndexes(db, setting)) {
    for (const keys of indexes) await col.createIndex({ ...keys }, { name: defaultName(keys) });
    return [];
  }
  const names = new Set(indexes.map(defaultName));
  const dropped: string[] = [];
  for (const index of await col.indexes().catch(() => []))
    if (index.name && names.has(index.name)) {
      await col.dropIndex(index.name);
      dropped.push(index.name);
    }
  return dropped;
}
