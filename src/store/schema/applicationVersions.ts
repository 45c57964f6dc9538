/** `application_versions`: every published file, kept byte for byte. PK (application_id, version). */
export interface ApplicationVersionsTable {
  application_id: string;
  /** 1..n in publication order. */
  version: number;
  file_name: string;
  bytes: Uint8Array;
  /** Lowercase hex SHA-256 of `bytes`. */
  sha256: string;
  size: number;
  created: number;
  /** JSON array of the publish-time check warnings (strings). */
  warnings: string;
}
