/** Tunables of the brute-force throttle; every one has a default. */
export interface ThrottleOptions {
  /** Failures allowed at full speed; from this many on, attempts are spaced out. Default 5. */
  readonly freeFailures?: number;
  /** Failures after which the identifier is locked. Default 10. */
  readonly lockAfterFailures?: number;
  /** Failures further apart than this are forgotten (the streak restarts). Default 15 min. */
  readonly windowMs?: number;
  /** How long a lock lasts. Default 15 min. */
  readonly lockMs?: number;
  /** Wait after the first throttled failure; doubles with each further failure. Default 1 s. */
  readonly baseDelayMs?: number;
  /** Cap of that wait. Default 60 s. */
  readonly maxDelayMs?: number;
  /** Identifiers tracked at most; the least recently seen is evicted first. Default 10 000. */
  readonly maxEntries?: number;
}

/**
 * What to do with an attempt. `allow`: check the credentials now. `delay`: do not check
 * them; the identifier may try again in `retryAfterMs` (answer with that, e.g. Retry-After).
 * `locked`: do not check them; refused until `until`.
 */
export type ThrottleDecision =
  | { readonly kind: 'allow' }
  | { readonly kind: 'delay'; readonly retryAfterMs: number }
  | { readonly kind: 'locked'; readonly until: Date };

interface Entry {
  failures: number;
  lastFailureAt: number;
  /** Earliest time the next attempt may be checked (0 = no wait). */
  nextAttemptAt: number;
  /** Locked until this time (0 = not locked). */
  lockedUntil: number;
}

const ALLOW: ThrottleDecision = { kind: 'allow' };

/**
 * Per-identifier brute-force protection, in memory (per process). Usage per attempt:
 * `check` → if allowed, verify the secret → `recordFailure` or `recordSuccess`.
 *
 * "Delay" is enforced as spacing, not as sleeping: an attempt that arrives before the
 * identifier's next slot is refused with the time left. Sleeping would hold connections
 * open, and parallel attempts would all wake up and be checked together; spacing limits
 * an attacker to one guess per slot however many requests they send at once (an allowed
 * attempt in the throttled phase reserves the slot before its secret is checked).
 *
 * Memory is bounded by `maxEntries` with least-recently-seen eviction. The price: flooding
 * with that many fresh identifiers can evict a lock. Each flood attempt costs the attacker
 * a full scrypt round on our side too, so the HTTP rate limiter is the line that holds.
 */
export class LoginThrottle {
  private readonly entries = new Map<string, Entry>();
  private readonly freeFailures: number;
  private readonly lockAfterFailures: number;
  private readonly windowMs: number;
  private readonly lockMs: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly maxEntries: number;

  constructor(options: ThrottleOptions = {}) {
    this.freeFailures = options.freeFailures ?? 5;
    this.lockAfterFailures = options.lockAfterFailures ?? 10;
    this.windowMs = options.windowMs ?? 15 * 60_000;
    this.lockMs = options.lockMs ?? 15 * 60_000;
    this.baseDelayMs = options.baseDelayMs ?? 1000;
    this.maxDelayMs = options.maxDelayMs ?? 60_000;
    this.maxEntries = options.maxEntries ?? 10_000;
    if (!(this.maxEntries >= 1)) throw new Error('maxEntries must be at least 1.');
    if (this.lockAfterFailures < this.freeFailures) {
      throw new Error('lockAfterFailures must not be below freeFailures.');
    }
  }

  /** Decides whether an attempt for `identifier` may be checked now. */
  check(identifier: string, now: number = Date.now()): ThrottleDecision {
    const key = normalize(identifier);
    const e = this.live(key, now);
    if (!e) return ALLOW;
    this.touch(key, e);
    if (e.lockedUntil > now) return { kind: 'locked', until: new Date(e.lockedUntil) };
    if (e.nextAttemptAt > now) return { kind: 'delay', retryAfterMs: e.nextAttemptAt - now };
    if (e.failures >= this.freeFailures) e.nextAttemptAt = now + this.delayAfter(e.failures);
    return ALLOW;
  }

  /** Records a failed attempt (wrong secret or unknown identifier alike). */
  recordFailure(identifier: string, now: number = Date.now()): void {
    const key = normalize(identifier);
    const e = this.live(key, now) ?? { failures: 0, lastFailureAt: 0, nextAttemptAt: 0, lockedUntil: 0 };
    e.failures += 1;
    e.lastFailureAt = now;
    if (e.failures >= this.lockAfterFailures) {
      e.lockedUntil = now + this.lockMs;
    } else if (e.failures >= this.freeFailures) {
      e.nextAttemptAt = now + this.delayAfter(e.failures);
    }
    this.touch(key, e);
  }

  /** Forgets the identifier's failures after a successful attempt. */
  recordSuccess(identifier: string): void {
    this.entries.delete(normalize(identifier));
  }

  /** Number of identifiers tracked (for tests and metrics). */
  get size(): number {
    return this.entries.size;
  }

  /** The entry if it still matters at `now`; stale ones (lock over, streak gone cold) are dropped. */
  private live(key: string, now: number): Entry | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    const lockOver = e.lockedUntil !== 0 && e.lockedUntil <= now;
    const cold = e.lockedUntil === 0 && now - e.lastFailureAt > this.windowMs;
    if (lockOver || cold) {
      this.entries.delete(key);
      return undefined;
    }
    return e;
  }

  /** Moves the entry to the most-recent end of the map (insertion order = recency), evicting if full. */
  private touch(key: string, e: Entry): void {
    this.entries.delete(key);
    while (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
    this.entries.set(key, e);
  }

  private delayAfter(failures: number): number {
    const steps = Math.max(0, failures - this.freeFailures);
    return Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** steps);
  }
}

// Identifiers are hex, so case does not distinguish them; the cap bounds per-entry memory
// when someone sends huge junk identifiers.
function normalize(identifier: string): string {
  return identifier.slice(0, 64).toLowerCase();
}
