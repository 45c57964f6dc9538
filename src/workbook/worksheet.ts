/** A worksheet part (`xl/worksheets/sheetN.xml`): its cells, formulas and cached values. */
import { formatCellRef, parseCellRef, parseRange } from './cellRef.js';
import { formatCount, WorkbookError } from './errors.js';
import type { ReadLimits } from './limits.js';
import type { ArrayFormula, CellModel, Scalar } from './model.js';
import { decodeOoxmlString } from './ooxmlString.js';
import { isoToSerial } from './serialDate.js';
import { compileSharedFormula, type SharedFormulaFiller } from './sharedFormulas.js';
import { parseXml } from './xml.js';

/** Everything a worksheet needs from the rest of the workbook. */
export interface SheetContext {
  readonly part: string;
  readonly sheetName: string;
  readonly sharedStrings: readonly string[];
  /** Number format code per cell style index (`s` attribute). */
  readonly numFmts: readonly string[];
  /** `cm` values that mark dynamic-array formulas. */
  readonly dynamicCm: ReadonlySet<number>;
  readonly date1904: boolean;
  readonly limits: ReadLimits;
  /** Running count of `<c>` elements across the whole workbook, for `maxCells`. */
  readonly counter: { cells: number };
}

type MutableCell = { -readonly [K in keyof CellModel]: CellModel[K] };

interface SharedMaster {
  readonly row: number;
  readonly col: number;
  readonly formula: string;
  filler?: SharedFormulaFiller;
}

const EMPTY: Scalar = Object.freeze({ kind: 'empty' });
const NONE = 0;
const V = 1;
const F = 2;
const IS_T = 3;

/** Reads the cells that carry a value or a formula, in row-major order. */
export function parseWorksheet(xml: Uint8Array | string, ctx: SheetContext): CellModel[] {
  const { limits, counter, sheetName, part } = ctx;
  const defaultFmt = ctx.numFmts[0] ?? 'General';
  const cells: MutableCell[] = [];
  const masters = new Map<string, SharedMaster>();
  const dependents: { cell: MutableCell; si: string }[] = [];
  const corrupt = (what: string): WorkbookError =>
    new WorkbookError('CORRUPT', `The sheet "${sheetName}" (${part}) is damaged: ${what}.`, part);

  let inSheetData = false;
  let rowNum = 0;
  let nextCol = 1;
  let lastRow = 0;
  let lastCol = 0;
  let unordered = false;
  // The cell being read.
  let inCell = false;
  let row = 0;
  let col = 0;
  let type = 'n';
  let style = 0;
  let cm = 0;
  let vText: string | undefined;
  let fText: string | undefined;
  let fType: string | undefined;
  let fRef: string | undefined;
  let fSi: string | undefined;
  let isText: string | undefined;
  let inIs = false;
  let phonetic = 0;
  let capture = NONE;

  const checkGrid = (r: number, c: number): void => {
    if (r > limits.maxRows || c > limits.maxCols) {
      throw new WorkbookError(
        'TOO_LARGE',
        `The cell ${formatCellRef(r, c)} on sheet "${sheetName}" lies outside the allowed grid of ${formatCount(limits.maxRows)} rows and ${formatCount(limits.maxCols)} columns.`,
        part,
      );
    }
  };

  const startCell = (attrs: Record<string, string>): void => {
    if (++counter.cells > limits.maxCells) {
      throw new WorkbookError(
        'TOO_MANY_CELLS',
        `The workbook has more than ${formatCount(limits.maxCells)} cells, the limit for one workbook.`,
        part,
      );
    }
    const r = attrs.r;
    if (r !== undefined) {
      const ref = parseCellRef(r);
      if (ref === undefined) throw corrupt(`the cell reference "${r}" is not valid`);
      row = ref.row;
      col = ref.col;
      rowNum = row;
    } else {
      // LibreOffice and other writers may omit `r`: the cell follows the previous one.
      row = rowNum === 0 ? 1 : rowNum;
      col = nextCol;
    }
    checkGrid(row, col);
    nextCol = col + 1;
    type = attrs.t ?? 'n';
    style = attrs.s === undefined ? 0 : Number(attrs.s);
    cm = attrs.cm === undefined ? 0 : Number(attrs.cm);
    vText = fText = fType = fRef = fSi = isText = undefined;
    inCell = true;
  };

  const cellValue = (): Scalar => {
    if (type === 'inlineStr') {
      const text = isText ?? vText;
      return text === undefined ? EMPTY : { kind: 'text', value: decodeOoxmlString(text) };
    }
    if (vText === undefined) return EMPTY;
    switch (type) {
      case 'n': {
        if (vText.trim() === '') return EMPTY;
        const value = Number(vText);
        if (Number.isNaN(value))
          throw corrupt(`cell ${formatCellRef(row, col)} holds "${vText}", not a number`);
        return { kind: 'number', value };
      }
      case 's': {
        const index = Number(vText);
        const text = Number.isInteger(index) ? ctx.sharedStrings[index] : undefined;
        if (text === undefined)
          throw corrupt(`cell ${formatCellRef(row, col)} points to a missing shared string`);
        return { kind: 'text', value: text };
      }
      case 'b':
        return { kind: 'boolean', value: vText.trim() === '1' || vText.trim() === 'true' };
      case 'e':
        return { kind: 'error', value: vText.trim() };
      case 'd': {
        const serial = isoToSerial(vText, ctx.date1904);
        if (serial === undefined)
          throw corrupt(`cell ${formatCellRef(row, col)} holds "${vText}", not a date`);
        return { kind: 'number', value: serial };
      }
      default:
        return { kind: 'text', value: decodeOoxmlString(vText) };
    }
  };

  const checkLength = (formula: string): void => {
    if (formula.length > limits.maxFormulaLength) {
      throw new WorkbookError(
        'FORMULA_TOO_LONG',
        `The formula in cell ${formatCellRef(row, col)} on sheet "${sheetName}" is ${formatCount(formula.length)} characters long, more than the limit of ${formatCount(limits.maxFormulaLength)}.`,
        part,
      );
    }
  };

  const endCell = (): void => {
    inCell = false;
    const value = cellValue();
    let formula: string | undefined;
    let array: ArrayFormula | undefined;
    let sharedSi: string | undefined;
    if (fText !== undefined && fType !== 'dataTable') {
      const text = fText.charCodeAt(0) === 61 /* = */ ? fText.slice(1) : fText;
      checkLength(text);
      if (fType === 'shared' && text === '') sharedSi = fSi ?? '';
      else if (text !== '') {
        formula = text;
        if (fType === 'shared') masters.set(fSi ?? '', { row, col, formula });
        else if (fType === 'array') {
          const single = { top: row, left: col, bottom: row, right: col };
          const range = fRef === undefined ? single : (parseRange(fRef) ?? single);
          array = { kind: ctx.dynamicCm.has(cm) ? 'dynamic' : 'legacy', range };
        }
      }
    }
    if (formula === undefined && sharedSi === undefined && value.kind === 'empty') return;

    const cell: MutableCell = {
      row,
      col,
      value,
      numFmt: ctx.numFmts[style] ?? defaultFmt,
    };
    if (formula !== undefined) cell.formula = formula;
    if (array !== undefined) cell.array = array;
    if (sharedSi !== undefined) dependents.push({ cell, si: sharedSi });
    if (row < lastRow || (row === lastRow && col <= lastCol)) unordered = true;
    lastRow = row;
    lastCol = col;
    cells.push(cell);
  };

  parseXml(
    xml,
    {
      open(name, attrs) {
        switch (name) {
          case 'sheetData':
            inSheetData = true;
            break;
          case 'row':
            if (!inSheetData) break;
            if (attrs.r === undefined) rowNum++;
            else {
              rowNum = Number(attrs.r);
              if (!Number.isInteger(rowNum) || rowNum < 1)
                throw corrupt(`the row number "${attrs.r}" is not valid`);
            }
            checkGrid(rowNum, 1);
            nextCol = 1;
            break;
          case 'c':
            if (inSheetData) startCell(attrs);
            break;
          case 'v':
            if (inCell) {
              capture = V;
              vText = '';
            }
            break;
          case 'f':
            if (inCell) {
              capture = F;
              fText = '';
              fType = attrs.t;
              fRef = attrs.ref;
              fSi = attrs.si;
            }
            break;
          case 'is':
            if (inCell) {
              inIs = true;
              isText = '';
            }
            break;
          case 'rPh':
            if (inIs) phonetic++;
            break;
          case 't':
            if (inIs && phonetic === 0) capture = IS_T;
            break;
        }
      },
      close(name) {
        switch (name) {
          case 'v':
          case 'f':
          case 't':
            capture = NONE;
            break;
          case 'rPh':
            if (inIs) phonetic--;
            break;
          case 'is':
            inIs = false;
            break;
          case 'c':
            if (inCell) endCell();
            break;
          case 'sheetData':
            inSheetData = false;
            break;
        }
      },
      text(text) {
        if (capture === V) vText += text;
        else if (capture === F) fText += text;
        else if (capture === IS_T) isText += text;
      },
    },
    part,
  );

  for (const { cell, si } of dependents) {
    const master = masters.get(si);
    if (master === undefined) {
      throw corrupt(
        `cell ${formatCellRef(cell.row, cell.col)} uses shared formula ${si}, which is never defined`,
      );
    }
    master.filler ??= compileSharedFormula(master.formula, master.row, master.col);
    const formula = master.filler(cell.row, cell.col);
    row = cell.row;
    col = cell.col;
    checkLength(formula);
    cell.formula = formula;
  }
  return unordered ? sortUnique(cells) : cells;
}

/** Row-major order; when a cell appears twice the later one wins, as in Excel. */
function sortUnique(cells: MutableCell[]): MutableCell[] {
  const sorted = cells.map((cell, i) => ({ cell, i }));
  sorted.sort((a, b) => a.cell.row - b.cell.row || a.cell.col - b.cell.col || a.i - b.i);
  const out: MutableCell[] = [];
  for (const { cell } of sorted) {
    const prev = out[out.length - 1];
    if (prev !== undefined && prev.row === cell.row && prev.col === cell.col) out[out.length - 1] = cell;
    else out.push(cell);
  }
  return out;
}
