/** `record_rows`: one row of a record's secondary table (a multi-cell name). */
export interface RecordRowsTable {
  record_id: number;
  /** The name as the workbook spells it. */
  table_name: string;
  /** `table_name` lowercased. */
  table_key: string;
  /** 1-based row of the range. */
  sequence_id: number;
  /** JSON object: column key → the cell's Value. */
  items: string;
}
