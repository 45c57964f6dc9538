import type { CellModel, WorkbookModel } from '../workbook/model.js';
import type { CalcEngine, LoadedWorkbook } from './calcEngine.js';
import { EngineTrapError } from './errors.js';
import { formatA1 } from './references.js';

/** An engine that can replace a poisoned instance (after a trap) with a fresh one. */
export interface RecoverableEngine extends CalcEngine {
  recover(): Promise<void>;
}

/** A formula cell that traps the engine and is therefore loaded as an error. */
export interface TrappedCell {
  readonly sheet: number;
  readonly row: number;
  readonly col: number;
  /** `Sheet1!B7`, for messages. */
  readonly address: string;
  readonly formula: string;
}

export interface ContainedLoad {
  readonly workbook: LoadedWorkbook;
  /** The model actually loaded: trapping formulas replaced by `#NUM!`. */
  readonly model: WorkbookModel;
  readonly trapped: readonly TrappedCell[];
}

/** The error a trapping formula cell is given instead of its formula. */
const TRAP_VALUE = { kind: 'error', value: '#NUM!' } as const;

/**
 * Loads a workbook so that formulas which trap the engine cannot take the rest down: on a
 * trap it finds each culprit by bisecting over the formula cells (log2(n) loads per culprit),
 * turns it into `#NUM!` and loads the remainder.
 */
export async function loadContained(
  engine: RecoverableEngine,
  model: WorkbookModel,
  maxTraps = 20,
): Promise<ContainedLoad> {
  const formulas = formulaPositions(model);
  const disabled = new Set<number>();
  for (;;) {
    const current = disabled.size === 0 ? model : disableFormulas(model, formulas, disabled, formulas.length);
    const attempt = await tryLoad(engine, current);
    if (attempt)
      return {
        workbook: attempt,
        model: current,
        trapped: [...disabled].map((i) => describe(model, formulas, i)),
      };
    if (disabled.size >= maxTraps)
      throw new EngineTrapError(`more than ${maxTraps} formula cells trap the engine`);
    // Smallest prefix of formulas (the rest disabled) that still traps: its last cell is a culprit.
    let lo = 0;
    let hi = formulas.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const probe = await tryLoad(engine, disableFormulas(model, formulas, disabled, mid + 1));
      if (probe) {
        probe.dispose();
        lo = mid + 1;
      } else hi = mid;
    }
    if (lo >= formulas.length || disabled.has(lo))
      throw new EngineTrapError('the trap does not come from one formula cell');
    disabled.add(lo);
  }
}

async function tryLoad(engine: RecoverableEngine, model: WorkbookModel): Promise<LoadedWorkbook | null> {
  try {
    return engine.load(model);
  } catch (err) {
    if (!(err instanceof EngineTrapError)) throw err;
    await engine.recover();
    return null;
  }
}

interface FormulaPosition {
  readonly sheet: number;
  readonly index: number;
}

function formulaPositions(model: WorkbookModel): FormulaPosition[] {
  const out: FormulaPosition[] = [];
  model.sheets.forEach((sheet, s) => {
    sheet.cells.forEach((cell, i) => {
      if (cell.formula !== undefined) out.push({ sheet: s, index: i });
    });
  });
  return out;
}

/** A copy of the model where formula k is kept only if k < keep and k is not disabled. */
function disableFormulas(
  model: WorkbookModel,
  formulas: readonly FormulaPosition[],
  disabled: ReadonlySet<number>,
  keep: number,
): WorkbookModel {
  const off = new Map<number, Set<number>>();
  formulas.forEach((f, k) => {
    if (k < keep && !disabled.has(k)) return;
    const set = off.get(f.sheet);
    if (set) set.add(f.index);
    else off.set(f.sheet, new Set([f.index]));
  });
  return {
    ...model,
    sheets: model.sheets.map((sheet, s) => {
      const set = off.get(s);
      if (!set) return sheet;
      return { ...sheet, cells: sheet.cells.map((cell, i) => (set.has(i) ? asError(cell) : cell)) };
    }),
  };
}

function asError(cell: CellModel): CellModel {
  return { row: cell.row, col: cell.col, numFmt: cell.numFmt, value: TRAP_VALUE };
}

function describe(model: WorkbookModel, formulas: readonly FormulaPosition[], k: number): TrappedCell {
  const f = formulas[k] as FormulaPosition;
  const sheet = model.sheets[f.sheet];
  const cell = sheet?.cells[f.index] as CellModel;
  return {
    sheet: f.sheet,
    row: cell.row,
    col: cell.col,
    address: `${sheet?.name}!${formatA1(cell.row, cell.col)}`,
    formula: cell.formula ?? '',
  };
}
