/** `applications`: a published workbook; its files live in `application_versions`. */
export interface ApplicationsTable {
  /** Lowercase GUID with dashes. */
  id: string;
  site_id: string;
  /** ApplicationKey: 32 lowercase hex chars, unique across all sites. */
  key: string;
  name: string;
  /** 0 Unrestricted, 1 Restricted, 2 RestrictedWithRegistration (spec §3). */
  access_type: number;
  notes: string;
  created: number;
  /** Time of the last change (new version or metadata); GetLastUpdatedDate reads it. */
  updated: number;
  /** Highest published version number; bumped by UPDATE ... RETURNING to allocate the next one. */
  latest_version: number;
  /** Idle minutes before a session of this application expires; null = server default. */
  session_expiry_minutes: number | null;
  /** Open-session limit for this application; null = server default. */
  max_sessions: number | null;
}
