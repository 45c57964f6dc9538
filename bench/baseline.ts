/**
 * The raw engine baseline: one thread, no HTTP, no worker hop — the loop a worker runs for a
 * stateless call (scratch → set inputs → recalculate → read outputs → restore), on the same
 * workbook and inputs as the API calls. Run as its own process by bench/run.ts so it has a
 * core to itself and a fresh heap; prints one JSON line.
 *
 *   node --import tsx bench/baseline.ts <small|medium|large> <seconds> <checkCall>
 */
import { applyInputs, readOutputs } from '../src/engine/calculation.js';
import { IronCalcEngine } from '../src/engine/ironcalc/ironcalcEngine.js';
import { readWorkbook } from '../src/workbook/readWorkbook.js';
import { summarize } from './stats.js';
import { benchModels } from './workbooks.js';

/** What the baseline process prints. */
export interface BaselineResult {
  readonly model: string;
  readonly loadMs: number;
  readonly iterations: number;
  /** Calls per wall-clock second. */
  readonly throughput: number;
  /** Calls per second of this process's CPU time: what one core does, however busy the machine. */
  readonly cpuThroughput: number;
  readonly latency: ReturnType<typeof summarize>;
  /** Output Values of call `checkCall`, to compare with what the API answers. */
  readonly check: { readonly call: number; readonly values: Record<string, string> };
}

const [modelName = 'small', secondsText = '3', checkText = '7'] = process.argv.slice(2);
const found = benchModels().find((m) => m.name === modelName);
if (!found) throw new Error(`Unknown model "${modelName}": use small, medium or large.`);
const model = found;

const engine = await IronCalcEngine.create();
const loadStart = performance.now();
const wb = engine.load(readWorkbook(model.bytes));
const loadMs = performance.now() - loadStart;

function call(i: number): Record<string, string> {
  wb.beginScratch();
  try {
    applyInputs(
      wb,
      model.inputs(i).map(({ ref, value }) => ({ ref, values: [[value]] })),
    );
    wb.recalc();
    const outputs = readOutputs(wb, model.outputs, []);
    return Object.fromEntries(outputs.map((o) => [o.ref, o.cells[0]?.[0]?.Value ?? '']));
  } finally {
    wb.endScratch();
  }
}

const checkCall = Number(checkText);
const check = { call: checkCall, values: call(checkCall) };
// Warm-up: let the JIT settle on the JavaScript half of the loop.
const warmEnd = performance.now() + 500;
let i = 1_000_000;
while (performance.now() < warmEnd) call(i++);

const samples: number[] = [];
const cpuStart = process.cpuUsage();
const start = performance.now();
const end = start + Number(secondsText) * 1000;
while (performance.now() < end || samples.length < 3) {
  const t = performance.now();
  call(i++);
  samples.push(performance.now() - t);
}
const elapsed = performance.now() - start;
const cpu = process.cpuUsage(cpuStart);
const result: BaselineResult = {
  model: model.name,
  loadMs,
  iterations: samples.length,
  throughput: samples.length / (elapsed / 1000),
  cpuThroughput: samples.length / ((cpu.user + cpu.system) / 1e6),
  latency: summarize(samples),
  check,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
