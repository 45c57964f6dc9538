/** `session_inputs`: the append-only, ordered log of inputs written to a session. PK (session_id, seq). */
export interface SessionInputsTable {
  session_id: string;
  /** 1..n in write order, allocated from sessions.input_count. */
  seq: number;
  /** The inputs written by one call, as JSON text; the sessions layer owns its shape. */
  inputs: string;
  created: number;
}
