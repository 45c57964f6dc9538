import type { CellRange, Scalar, WorkbookModel } from '../workbook/model.js';
import type { ResolvedArea } from './types.js';

/** What an engine can do natively; callers branch on these, never on the engine's name. */
export interface EngineCapabilities {
  /** Names may be constants or formulas, not only references. */
  readonly formulaNames: boolean;
  /** Circular references converge under Excel's iterative-calculation settings. */
  readonly iterativeCalc: boolean;
}

/** A defined name as callers see it: where it points and its shape. */
export interface NameInfo {
  readonly name: string;
  /** Sheet index for a sheet-scoped name, null for a global one. */
  readonly scope: number | null;
  /** The area the name reads and writes (a hidden helper cell for constant and formula names). */
  readonly area: ResolvedArea;
  /** The definition as written in the workbook (`Sheet1!$A$1`, `0.05`). */
  readonly formula: string;
  readonly hidden: boolean;
}

/** A workbook loaded into an engine: resolve references, write values, recalculate, read. */
export interface LoadedWorkbook {
  readonly sheetNames: readonly string[];
  /** Resolve a `Ref` (defined name, sheet-scoped name, A1 cell or range); null when it names nothing. */
  resolve(ref: string): ResolvedArea | null;
  /** The workbook's user-visible defined names, in the order the file lists them. */
  names(): readonly NameInfo[];
  /** Write one cell (no recalculation). A format is applied only if the cell's format is General. */
  write(sheet: number, row: number, col: number, value: Scalar, impliedFormat?: string): void;
  /**
   * Start remembering the prior content of every cell written, so `endScratch()` can put it
   * back: how a stateless calculation or a batch item leaves its base state untouched.
   */
  beginScratch(): void;
  /** Restore every cell written since `beginScratch()`; the next read or recalc recalculates. */
  endScratch(): void;
  /** Recalculate everything written since the last call. */
  recalc(): void;
  /** The current value of a cell. */
  read(sheet: number, row: number, col: number): Scalar;
  /** The block an array formula or spill anchored at this cell fills now; null for other cells. */
  arrayExtent(sheet: number, row: number, col: number): CellRange | null;
  /** The number format code of a cell (`General` when none). */
  numFmt(sheet: number, row: number, col: number): string;
  /** An independent copy with the same state. */
  clone(): LoadedWorkbook;
  /** Free the engine memory behind this workbook. */
  dispose(): void;
  readonly date1904: boolean;
}

/** A formula engine. Loading throws `EngineTrapError` if the engine instance traps. */
export interface CalcEngine {
  readonly name: string;
  readonly capabilities: EngineCapabilities;
  load(model: WorkbookModel): LoadedWorkbook;
}
