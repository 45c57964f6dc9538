/**
 * The few facts about a SQL dialect that migrations need. Queries never look at these: they
 * are written once with the kysely query builder and run unchanged on every dialect. Each
 * store factory (`createSqliteStore`, later the PostgreSQL one) passes its own values.
 */
export interface DialectTypes {
  /** Column type for raw bytes: `blob` in SQLite, `bytea` in PostgreSQL. */
  readonly bytes: 'blob' | 'bytea';
  /**
   * How an integer primary key numbers itself: SQLite's `integer primary key autoincrement`
   * (ids never reused), PostgreSQL's `generated always as identity`.
   */
  readonly autoId: 'autoincrement' | 'identity';
}

/** SQLite's values. */
export const sqliteTypes: DialectTypes = { bytes: 'blob', autoId: 'autoincrement' };

/** PostgreSQL's values. */
export const postgresTypes: DialectTypes = { bytes: 'bytea', autoId: 'identity' };
