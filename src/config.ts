/**
 * Server configuration: every setting, its environment variable, its default and its check,
 * in one place. `loadConfig()` turns environment strings into a typed, validated `Config`.
 *
 * | variable                              | default     | meaning                                            |
 * |---------------------------------------|-------------|----------------------------------------------------|
 * | SHEETPORT_PORT                        | 8080        | TCP port (0 = any free port)                       |
 * | SHEETPORT_HOST                        | 0.0.0.0     | listen address (all interfaces: it is a server;    |
 * |                                       |             | set 127.0.0.1 to keep it on this machine)          |
 * | SHEETPORT_DATA                        | ./data      | data directory (SQLite file, published workbooks)  |
 * | SHEETPORT_BODY_LIMIT                  | 64MiB       | largest request body; bytes or 512KiB / 64MiB / 1GiB |
 * | SHEETPORT_TOKEN_LIFETIME_SECONDS      | 3600        | access-token lifetime                              |
 * | SHEETPORT_SESSION_IDLE_SECONDS        | 600         | a dedicated session expires after this idle time   |
 * | SHEETPORT_MAX_SESSIONS_PER_CLIENT     | 100         | open dedicated sessions per API client             |
 * | SHEETPORT_MAX_SESSIONS_PER_APPLICATION| 1000        | open dedicated sessions per application            |
 * | SHEETPORT_WORKERS                     | CPU cores   | calculation worker threads                         |
 * | SHEETPORT_CALC_TIMEOUT_MS             | 30000       | one calculation's time limit                       |
 * | SHEETPORT_WORKER_HEAP_MB              | 1024        | JavaScript heap limit of each worker; past it only |
 * |                                       |             | that worker dies (its request fails, it restarts)  |
 * | SHEETPORT_SESSION_MODELS_PER_WORKER   | 100         | live session models per worker; past it the least  |
 * |                                       |             | recently used idle ones are evicted (rebuilt from  |
 * |                                       |             | their logs on next use)                            |
 * | SHEETPORT_RESULT_CACHE                | 64MiB       | result cache of identical stateless calculations   |
 * |                                       |             | (non-volatile workbooks); a size, or `off`         |
 * | SHEETPORT_METRICS                     | true        | serve GET /metrics (Prometheus text format)        |
 * | SHEETPORT_BATCH_MAX_ITEMS             | 10000       | items in one GetBatchResults request               |
 * | SHEETPORT_RATE_LIMIT                  | 6000        | requests per window per client IP; `off` or 0 = off|
 * | SHEETPORT_RATE_LIMIT_WINDOW_SECONDS   | 60          | the rate-limit window                              |
 * | SHEETPORT_TRUST_PROXY                 | false       | take the client IP from X-Forwarded-For (set it    |
 * |                                       |             | behind a reverse proxy, or every caller shares one |
 * |                                       |             | rate-limit bucket)                                 |
 * | SHEETPORT_LOG_LEVEL                   | info        | fatal, error, warn, info, debug, trace or silent   |
 */
import { availableParallelism } from 'node:os';

/** Log levels the server understands (pino's). */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The validated server configuration. */
export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** Largest accepted request body in bytes (uploads are base64 .xlsx, ~4/3 of the file). */
  readonly bodyLimitBytes: number;
  readonly tokenLifetimeSeconds: number;
  readonly sessionIdleSeconds: number;
  readonly maxSessionsPerClient: number;
  readonly maxSessionsPerApplication: number;
  readonly workerCount: number;
  readonly calcTimeoutMs: number;
  /** V8 old-generation heap limit of each calculation worker (`resourceLimits`). */
  readonly workerHeapMb: number;
  /**
   * Live session models per worker. A count, not bytes: wasm memory never shrinks and no engine
   * reports a model's size, so a count is what can be enforced exactly; see docs/configuration.md.
   */
  readonly sessionModelsPerWorker: number;
  /** Bytes of the stateless result cache; 0 = off. */
  readonly resultCacheBytes: number;
  /** Serve `GET /metrics`. */
  readonly metricsEnabled: boolean;
  readonly batchMaxItems: number;
  /** Per-IP rate limit; `max` requests per `windowSeconds`. */
  readonly rateLimit: { readonly enabled: boolean; readonly max: number; readonly windowSeconds: number };
  readonly trustProxy: boolean;
  readonly logLevel: LogLevel;
}

/** Values set in code (tests, CLI flags); they win over the environment and are checked the same way. */
export type ConfigOverrides = {
  readonly [K in keyof Config]?: Config[K] extends object ? Partial<Config[K]> : Config[K];
};

/** A configuration value that cannot be used; the message names the variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

type Env = Readonly<Record<string, string | undefined>>;

const MAX_PORT = 65_535;
/** Below this a worker cannot even load the engine glue. */
const MIN_WORKER_HEAP_MB = 16;

/** Reads the configuration from `env` (default `process.env`), applies `overrides`, validates all. */
export function loadConfig(env: Env = process.env, overrides: ConfigOverrides = {}): Config {
  const rateMax = readRateLimit(env, 'SHEETPORT_RATE_LIMIT', 6000);
  const fromEnv: Config = {
    port: readInt(env, 'SHEETPORT_PORT', 8080, 0, MAX_PORT),
    host: readString(env, 'SHEETPORT_HOST', '0.0.0.0'),
    dataDir: readString(env, 'SHEETPORT_DATA', './data'),
    bodyLimitBytes: readBytes(env, 'SHEETPORT_BODY_LIMIT', 64 * 1024 * 1024),
    tokenLifetimeSeconds: readInt(env, 'SHEETPORT_TOKEN_LIFETIME_SECONDS', 3600, 1),
    sessionIdleSeconds: readInt(env, 'SHEETPORT_SESSION_IDLE_SECONDS', 600, 1),
    maxSessionsPerClient: readInt(env, 'SHEETPORT_MAX_SESSIONS_PER_CLIENT', 100, 1),
    maxSessionsPerApplication: readInt(env, 'SHEETPORT_MAX_SESSIONS_PER_APPLICATION', 1000, 1),
    workerCount: readInt(env, 'SHEETPORT_WORKERS', availableParallelism(), 1, 1024),
    calcTimeoutMs: readInt(env, 'SHEETPORT_CALC_TIMEOUT_MS', 30_000, 1),
    workerHeapMb: readInt(env, 'SHEETPORT_WORKER_HEAP_MB', 1024, MIN_WORKER_HEAP_MB),
    sessionModelsPerWorker: readInt(env, 'SHEETPORT_SESSION_MODELS_PER_WORKER', 100, 1),
    resultCacheBytes: readCacheSize(env, 'SHEETPORT_RESULT_CACHE', 64 * 1024 * 1024),
    metricsEnabled: readBool(env, 'SHEETPORT_METRICS', true),
    batchMaxItems: readInt(env, 'SHEETPORT_BATCH_MAX_ITEMS', 10_000, 1),
    rateLimit: {
      enabled: rateMax > 0,
      max: rateMax > 0 ? rateMax : 6000,
      windowSeconds: readInt(env, 'SHEETPORT_RATE_LIMIT_WINDOW_SECONDS', 60, 1),
    },
    trustProxy: readBool(env, 'SHEETPORT_TRUST_PROXY', false),
    logLevel: readLogLevel(env, 'SHEETPORT_LOG_LEVEL', 'info'),
  };
  const config: Config = {
    ...fromEnv,
    ...(overrides as Partial<Config>),
    rateLimit: { ...fromEnv.rateLimit, ...overrides.rateLimit },
  };
  validate(config);
  return Object.freeze({ ...config, rateLimit: Object.freeze(config.rateLimit) });
}

/** Overrides bypass the string parsers, so the final object gets the same range checks. */
function validate(c: Config): void {
  checkInt('config.port', c.port, 0, MAX_PORT);
  checkString('config.host', c.host);
  checkString('config.dataDir', c.dataDir);
  checkInt('config.bodyLimitBytes', c.bodyLimitBytes, 1);
  checkInt('config.tokenLifetimeSeconds', c.tokenLifetimeSeconds, 1);
  checkInt('config.sessionIdleSeconds', c.sessionIdleSeconds, 1);
  checkInt('config.maxSessionsPerClient', c.maxSessionsPerClient, 1);
  checkInt('config.maxSessionsPerApplication', c.maxSessionsPerApplication, 1);
  checkInt('config.workerCount', c.workerCount, 1, 1024);
  checkInt('config.calcTimeoutMs', c.calcTimeoutMs, 1);
  checkInt('config.workerHeapMb', c.workerHeapMb, MIN_WORKER_HEAP_MB);
  checkInt('config.sessionModelsPerWorker', c.sessionModelsPerWorker, 1);
  checkInt('config.resultCacheBytes', c.resultCacheBytes, 0);
  if (typeof c.metricsEnabled !== 'boolean') fail('config.metricsEnabled', 'must be true or false');
  checkInt('config.batchMaxItems', c.batchMaxItems, 1);
  checkInt('config.rateLimit.max', c.rateLimit.max, 1);
  checkInt('config.rateLimit.windowSeconds', c.rateLimit.windowSeconds, 1);
  if (typeof c.rateLimit.enabled !== 'boolean') fail('config.rateLimit.enabled', 'must be true or false');
  if (typeof c.trustProxy !== 'boolean') fail('config.trustProxy', 'must be true or false');
  if (!(LOG_LEVELS as readonly unknown[]).includes(c.logLevel)) {
    fail('config.logLevel', `must be one of ${LOG_LEVELS.join(', ')}`);
  }
}

function fail(name: string, problem: string, raw?: string): never {
  const got = raw === undefined ? '' : ` (got ${JSON.stringify(raw)})`;
  throw new ConfigError(`${name} ${problem}${got}.`);
}

/** Unset and blank both mean "use the default", so `FOO= sheetport` does not break startup. */
function raw(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function rangeText(min: number, max: number): string {
  return max === Number.MAX_SAFE_INTEGER
    ? `an integer of at least ${min}`
    : `an integer from ${min} to ${max}`;
}

function checkInt(name: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): void {
  if (!Number.isSafeInteger(value) || value < min || value > max)
    fail(name, `must be ${rangeText(min, max)}`);
}

function checkString(name: string, value: string): void {
  if (typeof value !== 'string' || value.trim() === '') fail(name, 'must be a non-empty string');
}

function readString(env: Env, name: string, fallback: string): string {
  return raw(env, name) ?? fallback;
}

function readInt(
  env: Env,
  name: string,
  fallback: number,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const text = raw(env, name);
  if (text === undefined) return fallback;
  const value = /^[+]?\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max)
    fail(name, `must be ${rangeText(min, max)}`, text);
  return value;
}

function readBool(env: Env, name: string, fallback: boolean): boolean {
  const text = raw(env, name)?.toLowerCase();
  if (text === undefined) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(text)) return true;
  if (['0', 'false', 'no', 'off'].includes(text)) return false;
  return fail(name, 'must be true or false', text);
}

function readLogLevel(env: Env, name: string, fallback: LogLevel): LogLevel {
  const text = raw(env, name)?.toLowerCase();
  if (text === undefined) return fallback;
  const level = LOG_LEVELS.find((l) => l === text);
  return level ?? fail(name, `must be one of ${LOG_LEVELS.join(', ')}`, text);
}

/** `off`/`false`/`0` disable the limit (returns 0); otherwise a positive request count. */
function readRateLimit(env: Env, name: string, fallback: number): number {
  const text = raw(env, name)?.toLowerCase();
  if (text === undefined) return fallback;
  if (text === 'off' || text === 'false' || text === 'no') return 0;
  return readInt(env, name, fallback, 0);
}

/** `off`/`false`/`no`/`0` disable the cache (returns 0); otherwise a size like `SHEETPORT_BODY_LIMIT`. */
function readCacheSize(env: Env, name: string, fallback: number): number {
  const text = raw(env, name)?.toLowerCase();
  if (text === undefined) return fallback;
  if (['off', 'false', 'no', '0'].includes(text)) return 0;
  return readBytes(env, name, fallback);
}

const BYTE_UNITS: Readonly<Record<string, number>> = {
  '': 1,
  b: 1,
  k: 1024,
  kb: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
};

/** A byte count, plain or with a binary unit (`KB` and `KiB` both mean 1024: no one means 1000 here). */
function readBytes(env: Env, name: string, fallback: number): number {
  const text = raw(env, name);
  if (text === undefined) return fallback;
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text);
  const unit = match ? BYTE_UNITS[(match[2] ?? '').toLowerCase()] : undefined;
  const value = match && unit !== undefined ? Math.floor(Number(match[1]) * unit) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < 1) {
    fail(name, 'must be a positive size in bytes, optionally with a unit (KiB, MiB, GiB)', text);
  }
  return value;
}
