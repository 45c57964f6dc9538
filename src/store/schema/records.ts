import type { Generated } from 'kysely';

/** `records`: one saved calculation of an application (spec §7); values are in `record_fields`/`record_rows`. */
export interface RecordsTable {
  /** RecordId: an integer identity, never reused. */
  id: Generated<number>;
  site_id: string;
  application_id: string;
  /** The user the record was saved for (as the users table spells it); null when none was named. */
  user_name: string | null;
  /** `user_name` lowercased, for case-insensitive filters. */
  user_name_key: string | null;
  /** First save, epoch ms. */
  entry_date: number;
  /** Latest save, epoch ms. */
  last_update_date: number;
  current_status_index: number;
  group_id: number | null;
  assigned_user_name: string | null;
  /** `assigned_user_name` lowercased. */
  assigned_user_name_key: string | null;
  /** Updates so far; an update succeeds only if it still has the count it read (optimistic concurrency). */
  edit_count: number;
}
