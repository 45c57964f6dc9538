import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadContained } from '../engine/containedLoad.js';
import {
  compareWithCached,
  type FidelityReport,
  type Mismatch,
  pinVolatileCells,
} from '../engine/fidelityCheck.js';
import { formatInvariantNumber } from '../engine/invariantNumber.js';
import { IronCalcEngine } from '../engine/ironcalc/ironcalcEngine.js';
import type { Scalar } from '../workbook/model.js';
import { readWorkbookFile } from '../workbook/readWorkbook.js';
import { UsageError } from './usage.js';

export const checkUsage = `sheetport check FILE.xlsx|DIR ... [--json] [--quiet] [--min-rate PCT]
  Recalculates each workbook and compares every formula cell with the value Excel saved.
  --quiet         only per-file and total match rates, no mismatch details
  --json          print the reports as JSON
  --min-rate PCT  exit with status 1 if the total match rate is below PCT`;

interface FileResult {
  readonly file: string;
  readonly report?: FidelityReport;
  readonly error?: string;
}

/** `sheetport check`: what will differ from Excel, per workbook and in total. */
export async function checkCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
      'min-rate': { type: 'string' },
    },
  });
  if (positionals.length === 0) throw new UsageError(checkUsage);
  const minRate = values['min-rate'] === undefined ? undefined : Number(values['min-rate']);
  if (minRate !== undefined && !Number.isFinite(minRate))
    throw new UsageError('--min-rate expects a number.');

  const engine = await IronCalcEngine.create();
  const results: FileResult[] = [];
  for (const file of positionals.flatMap(workbookFiles)) {
    const result = await checkFile(engine, file);
    results.push(result);
    if (!values.json) printFile(result, values.quiet);
  }
  const compared = sum(results, (r) => r.report?.compared ?? 0);
  const matched = sum(results, (r) => r.report?.matched ?? 0);
  const rate = compared === 0 ? 100 : (100 * matched) / compared;
  if (values.json) {
    process.stdout.write(
      `${JSON.stringify({ files: results, total: { compared, matched, rate } }, null, 2)}\n`,
    );
  } else {
    const failed = results.filter((r) => r.error).length;
    process.stdout.write(
      `\nTotal: ${matched}/${compared} formula cells match Excel (${rate.toFixed(2)}%) in ${results.length} workbooks` +
        `${failed ? `, ${failed} could not be read` : ''}.\n`,
    );
  }
  return minRate !== undefined && rate < minRate ? 1 : 0;
}

async function checkFile(engine: IronCalcEngine, file: string): Promise<FileResult> {
  try {
    const model = readWorkbookFile(file);
    const { workbook, trapped } = await loadContained(engine, pinVolatileCells(model));
    try {
      return { file, report: compareWithCached(model, workbook, trapped) };
    } finally {
      workbook.dispose();
    }
  } catch (err) {
    // One unreadable or failing workbook is reported; the others are still checked.
    if (err instanceof Error) return { file, error: err.message };
    throw err;
  }
}

/** Expands directories into the .xlsx files below them, sorted. */
function workbookFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) =>
      e.isDirectory()
        ? workbookFiles(join(path, e.name))
        : e.name.endsWith('.xlsx')
          ? [join(path, e.name)]
          : [],
    );
}

function printFile(result: FileResult, quiet: boolean): void {
  const out = process.stdout;
  if (!result.report) {
    out.write(`${result.file}: ERROR ${result.error}\n`);
    return;
  }
  const { compared, matched, mismatches, trapped } = result.report;
  const rate = compared === 0 ? 100 : (100 * matched) / compared;
  out.write(`${result.file}: ${matched}/${compared} (${rate.toFixed(2)}%)\n`);
  if (quiet) return;
  for (const t of trapped) out.write(`  trapped the engine, computed as #NUM!: ${t.address} =${t.formula}\n`);
  for (const [group, items] of groupBy(mismatches)) {
    out.write(`  ${group} (${items.length})\n`);
    for (const m of items) {
      out.write(`    ${m.address}  =${m.formula}  expected ${show(m.expected)}  got ${show(m.actual)}\n`);
    }
  }
}

function groupBy(mismatches: readonly Mismatch[]): Map<string, Mismatch[]> {
  const groups = new Map<string, Mismatch[]>();
  for (const m of mismatches) {
    const list = groups.get(m.group) ?? [];
    list.push(m);
    groups.set(m.group, list);
  }
  return new Map([...groups].sort((a, b) => b[1].length - a[1].length));
}

/** A value as the report prints it. */
export function show(v: Scalar): string {
  switch (v.kind) {
    case 'number':
      return formatInvariantNumber(v.value);
    case 'text':
      return JSON.stringify(v.value);
    case 'boolean':
      return v.value ? 'TRUE' : 'FALSE';
    case 'error':
      return v.value;
    case 'empty':
      return '(empty)';
  }
}

function sum<T>(items: readonly T[], f: (t: T) => number): number {
  return items.reduce((acc, t) => acc + f(t), 0);
}
