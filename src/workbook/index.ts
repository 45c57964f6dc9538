/** The workbook layer's public surface: read .xlsx files safely into a `WorkbookModel`, and build test files. */
export { columnLetters, formatCellRef, formatRange, parseCellRef, parseRange } from './cellRef.js';
export { isWorkbookError, WorkbookError, type WorkbookErrorCode } from './errors.js';
export {
  DEFAULT_READ_LIMITS,
  EXCEL_MAX_COLS,
  EXCEL_MAX_ROWS,
  type ReadLimits,
  resolveLimits,
} from './limits.js';
export type * from './model.js';
export { BUILTIN_NUMBER_FORMATS, builtinNumberFormat } from './numberFormats.js';
export { readWorkbook, readWorkbookFile } from './readWorkbook.js';
export { compileSharedFormula, type SharedFormulaFiller } from './sharedFormulas.js';
export {
  type BuildCell,
  type BuildDefinedName,
  type BuildFormulaCell,
  type BuildSheet,
  type BuildSpec,
  type BuildValue,
  type BuildValueCell,
  buildXlsx,
} from './xlsxBuilder.js';
