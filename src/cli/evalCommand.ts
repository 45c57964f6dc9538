import { parseArgs } from 'node:util';
import type { LoadedWorkbook } from '../engine/calcEngine.js';
import { applyInputs, readArea, readOutputs } from '../engine/calculation.js';
import { loadContained } from '../engine/containedLoad.js';
import { IronCalcEngine } from '../engine/ironcalc/ironcalcEngine.js';
import { formatA1 } from '../engine/references.js';
import type { WireCell } from '../engine/types.js';
import type { WorkbookModel } from '../workbook/model.js';
import { readWorkbookFile } from '../workbook/readWorkbook.js';
import { UsageError } from './usage.js';

export const evalUsage = `sheetport eval FILE.xlsx [--set REF=VALUE]... [--get REF]... [--json] [--all]
  Loads a workbook, writes the inputs, recalculates once and prints the outputs.
  --set REF=VALUE   input (a defined name or A1 reference; VALUE is read as typed text)
  --get REF         output to print (repeatable)
  --all             print every formula cell and every cell of an array or spill range
  --json            print JSON (with --all: {"cells": {"Sheet1!A1": {Type, Value, Format, Text}}})
  --culture NAME    culture for reading typed text (default en-US)`;

/** `sheetport eval`: set inputs, recalculate, print outputs. */
export async function evalCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      set: { type: 'string', multiple: true, default: [] },
      get: { type: 'string', multiple: true, default: [] },
      all: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      culture: { type: 'string' },
    },
  });
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new UsageError(evalUsage);
  const inputs = values.set.map((s) => {
    const eq = s.indexOf('=');
    if (eq <= 0) throw new UsageError(`--set expects REF=VALUE, got "${s}".`);
    return { ref: s.slice(0, eq), values: [[s.slice(eq + 1)]] };
  });

  const model = readWorkbookFile(file);
  const engine = await IronCalcEngine.create();
  const { workbook, trapped } = await loadContained(engine, model);
  const messages = trapped.map(
    (t) => `${t.address} traps the engine and is computed as #NUM! (=${t.formula}).`,
  );
  messages.push(...applyInputs(workbook, inputs, values.culture));
  if (inputs.length > 0) workbook.recalc();

  if (values.all) {
    const cells = allCells(model, workbook);
    if (values.json) print({ cells });
    else for (const [address, cell] of Object.entries(cells)) print(`${address}\t${cell.Text}`);
  } else {
    const outputs = readOutputs(workbook, values.get, messages);
    if (values.json) print({ outputs: Object.fromEntries(outputs.map((o) => [o.ref, o.cells])), messages });
    else
      for (const o of outputs)
        print(`${o.ref}\t${o.cells.map((row) => row.map((c) => c.Text).join('\t')).join('\n\t')}`);
  }
  if (!values.json) for (const m of messages) process.stderr.write(`${m}\n`);
  workbook.dispose();
  return 0;
}

/** Every formula cell and every cell of an array or spill range, keyed `Sheet!A1`. */
function allCells(model: WorkbookModel, wb: LoadedWorkbook): Record<string, WireCell> {
  const out: Record<string, WireCell> = {};
  model.sheets.forEach((sheet, s) => {
    for (const cell of sheet.cells) {
      if (cell.formula === undefined) continue;
      const range = wb.arrayExtent(s, cell.row, cell.col) ?? {
        top: cell.row,
        left: cell.col,
        bottom: cell.row,
        right: cell.col,
      };
      readArea(wb, { sheet: s, range }).forEach((row, i) => {
        row.forEach((wire, j) => {
          out[`${sheet.name}!${formatA1(range.top + i, range.left + j)}`] = wire;
        });
      });
    }
  });
  return out;
}

function print(x: unknown): void {
  process.stdout.write(typeof x === 'string' ? `${x}\n` : `${JSON.stringify(x, null, 2)}\n`);
}
