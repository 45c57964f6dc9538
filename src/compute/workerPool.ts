/**
 * The worker_threads `ComputePool`. Each worker runs one job at a time, so a timeout or a
 * crash costs only the job that caused it (see `WorkerSlot`). Session jobs are pinned to the
 * worker holding the session and run there in call order; stateless jobs share one queue that
 * any idle worker takes from, after its pinned work. Requests name a file version and a
 * session by key only; bytes and logs are sent after a worker answers NEED_TEMPLATE / NEED_SESSION.
 */
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
import { type Job, type SlotHost, WorkerSlot } from './workerSlot.js';

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
  #restarts = 0;
  #closed = false;

  constructor(options: WorkerPoolOptions) {
    const { size, timeoutMs, batchChunk = 250 } = options;
    if (!Number.isInteger(size) || size < 1)
      throw new RangeError('The worker pool needs at least one worker.');
    if (!(timeoutMs > 0)) throw new RangeError('The calculation timeout must be positive.');
    if (!Number.isInteger(batchChunk) || batchChunk < 1)
      throw new RangeError('batchChunk must be at least 1.');
    this.#sources = options.sources;
    this.#chunk = batchChunk;
    this.#pinCounts = new Array<number>(size).fill(0);
    const host: SlotHost = {
      timeoutMs,
      // Compiled once here; each worker instantiates it without compiling again.
      workerData: { wasmModule: ironcalcModule() },
      isClosed: () => this.#closed,
      takeShared: () => this.#shared.shift(),
      versionBytes: (key) => this.#versionBytes(key),
      sessionLog: (id) => this.#sources.sessionLog(id),
      restarted: () => {
        this.#restarts++;
      },
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
    return { workers: this.#slots.length, restarts: this.#restarts, queued, templates, sessions };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const shutdown = () => new ComputeError('INTERNAL', SHUTTING_DOWN);
    for (const job of this.#shared.splice(0)) job.reject(shutdown());
    await Promise.all(this.#slots.map((slot) => slot.close(shutdown)));
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
    return new Promise((resolve, reject) => {
      if (this.#closed) return reject(new ComputeError('INTERNAL', SHUTTING_DOWN));
      const job: Job = { request, resolve, reject, ...extra };
      const slot = pin === undefined ? undefined : this.#slots[pin];
      if (slot) {
        slot.pinned.push(job);
        slot.pump();
      } else {
        this.#shared.push(job);
        for (const s of this.#slots) s.pump();
      }
    });
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
