/**
 * Documents by `_id`, each served again only while the read model still holds its revision (issue 17: the case
 * page read its contact twice per request, and again at every open, from a store that answers `_id` lookups in
 * milliseconds only when it is idle). Concurrent callers of one id share one read (the page's root fields run
 * side by side: one read, as a DataLoader would make it); `forget` (a write of this instance) drops the entry and
 * any read in flight, so a caller after a write never gets what was read before it. Another instance's write
 * reaches the read model by its change event: until then the document held is served, the same window as the
 * queue's pages. The documents handed out are shared: callers read them, never change them.
 */
export class RevisionCache<T extends { revision: number }> {
  private readonly held = new Map<string, T>();
  private readonly reads = new Map<string, Promise<T | null>>();

  constructor(
    /** The store's read by `_id`. */
    private readonly read: (id: string) => Promise<T | null>,
    /** The revision the read model holds for an id (undefined: not known, never cached). */
    private readonly revisionOf: (id: string) => number | undefined,
    private readonly capacity: number,
  ) {}

  get(id: string): Promise<T | null> {
    const hit = this.held.get(id);
    if (hit && hit.revision === this.revisionOf(id)) {
      this.held.delete(id); // most recently used last
      this.held.set(id, hit);
      return Promise.resolve(hit);
    }
    const inFlight = this.reads.get(id);
    if (inFlight) return inFlight;
    const read = this.read(id).then((doc) => {
      if (this.reads.get(id) === read) {
        this.reads.delete(id);
        if (doc && doc.revision === this.revisionOf(id)) this.remember(id, doc);
      }
      return doc;
    });
    this.reads.set(id, read);
    read.catch(() => {
      if (this.reads.get(id) === read) this.reads.delete(id);
    });
    return read;
  }

  forget(id: string): void {
    this.held.delete(id);
    this.reads.delete(id);
  }

  get size(): number {
    return this.held.size;
  }

  private remember(id: string, doc: T): void {
    this.held.delete(id);
    this.held.set(id, doc);
    if (this.held.size > this.capacity) this.held.delete(this.held.keys().next().value as string);
  }
}
