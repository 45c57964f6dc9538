/** `api_clients`: credentials that may obtain access tokens for one site. */
export interface ApiClientsTable {
  id: string;
  site_id: string;
  /** Public identifier: 32 lowercase hex chars, unique across all sites. */
  identifier: string;
  /** Self-describing scrypt hash (`$scrypt$ln=..,r=..,p=..$salt$hash`), never the secret. */
  secret_hash: string;
  name: string;
  /** Boolean as 0/1 so the same column works in SQLite and PostgreSQL. */
  allow_impersonation: number;
  created: number;
  /** Boolean as 0/1. */
  disabled: number;
}
