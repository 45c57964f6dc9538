/** `record_field_names`: the primary-field names an application's records have. */
export interface RecordFieldNamesTable {
  application_id: string;
  /** `name` lowercased. */
  name_key: string;
  /** The spelling first saved. */
  name: string;
  /** Position of the name in the workbook when first saved: the export's column order. */
  ordinal: number;
}
