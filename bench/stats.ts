/** Latency summaries for the benchmark: percentiles over the samples of one scenario. */

/** A scenario's latency figures in milliseconds. */
export interface LatencySummary {
  readonly n: number;
  readonly p50: number;
  readonly p99: number;
  readonly mean: number;
  readonly max: number;
}

/** Nearest-rank percentiles (p99 of fewer than 100 samples is the largest one: no interpolation). */
export function summarize(samples: readonly number[]): LatencySummary {
  if (samples.length === 0)
    return { n: 0, p50: Number.NaN, p99: Number.NaN, mean: Number.NaN, max: Number.NaN };
  const sorted = Float64Array.from(samples).sort();
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
  let sum = 0;
  for (const x of sorted) sum += x;
  return {
    n: sorted.length,
    p50: at(0.5),
    p99: at(0.99),
    mean: sum / sorted.length,
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

/** The median of a few numbers. */
export function median(values: readonly number[]): number {
  return summarize(values).p50;
}
