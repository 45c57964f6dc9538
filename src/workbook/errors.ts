/** Why a workbook could not be read. Stable identifiers: callers and tests switch on them. */
export type WorkbookErrorCode =
  | 'NOT_ZIP'
  | 'ENCRYPTED'
  | 'LEGACY_XLS'
  | 'UNSUPPORTED_FORMAT'
  | 'BAD_ZIP'
  | 'ZIP_BOMB'
  | 'TOO_MANY_ENTRIES'
  | 'ENTRY_TOO_LARGE'
  | 'TOO_LARGE'
  | 'DTD_FORBIDDEN'
  | 'BAD_XML'
  | 'MISSING_PART'
  | 'CORRUPT'
  | 'TOO_MANY_SHEETS'
  | 'TOO_MANY_CELLS'
  | 'FORMULA_TOO_LONG';

/**
 * A workbook that cannot be read safely or faithfully. `message` is a complete English
 * sentence meant for the person who uploaded the file; `code` is for programs.
 */
export class WorkbookError extends Error {
  readonly code: WorkbookErrorCode;
  /** The package part (e.g. `xl/worksheets/sheet1.xml`) the problem was found in, when known. */
  readonly part: string | undefined;

  constructor(code: WorkbookErrorCode, message: string, part?: string) {
    super(message);
    this.name = 'WorkbookError';
    this.code = code;
    this.part = part;
  }
}

/** True when `err` is a WorkbookError (optionally with the given code). */
export function isWorkbookError(err: unknown, code?: WorkbookErrorCode): err is WorkbookError {
  return err instanceof WorkbookError && (code === undefined || err.code === code);
}

/** A number as messages show it: `10,000`. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
