/** `tokens`: issued access tokens, stored only as a SHA-256 hash. */
export interface TokensTable {
  id: string;
  client_id: string;
  site_id: string;
  /** Lowercase hex SHA-256 of the token string; unique. */
  token_hash: string;
  issued: number;
  expires: number;
  /** Boolean as 0/1. */
  revoked: number;
}
