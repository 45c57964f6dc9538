/**
 * A short-lived cache for the two lookups every calculation makes: the bearer token (with its
 * client) and the application by key. Without it they are two database round trips per call,
 * which on the demo workbook cost more main-thread time than the calculation itself.
 *
 * Consistency: every write through this Store that could change a cached answer (revoking a
 * token, disabling a client, publishing, changing or deleting an application) clears that
 * cache at once, so this process never serves a stale answer after its own write. Writes by
 * another process (the CLI, another node) are seen after at most `ttlMs`.
 */
import type { Store } from './store.js';
import type { Application, TokenLookup } from './types.js';

/** Settings of the read cache. */
export interface ReadCacheOptions {
  /** How long an answer may be reused (default 1000 ms). */
  readonly ttlMs?: number;
  /** Entries kept per cache at most (default 10 000). */
  readonly maxEntries?: number;
  /** The clock (tests move it). */
  readonly now?: () => number;
}

class TtlCache<V> {
  readonly #entries = new Map<string, { value: V; until: number }>();
  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly now: () => number,
  ) {}

  async get(key: string, load: () => Promise<V>): Promise<V> {
    const hit = this.#entries.get(key);
    const now = this.now();
    if (hit && hit.until > now) return hit.value;
    const value = await load();
    // A flood of distinct keys (random tokens) must not grow memory: start over when full.
    if (this.#entries.size >= this.maxEntries) this.#entries.clear();
    this.#entries.set(key, { value, until: now + this.ttlMs });
    return value;
  }

  clear(): void {
    this.#entries.clear();
  }
}

/** Wraps a Store so token and application-key lookups are reused for a moment. */
export function withReadCache(store: Store, options: ReadCacheOptions = {}): Store {
  const ttl = options.ttlMs ?? 1000;
  const max = options.maxEntries ?? 10_000;
  const now = options.now ?? Date.now;
  const tokens = new TtlCache<TokenLookup | null>(ttl, max, now);
  const apps = new TtlCache<Application | null>(ttl, max, now);
  /** Runs a write, then forgets what it may have changed (after: a read racing the write must not survive it). */
  const clearing =
    <A extends unknown[], R>(write: (...args: A) => Promise<R>, ...caches: { clear(): void }[]) =>
    async (...args: A): Promise<R> => {
      try {
        return await write(...args);
      } finally {
        for (const cache of caches) cache.clear();
      }
    };
  return {
    ...store,
    findTokenByHash: (hash) => tokens.get(hash, () => store.findTokenByHash(hash)),
    getApplicationByKey: (key, siteId) =>
      apps.get(`${siteId ?? '*'}\u0000${key}`, () => store.getApplicationByKey(key, siteId)),
    revokeToken: clearing(store.revokeToken.bind(store), tokens),
    setClientDisabled: clearing(store.setClientDisabled.bind(store), tokens),
    createApplication: clearing(store.createApplication.bind(store), apps),
    addVersion: clearing(store.addVersion.bind(store), apps),
    updateApplication: clearing(store.updateApplication.bind(store), apps),
    deleteApplication: clearing(store.deleteApplication.bind(store), apps),
  };
}
