import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { describe, test } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('loadConfig', () => {
  test('defaults', () => {
    assert.deepEqual(loadConfig({}), {
      port: 8080,
      host: '0.0.0.0',
      dataDir: './data',
      bodyLimitBytes: 64 * 1024 * 1024,
      tokenLifetimeSeconds: 3600,
      sessionIdleSeconds: 600,
      maxSessionsPerClient: 100,
      maxSessionsPerApplication: 1000,
      workerCount: availableParallelism(),
      calcTimeoutMs: 30_000,
      workerHeapMb: 1024,
      sessionModelsPerWorker: 100,
      resultCacheBytes: 64 * 1024 * 1024,
      metricsEnabled: true,
      batchMaxItems: 10_000,
      rateLimit: { enabled: true, max: 6000, windowSeconds: 60 },
      trustProxy: false,
      logLevel: 'info',
    });
  });

  test('reads every variable', () => {
    const c = loadConfig({
      SHEETPORT_PORT: '9000',
      SHEETPORT_HOST: '127.0.0.1',
      SHEETPORT_DATA: '/var/lib/sheetport',
      SHEETPORT_BODY_LIMIT: '16MiB',
      SHEETPORT_TOKEN_LIFETIME_SECONDS: '60',
      SHEETPORT_SESSION_IDLE_SECONDS: '30',
      SHEETPORT_MAX_SESSIONS_PER_CLIENT: '5',
      SHEETPORT_MAX_SESSIONS_PER_APPLICATION: '50',
      SHEETPORT_WORKERS: '3',
      SHEETPORT_CALC_TIMEOUT_MS: '1000',
      SHEETPORT_BATCH_MAX_ITEMS: '10',
      SHEETPORT_RATE_LIMIT: '100',
      SHEETPORT_RATE_LIMIT_WINDOW_SECONDS: '10',
      SHEETPORT_TRUST_PROXY: 'true',
      SHEETPORT_LOG_LEVEL: 'DEBUG',
    });
    assert.equal(c.port, 9000);
    assert.equal(c.host, '127.0.0.1');
    assert.equal(c.dataDir, '/var/lib/sheetport');
    assert.equal(c.bodyLimitBytes, 16 * 1024 * 1024);
    assert.equal(c.tokenLifetimeSeconds, 60);
    assert.equal(c.sessionIdleSeconds, 30);
    assert.equal(c.maxSessionsPerClient, 5);
    assert.equal(c.maxSessionsPerApplication, 50);
    assert.equal(c.workerCount, 3);
    assert.equal(c.calcTimeoutMs, 1000);
    assert.equal(c.batchMaxItems, 10);
    assert.deepEqual(c.rateLimit, { enabled: true, max: 100, windowSeconds: 10 });
    assert.equal(c.trustProxy, true);
    assert.equal(c.logLevel, 'debug');
  });

  test('body limit units', () => {
    assert.equal(loadConfig({ SHEETPORT_BODY_LIMIT: '1048576' }).bodyLimitBytes, 1048576);
    assert.equal(loadConfig({ SHEETPORT_BODY_LIMIT: '512KiB' }).bodyLimitBytes, 512 * 1024);
    assert.equal(loadConfig({ SHEETPORT_BODY_LIMIT: '1.5 mb' }).bodyLimitBytes, 1.5 * 1024 * 1024);
    assert.equal(loadConfig({ SHEETPORT_BODY_LIMIT: '1G' }).bodyLimitBytes, 1024 ** 3);
  });

  test('rate limit off-switch', () => {
    for (const value of ['off', 'OFF', '0', 'false']) {
      assert.equal(loadConfig({ SHEETPORT_RATE_LIMIT: value }).rateLimit.enabled, false, value);
    }
  });

  test('worker limits, result cache and metrics switches', () => {
    const c = loadConfig({
      SHEETPORT_WORKER_HEAP_MB: '256',
      SHEETPORT_SESSION_MODELS_PER_WORKER: '3',
      SHEETPORT_RESULT_CACHE: '1MiB',
      SHEETPORT_METRICS: 'off',
    });
    assert.deepEqual(
      [c.workerHeapMb, c.sessionModelsPerWorker, c.resultCacheBytes, c.metricsEnabled],
      [256, 3, 1024 * 1024, false],
    );
    for (const value of ['off', 'OFF', '0', 'false']) {
      assert.equal(loadConfig({ SHEETPORT_RESULT_CACHE: value }).resultCacheBytes, 0, value);
    }
    assert.throws(
      () => loadConfig({ SHEETPORT_WORKER_HEAP_MB: '8' }),
      /^ConfigError: SHEETPORT_WORKER_HEAP_MB must be an integer of at least 16 \(got "8"\)\.$/,
    );
    assert.throws(
      () => loadConfig({ SHEETPORT_SESSION_MODELS_PER_WORKER: '0' }),
      /SHEETPORT_SESSION_MODELS_PER_WORKER must be an integer of at least 1/,
    );
    assert.throws(
      () => loadConfig({ SHEETPORT_RESULT_CACHE: 'lots' }),
      /SHEETPORT_RESULT_CACHE must be a positive size/,
    );
  });

  test('blank values mean the default', () => {
    assert.equal(loadConfig({ SHEETPORT_PORT: '  ' }).port, 8080);
  });

  test('a bad value is a clear error naming the variable', () => {
    const cases: [Record<string, string>, string][] = [
      [{ SHEETPORT_PORT: 'abc' }, 'SHEETPORT_PORT must be an integer from 0 to 65535 (got "abc").'],
      [{ SHEETPORT_PORT: '70000' }, 'SHEETPORT_PORT must be an integer from 0 to 65535 (got "70000").'],
      [{ SHEETPORT_PORT: '80.5' }, 'SHEETPORT_PORT must be an integer from 0 to 65535 (got "80.5").'],
      [{ SHEETPORT_WORKERS: '0' }, 'SHEETPORT_WORKERS must be an integer from 1 to 1024 (got "0").'],
      [
        { SHEETPORT_BATCH_MAX_ITEMS: '-1' },
        'SHEETPORT_BATCH_MAX_ITEMS must be an integer of at least 1 (got "-1").',
      ],
      [
        { SHEETPORT_BODY_LIMIT: '64 parsecs' },
        'SHEETPORT_BODY_LIMIT must be a positive size in bytes, optionally with a unit (KiB, MiB, GiB) (got "64 parsecs").',
      ],
      [{ SHEETPORT_TRUST_PROXY: 'maybe' }, 'SHEETPORT_TRUST_PROXY must be true or false (got "maybe").'],
      [
        { SHEETPORT_LOG_LEVEL: 'loud' },
        'SHEETPORT_LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud").',
      ],
    ];
    for (const [env, message] of cases) {
      assert.throws(
        () => loadConfig(env),
        (err: unknown) => err instanceof ConfigError && err.message === message,
      );
    }
  });

  test('overrides win over the environment and are validated too', () => {
    const c = loadConfig(
      { SHEETPORT_PORT: '9000', SHEETPORT_RATE_LIMIT: '10' },
      { port: 0, rateLimit: { enabled: false } },
    );
    assert.equal(c.port, 0);
    assert.deepEqual(c.rateLimit, { enabled: false, max: 10, windowSeconds: 60 });
    assert.throws(
      () => loadConfig({}, { workerCount: 0 }),
      /^ConfigError: config.workerCount must be an integer from 1 to 1024\.$/,
    );
    assert.throws(() => loadConfig({}, { bodyLimitBytes: 1.5 }), /config.bodyLimitBytes/);
  });

  test('the result is frozen', () => {
    const c = loadConfig({});
    assert.ok(Object.isFrozen(c));
    assert.ok(Object.isFrozen(c.rateLimit));
  });
});
