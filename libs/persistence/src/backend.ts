import type { Db } from 'mongodb';

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
