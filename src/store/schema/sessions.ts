/** `sessions`: the durable truth of a dedicated session (spec §6); inputs are in `session_inputs`. */
export interface SessionsTable {
  /** Lowercase GUID with dashes. */
  id: string;
  application_id: string;
  /** The application version the session was opened on; FK to application_versions. */
  version: number;
  owner_client_id: string;
  site_id: string;
  created: number;
  last_used: number;
  /** Idle timeout fixed at open time (server default or the application's override). */
  idle_timeout_ms: number;
  /** last_used + idle_timeout_ms, kept as a column so the expiry sweep is one indexed range scan. */
  expires_at: number;
  /** Number of input log entries; bumped by UPDATE ... RETURNING to allocate the next sequence. */
  input_count: number;
  /** Null while open. */
  closed_at: number | null;
}
