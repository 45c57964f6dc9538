import type { LoadedWorkbook } from './calcEngine.js';
import { parseInput } from './inputParser.js';
import type { InputValue, ResolvedArea, WireCell } from './types.js';
import { toWireCell, wireCellOfRefError } from './wireCell.js';

/** One input of a calculation: a Ref and a 2-D block of values shaped like it. */
export interface CellInput {
  readonly ref: string;
  readonly values: readonly (readonly InputValue[])[];
}

/** One output block: the Ref as asked and its cells, rows × columns. */
export interface CellOutput {
  readonly ref: string;
  readonly cells: WireCell[][];
}

/**
 * Writes inputs into a workbook (no recalculation). Values are read as typed text; each block
 * is written from the area's top-left cell and clipped to the area. Refs that name nothing are
 * skipped and reported, as the original service tolerates them.
 */
export function applyInputs(wb: LoadedWorkbook, inputs: readonly CellInput[], culture?: string): string[] {
  const messages: string[] = [];
  const opts = { date1904: wb.date1904 };
  for (const input of inputs) {
    const area = wb.resolve(input.ref);
    if (!area) {
      messages.push(
        `The input '${input.ref}' does not name a cell or range in the workbook and was ignored.`,
      );
      continue;
    }
    const { top, left, bottom, right } = area.range;
    input.values.forEach((row, i) => {
      const r = top + i;
      if (r > bottom) return;
      row.forEach((value, j) => {
        const c = left + j;
        if (c > right) return;
        const parsed = parseInput(value, culture, opts);
        wb.write(area.sheet, r, c, parsed.value, parsed.impliedFormat);
      });
    });
  }
  return messages;
}

/** Reads one resolved area as wire cells. */
export function readArea(wb: LoadedWorkbook, area: ResolvedArea): WireCell[][] {
  const { top, left, bottom, right } = area.range;
  const opts = { date1904: wb.date1904 };
  const rows: WireCell[][] = [];
  for (let r = top; r <= bottom; r++) {
    const row: WireCell[] = [];
    for (let c = left; c <= right; c++)
      row.push(toWireCell(wb.read(area.sheet, r, c), wb.numFmt(area.sheet, r, c), opts));
    rows.push(row);
  }
  return rows;
}

/** Reads the top-left cell of an area as a wire cell. */
export function readTopLeft(wb: LoadedWorkbook, area: ResolvedArea): WireCell {
  const { sheet } = area;
  const { top, left } = area.range;
  return toWireCell(wb.read(sheet, top, left), wb.numFmt(sheet, top, left), { date1904: wb.date1904 });
}

/** Reads outputs by Ref; a Ref that names nothing yields one `#REF!` cell and a message. */
export function readOutputs(wb: LoadedWorkbook, refs: readonly string[], messages: string[]): CellOutput[] {
  return refs.map((ref) => {
    const area = wb.resolve(ref);
    if (!area) {
      messages.push(`The output '${ref}' does not name a cell or range in the workbook.`);
      return { ref, cells: [[wireCellOfRefError()]] };
    }
    const { top, left, bottom, right } = area.range;
    const count = (bottom - top + 1) * (right - left + 1);
    if (count > MAX_OUTPUT_CELLS) {
      // `A:XFD` would keep a worker reading for minutes and build an answer of gigabytes.
      messages.push(
        `The output '${ref}' covers ${count} cells, more than the limit of ${MAX_OUTPUT_CELLS} per output; it was not read.`,
      );
      return { ref, cells: [[wireCellOfRefError()]] };
    }
    return { ref, cells: readArea(wb, area) };
  });
}

/** Cells one output Ref may cover: a whole sheet's worth of a real workbook, far from a whole grid. */
export const MAX_OUTPUT_CELLS = 100_000;
