/** `users`: the people of one site (spec §9 CreateUser/UpdateUser/DeleteUser). */
export interface UsersTable {
  /** Lowercase GUID with dashes. */
  id: string;
  site_id: string;
  /** As given at creation or rename. */
  user_name: string;
  /** `user_name` lowercased: unique per site, so names match case-insensitively. */
  user_name_key: string;
  first_name: string;
  last_name: string;
  email_address: string;
  /** Self-describing scrypt hash, or null for a user without a password. */
  password_hash: string | null;
  role_id: number | null;
  /** JSON array of integer group ids. */
  group_ids: string;
  /** Boolean as 0/1. */
  is_active: number;
  created: number;
  updated: number;
}
