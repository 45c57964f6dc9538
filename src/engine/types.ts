import type { CellRange, Scalar } from '../workbook/model.js';

/** One output cell on the wire (spec/API.md §4): every field is a string. */
export interface WireCell {
  readonly Type: 'Number' | 'Text' | 'Boolean' | 'Error' | 'Empty';
  readonly Value: string;
  readonly Format: string;
  readonly Text: string;
}

/** A parsed `Ref`: either a defined name or an A1 area on a sheet. */
export type ParsedRef =
  | { readonly kind: 'name'; readonly name: string; readonly sheet?: string }
  | { readonly kind: 'area'; readonly sheet?: string; readonly range: CellRange };

/** A resolved reference: an area on a known sheet (0-based index). */
export interface ResolvedArea {
  readonly sheet: number;
  readonly range: CellRange;
}

/** A value written by a caller, before typed-text parsing. */
export type InputValue = string | number | boolean | null;

/** The result of reading typed text the way Excel reads what a person types. */
export interface ParsedInput {
  readonly value: Scalar;
  /** The number format Excel would give a General cell on such input (`0%`, `m/d/yyyy`), if any. */
  readonly impliedFormat?: string;
}
