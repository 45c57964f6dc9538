/** A1-style cell addresses: 1-based rows and columns, no `$`, no sheet. */
import type { CellRange } from './model.js';

const letterCache: string[] = [];

/** Column number (1 = A) to letters (`AB`). */
export function columnLetters(col: number): string {
  const cached = letterCache[col];
  if (cached !== undefined) return cached;
  let s = '';
  for (let c = col; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  letterCache[col] = s;
  return s;
}

/** `row`/`col` to `A1` text. */
export function formatCellRef(row: number, col: number): string {
  return columnLetters(col) + row;
}

/** A range to `A1:B3` text (`A1` when it is a single cell). */
export function formatRange(range: CellRange): string {
  const a = formatCellRef(range.top, range.left);
  return range.top === range.bottom && range.left === range.right
    ? a
    : `${a}:${formatCellRef(range.bottom, range.right)}`;
}

/**
 * Parses `A1` (letters then digits, `$` tolerated) into numbers; undefined when malformed.
 * Numbers beyond Excel's grid are returned as they are so the caller can say so.
 */
export function parseCellRef(ref: string): { row: number; col: number } | undefined {
  let i = 0;
  const n = ref.length;
  if (ref.charCodeAt(i) === 36) i++;
  let col = 0;
  const colStart = i;
  for (; i < n; i++) {
    const c = ref.charCodeAt(i) | 32; // lower-case
    if (c < 97 || c > 122) break;
    col = col * 26 + (c - 96);
  }
  if (i === colStart || i - colStart > 7) return undefined;
  if (ref.charCodeAt(i) === 36) i++;
  let row = 0;
  const rowStart = i;
  for (; i < n; i++) {
    const c = ref.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
    row = row * 10 + (c - 48);
  }
  if (i === rowStart || i - rowStart > 10 || row === 0) return undefined;
  return { row, col };
}

/** Parses `A1:B3` or `A1` into a normalised range; undefined when malformed. */
export function parseRange(ref: string): CellRange | undefined {
  const colon = ref.indexOf(':');
  const a = parseCellRef(colon < 0 ? ref : ref.slice(0, colon));
  const b = colon < 0 ? a : parseCellRef(ref.slice(colon + 1));
  if (a === undefined || b === undefined) return undefined;
  return spanOf(a, b);
}

/** The range spanned by two corner cells, in either order. */
export function spanOf(a: { row: number; col: number }, b: { row: number; col: number }): CellRange {
  return {
    top: Math.min(a.row, b.row),
    left: Math.min(a.col, b.col),
    bottom: Math.max(a.row, b.row),
    right: Math.max(a.col, b.col),
  };
}
