import { tokenize } from '@borgar/fx/xlsx';
import type { CalcSettings, WorkbookModel } from '../../workbook/model.js';
import { quoteSheetName } from '../references.js';
import type { IronModel } from './wasmRuntime.js';

/** The hidden sheet holding a copy of each circular formula. */
export const ITERATION_SHEET = '_sheetport_iteration';

/** Circular cells broken open for Excel's iterative calculation. */
export interface IterationPlan {
  readonly cells: readonly { sheet: number; row: number; col: number }[];
  readonly helperSheet: number;
  readonly maxIterations: number;
  readonly maxChange: number;
}

/**
 * IronCalc answers `#CIRC!` for circular references. When the workbook enables iterative
 * calculation, each circular cell becomes a value, its formula moves to a helper cell (with
 * references qualified by the original sheet), and `iterate` feeds helper results back into the
 * cells until the largest change is below `iterateDelta` or `iterateCount` passes ran — Excel's
 * own scheme. Returns null when there is nothing to iterate.
 */
export function planIteration(
  model: IronModel,
  wb: WorkbookModel,
  rawFormat: string,
  sheetCount: number,
): IterationPlan | null {
  if (!wb.calc.iterate) return null;
  const circular: { sheet: number; row: number; col: number; formula: string; start: number }[] = [];
  wb.sheets.forEach((sheet, s) => {
    for (const cell of sheet.cells) {
      if (cell.formula === undefined || cell.array) continue;
      if (model.getCellType(s, cell.row, cell.col) !== 16) continue;
      if (model.getFormattedCellValue(s, cell.row, cell.col) !== '#CIRC!') continue;
      const start = cell.value.kind === 'number' ? cell.value.value : 0;
      circular.push({
        sheet: s,
        row: cell.row,
        col: cell.col,
        formula: qualify(cell.formula, sheet.name),
        start,
      });
    }
  });
  if (circular.length === 0) return null;
  model.newSheet();
  model.renameSheet(sheetCount, ITERATION_SHEET);
  model.hideSheet(sheetCount);
  circular.forEach((c, i) => {
    model.setUserInput(sheetCount, i + 1, 1, `=${c.formula}`);
    model.setUserInput(c.sheet, c.row, c.col, String(c.start));
  });
  model.updateRangeStyle(
    { sheet: sheetCount, row: 1, column: 1, width: 1, height: circular.length },
    'num_fmt',
    rawFormat,
  );
  return { cells: circular, helperSheet: sheetCount, ...limits(wb.calc) };
}

function limits(calc: CalcSettings): { maxIterations: number; maxChange: number } {
  return { maxIterations: Math.max(1, calc.iterateCount), maxChange: Math.max(0, calc.iterateDelta) };
}

/** Runs evaluation passes until the circular cells settle. */
export function iterate(model: IronModel, plan: IterationPlan): void {
  for (let pass = 0; pass < plan.maxIterations; pass++) {
    model.evaluate();
    let change = 0;
    plan.cells.forEach((c, i) => {
      const text = model.getFormattedCellValue(plan.helperSheet, i + 1, 1);
      const next = Number(text);
      const prev = Number(model.getFormattedCellValue(c.sheet, c.row, c.col));
      if (Number.isFinite(next)) {
        change = Math.max(change, Number.isFinite(prev) ? Math.abs(next - prev) : Number.POSITIVE_INFINITY);
        model.setUserInput(c.sheet, c.row, c.col, String(next));
      } else {
        change = Number.POSITIVE_INFINITY;
        model.setUserInput(c.sheet, c.row, c.col, text);
      }
    });
    if (change <= plan.maxChange) break;
  }
  model.evaluate();
}

/** Prefixes the formula's sheet-less references with its own sheet, so it can move sheets. */
function qualify(formula: string, sheetName: string): string {
  const prefix = `${quoteSheetName(sheetName)}!`;
  return (tokenize(formula, { mergeRefs: true }) as { type: string; value: string }[])
    .map((t) =>
      (t.type === 'range' || t.type === 'range_beam') && !t.value.includes('!') ? prefix + t.value : t.value,
    )
    .join('');
}
