/**
 * The worker_threads `ComputePool`. Each worker runs one job at a time, so a timeout or a
 * crash costs only the job that caused it (see `WorkerSlot`). Session jobs are pinned to the
 * worker holding the session and run there in call order; stateless jobs share one queue that
 * any idle worker takes from, after its pinned work. Requests name a file version and a
 * session by key only; bytes and logs are sent after a worker answers NEED_TEMPLATE / NEED_SESSION.
 * Identical stateless calculations of non-volatile versions are answered from `ResultCache`;
 * past `maxSessionModels` on a worker, its least recently used idle session models are evicted.
 */
import type { ResourceLimits } from 'node:worker_threads';
import { ironcalcModule } from '../engine/ironcalc/wasmRuntime.js';
import type { CalculateOptions, ComputePool, PoolSources, PoolStats } from './pool.js';
import { ComputeError } from './pool.js';
import type {
  BatchItemResult,
  CalculationJob,
  CalculationResult,
  NamedRangeInfo,
  PublishCheck,
  SessionRef,
  WorkerRequest,
} from './protocol.js';
import { ResultCache } from './resultCache.js';
import { type Job, type SlotEvent, type SlotHost, WorkerSlot } from './workerSlot.js';

export { timeoutMessage } from './workerSlot.js';

/** How to build a worker pool. */
export interface WorkerPoolOptions {
  /** Number of worker threads. */
  readonly size: number;
  /** Longest one job (or one batch chunk) may compute before its worker is replaced. */
  readonly timeoutMs: number;
  readonly sources: PoolSources;
  /** Batch items per job (default 250); each chunk has its own timeout. */
  readonly batchChunk?: number;
  /** V8 heap limits of each worker (default: Node's); past them only that worker dies. */
  readonly resourceLimits?: ResourceLimits;
  /** Live session models per worker before idle ones are evicted (default: no limit). */
  readonly maxSessionModels?: number;
  /** Bytes of the stateless result cache; 0 or absent disables it. */
  readonly resultCacheBytes?: number;
}

const SHUTTING_DOWN = 'The server is shutting down.';

/** Starts `size` workers, each ready to calculate before this resolves, and returns the pool. */
export async function createWorkerPool(options: WorkerPoolOptions): Promise<ComputePool> {
  const pool = new WorkerPool(options);
  await pool.start();
  return pool;
}

class WorkerPool implements ComputePool {
  readonly #sources: PoolSources;
  readonly #chunk: number;
  readonly #slots: WorkerSlot[] = [];
  readonly #shared: Job[] = [];
  readonly #pins = new Map<string, number>();
  readonly #pinCounts: number[];
  /** Template reads in flight, so workers asking at once share one read. */
  readonly #fetching = new Map<string, Promise<Uint8Array>>();
  readonly #cache: ResultCache;
  readonly #events: Record<SlotEvent | 'eviction', number> = {
    restart: 0,
    trap: 0,
    timeout: 0,
    crash: 0,
    outOfMemory: 0,
    rebuild: 0,
    eviction: 0,
  };
  readonly #engineMs: Partial<Record<WorkerRequest['op'], number>> = {};
  #closed = false;

  constructor(options: WorkerPoolOptions) {
    const { size, timeoutMs, batchChunk = 250, maxSessionModels = Number.POSITIVE_INFINITY } = options;
    if (!Number.isInteger(size) || size < 1)
      throw new RangeError('The worker pool needs at least one worker.');
    if (!(timeoutMs > 0)) throw new RangeError('The calculation timeout must be positive.');
    if (!Number.isInteger(batchChunk) || batchChunk < 1)
      throw new RangeError('batchChunk must be at least 1.');
    if (!(maxSessionModels >= 1)) throw new RangeError('maxSessionModels must be at least 1.');
    this.#sources = options.sources;
    this.#cache = new ResultCache(options.resultCacheBytes ?? 0);
    this.#chunk = batchChunk;
    this.#pinCounts = new Array<number>(size).fill(0);
    const host: SlotHost = {
      timeoutMs,
      // Compiled once here; each worker instantiates it without compiling again.
      workerData: { wasmModule: ironcalcModule() },
      resourceLimits: options.resourceLimits,
      maxSessionModels,
      isClosed: () => this.#closed,
      takeShared: (accept) => {
        const next = this.#shared[0];
        return next && (!accept || accept(next)) ? this.#shared.shift() : undefined;
      },
      returnShared: (job) => {
        this.#shared.unshift(job);
        for (const s of this.#slots) s.pump();
      },
      versionBytes: (key) => this.#versionBytes(key),
      sessionLog: (id) => this.#sources.sessionLog(id),
      report: (event) => {
        this.#events[event]++;
      },
      engineTime: (op, ms) => {
        this.#engineMs[op] = (this.#engineMs[op] ?? 0) + ms;
      },
      evict: (slot, id) => this.#evict(slot, id),
    };
    for (let index = 0; index < size; index++) this.#slots.push(new WorkerSlot(index, host));
  }

  /** Waits until every worker is ready; a worker that cannot start fails the whole pool. */
  async start(): Promise<void> {
    try {
      await Promise.all(this.#slots.map((slot) => slot.started));
    } catch (err) {
      await this.close();
      throw err;
    }
  }

  calculate(
    versionKey: string,
    job: CalculationJob,
    options: CalculateOptions = {},
  ): Promise<CalculationResult> {
    if (options.session === undefined) return this.#stateless(versionKey, job, options.culture);
    const session = sessionRef(options);
    const request: WorkerRequest = {
      op: 'calculate',
      version: { key: versionKey },
      session,
      job,
      culture: options.culture,
      persist: session !== undefined,
    };
    return this.#submit(request, this.#pinOf(session)) as Promise<CalculationResult>;
  }

  async batch(
    versionKey: string,
    items: readonly { id: number; job: CalculationJob }[],
    options: CalculateOptions = {},
  ): Promise<BatchItemResult[]> {
    const session = sessionRef(options);
    // Pin and enqueue synchronously: a session's later calls must queue behind these chunks.
    const pin = this.#pinOf(session);
    let failure: ComputeError | undefined;
    const parts: Promise<unknown>[] = [];
    for (let i = 0; i < items.length; i += this.#chunk) {
      const request: WorkerRequest = {
        op: 'batch',
        version: { key: versionKey },
        session,
        items: items.slice(i, i + this.#chunk),
        culture: options.culture,
      };
      // One failed chunk fails the batch; chunks still queued are then skipped.
      const part = this.#submit(request, pin, { abandoned: () => failure });
      parts.push(
        part.catch((err: ComputeError) => {
          failure ??= err;
          throw err;
        }),
      );
    }
    return ((await Promise.all(parts)) as BatchItemResult[][]).flat();
  }

  async openSession(versionKey: string, sessionId: string): Promise<void> {
    const session = { id: sessionId };
    const request: WorkerRequest = { op: 'openSession', version: { key: versionKey }, session };
    await this.#submit(request, this.#pinOf(session), { preloadLog: true });
  }

  async dropSession(sessionId: string): Promise<void> {
    const index = this.#pins.get(sessionId);
    if (index === undefined) return;
    this.#pins.delete(sessionId);
    this.#pinCounts[index] = (this.#pinCounts[index] ?? 1) - 1;
    // Queued behind the session's pending calls, on the worker that holds it.
    await this.#submit({ op: 'dropSession', sessionId }, index);
  }

  namedRanges(versionKey: string): Promise<NamedRangeInfo[]> {
    return this.#submit({ op: 'names', version: { key: versionKey } }) as Promise<NamedRangeInfo[]>;
  }

  check(bytes: Uint8Array): Promise<PublishCheck> {
    return this.#submit({ op: 'check', bytes }) as Promise<PublishCheck>;
  }

  async stats(): Promise<PoolStats> {
    let queued = this.#shared.length;
    let templates = 0;
    let sessions = 0;
    for (const slot of this.#slots) {
      queued += slot.pinned.length;
      templates += slot.templates.size;
      sessions += slot.sessions.size;
    }
    const e = this.#events;
    return {
      workers: this.#slots.length,
      restarts: e.restart,
      queued,
      templates,
      sessions,
      evictions: e.eviction,
      rebuilds: e.rebuild,
      failures: { trap: e.trap, timeout: e.timeout, crash: e.crash, outOfMemory: e.outOfMemory },
      engineMs: { ...this.#engineMs },
      resultCache: this.#cache.stats(),
    };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const shutdown = () => new ComputeError('INTERNAL', SHUTTING_DOWN);
    for (const job of this.#shared.splice(0)) job.reject(shutdown());
    await Promise.all(this.#slots.map((slot) => slot.close(shutdown)));
  }

  /** A stateless calculation: from the result cache when an identical call was answered before. */
  #stateless(
    versionKey: string,
    job: CalculationJob,
    culture: string | undefined,
  ): Promise<CalculationResult> {
    const key = this.#cache.keyOf(versionKey, culture, job);
    const cached = key === undefined ? undefined : this.#cache.get(key);
    if (cached) return Promise.resolve(cached);
    const request: WorkerRequest = {
      op: 'calculate',
      version: { key: versionKey },
      job,
      culture,
      persist: false,
    };
    return new Promise((resolve, reject) => {
      this.#enqueue(
        {
          request,
          reject,
          resolve: (value, volatile) => {
            const result = value as CalculationResult;
            if (key !== undefined) this.#cache.offer(key, versionKey, result, volatile);
            resolve(result);
          },
        },
        undefined,
      );
    });
  }

  /** Unpins an idle session model the slot gave up and frees it on that worker. */
  #evict(slot: WorkerSlot, sessionId: string): void {
    this.#events.eviction++;
    if (this.#pins.get(sessionId) === slot.index) {
      this.#pins.delete(sessionId);
      this.#pinCounts[slot.index] = (this.#pinCounts[slot.index] ?? 1) - 1;
    }
    this.#enqueue(
      {
        request: { op: 'dropSession', sessionId },
        // It can only fail with its worker (or at shutdown), and then the model is gone anyway.
        resolve: () => {},
        reject: () => {},
      },
      slot.index,
    );
  }

  /** The worker a session runs on: the one it is pinned to, else the one with fewest sessions. */
  #pinOf(session: SessionRef | undefined): number | undefined {
    if (!session) return undefined;
    const known = this.#pins.get(session.id);
    if (known !== undefined) return known;
    let best = 0;
    this.#pinCounts.forEach((count, i) => {
      if (count < (this.#pinCounts[best] ?? 0)) best = i;
    });
    this.#pins.set(session.id, best);
    this.#pinCounts[best] = (this.#pinCounts[best] ?? 0) + 1;
    return best;
  }

  #submit(
    request: WorkerRequest,
    pin?: number,
    extra: Pick<Job, 'preloadLog' | 'abandoned'> = {},
  ): Promise<unknown> {
    return new Promise((resolve, reject) => this.#enqueue({ request, resolve, reject, ...extra }, pin));
  }

  /** Queues a job on its pinned worker, or in the shared queue for any idle worker. */
  #enqueue(job: Job, pin: number | undefined): void {
    if (this.#closed) {
      job.reject(new ComputeError('INTERNAL', SHUTTING_DOWN));
      return;
    }
    const slot = pin === undefined ? undefined : this.#slots[pin];
    if (slot) {
      slot.pinned.push(job);
      slot.pump();
    } else {
      this.#shared.push(job);
      for (const s of this.#slots) s.pump();
    }
  }

  #versionBytes(key: string): Promise<Uint8Array> {
    let pending = this.#fetching.get(key);
    if (!pending) {
      pending = this.#sources.versionBytes(key).finally(() => this.#fetching.delete(key));
      this.#fetching.set(key, pending);
    }
    return pending;
  }
}

function sessionRef(options: CalculateOptions): SessionRef | undefined {
  return options.session === undefined ? undefined : { id: options.session };
}
