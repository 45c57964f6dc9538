/**
 * The plain, engine-neutral description of a workbook produced by the OOXML reader.
 * Everything is immutable data; rows and columns are 1-based, sheets are 0-based.
 */

/** Excel error codes as they appear in cells. */
export type ErrorCode =
  | '#NULL!'
  | '#DIV/0!'
  | '#VALUE!'
  | '#REF!'
  | '#NAME?'
  | '#NUM!'
  | '#N/A'
  | '#GETTING_DATA'
  | '#SPILL!'
  | '#CALC!'
  | '#FIELD!'
  | '#BLOCKED!'
  | '#CONNECT!'
  | '#BUSY!'
  | '#UNKNOWN!';

/** One scalar cell value. `kind` says which member of the union it is. */
export type Scalar =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'text'; readonly value: string }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'error'; readonly value: ErrorCode | string }
  | { readonly kind: 'empty' };

/** A rectangular block of cells, 1-based and inclusive. */
export interface CellRange {
  readonly top: number;
  readonly left: number;
  readonly bottom: number;
  readonly right: number;
}

/** An array formula anchored at a cell: legacy CSE (`t="array"`) or dynamic (spilling). */
export interface ArrayFormula {
  readonly kind: 'legacy' | 'dynamic';
  /** The range the formula fills (legacy) or spilled into when Excel saved the file (dynamic). */
  readonly range: CellRange;
}

export interface CellModel {
  readonly row: number;
  readonly col: number;
  /** Formula text without the leading `=`; shared formulas are already expanded per cell. */
  readonly formula?: string;
  /** Present only on the anchor cell of an array formula. */
  readonly array?: ArrayFormula;
  /** The constant, or for formula cells the value Excel cached when it saved the file. */
  readonly value: Scalar;
  /** The number format code (`General`, `0.00%`, built-in ids already resolved to codes). */
  readonly numFmt: string;
}

export type SheetState = 'visible' | 'hidden' | 'veryHidden';

export interface SheetModel {
  readonly name: string;
  readonly state: SheetState;
  /** Cells in row-major order (row, then column). Includes blank-but-styled cells only if they carry a value. */
  readonly cells: readonly CellModel[];
}

export interface DefinedName {
  readonly name: string;
  /** Index of the sheet the name is local to, or null for a workbook-global name. */
  readonly scope: number | null;
  /** The definition without a leading `=` (`Sheet1!$A$1`, `0.05`, `Inputs!$B$3*12`). */
  readonly formula: string;
  /** reference: one area (possibly a range); constant: a literal; formula: anything else. */
  readonly kind: 'reference' | 'constant' | 'formula';
  readonly hidden: boolean;
}

/** Calculation settings from `<calcPr>`. */
export interface CalcSettings {
  readonly iterate: boolean;
  /** Maximum iterations (Excel default 100). */
  readonly iterateCount: number;
  /** Maximum change (Excel default 0.001). */
  readonly iterateDelta: number;
}

export interface WorkbookModel {
  readonly sheets: readonly SheetModel[];
  readonly definedNames: readonly DefinedName[];
  readonly date1904: boolean;
  readonly calc: CalcSettings;
  /** `docProps/app.xml` Application (e.g. `Microsoft Excel`), if present. */
  readonly application?: string;
}
