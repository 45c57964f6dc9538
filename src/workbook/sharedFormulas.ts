/**
 * Shared formulas: Excel stores `<f t="shared" si="0" ref="A1:A10">B1*2</f>` once, on the
 * master cell, and `<f t="shared" si="0"/>` on the others. Each cell's own formula is the
 * master's with every relative row/column part moved by the cell's offset from the master.
 *
 * The master is tokenized once (with @borgar/fx, so strings, names, structured references
 * and functions are never mistaken for references); each cell then only fills in numbers.
 */
import { tokenize, translateFormulaToA1, translateFormulaToR1C1 } from '@borgar/fx';
import { columnLetters, formatCellRef } from './cellRef.js';
import { EXCEL_MAX_COLS, EXCEL_MAX_ROWS } from './limits.js';

/** One end of an A1 reference: a column and/or a row, each absolute (`$`) or relative. */
interface RefEnd {
  readonly col: number; // 0 when the reference is a whole row (`1:1`)
  readonly colAbs: boolean;
  readonly row: number; // 0 when the reference is a whole column (`A:A`)
  readonly rowAbs: boolean;
}

interface RefPiece {
  /** `Sheet2!`, `'My sheet'!`, `[1]Sheet1!` or empty. */
  readonly prefix: string;
  readonly a: RefEnd;
  readonly b: RefEnd | undefined;
}

/** Returns the formula for the cell at (`row`, `col`) of a shared group. */
export type SharedFormulaFiller = (row: number, col: number) => string;

const END = /^(\$?)([A-Za-z]{1,3})?(\$?)([0-9]{1,7})?$/;

/** Prepares the master formula (anchored at `row`/`col`) for cheap per-cell expansion. */
export function compileSharedFormula(formula: string, row: number, col: number): SharedFormulaFiller {
  let tokens: { type: string; value: string }[];
  try {
    tokens = tokenize(formula, { allowTernary: false, mergeRefs: true });
  } catch {
    return viaR1C1(formula, row, col);
  }
  const pieces: (string | RefPiece)[] = [];
  let literal = '';
  let rebuilt = '';
  for (const token of tokens) {
    rebuilt += token.value;
    const ref = token.type === 'range' || token.type === 'range_beam' ? parseRef(token.value) : undefined;
    if (ref === undefined) {
      literal += token.value;
      continue;
    }
    if (literal !== '') pieces.push(literal);
    literal = '';
    pieces.push(ref);
  }
  if (literal !== '') pieces.push(literal);
  // Defensive: the tokens must cover the text exactly, or we let fx translate it whole.
  if (rebuilt !== formula) return viaR1C1(formula, row, col);

  return (r, c) => {
    const dr = r - row;
    const dc = c - col;
    let out = '';
    for (const piece of pieces) out += typeof piece === 'string' ? piece : shiftRef(piece, dr, dc);
    return out;
  };
}

function parseRef(text: string): RefPiece | undefined {
  const bang = text.lastIndexOf('!');
  const prefix = text.slice(0, bang + 1);
  const body = text.slice(bang + 1);
  const colon = body.indexOf(':');
  const a = parseEnd(colon < 0 ? body : body.slice(0, colon));
  const b = colon < 0 ? undefined : parseEnd(body.slice(colon + 1));
  if (a === undefined || (colon >= 0 && b === undefined)) return undefined;
  // Both ends must be the same kind (cell, whole column or whole row).
  if (b !== undefined && (a.col === 0) !== (b.col === 0)) return undefined;
  if (b !== undefined && (a.row === 0) !== (b.row === 0)) return undefined;
  if (b === undefined && (a.col === 0 || a.row === 0)) return undefined;
  return { prefix, a, b };
}

function parseEnd(text: string): RefEnd | undefined {
  const m = END.exec(text);
  if (m === null) return undefined;
  const [, colDollar, letters, rowDollar, digits] = m;
  if (letters === undefined && digits === undefined) return undefined;
  // Reject `A$` and `$$1`: a `$` must precede something.
  if (digits === undefined && rowDollar === '$') return undefined;
  if (letters === undefined && colDollar === '$' && rowDollar === '$') return undefined;
  let col = 0;
  if (letters !== undefined) for (const ch of letters.toUpperCase()) col = col * 26 + ch.charCodeAt(0) - 64;
  const row = digits === undefined ? 0 : Number(digits);
  if (col > EXCEL_MAX_COLS || row > EXCEL_MAX_ROWS || (digits !== undefined && row === 0)) return undefined;
  return {
    col,
    // `$1:$2` puts the row's `$` in the first group when there are no letters.
    colAbs: letters !== undefined && colDollar === '$',
    row,
    rowAbs: letters === undefined ? colDollar === '$' : rowDollar === '$',
  };
}

function shiftRef(ref: RefPiece, dr: number, dc: number): string {
  const a = shiftEnd(ref.a, dr, dc);
  if (a === undefined) return '#REF!';
  if (ref.b === undefined) return ref.prefix + a;
  const b = shiftEnd(ref.b, dr, dc);
  return b === undefined ? '#REF!' : `${ref.prefix}${a}:${b}`;
}

function shiftEnd(end: RefEnd, dr: number, dc: number): string | undefined {
  let text = '';
  if (end.col !== 0) {
    const col = end.colAbs ? end.col : end.col + dc;
    if (col < 1 || col > EXCEL_MAX_COLS) return undefined;
    text += (end.colAbs ? '$' : '') + columnLetters(col);
  }
  if (end.row !== 0) {
    const row = end.rowAbs ? end.row : end.row + dr;
    if (row < 1 || row > EXCEL_MAX_ROWS) return undefined;
    text += (end.rowAbs ? '$' : '') + row;
  }
  return text;
}

/** Slow but general fallback: round-trip through R1C1 with fx, off-grid references becoming #REF!. */
function viaR1C1(formula: string, row: number, col: number): SharedFormulaFiller {
  const r1c1 = translateFormulaToR1C1(formula, formatCellRef(row, col), { allowTernary: false });
  return (r, c) => translateFormulaToA1(r1c1, formatCellRef(r, c), { wrapEdges: false, allowTernary: false });
}
