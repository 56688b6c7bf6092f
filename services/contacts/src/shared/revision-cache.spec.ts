import { RevisionCache } from './revision-cache';

interface Doc {
  id: string;
  revision: number;
}

function setup(capacity = 10) {
  const stored = new Map<string, Doc>();
  const held = new Map<string, number>();
  const reads: string[] = [];
  let release: (() => void) | undefined;
  let gate: Promise<void> | undefined;
  const cache = new RevisionCache<Doc>(
    async (id) => {
      reads.push(id);
      const doc = stored.get(id) ?? null;
      if (gate) await gate;
      return doc;
    },
    (id) => held.get(id),
    capacity,
  );
  const put = (id: string, revision: number) => {
    stored.set(id, { id, revision });
    held.set(id, revision);
  };
  const hold = () => {
    gate = new Promise((r) => (release = r));
  };
  const open = () => {
    gate = undefined;
    release?.();
  };
  return { cache, put, held, reads, hold, open };
}

describe('RevisionCache', () => {
  it('reads a document once while the read model holds its revision', async () => {
    const { cache, put, reads } = setup();
    put('a', 1);
    await cache.get('a');
    await cache.get('a');
    expect(await cache.get('a')).toEqual({ id: 'a', revision: 1 });
    expect(reads).toEqual(['a']);
  });

  it('reads again once the read model holds a newer revision (another instance wrote)', async () => {
    const { cache, put, reads } = setup();
    put('a', 1);
    await cache.get('a');
    put('a', 2);
    expect(await cache.get('a')).toEqual({ id: 'a', revision: 2 });
    expect(reads).toEqual(['a', 'a']);
  });

  it('never keeps a document the read model does not know, or knows at another revision', async () => {
    const { cache, put, held, reads } = setup();
    put('a', 1);
    held.delete('a');
    await cache.get('a');
    held.set('a', 2); // the read model is ahead of what was read
    await cache.get('a');
    await cache.get('a');
    expect(reads).toEqual(['a', 'a', 'a']);
    expect(await cache.get('nothing')).toBeNull();
  });

  it('gives concurrent callers of one id one read', async () => {
    const { cache, put, reads, hold, open } = setup();
    put('a', 1);
    hold();
    const both = Promise.all([cache.get('a'), cache.get('a')]);
    open();
    const [x, y] = await both;
    expect(x).toBe(y);
    expect(reads).toEqual(['a']);
  });

  it('after forget (a write of this instance) a caller never joins a read that started before it', async () => {
    const { cache, put, reads, hold, open } = setup();
    put('a', 1);
    hold();
    const before = cache.get('a');
    put('a', 2);
    cache.forget('a');
    const after = cache.get('a');
    open();
    expect((await before)?.revision).toBe(1); // what was stored when that read ran
    expect((await after)?.revision).toBe(2);
    expect(reads).toEqual(['a', 'a']);
  });

  it('forgets a kept document on forget, and the least recently used beyond its capacity', async () => {
    const { cache, put, reads } = setup(2);
    for (const id of ['a', 'b', 'c']) {
      put(id, 1);
      await cache.get(id);
    }
    expect(cache.size).toBe(2);
    await cache.get('a'); // evicted: read again
    cache.forget('c');
    await cache.get('c');
    expect(reads).toEqual(['a', 'b', 'c', 'a', 'c']);
  });

  it('lets a failed read be tried again', async () => {
    let fail = true;
    const cache = new RevisionCache<Doc>(
      async (id) => {
        if (fail) throw new Error('store down');
        return { id, revision: 1 };
      },
      () => 1,
      10,
    );
    await expect(cache.get('a')).rejects.toThrow('store down');
    fail = false;
    expect(await cache.get('a')).toEqual({ id: 'a', revision: 1 });
  });
});
