/**
 * The result-cache comparison: the repeated identical stateless calls of the main run (whose
 * server keeps its default cache) on a second server with the cache off. The cache's switch is
 * looked up in the built config (dist/config.js); a build without one skips this with a note.
 */
import { readFileSync } from 'node:fs';
import { BenchApi, getResult } from './api.js';
import { runLoad } from './loadgen.js';
import type { Row } from './report.js';
import { hitRateText, withCounters } from './serverMetrics.js';
import { startServer } from './serverProcess.js';
import type { BenchModel } from './workbooks.js';

/** The environment variable that sizes (and turns off) the result cache, as the server names it. */
export const RESULT_CACHE_VARIABLE = 'SHEETPORT_RESULT_CACHE';
/** Repeated-call scenarios cycle through this many distinct calls, numbered from REPEATED_FIRST. */
export const REPEATED_DISTINCT = 16;
export const REPEATED_FIRST = 7;

/** True when the built server knows the result-cache switch. */
export function resultCacheSupported(): boolean {
  try {
    return readFileSync(new URL('../dist/config.js', import.meta.url), 'utf8').includes(
      RESULT_CACHE_VARIABLE,
    );
  } catch {
    return false;
  }
}

/**
 * The same repeated identical calls on a second server with the cache off: what the cache
 * saves, next to the main run's figure with the server's default (cache on).
 */
export async function benchCacheOff(
  models: readonly BenchModel[],
  seconds: number,
  env: Readonly<Record<string, string>>,
  log: (line: string) => void,
): Promise<Row[]> {
  const server = await startServer({ env: { ...env, [RESULT_CACHE_VARIABLE]: 'off' } });
  const api = new BenchApi(server.url);
  const rows: Row[] = [];
  try {
    await api.login(server.client.identifier, server.client.secret);
    for (const model of models) {
      const key = await api.publish(model, 'cache off');
      const load = (durationSeconds: number) =>
        runLoad({
          baseUrl: server.url,
          token: api.token,
          serverPid: server.pid,
          connections: 32,
          durationMs: durationSeconds * 1000,
          request: (i) => getResult(model, key, REPEATED_FIRST + (i % REPEATED_DISTINCT)),
        });
      log(`${model.name}: result cache off, warm-up`);
      await load(1);
      log(`${model.name}: result cache off, ${REPEATED_DISTINCT} identical calls repeated, 32 connections`);
      const { result: r, counters } = await withCounters(server.url, () => load(seconds));
      rows.push({
        model: model.name,
        scenario: 'GetResult repeated, cache off',
        connections: 32,
        n: r.ok,
        throughput: r.throughput,
        unit: 'req/s',
        p50: r.latency.p50,
        p99: r.latency.p99,
        ratio: null,
        errors: r.errors,
        cpu: r.cpu,
        engineBusy: counters.engineBusy,
        note: [`${REPEATED_DISTINCT} distinct calls`, hitRateText(counters.hitRate), r.firstError]
          .filter(Boolean)
          .join('; '),
      });
    }
  } finally {
    api.close();
    await server.stop();
  }
  return rows;
}
