/**
 * What the rest of the server asks of the calculation workers. The HTTP process never touches
 * the engine: it calls a `ComputePool`, which runs each job in a worker thread. Workers cache
 * a warm template per file version and the live models of sessions; whatever a worker lacks,
 * the pool fetches through `PoolSources` and resends, so callers never deal with caches.
 */
import type {
  BatchItemResult,
  CalculationJob,
  CalculationResult,
  FailureCode,
  NamedRangeInfo,
  PublishCheck,
  SessionLogEntry,
  WorkerRequest,
} from './protocol.js';
import type { ResultCacheStats } from './resultCache.js';

/** Where the pool gets what a worker is missing. */
export interface PoolSources {
  /** The .xlsx bytes of a file version, by the version key the caller used. */
  versionBytes(versionKey: string): Promise<Uint8Array>;
  /** A session's input log (one entry per call, in order), to rebuild its model. */
  sessionLog(sessionId: string): Promise<SessionLogEntry[]>;
}

/** Options of one calculation. */
export interface CalculateOptions {
  /** Run in this dedicated session's model (on the worker that holds it). */
  readonly session?: string;
  /** Culture for reading input text (default en-US). */
  readonly culture?: string;
}

/** Counters for health and metrics. */
export interface PoolStats {
  readonly workers: number;
  /** Workers replaced after a timeout or crash since start. */
  readonly restarts: number;
  /** Jobs waiting for a worker. */
  readonly queued: number;
  /** Loaded templates and session models, summed over workers. */
  readonly templates: number;
  readonly sessions: number;
  /** Idle session models freed to stay under the per-worker cap (rebuilt from their logs on next use). */
  readonly evictions: number;
  /** Session models rebuilt from their logs because the worker lacked them (eviction, trap, restart). */
  readonly rebuilds: number;
  /** Engine failures contained since start; each failed only its own request. */
  readonly failures: {
    readonly trap: number;
    readonly timeout: number;
    readonly crash: number;
    readonly outOfMemory: number;
  };
  /** Milliseconds the workers reported computing, by request kind (`calculate`, `batch`, ...). */
  readonly engineMs: Readonly<Partial<Record<WorkerRequest['op'], number>>>;
  readonly resultCache: ResultCacheStats;
}

/**
 * The worker pool. Every method may reject with `ComputeError`; nothing else is expected.
 * Session jobs run on the worker that holds the session, in call order.
 */
export interface ComputePool {
  /**
   * Inputs → recalc → optional goal seek → outputs. In a session the inputs stay; otherwise
   * nothing does, and an identical earlier answer may be reused (never for volatile workbooks).
   */
  calculate(versionKey: string, job: CalculationJob, options?: CalculateOptions): Promise<CalculationResult>;
  /** Independent calculations from the same base state (published version or session state). */
  batch(
    versionKey: string,
    items: readonly { id: number; job: CalculationJob }[],
    options?: CalculateOptions,
  ): Promise<BatchItemResult[]>;
  /** Builds a session's model on a worker now, so the first call is warm. */
  openSession(versionKey: string, sessionId: string): Promise<void>;
  /** Frees a session's model; unknown ids are fine. */
  dropSession(sessionId: string): Promise<void>;
  /** The workbook's defined names, shapes and places. */
  namedRanges(versionKey: string): Promise<NamedRangeInfo[]>;
  /** Publish check: loads the file and compares every formula with Excel's cached value. */
  check(bytes: Uint8Array): Promise<PublishCheck>;
  stats(): Promise<PoolStats>;
  /** Terminates the workers; pending jobs reject. */
  close(): Promise<void>;
}

/** A job that failed for a reason the caller can act on (bad workbook, trap, timeout, ...). */
export class ComputeError extends Error {
  override readonly name = 'ComputeError';
  constructor(
    readonly code: FailureCode,
    message: string,
  ) {
    super(message);
  }
}
