/**
 * One place in the worker pool: a worker thread, the jobs pinned to it and the job it runs.
 * It runs one job at a time, answers NEED_TEMPLATE / NEED_SESSION by fetching and resending,
 * and after a timeout or a crash puts a fresh worker in the same place with the same queue.
 */
import { Worker } from 'node:worker_threads';
import { ComputeError, type PoolSources } from './pool.js';
import type { WorkerEnvelope, WorkerRequest, WorkerResponse } from './protocol.js';
import type { WorkerData } from './worker.js';

// Compiled, this module is .js and so is the worker; under tsx (tests, `npm run sheetport`) both are .ts.
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const WORKER_URL = new URL(FROM_SOURCE ? './worker.ts' : './worker.js', import.meta.url);

const WORKER_LOST = 'The calculation worker stopped unexpectedly.';
const SOURCE_FAILED = 'The workbook or session data needed for this calculation could not be loaded.';

/** A session's input log as the pool's sources give it. */
export type SessionLog = Awaited<ReturnType<PoolSources['sessionLog']>>;

/** A request waiting for a worker, with the promise it settles. */
export interface Job {
  readonly request: WorkerRequest;
  readonly resolve: (value: unknown) => void;
  readonly reject: (err: ComputeError) => void;
  /** Send the session log with the first request (openSession must not start from nothing). */
  readonly preloadLog?: boolean;
  /** The error that makes this job pointless (a sibling batch chunk failed), if any. */
  readonly abandoned?: () => ComputeError | undefined;
}

/** What a slot needs from its pool. */
export interface SlotHost {
  readonly timeoutMs: number;
  readonly workerData: WorkerData;
  isClosed(): boolean;
  /** The next job of the shared queue; a slot takes one only when its pinned queue is empty. */
  takeShared(): Job | undefined;
  versionBytes(key: string): Promise<Uint8Array>;
  sessionLog(sessionId: string): Promise<SessionLog>;
  /** Counts a worker replacement. */
  restarted(): void;
}

/** A job given to the worker; it keeps the worker until answered, refills included. */
interface Running {
  readonly job: Job;
  request: WorkerRequest;
  id: number;
  timer?: NodeJS.Timeout;
  /** What was already resent: a second NEED_* for it is a bug, not a loop. */
  readonly gave: Set<'bytes' | 'log'>;
}

/** The message of a TIMEOUT failure: `...within 30 seconds.`, `...within 1 second.`. */
export function timeoutMessage(timeoutMs: number): string {
  const s = timeoutMs / 1000;
  const n = s >= 10 ? Math.round(s) : Number(s.toPrecision(2));
  return `The calculation did not finish within ${n} ${n === 1 ? 'second' : 'seconds'}.`;
}

/** One worker thread and its queue of pinned jobs. */
export class WorkerSlot {
  readonly pinned: Job[] = [];
  /** What the worker holds, mirrored from its answers so stats never wait behind a long job. */
  templates = new Set<string>();
  sessions = new Set<string>();
  /** Settles when the first worker is ready, or rejects if it dies before (the pool fails to start). */
  readonly started: Promise<void>;
  #firstStart?: { resolve(): void; reject(err: Error): void };
  #worker: Worker;
  #ready = false;
  #running?: Running;
  #nextId = 1;
  #startFailures = 0;
  #respawn?: NodeJS.Timeout;

  constructor(
    readonly index: number,
    private readonly host: SlotHost,
  ) {
    this.started = new Promise((resolve, reject) => {
      this.#firstStart = { resolve, reject };
    });
    this.#worker = this.#launch();
  }

  /** Gives the worker its next job if it is idle: pinned work first, then the shared queue. */
  pump(): void {
    if (this.host.isClosed() || !this.#ready || this.#running) return;
    let job: Job | undefined;
    for (;;) {
      job = this.pinned.shift() ?? this.host.takeShared();
      const reason = job?.abandoned?.();
      if (!reason) break;
      job?.reject(reason);
    }
    if (!job) return;
    const run: Running = { job, request: job.request, id: 0, gave: new Set() };
    this.#running = run;
    if (job.preloadLog) void this.#refill(run, 'log');
    else this.#send(run);
  }

  /** Rejects the running and pinned jobs with `err` and terminates the worker. */
  async close(err: () => ComputeError): Promise<void> {
    clearTimeout(this.#respawn);
    const run = this.#running;
    this.#running = undefined;
    if (run) {
      clearTimeout(run.timer);
      run.job.reject(err());
    }
    for (const job of this.pinned.splice(0)) job.reject(err());
    await this.#worker.terminate().catch(() => 0);
  }

  #send(run: Running): void {
    run.id = this.#nextId++;
    run.timer = setTimeout(() => this.#onTimeout(run), this.host.timeoutMs);
    try {
      this.#worker.postMessage({ ...run.request, id: run.id } satisfies WorkerEnvelope);
    } catch (err) {
      clearTimeout(run.timer);
      console.error('sheetport compute: a request could not be sent to a worker', err);
      this.#finish(() => run.job.reject(new ComputeError('INTERNAL', WORKER_LOST)));
    }
  }

  #onAnswer(res: WorkerResponse): void {
    const run = this.#running;
    if (!run || run.id !== res.id) return;
    clearTimeout(run.timer);
    if (res.ok) {
      this.#track(run.request);
      this.#finish(() => run.job.resolve(res.value));
      return;
    }
    const { code, message } = res.failure;
    const lack = code === 'NEED_TEMPLATE' ? 'bytes' : code === 'NEED_SESSION' ? 'log' : undefined;
    if (lack && !run.gave.has(lack)) {
      void this.#refill(run, lack);
      return;
    }
    let error = new ComputeError(code, message);
    if (code === 'TRAP') {
      // The worker dropped every model with the poisoned engine; they come back on demand.
      this.templates.clear();
      this.sessions.clear();
    } else if (code === 'BAD_INPUT') {
      this.#track(run.request);
    } else if (lack) {
      console.error(`sheetport compute: worker ${this.index} asked twice (${code}) for ${message}`);
      error = new ComputeError('INTERNAL', 'The calculation failed because of an internal error.');
    }
    this.#finish(() => run.job.reject(error));
  }

  /** Fetches what the worker lacks and sends the request again to the same worker. */
  async #refill(run: Running, lack: 'bytes' | 'log'): Promise<void> {
    const req = run.request;
    run.gave.add(lack);
    try {
      if (lack === 'bytes' && 'version' in req) {
        const bytes = await this.host.versionBytes(req.version.key);
        run.request = { ...req, version: { key: req.version.key, bytes } };
      } else if (lack === 'log' && 'session' in req && req.session) {
        const log = await this.host.sessionLog(req.session.id);
        run.request = { ...req, session: { id: req.session.id, log } };
      }
    } catch (err) {
      if (this.#running === run) this.#finish(() => run.job.reject(sourceError(err)));
      return;
    }
    // The worker may have been replaced, or the pool closed, while the source was read.
    if (this.#running === run && !this.host.isClosed()) this.#send(run);
  }

  #finish(settle: () => void): void {
    this.#running = undefined;
    settle();
    this.pump();
  }

  #track(req: WorkerRequest): void {
    if (req.op === 'dropSession') this.sessions.delete(req.sessionId);
    if ('version' in req) this.templates.add(req.version.key);
    if ('session' in req && req.session) this.sessions.add(req.session.id);
  }

  #onTimeout(run: Running): void {
    if (this.#running !== run) return;
    this.#running = undefined;
    const stuck = this.#worker;
    // Replace first: the stuck worker's exit event is then ignored as stale.
    this.#replace();
    stuck.terminate().catch(() => 0);
    run.job.reject(new ComputeError('TIMEOUT', timeoutMessage(this.host.timeoutMs)));
  }

  #launch(): Worker {
    const worker = startWorker(this.host.workerData);
    const current = () => this.#worker === worker && !this.host.isClosed();
    worker.on('message', (res: WorkerResponse) => {
      if (!current()) return;
      if (res.id === 0) this.#onReady();
      else this.#onAnswer(res);
    });
    worker.on('error', (err) => console.error(`sheetport compute: worker ${this.index} failed:`, err));
    worker.on('exit', (code) => {
      if (current()) this.#onExit(code);
    });
    return worker;
  }

  #onReady(): void {
    this.#ready = true;
    this.#startFailures = 0;
    this.#firstStart?.resolve();
    this.#firstStart = undefined;
    this.pump();
  }

  /** The worker died on its own (crash, out of memory): fail its job, replace it. */
  #onExit(code: number): void {
    const wasReady = this.#ready;
    this.#ready = false;
    if (this.#firstStart) {
      this.#firstStart.reject(new Error(`A calculation worker exited with code ${code} while starting.`));
      this.#firstStart = undefined;
      return;
    }
    const run = this.#running;
    this.#running = undefined;
    if (run) {
      clearTimeout(run.timer);
      run.job.reject(new ComputeError('INTERNAL', WORKER_LOST));
    }
    if (wasReady) {
      this.#replace();
      return;
    }
    // It died while starting: fail what waits for it rather than hang, and retry with backoff.
    this.#startFailures++;
    for (const job of this.pinned.splice(0)) job.reject(new ComputeError('INTERNAL', WORKER_LOST));
    this.#respawn = setTimeout(() => this.#replace(), Math.min(30_000, 250 * 2 ** this.#startFailures));
  }

  /** A fresh worker in the same place; the queue stays, session models are rebuilt on demand. */
  #replace(): void {
    if (this.host.isClosed()) return;
    this.host.restarted();
    this.#ready = false;
    this.templates = new Set();
    this.sessions = new Set();
    this.#worker = this.#launch();
  }
}

/**
 * Node 20 applies no `--import` loader hooks to a worker's entry module, so under tsx the
 * worker starts from a tiny script that registers tsx in its own thread, then imports the .ts.
 */
function startWorker(workerData: WorkerData): Worker {
  if (!FROM_SOURCE) return new Worker(WORKER_URL, { workerData });
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const code = `import(${tsx}).then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER_URL.href)}); });`;
  return new Worker(code, { eval: true, workerData });
}

/** A source's own ComputeError passes through; anything else is logged and made generic. */
function sourceError(err: unknown): ComputeError {
  if (err instanceof ComputeError) return err;
  console.error('sheetport compute: a pool source failed', err);
  return new ComputeError('INTERNAL', SOURCE_FAILED);
}
