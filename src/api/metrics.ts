/**
 * `GET /metrics` in Prometheus text format: request counts by method and outcome, latency
 * histograms per method, open sessions, the workers' caches and failures, engine time and the
 * result cache. Like /healthz it needs no token and is not rate-limited, so operators keep it
 * off the public internet (block the path at the reverse proxy) or set SHEETPORT_METRICS=off.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  Counter,
  type Family,
  Histogram,
  PROMETHEUS_CONTENT_TYPE,
  renderFamily,
} from '../metrics/prometheus.js';
import type { ApiDeps } from './deps.js';
import { ApiError } from './outcomes.js';

/** Seconds; from a cached answer (~1 ms) to the default calculation time limit (30 s). */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** The outcome of each failed request, set by the error handler and read when the answer is sent. */
const failedWith = new WeakMap<FastifyRequest, string>();

/**
 * Remembers why a request failed, for the `outcome` label: the outcome code of an `ApiError`
 * (`CalculationTimeout`, `InvalidToken`, ...), else `InternalError` or `RequestError` by status.
 */
export function noteFailure(request: FastifyRequest, err: unknown, statusCode: number): void {
  failedWith.set(
    request,
    err instanceof ApiError ? err.code : statusCode >= 500 ? 'InternalError' : 'RequestError',
  );
}

/** Counts every answer and serves `GET /metrics`; call before the surfaces are registered. */
export function registerMetrics(app: FastifyInstance, deps: Pick<ApiDeps, 'compute' | 'store'>): void {
  const requests = new Counter(
    'sheetport_http_requests_total',
    'HTTP requests answered, by method (route) and outcome (Success or the outcome code).',
    ['method', 'outcome'],
  );
  const latency = new Histogram(
    'sheetport_http_request_duration_seconds',
    'Time from receiving a request to sending its answer, by method (route).',
    ['method'],
    LATENCY_BUCKETS,
  );

  app.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done) => {
    const options = request.routeOptions;
    // Unknown paths share one label, so scanning them cannot grow the series without bound.
    const method = options.config?.wireMethod?.path ?? options.url ?? 'unmatched';
    const outcome = failedWith.get(request) ?? (reply.statusCode < 400 ? 'Success' : 'RequestError');
    requests.inc([method, outcome]);
    latency.observe([method], reply.elapsedTime / 1000);
    done();
  });

  app.register((scope, _opts, done) => {
    scope.get(
      '/metrics',
      {
        config: { rateLimit: false },
        schema: { summary: 'Prometheus metrics (keep this path private).', tags: ['ops'] },
      },
      async (_request, reply) => {
        const families = await scrape(deps);
        reply.header('content-type', PROMETHEUS_CONTENT_TYPE);
        return [requests.render(), latency.render(), ...families.map(renderFamily)].join('');
      },
    );
    done();
  });
}

/** The gauges and counters read at scrape time from the pool, the store and the process. */
async function scrape(deps: Pick<ApiDeps, 'compute' | 'store'>): Promise<Family[]> {
  const [stats, openSessions] = await Promise.all([deps.compute.stats(), deps.store.countAllOpenSessions()]);
  const cache = stats.resultCache;
  const memory = process.memoryUsage();
  const one = (value: number) => [{ value }];
  const gauge = (name: string, help: string, value: number): Family => ({
    name,
    help,
    type: 'gauge',
    samples: one(value),
  });
  const counter = (name: string, help: string, value: number): Family => ({
    name,
    help,
    type: 'counter',
    samples: one(value),
  });
  return [
    gauge('sheetport_sessions_open', 'Open dedicated sessions (store).', openSessions),
    gauge('sheetport_workers', 'Calculation worker threads.', stats.workers),
    gauge('sheetport_worker_queue_jobs', 'Jobs waiting for a worker.', stats.queued),
    counter('sheetport_worker_restarts_total', 'Workers replaced after a timeout or crash.', stats.restarts),
    gauge('sheetport_templates_cached', 'Warm workbook templates, summed over workers.', stats.templates),
    gauge('sheetport_session_models', 'Live session models, summed over workers.', stats.sessions),
    counter(
      'sheetport_session_model_evictions_total',
      'Idle session models evicted to stay under SHEETPORT_SESSION_MODELS_PER_WORKER.',
      stats.evictions,
    ),
    counter(
      'sheetport_session_model_rebuilds_total',
      'Session models rebuilt from their input logs (after eviction, a trap or a restart).',
      stats.rebuilds,
    ),
    {
      name: 'sheetport_engine_failures_total',
      help: 'Contained engine failures by kind; each failed only its own request.',
      type: 'counter',
      samples: Object.entries(stats.failures).map(([kind, value]) => ({ labels: { kind }, value })),
    },
    {
      name: 'sheetport_engine_seconds_total',
      help: 'Time the workers spent computing, by request kind.',
      type: 'counter',
      samples: Object.entries(stats.engineMs).map(([op, ms]) => ({
        labels: { op },
        value: (ms ?? 0) / 1000,
      })),
    },
    counter(
      'sheetport_result_cache_hits_total',
      'Stateless calculations answered from the cache.',
      cache.hits,
    ),
    counter('sheetport_result_cache_misses_total', 'Cacheable calculations not in the cache.', cache.misses),
    counter(
      'sheetport_result_cache_bypassed_total',
      'Stateless calculations of volatile workbooks, never cached.',
      cache.bypassed,
    ),
    gauge('sheetport_result_cache_entries', 'Results in the cache.', cache.entries),
    gauge('sheetport_result_cache_bytes', 'Approximate size of the cached results.', cache.bytes),
    gauge('process_resident_memory_bytes', 'Resident set size of the whole process.', memory.rss),
    gauge('nodejs_heap_used_bytes', 'JavaScript heap in use on the main thread.', memory.heapUsed),
  ];
}
