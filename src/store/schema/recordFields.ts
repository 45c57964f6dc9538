/** `record_fields`: one primary-table value of a record (a single-cell name); see migration 005. */
export interface RecordFieldsTable {
  record_id: number;
  /** The record's application, repeated so one index serves filters and sorts per application. */
  application_id: string;
  /** The name as the workbook spells it. */
  name: string;
  /** `name` lowercased: names match case-insensitively. */
  name_key: string;
  /** The cell's Value exactly as on the wire (`1798.65157545827`, `TRUE`, `#N/A`, `''` for blank). */
  value_text: string;
  /** `value_text` lowercased: case-insensitive equality, Like and text order. */
  value_key: string;
  /** 0 blank, 1 number, 2 text (booleans and errors included). */
  value_kind: number;
  /** The number for kind 1; 0 otherwise (never null, so both dialects order alike). */
  value_number: number;
}
