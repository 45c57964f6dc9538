/**
 * The object graph of a running sheetport, built in one visible function: store → compute
 * pool → sessions and publishing → HTTP. Tests, the CLI and benchmarks all create the server
 * here and get one object with `start()` and `stop()`.
 */
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../api/deps.js';
import { buildHttpServer, type HttpServerOptions } from '../api/server.js';
import { LoginThrottle } from '../auth/throttle.js';
import { verifyToken } from '../auth/tokens.js';
import type { ComputePool } from '../compute/pool.js';
import { createWorkerPool } from '../compute/workerPool.js';
import type { Config } from '../config.js';
import { Publisher } from '../publishing/publisher.js';
import { SessionService } from '../sessions/sessionService.js';
import { withReadCache } from '../store/readCache.js';
import { createSqliteStore } from '../store/sqlite.js';
import type { Store } from '../store/store.js';
import { storePoolSources } from './poolSources.js';

/** A built server: its parts, and the one lifecycle callers need. */
export interface SheetportServer {
  readonly config: Config;
  readonly http: FastifyInstance;
  readonly store: Store;
  readonly compute: ComputePool;
  readonly sessions: SessionService;
  readonly publisher: Publisher;
  /** Starts listening and the background work; resolves to the base URL (`http://host:port`). */
  start(): Promise<string>;
  /** Stops accepting requests, lets running ones finish, then closes workers and the store. */
  stop(): Promise<void>;
}

/** Where the SQLite database lives inside the data directory. */
export function databaseFile(dataDir: string): string {
  return join(dataDir, 'sheetport.db');
}

/** Opens the data directory's store (migrating it) and the parts that do not serve HTTP. */
export async function createCore(config: Config) {
  const store = withReadCache(await createSqliteStore({ file: databaseFile(config.dataDir) }));
  try {
    const compute = await createWorkerPool({
      size: config.workerCount,
      timeoutMs: config.calcTimeoutMs,
      sources: storePoolSources(store),
      resourceLimits: { maxOldGenerationSizeMb: config.workerHeapMb },
      maxSessionModels: config.sessionModelsPerWorker,
      resultCacheBytes: config.resultCacheBytes,
    });
    return { store, compute, publisher: new Publisher(store, compute) };
  } catch (err) {
    await store.close();
    throw err;
  }
}

/** Builds the whole server from its configuration (not yet listening). */
export async function createServer(
  config: Config,
  options: HttpServerOptions = {},
): Promise<SheetportServer> {
  const { store, compute, publisher } = await createCore(config);
  const http: { app?: FastifyInstance } = {};
  const sessions = new SessionService({
    store,
    compute,
    idleSeconds: config.sessionIdleSeconds,
    maxPerClient: config.maxSessionsPerClient,
    maxPerApplication: config.maxSessionsPerApplication,
    onSweepError: (err) => http.app?.log.error({ err }, 'session sweep failed'),
  });
  const deps: ApiDeps = {
    store,
    compute,
    sessions,
    publisher,
    throttle: new LoginThrottle(),
    verifyToken: (token) => verifyToken(store, token),
    async findApplicationAccess(key) {
      const app = await store.getApplicationByKey(key, null);
      return app && { restricted: app.accessType !== 0, application: app };
    },
  };
  const app = buildHttpServer(config, deps, options);
  http.app = app;
  let started = false;
  return {
    config,
    http: app,
    store,
    compute,
    sessions,
    publisher,
    async start() {
      const url = await app.listen({ port: config.port, host: config.host });
      sessions.start();
      started = true;
      return url;
    },
    async stop() {
      if (started) await app.close();
      else await app.close().catch(() => {});
      await sessions.stop();
      await compute.close();
      await store.close();
    },
  };
}
