/**
 * A tiny writer of the Prometheus text exposition format (version 0.0.4): labelled counters
 * and histograms kept in memory, and gauges or counters read at scrape time. Small enough to
 * own, and it keeps a dependency (prom-client, with its default collectors) out of the server.
 */

/** The Content-Type of the exposition format. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** One value of a metric read at scrape time. */
export interface Sample {
  readonly labels?: Readonly<Record<string, string>>;
  readonly value: number;
}

/** A metric of a scrape: name, help line, type and samples. */
export interface Family {
  readonly name: string;
  readonly help: string;
  readonly type: 'counter' | 'gauge';
  readonly samples: readonly Sample[];
}

/** Something that writes one or more families in exposition format. */
export interface Renderable {
  render(): string;
}

/** A monotonically increasing count per label combination (values in `labelNames` order). */
export class Counter implements Renderable {
  readonly #series = new Map<string, { labels: readonly string[]; value: number }>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[],
  ) {}

  inc(labels: readonly string[], by = 1): void {
    const key = labels.join('\u0000');
    const series = this.#series.get(key);
    if (series) series.value += by;
    else this.#series.set(key, { labels: [...labels], value: by });
  }

  /** The current value of one label combination (0 when never counted). */
  get(labels: readonly string[]): number {
    return this.#series.get(labels.join('\u0000'))?.value ?? 0;
  }

  render(): string {
    const samples = [...this.#series.values()].map((s) => ({
      labels: zip(this.labelNames, s.labels),
      value: s.value,
    }));
    return renderFamily({ name: this.name, help: this.help, type: 'counter', samples });
  }
}

/** Observations in cumulative buckets per label combination, with their sum and count. */
export class Histogram implements Renderable {
  readonly #series = new Map<string, { labels: readonly string[]; counts: number[]; sum: number }>();
  readonly #bounds: readonly number[];

  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[],
    buckets: readonly number[],
  ) {
    this.#bounds = [...buckets].sort((a, b) => a - b);
  }

  observe(labels: readonly string[], value: number): void {
    const key = labels.join('\u0000');
    let series = this.#series.get(key);
    if (!series) {
      series = { labels: [...labels], counts: new Array<number>(this.#bounds.length + 1).fill(0), sum: 0 };
      this.#series.set(key, series);
    }
    // Counts per bucket here; cumulated when rendered. The last slot is +Inf.
    let i = 0;
    while (i < this.#bounds.length && value > (this.#bounds[i] as number)) i++;
    series.counts[i] = (series.counts[i] ?? 0) + 1;
    series.sum += value;
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${escapeHelp(this.help)}`, `# TYPE ${this.name} histogram`];
    for (const s of this.#series.values()) {
      const labels = zip(this.labelNames, s.labels);
      let cumulative = 0;
      s.counts.forEach((n, i) => {
        cumulative += n;
        const le = i < this.#bounds.length ? formatValue(this.#bounds[i] as number) : '+Inf';
        lines.push(`${this.name}_bucket${formatLabels({ ...labels, le })} ${cumulative}`);
      });
      lines.push(`${this.name}_sum${formatLabels(labels)} ${formatValue(s.sum)}`);
      lines.push(`${this.name}_count${formatLabels(labels)} ${cumulative}`);
    }
    return `${lines.join('\n')}\n`;
  }
}

/** One family in exposition format (HELP, TYPE, one line per sample). */
export function renderFamily(family: Family): string {
  const lines = [`# HELP ${family.name} ${escapeHelp(family.help)}`, `# TYPE ${family.name} ${family.type}`];
  for (const s of family.samples)
    lines.push(`${family.name}${formatLabels(s.labels)} ${formatValue(s.value)}`);
  return `${lines.join('\n')}\n`;
}

function zip(names: readonly string[], values: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  names.forEach((n, i) => {
    out[n] = values[i] ?? '';
  });
  return out;
}

function formatLabels(labels: Readonly<Record<string, string>> | undefined): string {
  if (!labels) return '';
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`);
  return parts.length === 0 ? '' : `{${parts.join(',')}}`;
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(value);
}

/** Label values escape backslash, double quote and line feed. */
function escapeLabel(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** Help text escapes backslash and line feed. */
function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}
