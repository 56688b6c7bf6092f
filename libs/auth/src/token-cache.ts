/**
 * Small time-bounded caches for the two signatures every request costs (issue 17, gateway overhead):
 *
 * - the identity the gateway signs for the subgraphs (`x-urp-identity`, valid 15 s): the same caller's
 *   token is reused for a few seconds instead of one HMAC signature per subgraph fetch;
 * - the caller's verified bearer token: the same token string is verified once and its identity reused
 *   until it expires (never past its `exp`, and at most `maxAgeMs`, so a key rotation is seen quickly).
 *
 * Both are bounded (oldest entries dropped first) so a stream of distinct tokens cannot grow memory.
 */
export interface TokenCacheOptions {
  /** How long an entry is reused, at most. */
  maxAgeMs: number;
  /** Entries kept at most (the oldest go first). */
  maxEntries: number;
  now?: () => number;
}

interface Entry<V> {
  value: Promise<V>;
  /** Not reused from this instant (epoch ms). */
  until: number;
}

export class TokenCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private readonly now: () => number;

  constructor(private readonly options: TokenCacheOptions) {
    this.now = options.now ?? Date.now;
  }

  /**
   * The cached value for `key`, or `compute()`'s (cached when it succeeds). `expiresAt(value)` (epoch ms)
   * bounds the reuse further, e.g. a token's own `exp`. A failure is never cached.
   */
  get(key: string, compute: () => Promise<V>, expiresAt?: (value: V) => number | undefined): Promise<V> {
    const t = this.now();
    const hit = this.entries.get(key);
    if (hit && hit.until > t) return hit.value;
    if (hit) this.entries.delete(key);
    const entry: Entry<V> = { value: compute(), until: t + this.options.maxAgeMs };
    this.entries.set(key, entry);
    entry.value.then(
      (v) => {
        const exp = expiresAt?.(v);
        if (exp !== undefined) entry.until = Math.min(entry.until, exp);
      },
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    if (this.entries.size > this.options.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return entry.value;
  }

  get size(): number {
    return this.entries.size;
  }
}

/** The `exp` of a JWT (epoch ms) without verifying it: only to bound how long a verified result is reused. */
export function jwtExpiry(token: string): number | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const exp = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
