/**
 * Counters read from the server's own `GET /metrics` around a scenario: the result cache's
 * hits and misses, and the time the workers spent computing (so how busy they were while the
 * load ran). A server without a counter leaves that figure undefined.
 */

/** Sums the /metrics samples whose name matches `pattern` (Prometheus text format). */
async function metricSum(text: string | undefined, pattern: RegExp): Promise<number | undefined> {
  if (text === undefined) return undefined;
  let sum: number | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{[^}]*\})?\s+([0-9.eE+-]+)/.exec(line);
    if (match?.[1] && pattern.test(match[1])) sum = (sum ?? 0) + Number(match[2]);
  }
  return sum;
}

interface Counters {
  readonly hits?: number;
  readonly misses?: number;
  readonly engineSeconds?: number;
}

async function counters(url: string): Promise<Counters> {
  const res = await fetch(`${url}/metrics`).catch(() => undefined);
  const text = res?.ok ? await res.text() : undefined;
  return {
    hits: await metricSum(text, /^sheetport_result_cache_hits/),
    misses: await metricSum(text, /^sheetport_result_cache_misses/),
    engineSeconds: await metricSum(text, /^sheetport_engine_seconds/),
  };
}

/** What the server's counters say about one scenario. */
export interface ScenarioCounters {
  /** Share of cacheable calls answered from the result cache. */
  readonly hitRate?: number;
  /** Worker time spent computing, in % of one core (200 = two workers computing all along). */
  readonly engineBusy?: number;
}

const delta = (after?: number, before?: number) =>
  after === undefined || before === undefined ? undefined : after - before;

/** Runs `fn` and reads the server's counters before and after it. */
export async function withCounters<T>(
  url: string,
  fn: () => Promise<T>,
): Promise<{ result: T; counters: ScenarioCounters }> {
  const before = await counters(url);
  const started = performance.now();
  const result = await fn();
  const seconds = (performance.now() - started) / 1000;
  const after = await counters(url);
  const hits = delta(after.hits, before.hits);
  const misses = delta(after.misses, before.misses);
  const engine = delta(after.engineSeconds, before.engineSeconds);
  return {
    result,
    counters: {
      hitRate: hits === undefined || misses === undefined ? undefined : hits / Math.max(1, hits + misses),
      engineBusy: engine === undefined ? undefined : (100 * engine) / seconds,
    },
  };
}

/** A hit rate for a table note. */
export function hitRateText(hitRate: number | undefined): string {
  return hitRate === undefined
    ? 'hit rate n/a (no cache counters in /metrics)'
    : `cache hit rate ${(100 * hitRate).toFixed(1)}%`;
}
