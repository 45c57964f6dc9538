/**
 * The result cache of identical stateless calculations. A published version never changes, so
 * version key + culture + the job (its JSON) determine the answer, unless the workbook
 * calls volatile functions (NOW, RAND, ...) or iterates circular references: the worker says so
 * with every stateless answer, and such versions are never stored. Session calls and failures
 * are never stored either (the pool only offers successful stateless answers).
 *
 * Bounded LRU by approximate bytes: results are kept as JSON text, so their size is known and a
 * hit hands out a fresh copy the caller may change.
 */
import type { CalculationJob, CalculationResult } from './protocol.js';

/** Counters of the cache, for stats and metrics. */
export interface ResultCacheStats {
  readonly enabled: boolean;
  /** Calls answered from the cache. */
  readonly hits: number;
  /** Cacheable calls not found (computed by a worker). */
  readonly misses: number;
  /** Calls of versions known to be volatile: never looked up. */
  readonly bypassed: number;
  readonly entries: number;
  /** Approximate size of the stored keys and results. */
  readonly bytes: number;
  readonly maxBytes: number;
}

/** Per-entry bookkeeping beyond the key and value text (Map slot, string headers). */
const ENTRY_OVERHEAD = 96;
/** Volatile version keys remembered; past this the set starts over (it is only a shortcut). */
const MAX_VOLATILE_VERSIONS = 10_000;

/** A bounded LRU of stateless calculation results; `maxBytes` 0 disables it. */
export class ResultCache {
  readonly #maxBytes: number;
  readonly #entries = new Map<string, string>();
  readonly #volatile = new Set<string>();
  #bytes = 0;
  #hits = 0;
  #misses = 0;
  #bypassed = 0;

  constructor(maxBytes: number) {
    if (!Number.isSafeInteger(maxBytes) || maxBytes < 0)
      throw new RangeError('The result cache size must be a whole number of bytes, 0 to disable.');
    this.#maxBytes = maxBytes;
  }

  /** Whether the cache stores anything at all. */
  get enabled(): boolean {
    return this.#maxBytes > 0;
  }

  /**
   * The cache key of a stateless call, or undefined when the call must not be looked up (cache
   * off, or the version is known to be volatile). Counts a bypass in the latter case.
   */
  keyOf(versionKey: string, culture: string | undefined, job: CalculationJob): string | undefined {
    if (!this.enabled) return undefined;
    if (this.#volatile.has(versionKey)) {
      this.#bypassed++;
      return undefined;
    }
    // JSON.stringify escapes, so the separator cannot be forged by a version key or culture.
    // Plain JSON of the job, not canonical: jobs are built with a fixed key order (api
    // toJob), and an equal job with another key order would only miss, never hit wrongly.
    return `${JSON.stringify(versionKey)}\n${JSON.stringify(culture ?? '')}\n${JSON.stringify(job)}`;
  }

  /** A fresh copy of the stored result, counting a hit or a miss. */
  get(key: string): CalculationResult | undefined {
    const text = this.#entries.get(key);
    if (text === undefined) {
      this.#misses++;
      return undefined;
    }
    // Most recently used goes last: re-insert.
    this.#entries.delete(key);
    this.#entries.set(key, text);
    this.#hits++;
    return JSON.parse(text) as CalculationResult;
  }

  /** Stores a worker's answer unless its version is volatile (then the version is remembered). */
  offer(key: string, versionKey: string, result: CalculationResult, volatile: boolean | undefined): void {
    if (volatile !== false) {
      // Unknown counts as volatile: caching must never be a guess.
      if (volatile === true) this.#rememberVolatile(versionKey);
      return;
    }
    const text = JSON.stringify(result);
    const size = sizeOf(key, text);
    // One huge answer must not flush everything else.
    if (size > this.#maxBytes / 16) return;
    const old = this.#entries.get(key);
    if (old !== undefined) {
      this.#entries.delete(key);
      this.#bytes -= sizeOf(key, old);
    }
    this.#entries.set(key, text);
    this.#bytes += size;
    for (const [k, v] of this.#entries) {
      if (this.#bytes <= this.#maxBytes) break;
      this.#entries.delete(k);
      this.#bytes -= sizeOf(k, v);
    }
  }

  stats(): ResultCacheStats {
    return {
      enabled: this.enabled,
      hits: this.#hits,
      misses: this.#misses,
      bypassed: this.#bypassed,
      entries: this.#entries.size,
      bytes: this.#bytes,
      maxBytes: this.#maxBytes,
    };
  }

  #rememberVolatile(versionKey: string): void {
    if (this.#volatile.size >= MAX_VOLATILE_VERSIONS) this.#volatile.clear();
    this.#volatile.add(versionKey);
  }
}

function sizeOf(key: string, text: string): number {
  return key.length + text.length + ENTRY_OVERHEAD;
}
