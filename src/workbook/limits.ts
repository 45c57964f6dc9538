/** Bounds applied while reading an untrusted workbook; every one is configurable. */
export interface ReadLimits {
  /** Most entries the zip's central directory may list. */
  readonly maxEntries: number;
  /** Most bytes all entries may declare once inflated, together. */
  readonly maxTotalUncompressed: number;
  /** Most bytes one entry may declare once inflated. */
  readonly maxEntryUncompressed: number;
  /** Highest inflated/compressed ratio accepted for an entry larger than `ratioThreshold`. */
  readonly maxCompressionRatio: number;
  /** Entries up to this many inflated bytes are exempt from the ratio check (tiny files compress oddly). */
  readonly ratioThreshold: number;
  readonly maxSheets: number;
  /** Highest row number a cell may have (Excel: 1,048,576). */
  readonly maxRows: number;
  /** Highest column number a cell may have (Excel: 16,384, column XFD). */
  readonly maxCols: number;
  /** Most `<c>` elements across all sheets. */
  readonly maxCells: number;
  /** Longest formula text, in characters (Excel: 8,192). */
  readonly maxFormulaLength: number;
}

/** Excel's own grid: the hard ceiling for `maxRows` / `maxCols`. */
export const EXCEL_MAX_ROWS = 1_048_576;
export const EXCEL_MAX_COLS = 16_384;

/** The limits used when the caller gives none. */
export const DEFAULT_READ_LIMITS: ReadLimits = Object.freeze({
  maxEntries: 10_000,
  maxTotalUncompressed: 500 * 1024 * 1024,
  maxEntryUncompressed: 200 * 1024 * 1024,
  maxCompressionRatio: 200,
  ratioThreshold: 1024 * 1024,
  maxSheets: 1_000,
  maxRows: EXCEL_MAX_ROWS,
  maxCols: EXCEL_MAX_COLS,
  maxCells: 10_000_000,
  maxFormulaLength: 8_192,
});

/** Fills in defaults; the grid can be narrowed but never widened beyond Excel's. */
export function resolveLimits(overrides?: Partial<ReadLimits>): ReadLimits {
  const merged = { ...DEFAULT_READ_LIMITS, ...overrides };
  return {
    ...merged,
    maxRows: Math.min(merged.maxRows, EXCEL_MAX_ROWS),
    maxCols: Math.min(merged.maxCols, EXCEL_MAX_COLS),
  };
}
