/**
 * Dedicated sessions (spec §6, ARCHITECTURE "Dedicated sessions are durable"). A session's
 * truth is its store row plus its ordered input log; the model in a worker is a cache the pool
 * rebuilds from that log whenever it is missing. Every call on one session runs alone, in
 * arrival order; expired sessions are closed by a background sweep.
 */
import type { Principal } from '../auth/principal.js';
import type { ComputePool } from '../compute/pool.js';
import type {
  BatchItemResult,
  CalculationJob,
  CalculationResult,
  SessionLogEntry,
} from '../compute/protocol.js';
import type { Store } from '../store/store.js';
import type { Application, Session } from '../store/types.js';
import { KeyedQueue } from './keyedQueue.js';
import { versionKey } from './versionKey.js';

/** Why a session call was refused. `invalid` never says which of its causes applied (spec §6). */
export type SessionProblem =
  | { readonly kind: 'invalid' }
  | { readonly kind: 'clientLimit'; readonly limit: number }
  | { readonly kind: 'applicationLimit'; readonly limit: number };

/** A refused session call; the API layer turns it into its message. */
export class SessionError extends Error {
  override readonly name = 'SessionError';
  constructor(readonly problem: SessionProblem) {
    super(`session refused: ${problem.kind}`);
  }
}

/** Settings of the session service (from the server configuration). */
export interface SessionServiceOptions {
  readonly store: Store;
  readonly compute: ComputePool;
  /** Default idle time before a session expires; an application may override it. */
  readonly idleSeconds: number;
  readonly maxPerClient: number;
  /** Default open-session limit per application; an application may override it. */
  readonly maxPerApplication: number;
  /** How often expired sessions are swept (default 30 s). */
  readonly sweepIntervalMs?: number;
  /** The clock (tests move it). */
  readonly now?: () => Date;
  /** Where sweep failures are reported. */
  readonly onSweepError?: (err: unknown) => void;
}

/** Opens, runs, closes and expires dedicated sessions. */
export class SessionService {
  readonly #store: Store;
  readonly #compute: ComputePool;
  readonly #options: SessionServiceOptions;
  readonly #now: () => Date;
  /** One call at a time per session, in arrival order. */
  readonly #calls = new KeyedQueue();
  /** Opening counts then inserts; one opening at a time keeps the limits exact. */
  readonly #opening = new KeyedQueue();
  #sweeper: NodeJS.Timeout | undefined;

  constructor(options: SessionServiceOptions) {
    this.#store = options.store;
    this.#compute = options.compute;
    this.#options = options;
    this.#now = options.now ?? (() => new Date());
  }

  /** Opens a session on the application's latest version and warms its model. */
  async open(principal: Principal, app: Application): Promise<Session> {
    const session = await this.#opening.run('open', async () => {
      const perClient = this.#options.maxPerClient;
      if ((await this.#store.countOpenSessions({ clientId: principal.clientId })) >= perClient)
        throw new SessionError({ kind: 'clientLimit', limit: perClient });
      const perApp = app.maxSessions ?? this.#options.maxPerApplication;
      if ((await this.#store.countOpenSessions({ applicationId: app.id })) >= perApp)
        throw new SessionError({ kind: 'applicationLimit', limit: perApp });
      const idleMinutes = app.sessionExpiryMinutes;
      const created = await this.#store.createSession({
        siteId: app.siteId,
        applicationId: app.id,
        version: app.latestVersion,
        ownerClientId: principal.clientId,
        idleTimeoutMs: idleMinutes === null ? this.#options.idleSeconds * 1000 : idleMinutes * 60_000,
      });
      if (created === null) throw new SessionError({ kind: 'invalid' });
      return created;
    });
    try {
      await this.#compute.openSession(versionKey(session.applicationId, session.version), session.id);
    } catch (err) {
      // A session whose workbook cannot even load is useless: do not leave it open.
      await this.#store.closeSession(session.id);
      throw err;
    }
    return session;
  }

  /** One calculation in the session; its inputs (and a goal-seek solution) stay for later calls. */
  async calculate(
    sessionId: string,
    principal: Principal,
    app: Application,
    job: CalculationJob,
    culture?: string,
  ): Promise<CalculationResult> {
    return this.#run(sessionId, principal, app, async (session) => {
      const key = versionKey(session.applicationId, session.version);
      const result = await this.#compute.calculate(key, job, { session: sessionId, culture });
      if (result.applied.length > 0) await this.#record(sessionId, { inputs: result.applied, culture });
      return result;
    });
  }

  /** Independent calculations from the session's state; the session itself does not change. */
  async batch(
    sessionId: string,
    principal: Principal,
    app: Application,
    items: readonly { id: number; job: CalculationJob }[],
    culture?: string,
  ): Promise<BatchItemResult[]> {
    return this.#run(sessionId, principal, app, (session) =>
      this.#compute.batch(versionKey(session.applicationId, session.version), items, {
        session: sessionId,
        culture,
      }),
    );
  }

  /** Closes a session of the caller's; false (the invalid-session answer) otherwise. */
  async close(sessionId: string, principal: Principal, app: Application): Promise<boolean> {
    return this.#calls.run(sessionId, async () => {
      const session = await this.#store.getSession(sessionId);
      if (!session || !this.#usable(session, principal, app)) return false;
      const closed = await this.#store.closeSession(sessionId, principal.clientId);
      if (closed) await this.#compute.dropSession(sessionId);
      return closed;
    });
  }

  /** Closes every expired session and frees its model; returns how many. */
  async sweep(): Promise<number> {
    const closed = await this.#store.closeExpired(this.#now());
    for (const id of closed) await this.#compute.dropSession(id);
    return closed.length;
  }

  /** Starts the background sweep. */
  start(): void {
    if (this.#sweeper) return;
    this.#sweeper = setInterval(() => {
      this.sweep().catch((err: unknown) => this.#options.onSweepError?.(err));
    }, this.#options.sweepIntervalMs ?? 30_000);
    this.#sweeper.unref();
  }

  /** Stops the background sweep and waits for running calls to finish. */
  async stop(): Promise<void> {
    clearInterval(this.#sweeper);
    this.#sweeper = undefined;
    await this.#calls.idle();
  }

  /** Checks the session, runs `fn` alone, then records the call (idle clock restarts). */
  #run<T>(sessionId: string, principal: Principal, app: Application, fn: (s: Session) => Promise<T>) {
    return this.#calls.run(sessionId, async () => {
      const session = await this.#store.getSession(sessionId);
      if (!session || !this.#usable(session, principal, app)) throw new SessionError({ kind: 'invalid' });
      const result = await fn(session);
      await this.#store.touchSession(sessionId, this.#now());
      return result;
    });
  }

  /** Open, unexpired, the caller's own, and of this application (which implies the same site). */
  #usable(session: Session, principal: Principal, app: Application): boolean {
    return (
      session.closedAt === null &&
      session.expiresAt.getTime() > this.#now().getTime() &&
      session.ownerClientId === principal.clientId &&
      session.siteId === principal.siteId &&
      session.applicationId === app.id
    );
  }

  /**
   * Appends a call's inputs to the log. If that fails, the worker's model already holds inputs
   * the log lacks, so it is dropped: the next call rebuilds it from the log as stored.
   */
  async #record(sessionId: string, entry: SessionLogEntry): Promise<void> {
    try {
      await this.#store.appendSessionInput(sessionId, JSON.stringify(entry));
    } catch (err) {
      await this.#compute.dropSession(sessionId).catch(() => {});
      throw err;
    }
  }
}
