/**
 * One place in the worker pool: a worker thread, the jobs pinned to it and the job it runs.
 * It gives the worker one job at a time, plus at most one stateless calculation queued behind
 * it (so the worker never idles while the main thread is busy with HTTP); it answers
 * NEED_TEMPLATE / NEED_SESSION by fetching and resending, and after a timeout or a crash puts a
 * fresh worker in the same place with the same queue. The time limit runs only for the job the
 * worker is computing, so a job waiting behind another is never blamed for it.
 */
import { type ResourceLimits, Worker } from 'node:worker_threads';
import { ComputeError, type PoolSources } from './pool.js';
import type { WorkerEnvelope, WorkerRequest, WorkerResponse } from './protocol.js';
import type { WorkerData } from './worker.js';

// Compiled, this module is .js and so is the worker; under tsx (tests, `npm run sheetport`) both are .ts.
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const WORKER_URL = new URL(FROM_SOURCE ? './worker.ts' : './worker.js', import.meta.url);

const WORKER_LOST = 'The calculation worker stopped unexpectedly.';
const OUT_OF_MEMORY =
  'The calculation needed more memory than a calculation worker may use and was stopped; nothing was saved.';
const SOURCE_FAILED = 'The workbook or session data needed for this calculation could not be loaded.';

/** A session's input log as the pool's sources give it. */
export type SessionLog = Awaited<ReturnType<PoolSources['sessionLog']>>;

/** A request waiting for a worker, with the promise it settles. */
export interface Job {
  readonly request: WorkerRequest;
  /** `volatile`: the worker's word on whether a stateless calculation may be cached. */
  readonly resolve: (value: unknown, volatile?: boolean) => void;
  readonly reject: (err: ComputeError) => void;
  /** Send the session log with the first request (openSession must not start from nothing). */
  readonly preloadLog?: boolean;
  /** The error that makes this job pointless (a sibling batch chunk failed), if any. */
  readonly abandoned?: () => ComputeError | undefined;
}

/** What a slot reports for the pool's counters. */
export type SlotEvent = 'restart' | 'trap' | 'timeout' | 'crash' | 'outOfMemory' | 'rebuild';

/** What a slot needs from its pool. */
export interface SlotHost {
  readonly timeoutMs: number;
  readonly workerData: WorkerData;
  /** V8 heap limits of each worker: a runaway job then kills only its worker. */
  readonly resourceLimits?: ResourceLimits;
  /** Live session models per worker before the least recently used idle ones are evicted. */
  readonly maxSessionModels: number;
  isClosed(): boolean;
  /**
   * The next job of the shared queue (only if `accept` takes it); a slot takes one only when
   * its pinned queue is empty.
   */
  takeShared(accept?: (job: Job) => boolean): Job | undefined;
  /** Puts a job that did not run back at the front of the shared queue. */
  returnShared(job: Job): void;
  versionBytes(key: string): Promise<Uint8Array>;
  sessionLog(sessionId: string): Promise<SessionLog>;
  report(event: SlotEvent): void;
  /** Engine time of one answer, by request kind. */
  engineTime(op: WorkerRequest['op'], ms: number): void;
  /** Frees an idle session model of this slot's worker (the pool unpins it and queues a drop). */
  evict(slot: WorkerSlot, sessionId: string): void;
}

/** A job given to the worker; it keeps the worker until answered, refills included. */
interface Running {
  readonly job: Job;
  request: WorkerRequest;
  id: number;
  timer?: NodeJS.Timeout;
  /** Came from this slot's pinned queue (else from the shared one): where it goes back if it never ran. */
  readonly pinned: boolean;
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
  /**
   * What the worker holds, mirrored from its answers so stats never wait behind a long job.
   * `sessions` is in least-recently-used order (a use moves an id to the end).
   */
  templates = new Set<string>();
  sessions = new Set<string>();
  /** Settles when the first worker is ready, or rejects if it dies before (the pool fails to start). */
  readonly started: Promise<void>;
  #firstStart?: { resolve(): void; reject(err: Error): void };
  #worker: Worker;
  #ready = false;
  /** The job this slot runs (being computed, queued in the worker, or waiting for a source). */
  #running?: Running;
  /** A stateless calculation sent behind `#running` so the worker has its next job at hand. */
  #extra?: Running;
  /** Messages posted and not yet answered, in the order the worker computes them. */
  readonly #posted: Running[] = [];
  #nextId = 1;
  #startFailures = 0;
  #respawn?: NodeJS.Timeout;
  /** The current worker's 'error' event, read when it exits (out of memory or a crash). */
  #lastError?: Error;

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
    if (this.host.isClosed() || !this.#ready) return;
    if (this.#running) {
      this.#pipeline();
      return;
    }
    let job: Job | undefined;
    let pinned = false;
    for (;;) {
      pinned = this.pinned.length > 0;
      job = this.pinned.shift() ?? this.host.takeShared();
      const reason = job?.abandoned?.();
      if (!reason) break;
      job?.reject(reason);
    }
    if (!job) return;
    const run: Running = { job, request: job.request, id: 0, gave: new Set(), pinned };
    this.#running = run;
    if (job.preloadLog) void this.#refill(run, 'log');
    else this.#send(run);
    this.#pipeline();
  }

  /**
   * Sends one stateless calculation behind the running job when nothing can go wrong with the
   * order: no pinned work waits (it comes first), and the worker already holds its template.
   */
  #pipeline(): void {
    if (this.#extra || this.pinned.length > 0 || this.#posted.length !== 1) return;
    const job = this.host.takeShared(
      (j) =>
        j.request.op === 'calculate' &&
        j.request.session === undefined &&
        !j.abandoned &&
        this.templates.has(j.request.version.key),
    );
    if (!job) return;
    const run: Running = { job, request: job.request, id: 0, gave: new Set(), pinned: false };
    this.#extra = run;
    this.#send(run);
  }

  /** Rejects the running and pinned jobs with `err` and terminates the worker. */
  async close(err: () => ComputeError): Promise<void> {
    clearTimeout(this.#respawn);
    for (const run of [this.#running, this.#extra]) {
      if (!run) continue;
      clearTimeout(run.timer);
      run.job.reject(err());
    }
    this.#running = this.#extra = undefined;
    this.#posted.length = 0;
    for (const job of this.pinned.splice(0)) job.reject(err());
    await this.#worker.terminate().catch(() => 0);
  }

  #send(run: Running): void {
    run.id = this.#nextId++;
    try {
      this.#worker.postMessage({ ...run.request, id: run.id } satisfies WorkerEnvelope);
    } catch (err) {
      console.error('sheetport compute: a request could not be sent to a worker', err);
      this.#settle(run, () => run.job.reject(new ComputeError('INTERNAL', WORKER_LOST)));
      return;
    }
    this.#posted.push(run);
    if (this.#posted.length === 1) this.#arm(run);
  }

  /** Starts the time limit of the job the worker computes now. */
  #arm(run: Running): void {
    run.timer = setTimeout(() => this.#onTimeout(run), this.host.timeoutMs);
  }

  #onAnswer(res: WorkerResponse): void {
    // The worker answers in the order it was sent to; anything else is from a replaced worker.
    const run = this.#posted[0];
    if (!run || run.id !== res.id) return;
    this.#posted.shift();
    clearTimeout(run.timer);
    const next = this.#posted[0];
    if (next) this.#arm(next);
    this.host.engineTime(run.request.op, res.engineMs);
    if (run === this.#extra && !res.ok && res.failure.code.startsWith('NEED_')) {
      // The template went away (a trap before it): let any worker run it from scratch.
      this.#extra = undefined;
      this.host.returnShared(run.job);
      return;
    }
    if (res.ok) {
      this.#track(run.request);
      this.#settle(run, () => run.job.resolve(res.value, res.volatile));
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
      this.host.report('trap');
      // The worker dropped every model with the poisoned engine; they come back on demand.
      this.templates.clear();
      this.sessions.clear();
    } else if (code === 'BAD_INPUT') {
      this.#track(run.request);
    } else if (lack) {
      console.error(`sheetport compute: worker ${this.index} asked twice (${code}) for ${message}`);
      error = new ComputeError('INTERNAL', 'The calculation failed because of an internal error.');
    }
    this.#settle(run, () => run.job.reject(error));
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
        // Asked for by the worker (not preloaded by openSession): the model was gone.
        if (req.op !== 'openSession') this.host.report('rebuild');
        const log = await this.host.sessionLog(req.session.id);
        run.request = { ...req, session: { id: req.session.id, log } };
      }
    } catch (err) {
      if (this.#running === run) this.#settle(run, () => run.job.reject(sourceError(err)));
      return;
    }
    // The worker may have been replaced, or the pool closed, while the source was read.
    if (this.#running === run && !this.host.isClosed()) {
      this.#send(run);
      this.#pipeline();
    }
  }

  /** Ends a job: the pipelined one, if any, becomes the running one; then the next is taken. */
  #settle(run: Running, settle: () => void): void {
    if (run === this.#extra) this.#extra = undefined;
    else if (run === this.#running) {
      this.#running = this.#extra;
      this.#extra = undefined;
    }
    settle();
    this.pump();
  }

  /** After a timeout or a crash: jobs the lost worker never started go back to their queues. */
  #requeueUnstarted(except: Running | undefined): void {
    const runs = [this.#running, this.#extra].filter((r): r is Running => r !== undefined && r !== except);
    this.#running = this.#extra = undefined;
    this.#posted.length = 0;
    for (const run of runs.reverse()) {
      clearTimeout(run.timer);
      if (run.pinned) this.pinned.unshift(run.job);
      else this.host.returnShared(run.job);
    }
  }

  #track(req: WorkerRequest): void {
    if (req.op === 'dropSession') this.sessions.delete(req.sessionId);
    if ('version' in req) this.templates.add(req.version.key);
    if ('session' in req && req.session) {
      this.sessions.delete(req.session.id);
      this.sessions.add(req.session.id);
      if (this.sessions.size > this.host.maxSessionModels) this.#evictIdle(req.session.id);
    }
  }

  /**
   * Over the cap: evicts the least recently used session models that no queued job needs. The
   * session's row and log stay in the store, so its next call rebuilds the model transparently.
   */
  #evictIdle(current: string): void {
    let excess = this.sessions.size - this.host.maxSessionModels;
    const busy = new Set<string>([current]);
    for (const job of this.pinned) {
      if ('session' in job.request && job.request.session) busy.add(job.request.session.id);
    }
    for (const id of this.sessions) {
      if (excess <= 0) break;
      if (busy.has(id)) continue;
      excess--;
      this.sessions.delete(id);
      this.host.evict(this, id);
    }
  }

  #onTimeout(run: Running): void {
    if (this.#posted[0] !== run) return;
    const stuck = this.#worker;
    // Replace first: the stuck worker's exit event is then ignored as stale, and nothing
    // requeued below can be sent to it.
    this.#replace();
    this.#requeueUnstarted(run);
    stuck.terminate().catch(() => 0);
    this.host.report('timeout');
    // The worker computed until now; count it, or engine time would hide the slowest jobs.
    this.host.engineTime(run.request.op, this.host.timeoutMs);
    run.job.reject(new ComputeError('TIMEOUT', timeoutMessage(this.host.timeoutMs)));
  }

  #launch(): Worker {
    const worker = startWorker(this.host.workerData, this.host.resourceLimits);
    this.#lastError = undefined;
    const current = () => this.#worker === worker && !this.host.isClosed();
    worker.on('message', (res: WorkerResponse) => {
      if (!current()) return;
      if (res.id === 0) this.#onReady();
      else this.#onAnswer(res);
    });
    worker.on('error', (err) => {
      if (current()) this.#lastError = err;
      console.error(`sheetport compute: worker ${this.index} failed:`, err);
    });
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
    // The job being computed is the one that died with the worker; the others never started.
    const run = this.#posted[0] ?? this.#running;
    this.#requeueUnstarted(run);
    if (run) {
      clearTimeout(run.timer);
      run.job.reject(this.#lostError());
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

  /** Why the worker died: its heap limit (a clear message for the caller) or anything else. */
  #lostError(): ComputeError {
    const oom = (this.#lastError as NodeJS.ErrnoException | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY';
    this.host.report(oom ? 'outOfMemory' : 'crash');
    return oom ? new ComputeError('MEMORY', OUT_OF_MEMORY) : new ComputeError('INTERNAL', WORKER_LOST);
  }

  /** A fresh worker in the same place; the queue stays, session models are rebuilt on demand. */
  #replace(): void {
    if (this.host.isClosed()) return;
    this.host.report('restart');
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
function startWorker(workerData: WorkerData, resourceLimits: ResourceLimits | undefined): Worker {
  if (!FROM_SOURCE) return new Worker(WORKER_URL, { workerData, resourceLimits });
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const code = `import(${tsx}).then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER_URL.href)}); });`;
  return new Worker(code, { eval: true, workerData, resourceLimits });
}

/** A source's own ComputeError passes through; anything else is logged and made generic. */
function sourceError(err: unknown): ComputeError {
  if (err instanceof ComputeError) return err;
  console.error('sheetport compute: a pool source failed', err);
  return new ComputeError('INTERNAL', SOURCE_FAILED);
}
