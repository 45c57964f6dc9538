/**
 * The benchmark's results: one row per model × scenario, the targets from issue 5 checked
 * against them, a printed table, and the same as JSON in bench/results/<ISO timestamp>.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CpuUse } from './procStats.js';

/** One measured scenario of one model. */
export interface Row {
  readonly model: string;
  readonly scenario: string;
  readonly connections: number;
  /** Samples behind the latency figures (requests, batches, opens...). */
  readonly n: number;
  /** Per second, in `unit`; null where a rate means nothing (publish, memory). */
  readonly throughput: number | null;
  readonly unit: 'req/s' | 'items/s' | 'opens/s' | '';
  readonly p50: number | null;
  readonly p99: number | null;
  /** Throughput ÷ the raw engine baseline's (one core, same workbook, same call). */
  readonly ratio: number | null;
  readonly errors: number;
  readonly cpu?: CpuUse;
  /** Worker time spent computing (server's /metrics), % of one core: 200 = two workers never idle. */
  readonly engineBusy?: number;
  readonly note?: string;
  target?: { readonly text: string; readonly ok: boolean };
}

/** Facts about a model's run that are not rows. */
export interface ModelFacts {
  readonly model: string;
  readonly description: string;
  readonly formulas: number;
  readonly bytes: number;
  readonly baselineLoadMs: number;
  /** API answer for the check call equals the in-process engine's. */
  readonly outputsMatch: boolean;
  readonly serverRssAfterWarmMb: number;
}

/** Everything one run produced. */
export interface BenchReport {
  readonly startedAt: string;
  readonly durationSeconds: number;
  readonly machine: {
    readonly node: string;
    readonly cpus: number;
    readonly cpuModel: string;
    readonly loadAverageAtStart: readonly number[];
    readonly loadAverageAtEnd: readonly number[];
  };
  readonly settings: Readonly<Record<string, unknown>>;
  readonly models: readonly ModelFacts[];
  readonly rows: readonly Row[];
  readonly notes: readonly string[];
}

/** Scenario names the targets refer to. */
export const STATELESS = 'GetResult stateless';
export const OPEN_SESSION = 'OpenDedicatedSession';
export const batchScenario = (items: number) => `GetBatchResults ${items} items`;

const find = (rows: readonly Row[], model: string, scenario: string, connections?: number) =>
  rows.find(
    (r) => r.model === model && r.scenario === scenario && (connections ?? r.connections) === r.connections,
  );

/** Marks the rows issue 5 sets targets for. */
export function applyTargets(rows: readonly Row[]): void {
  const small = find(rows, 'small', STATELESS, 32);
  if (small && small.throughput !== null && small.p99 !== null) {
    const ok = small.throughput >= 3000 && small.p99 <= 20 && small.errors === 0;
    small.target = { text: '≥3000/s, p99≤20ms', ok };
  }
  for (const model of ['medium', 'large']) {
    const row = find(rows, model, STATELESS, 32);
    if (row?.ratio != null) row.target = { text: '≥1.6× raw', ok: row.ratio >= 1.6 && row.errors === 0 };
  }
  const batch = find(rows, 'small', batchScenario(10_000));
  if (batch?.p50 != null) batch.target = { text: '≤3000 ms', ok: batch.p50 <= 3000 && batch.errors === 0 };
  const open = find(rows, 'medium', OPEN_SESSION);
  if (open?.p50 != null) open.target = { text: 'median ≤25 ms', ok: open.p50 <= 25 && open.errors === 0 };
}

function num(x: number | null | undefined, digits = 1): string {
  if (x === null || x === undefined || Number.isNaN(x)) return '';
  if (Math.abs(x) >= 1000) return Math.round(x).toLocaleString('en-US');
  return x.toFixed(digits);
}

/** Server CPU milliseconds per request (item, open): its cost, apart from waiting on a busy machine. */
export function serverMsPerUnit(r: Row): number | undefined {
  if (!r.throughput) return undefined;
  if (r.connections === 0) return 1000 / r.throughput; // the baseline: its rate is per CPU-second
  return r.cpu ? (10 * r.cpu.server) / r.throughput : undefined;
}

/** The table as text: one line per row, then the notes. */
export function formatTable(report: BenchReport): string {
  const header = [
    'model',
    'scenario',
    'conns',
    'n',
    'rate',
    'unit',
    'p50 ms',
    'p99 ms',
    '×raw',
    'srv ms',
    'srv%',
    'main%',
    'eng%',
    'gen%',
    'other%',
    'target',
  ];
  const lines = report.rows.map((r) => [
    r.model,
    r.scenario,
    r.connections ? String(r.connections) : '',
    String(r.n),
    num(r.throughput),
    r.unit,
    num(r.p50, 2),
    num(r.p99, 2),
    r.ratio === null ? '' : r.ratio.toFixed(2),
    num(serverMsPerUnit(r), 2),
    num(r.cpu?.server, 0),
    num(r.cpu?.serverMain, 0),
    num(r.engineBusy, 0),
    num(r.cpu?.loadgen, 0),
    num(r.cpu?.other, 0),
    [
      r.target ? `${r.target.ok ? 'MET' : 'MISSED'} (${r.target.text})` : '',
      r.errors ? `${r.errors} errors` : '',
      r.note ?? '',
    ]
      .filter(Boolean)
      .join('; '),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...lines.map((l) => (l[c] ?? '').length)));
  const right = new Set([2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
  const fmt = (cells: string[]) =>
    cells
      .map((cell, c) =>
        c === cells.length - 1
          ? cell
          : right.has(c)
            ? cell.padStart(widths[c] ?? 0)
            : cell.padEnd(widths[c] ?? 0),
      )
      .join('  ')
      .trimEnd();
  const out = [fmt(header), fmt(widths.map((w) => '-'.repeat(w))), ...lines.map(fmt)];
  out.push('');
  for (const m of report.models) {
    out.push(
      `${m.model}: ${m.formulas.toLocaleString('en-US')} formulas, ${(m.bytes / 1024).toFixed(0)} KiB (${m.description}); ` +
        `engine load ${num(m.baselineLoadMs, 0)} ms; server RSS after warm-up ${num(m.serverRssAfterWarmMb, 0)} MB; ` +
        `API outputs ${m.outputsMatch ? 'match' : 'DIFFER FROM'} the in-process engine's`,
    );
  }
  out.push(
    'srv ms: server CPU time per request (item, open); for the raw engine, CPU time per call. ×raw: rate ÷',
    'the raw engine rate. % columns, in % of one core (200 = both cores), during the scenario: CPU of the',
    'server process (srv), of its HTTP thread (main), time its workers spent computing (eng, from /metrics),',
    'CPU of the load generator (gen) and of everything else on the machine (other: the noise).',
  );
  for (const note of report.notes) out.push(note);
  return out.join('\n');
}

/** Writes the report to bench/results/<ISO timestamp>.json and returns the path. */
export function writeReport(report: BenchReport): string {
  const dir = new URL('./results/', import.meta.url).pathname;
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${report.startedAt.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}
