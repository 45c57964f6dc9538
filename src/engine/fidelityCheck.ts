import type { Scalar, WorkbookModel } from '../workbook/model.js';
import type { LoadedWorkbook } from './calcEngine.js';
import { cellKey } from './cellKey.js';
import type { TrappedCell } from './containedLoad.js';
import { formatA1 } from './references.js';

/** Functions whose value changes on every calculation: their cells are not scored. */
const VOLATILE = /\b(NOW|TODAY|RAND|RANDBETWEEN|RANDARRAY|INFO|CELL)\s*\(/i;
const FUNCTION_NAME = /(?:_xlfn\.|_xlws\.)*([A-Z][A-Z0-9.]*)\s*\(/gi;

/** True when a cell formula or a defined name calls a volatile function (NOW, RAND, ...). */
export function hasVolatileFormulas(model: WorkbookModel): boolean {
  return (
    model.definedNames.some((n) => VOLATILE.test(n.formula)) ||
    model.sheets.some((s) => s.cells.some((c) => c.formula !== undefined && VOLATILE.test(c.formula)))
  );
}

/**
 * A copy of the model in which cells calling a volatile function hold the value Excel saved
 * instead of their formula, so that the cells depending on them (a calendar built on TODAY())
 * are compared with what Excel computed on the day it saved the file.
 */
export function pinVolatileCells(model: WorkbookModel): WorkbookModel {
  return {
    ...model,
    sheets: model.sheets.map((sheet) => {
      if (!sheet.cells.some((c) => c.formula !== undefined && !c.array && VOLATILE.test(c.formula)))
        return sheet;
      return {
        ...sheet,
        cells: sheet.cells.map((c) =>
          c.formula !== undefined && !c.array && VOLATILE.test(c.formula)
            ? { row: c.row, col: c.col, numFmt: c.numFmt, value: c.value }
            : c,
        ),
      };
    }),
  };
}

/** One formula cell whose recalculated value differs from the value Excel saved. */
export interface Mismatch {
  readonly address: string;
  readonly formula: string;
  readonly expected: Scalar;
  readonly actual: Scalar;
  /** The outermost function of the formula (`(operators)` when it calls none). */
  readonly group: string;
}

export interface FidelityReport {
  /** Formula cells and array/spill cells compared. */
  readonly compared: number;
  readonly matched: number;
  /** Cells left out because they call a volatile function. */
  readonly volatile: number;
  readonly mismatches: readonly Mismatch[];
  readonly trapped: readonly TrappedCell[];
}

/**
 * Compares every formula cell (and every cell of an array or spill range) of a recalculated
 * workbook with the value Excel cached in the file: numbers within a relative 1e-9, text and
 * booleans exactly, errors by code. Volatile formulas are left out.
 */
export function compareWithCached(
  model: WorkbookModel,
  wb: LoadedWorkbook,
  trapped: readonly TrappedCell[] = [],
): FidelityReport {
  let compared = 0;
  let matched = 0;
  let volatile = 0;
  const mismatches: Mismatch[] = [];
  model.sheets.forEach((sheet, s) => {
    const anchors = new Map<number, string>();
    for (const cell of sheet.cells) {
      if (cell.array && cell.formula !== undefined) {
        const { top, left, bottom, right } = cell.array.range;
        for (let r = top; r <= bottom; r++)
          for (let c = left; c <= right; c++) anchors.set(cellKey(0, r, c), cell.formula);
      }
    }
    for (const cell of sheet.cells) {
      const formula = cell.formula ?? anchors.get(cellKey(0, cell.row, cell.col));
      if (formula === undefined) continue;
      if (VOLATILE.test(formula)) {
        volatile++;
        continue;
      }
      compared++;
      const actual = wb.read(s, cell.row, cell.col);
      if (sameValue(cell.value, actual)) {
        matched++;
        continue;
      }
      mismatches.push({
        address: `${sheet.name}!${formatA1(cell.row, cell.col)}`,
        formula,
        expected: cell.value,
        actual,
        group: outermostFunction(formula),
      });
    }
  });
  return { compared, matched, volatile, mismatches, trapped };
}

/** The scoring rule of the corpus: numbers within a relative 1e-9, everything else exactly. */
export function sameValue(expected: Scalar, actual: Scalar): boolean {
  if (expected.kind === 'number' && actual.kind === 'number') {
    const a = expected.value;
    const b = actual.value;
    if (a === b) return true;
    return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
  }
  // A formula that returns an empty text and a cell Excel saved without a value agree.
  if (expected.kind === 'empty')
    return actual.kind === 'empty' || (actual.kind === 'text' && actual.value === '');
  if (expected.kind !== actual.kind) return false;
  return 'value' in expected && 'value' in actual && expected.value === actual.value;
}

/** The first function a formula calls, upper-cased without `_xlfn.`. */
export function outermostFunction(formula: string): string {
  FUNCTION_NAME.lastIndex = 0;
  const m = FUNCTION_NAME.exec(formula);
  return m?.[1] ? m[1].toUpperCase() : '(operators)';
}
