import DataLoader from 'dataloader';

const perRequest = new WeakMap<object, Map<string, DataLoader<string, unknown>>>();

/**
 * One DataLoader per GraphQL request (its context object) and per kind of lookup: the same office, referent or
 * sheet asked for by several fields of one response is read once. The batch reads each key by `_id` (FerretDB
 * 1.24 scans for `$in`, and answers `{_id: value}` from its primary key).
 */
export function requestLoader<V>(
  context: object,
  name: string,
  load: (ids: readonly string[]) => Promise<ReadonlyMap<string, V>>,
): DataLoader<string, V | null> {
  let loaders = perRequest.get(context);
  if (!loaders) perRequest.set(context, (loaders = new Map()));
  let loader = loaders.get(name) as DataLoader<string, V | null> | undefined;
  if (!loader) {
    loader = new DataLoader<string, V | null>(async (ids) => {
      const found = await load(ids);
      return ids.map((id) => found.get(id) ?? null);
    });
    loaders.set(name, loader as DataLoader<string, unknown>);
  }
  return loader;
}
