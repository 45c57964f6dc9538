/**
 * The `Ref` strings of the wire (spec/API.md §4): defined names and A1 references, with or
 * without a sheet and `$`. Parsing only checks shape and grid limits; whether a sheet or name
 * exists is the resolver's business.
 *
 * Decisions:
 * - Whole rows and columns (`A:A`, `1:3`), 3-D references (`Sheet1:Sheet3!A1`), R1C1 and
 *   external (`[1]Sheet1!A1`) references are not supported: `parseRef` returns null.
 * - A token shaped like a cell but outside the grid (`XFE1`, `A1048577`) is not a cell
 *   reference, so it is read as a name, as Excel's name rules allow.
 * - An unquoted sheet prefix may contain any character legal in a sheet name, spaces
 *   included (`My Sheet!A1`), which is more lenient than Excel's formula bar.
 */
import { spanOf, columnLetters as workbookColumnLetters } from '../workbook/cellRef.js';
import type { CellRange } from '../workbook/model.js';
import type { ParsedRef } from './types.js';

/** Rows in an Excel sheet. */
export const MAX_ROW = 1_048_576;
/** Columns in an Excel sheet (`XFD`). */
export const MAX_COL = 16_384;
const MAX_NAME_LENGTH = 255;

const CELL = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/;
// [MS-XLSX] name grammar: a letter, `_` or `\` first, then also digits, `.` and `?`.
const NAME = /^[\p{L}_\\][\p{L}\p{N}_.?\\]*$/u;
// R1C1-style tokens (`R`, `C`, `RC`, `R1C1`, `R2`, `C3`) are references in R1C1 mode, never names.
const R1C1_LIKE = /^(?:R\d*(?:C\d*)?|C\d*)$/i;
// Characters Excel forbids in sheet names, plus `!` which would end the prefix.
const SHEET_FORBIDDEN = /[[\]:*?/\\!]/;
// Sheet names safe without quotes in a formula.
const PLAIN_SHEET = /^[\p{L}_][\p{L}\p{N}_.]*$/u;
const CELL_LIKE = /^[A-Za-z]{1,3}\d+$/;

/** Parses a wire `Ref`: a defined name or an A1 cell/range, optionally sheet-qualified; null if invalid. */
export function parseRef(ref: string): ParsedRef | null {
  const s = ref.trim();
  let sheet: string | undefined;
  let local: string;
  if (s.charCodeAt(0) === 39 /* ' */) {
    const end = closingQuote(s);
    if (end < 0 || s.charCodeAt(end + 1) !== 33 /* ! */) return null;
    sheet = s.slice(1, end).replaceAll("''", "'");
    local = s.slice(end + 2);
  } else {
    const bang = s.indexOf('!');
    if (bang >= 0) {
      sheet = s.slice(0, bang);
      if (sheet.trim() !== sheet || sheet.includes("'")) return null;
    }
    local = s.slice(bang + 1);
  }
  if (sheet !== undefined && (sheet === '' || SHEET_FORBIDDEN.test(sheet))) return null;

  const range = parseArea(local);
  if (range !== undefined) {
    if (range === null) return null;
    return sheet === undefined ? { kind: 'area', range } : { kind: 'area', sheet, range };
  }
  if (!isValidName(local)) return null;
  return sheet === undefined ? { kind: 'name', name: local } : { kind: 'name', name: local, sheet };
}

/** Index of the quote closing a quoted sheet name that starts at 0 (`''` is an escaped quote), or -1. */
function closingQuote(s: string): number {
  for (let i = 1; i < s.length; i++) {
    if (s.charCodeAt(i) !== 39) continue;
    if (s.charCodeAt(i + 1) === 39) {
      i++;
      continue;
    }
    return i;
  }
  return -1;
}

/**
 * An A1 cell or range: the range, null when it has A1 shape but is not a usable reference,
 * undefined when it is not A1-shaped at all (it may be a name).
 */
function parseArea(local: string): CellRange | null | undefined {
  const colon = local.indexOf(':');
  if (colon < 0) {
    const cell = parseCell(local);
    if (cell === undefined) return local.includes('$') ? null : undefined;
    return { top: cell.row, left: cell.col, bottom: cell.row, right: cell.col };
  }
  // Names cannot contain ':', so anything else with a colon is unsupported.
  const a = parseCell(local.slice(0, colon));
  const b = parseCell(local.slice(colon + 1));
  if (a === undefined || b === undefined) return null;
  return spanOf(a, b);
}

function parseCell(s: string): { row: number; col: number } | undefined {
  const m = CELL.exec(s);
  if (m === null || m[1] === undefined || m[2] === undefined) return undefined;
  const col = columnNumber(m[1]);
  const row = Number(m[2]);
  if (row < 1 || row > MAX_ROW || col > MAX_COL) return undefined;
  return { row, col };
}

/** Whether `name` is a legal Excel defined name (and not something Excel would read as a reference). */
export function isValidName(name: string): boolean {
  if (name.length === 0 || name.length > MAX_NAME_LENGTH || !NAME.test(name)) return false;
  if (R1C1_LIKE.test(name)) return false;
  const upper = name.toUpperCase();
  if (upper === 'TRUE' || upper === 'FALSE') return false;
  return parseCell(name) === undefined;
}

/** Column letters for a 1-based column number (1 → `A`, 16384 → `XFD`). */
export function columnLetters(col: number): string {
  if (!Number.isInteger(col) || col < 1) throw new RangeError(`Invalid column number: ${col}`);
  return workbookColumnLetters(col);
}

/** The 1-based column number for column letters, case-insensitive (`xfd` → 16384). */
export function columnNumber(letters: string): number {
  if (!/^[A-Za-z]+$/.test(letters)) throw new RangeError(`Invalid column letters: ${letters}`);
  let n = 0;
  for (let i = 0; i < letters.length; i++) {
    n = n * 26 + ((letters.charCodeAt(i) | 32) - 96);
  }
  return n;
}

/** A relative A1 cell reference (`formatA1(5, 1)` → `A5`). */
export function formatA1(row: number, col: number): string {
  if (!Number.isInteger(row) || row < 1) throw new RangeError(`Invalid row number: ${row}`);
  return columnLetters(col) + row;
}

/**
 * An A1 range (`A4:B9`), a single cell when 1×1, prefixed by the sheet when given; `absolute`
 * writes it as Excel's name manager does (`$A$4:$B$9`).
 */
export function formatRange(range: CellRange, sheet?: string, options: { absolute?: boolean } = {}): string {
  const cell = (row: number, col: number) =>
    options.absolute ? `$${columnLetters(col)}$${row}` : formatA1(row, col);
  const start = cell(range.top, range.left);
  const a1 =
    range.top === range.bottom && range.left === range.right
      ? start
      : `${start}:${cell(range.bottom, range.right)}`;
  return sheet === undefined ? a1 : `${quoteSheetName(sheet)}!${a1}`;
}

/** A sheet name as a formula writes it: quoted (quotes doubled) only when Excel would quote it. */
export function quoteSheetName(name: string): string {
  const plain =
    PLAIN_SHEET.test(name) &&
    !CELL_LIKE.test(name) &&
    !R1C1_LIKE.test(name) &&
    !/^(?:TRUE|FALSE)$/i.test(name);
  return plain ? name : `'${name.replaceAll("'", "''")}'`;
}
