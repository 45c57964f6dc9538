import type { CellModel, DefinedName, Scalar, WorkbookModel } from '../../workbook/model.js';
import { cellKey } from '../cellKey.js';
import type { ResolvedArea } from '../types.js';
import { FormulaRewriter } from './formulaRewrite.js';
import type { IronModel, IronRuntime } from './wasmRuntime.js';

/** Raw numbers are read through this format: 15 significant digits, any exponent width. */
export const RAW_FORMAT = '0.00000000000000E+0';

/** The hidden sheet holding one cell per constant or formula name (IronCalc names must be references). */
export const NAMES_SHEET = '_sheetport_names';

/** What the builder learned while loading: immutable, shared by every clone of the template. */
export interface BuiltWorkbook {
  readonly model: IronModel;
  readonly sheetNames: readonly string[];
  /** Number formats of the cells in the file, by `cellKey`. */
  readonly formats: ReadonlyMap<number, string>;
  /** Cells already given RAW_FORMAT in the engine, by `cellKey`. */
  readonly rawStyled: ReadonlySet<number>;
  /** Defined names with the area each reads and writes. */
  readonly names: readonly BuiltName[];
  /** Sheets in the engine model, hidden helper sheets included. */
  readonly sheetCount: number;
  /** Problems met while loading (names or formulas the engine refused). */
  readonly warnings: readonly string[];
}

export interface BuiltName {
  readonly def: DefinedName;
  /** Null when the name could not be placed (the engine refused it). */
  readonly area: ResolvedArea | null;
}

/** Builds an IronCalc model from a WorkbookModel, leaving evaluation paused. */
export function buildIronModel(
  runtime: IronRuntime,
  wb: WorkbookModel,
  parseArea: (ref: string, sheetIndex: (name: string) => number) => ResolvedArea | null,
): BuiltWorkbook {
  const model = runtime.newModel();
  model.pauseEvaluation();
  const warnings: string[] = [];
  const sheetNames = wb.sheets.map((s) => s.name);
  const indexOf = sheetLookup(sheetNames);
  const rewriter = new FormulaRewriter(wb.definedNames, multiCellNames(wb, indexOf, parseArea));
  // Named LAMBDAs are inlined at their calls, so they need no engine name.
  const definedNames = wb.definedNames.filter((n) => !rewriter.isLambdaName(n.name));
  const helperNames = definedNames.filter((n) => n.kind !== 'reference');
  createSheets(model, helperNames.length > 0 ? [...sheetNames, NAMES_SHEET] : sheetNames);
  wb.sheets.forEach((s, i) => {
    if (s.state !== 'visible') model.hideSheet(i);
  });

  const names = defineNames(model, wb.sheets.length, definedNames, helperNames, indexOf, parseArea, warnings);

  // Sheet and name edits may resume evaluation: pause again before the bulk of the cells.
  model.pauseEvaluation();
  const formats = new Map<number, string>();
  const rawStyled = new Set<number>();
  wb.sheets.forEach((sheet, s) => {
    const covered = arrayChildren(sheet.cells);
    for (const cell of sheet.cells) {
      const key = cellKey(s, cell.row, cell.col);
      if (cell.numFmt && cell.numFmt !== 'General') formats.set(key, cell.numFmt);
      rawStyled.add(key);
      if (covered.has(cellKey(0, cell.row, cell.col))) continue;
      setCell(model, s, cell, rewriter, warnings, sheet.name);
    }
  });
  // Styling after all cells are in: a styled sheet makes IronCalc's later inserts ~3x slower.
  wb.sheets.forEach((sheet, s) => {
    styleRuns(model, s, sheet.cells);
  });
  const helperSheet = sheetNames.length;
  helperNames.forEach((n, i) => {
    const input = n.kind === 'constant' ? constantInput(n.formula) : `=${rewriter.rewrite(n.formula, false)}`;
    trySet(model, helperSheet, i + 1, 1, input, warnings, `name ${n.name}`);
  });
  if (helperNames.length > 0) {
    model.updateRangeStyle(
      { sheet: helperSheet, row: 1, column: 1, width: 1, height: helperNames.length },
      'num_fmt',
      RAW_FORMAT,
    );
    helperNames.forEach((_, i) => {
      rawStyled.add(cellKey(helperSheet, i + 1, 1));
    });
  }
  const sheetCount = sheetNames.length + (helperNames.length > 0 ? 1 : 0);
  return { model, sheetNames, formats, rawStyled, names, sheetCount, warnings };
}

/** Case-insensitive sheet name → index, as Excel compares sheet names. */
export function sheetLookup(sheetNames: readonly string[]): (name: string) => number {
  const map = new Map(sheetNames.map((n, i) => [n.toLowerCase(), i]));
  return (name) => map.get(name.toLowerCase()) ?? -1;
}

function createSheets(model: IronModel, names: readonly string[]): void {
  for (let i = 1; i < names.length; i++) model.newSheet();
  // Two passes: a final name may equal another sheet's default name ("Sheet2").
  names.forEach((_, i) => {
    model.renameSheet(i, `__sheetport_tmp_${i}`);
  });
  names.forEach((n, i) => {
    model.renameSheet(i, n);
  });
}

function defineNames(
  model: IronModel,
  helperSheet: number,
  definedNames: readonly DefinedName[],
  helperNames: readonly DefinedName[],
  indexOf: (name: string) => number,
  parseArea: (ref: string, sheetIndex: (name: string) => number) => ResolvedArea | null,
  warnings: string[],
): BuiltName[] {
  const helperRow = new Map(helperNames.map((n, i) => [n, i + 1]));
  return definedNames.map((def) => {
    const row = helperRow.get(def);
    const target = row === undefined ? def.formula : `'${NAMES_SHEET}'!$A$${row}`;
    const area =
      row === undefined
        ? parseArea(def.formula, indexOf)
        : { sheet: helperSheet, range: { top: row, left: 1, bottom: row, right: 1 } };
    try {
      model.newDefinedName(def.name, def.scope, target);
    } catch (err) {
      warnings.push(`The name ${def.name} could not be defined: ${errorText(err)}`);
      return { def, area: null };
    }
    return { def, area };
  });
}

/** Reference names that cover more than one cell (they need `@` where one value is expected). */
function multiCellNames(
  wb: WorkbookModel,
  indexOf: (name: string) => number,
  parseArea: (ref: string, sheetIndex: (name: string) => number) => ResolvedArea | null,
): string[] {
  return wb.definedNames
    .filter((n) => {
      if (n.kind !== 'reference') return false;
      const r = parseArea(n.formula, indexOf)?.range;
      return r !== undefined && (r.bottom > r.top || r.right > r.left);
    })
    .map((n) => n.name);
}

/** Keys of cells filled by an array formula or spill other than its anchor. */
function arrayChildren(cells: readonly CellModel[]): Set<number> {
  const covered = new Set<number>();
  for (const cell of cells) {
    if (!cell.array) continue;
    const { top, left, bottom, right } = cell.array.range;
    for (let r = top; r <= bottom; r++) {
      for (let c = left; c <= right; c++) {
        if (r !== cell.row || c !== cell.col) covered.add(cellKey(0, r, c));
      }
    }
  }
  return covered;
}

function setCell(
  model: IronModel,
  s: number,
  cell: CellModel,
  rewriter: FormulaRewriter,
  warnings: string[],
  sheetName: string,
): void {
  const where = `${sheetName}!R${cell.row}C${cell.col}`;
  if (cell.formula === undefined) {
    if (cell.value.kind !== 'empty')
      trySet(model, s, cell.row, cell.col, scalarInput(cell.value), warnings, where);
    return;
  }
  const formula = `=${rewriter.rewrite(cell.formula, cell.array === undefined)}`;
  if (cell.array?.kind === 'legacy') {
    const { top, left, bottom, right } = cell.array.range;
    try {
      model.setUserArrayFormula(s, top, left, right - left + 1, bottom - top + 1, formula);
      return;
    } catch (err) {
      warnings.push(`${where}: the array formula was refused (${errorText(err)}).`);
    }
  }
  trySet(model, s, cell.row, cell.col, formula, warnings, where);
}

function trySet(
  model: IronModel,
  s: number,
  row: number,
  col: number,
  input: string,
  warnings: string[],
  where: string,
): void {
  try {
    model.setUserInput(s, row, col, input);
  } catch (err) {
    warnings.push(`${where}: the engine refused ${JSON.stringify(input)} (${errorText(err)}).`);
    model.setUserInput(s, row, col, '#NAME?');
  }
}

/** The text IronCalc must be given so that it stores exactly this value. */
export function scalarInput(value: Scalar): string {
  switch (value.kind) {
    case 'number':
      return Number.isFinite(value.value) ? String(value.value) : '#NUM!';
    case 'text':
      // The quote prefix keeps text that looks like a number, date or formula as text.
      return `'${value.value}`;
    case 'boolean':
      return value.value ? 'TRUE' : 'FALSE';
    case 'error':
      return value.value;
    case 'empty':
      return '';
  }
}

function constantInput(formula: string): string {
  const f = formula.trim();
  if (/^".*"$/s.test(f)) return `'${f.slice(1, -1).replaceAll('""', '"')}`;
  return `=${f}`;
}

/** Applies RAW_FORMAT to the file's cells, one call per vertical run (calls cost ~10 µs per cell). */
function styleRuns(model: IronModel, s: number, cells: readonly CellModel[]): void {
  const byCol = new Map<number, number[]>();
  for (const cell of cells) {
    const rows = byCol.get(cell.col);
    if (rows) rows.push(cell.row);
    else byCol.set(cell.col, [cell.row]);
  }
  for (const [col, rows] of byCol) {
    rows.sort((a, b) => a - b);
    let start = rows[0] ?? 0;
    let prev = start;
    for (let i = 1; i <= rows.length; i++) {
      const r = rows[i];
      if (r === prev + 1) {
        prev = r;
        continue;
      }
      model.updateRangeStyle(
        { sheet: s, row: start, column: col, width: 1, height: prev - start + 1 },
        'num_fmt',
        RAW_FORMAT,
      );
      if (r !== undefined) start = prev = r;
    }
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
