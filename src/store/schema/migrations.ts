/** `migrations`: one row per applied migration. */
export interface MigrationsTable {
  name: string;
  applied_at: number;
}

/**
 * `migration_lock`: a single row every migration run updates first, so concurrent starters
 * (several processes on one SQLite file, several nodes on PostgreSQL) apply migrations one
 * at a time: the row write takes SQLite's write lock / a PostgreSQL row lock up front.
 */
export interface MigrationLockTable {
  id: number;
  locked_at: number;
}
