/** `GET /metrics` over real HTTP: the counters move with the traffic, and the switch turns it off. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ComputePool, PoolStats } from '../../src/compute/pool.js';
import type { Store } from '../../src/store/store.js';
import { type Harness, LOAN_WORKBOOK, startHarness, type TestClient } from '../server/harness.js';
import { fakeDeps, testServer } from './helpers.js';

/** Sample lines of an exposition, by `name{labels}` as written. */
async function scrape(h: Harness): Promise<Map<string, number>> {
  const res = await fetch(`${h.url}/metrics`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
  const samples = new Map<string, number>();
  for (const line of (await res.text()).split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    samples.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return samples;
}

const GET_RESULT = '/Api/Applications/GetResult';

describe('GET /metrics', () => {
  let h: Harness;
  let me: TestClient;
  let key: string;
  before(async () => {
    h = await startHarness();
    me = await h.client();
    key = (await h.publish(LOAN_WORKBOOK)).key;
  });
  after(() => h.stop({ cleanup: true }));

  test('counts requests by method and outcome, with latency, sessions, models and engine time', async () => {
    const first = await scrape(h);
    const calc = {
      ApplicationKey: key,
      Inputs: [{ Ref: 'TermYears', Value: [[{ Value: 20 }]] }],
      Outputs: ['TotalPaid'],
    };
    for (let i = 0; i < 3; i++) assert.equal((await h.post(GET_RESULT, calc)).body.Success, true);
    await h.post(GET_RESULT, { ApplicationKey: 'f'.repeat(32), Outputs: ['A1'] });
    const opened = await h.post('/Api/Applications/OpenDedicatedSession', { ApplicationKey: key }, me.token);
    assert.equal(opened.body.Success, true);
    await h.post('/Api/Applications/GetResult', { ...calc, SessionId: opened.body.SessionId }, me.token);
    await h.post('/no/such/route', {});

    const m = await scrape(h);
    const moved = (name: string) => (m.get(name) ?? 0) - (first.get(name) ?? 0);
    assert.equal(moved(`sheetport_http_requests_total{method="${GET_RESULT}",outcome="Success"}`), 4);
    assert.equal(
      moved(`sheetport_http_requests_total{method="${GET_RESULT}",outcome="InvalidApplication"}`),
      1,
    );
    assert.equal(moved('sheetport_http_requests_total{method="unmatched",outcome="RouteNotFound"}'), 1);
    assert.equal(moved(`sheetport_http_request_duration_seconds_count{method="${GET_RESULT}"}`), 5);
    assert.equal(
      m.get(`sheetport_http_request_duration_seconds_bucket{method="${GET_RESULT}",le="+Inf"}`),
      m.get(`sheetport_http_request_duration_seconds_count{method="${GET_RESULT}"}`),
    );
    assert.ok(moved(`sheetport_http_request_duration_seconds_sum{method="${GET_RESULT}"}`) > 0);
    // The first scrape itself was counted when it was answered.
    assert.ok((m.get('sheetport_http_requests_total{method="/metrics",outcome="Success"}') ?? 0) >= 1);

    assert.equal(m.get('sheetport_sessions_open'), 1);
    assert.equal(m.get('sheetport_session_models'), 1);
    assert.ok((m.get('sheetport_templates_cached') ?? 0) >= 1);
    assert.equal(m.get('sheetport_workers'), 2);
    assert.equal(m.get('sheetport_worker_restarts_total'), 0);
    assert.equal(moved('sheetport_result_cache_hits_total'), 2, 'three identical stateless calls');
    assert.equal(moved('sheetport_result_cache_misses_total'), 1);
    assert.ok((m.get('sheetport_result_cache_entries') ?? 0) >= 1);
    assert.ok(moved('sheetport_engine_seconds_total{op="calculate"}') > 0);
    assert.equal(m.get('sheetport_engine_failures_total{kind="trap"}'), 0);
    assert.ok((m.get('process_resident_memory_bytes') ?? 0) > 0);
  });
});

describe('GET /metrics switches', () => {
  // The HTTP machinery alone (no workers): the pool and store answer the scrape with fixed figures.
  const deps = () => ({
    ...fakeDeps(),
    compute: { stats: async () => IDLE_POOL } as unknown as ComputePool,
    store: { countAllOpenSessions: async () => 0 } as unknown as Store,
  });

  test('SHEETPORT_METRICS=off removes the route', async () => {
    const { app } = testServer({ metricsEnabled: false }, { deps: deps() });
    assert.equal((await app.inject({ method: 'GET', url: '/metrics' })).statusCode, 404);
    const on = testServer({}, { deps: deps() }).app;
    const res = await on.inject({ method: 'GET', url: '/metrics' });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /^sheetport_sessions_open 0$/m);
  });

  test('scrapes are not rate-limited; other routes still are', async () => {
    const { app } = testServer({ rateLimit: { enabled: true, max: 2, windowSeconds: 60 } }, { deps: deps() });
    for (let i = 0; i < 5; i++)
      assert.equal((await app.inject({ method: 'GET', url: '/metrics' })).statusCode, 200);
    const statuses = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await app.inject({ method: 'GET', url: '/nothing' })).statusCode);
    assert.deepEqual(statuses, [404, 404, 429]);
    const text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    assert.match(text, /^sheetport_http_requests_total\{method="unmatched",outcome="RateLimited"\} 1$/m);
    assert.match(text, /^sheetport_http_requests_total\{method="\/metrics",outcome="Success"\} 5$/m);
  });
});

const IDLE_POOL: PoolStats = {
  workers: 1,
  restarts: 0,
  queued: 0,
  templates: 0,
  sessions: 0,
  evictions: 0,
  rebuilds: 0,
  failures: { trap: 0, timeout: 0, crash: 0, outOfMemory: 0 },
  engineMs: {},
  resultCache: { enabled: false, hits: 0, misses: 0, bypassed: 0, entries: 0, bytes: 0, maxBytes: 0 },
};
