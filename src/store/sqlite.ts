import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Kysely, type SqliteDatabase, SqliteDialect } from 'kysely';
import { sqliteTypes } from './dialect.js';
import { createKyselyStore, type KyselyStoreOptions } from './kysely/index.js';
import { migrate } from './migrate.js';
import type { Database } from './schema/index.js';
import type { Store } from './store.js';

/**
 * The part of better-sqlite3 we use. The package ships no types (and @types/better-sqlite3
 * is not a dependency), so it is loaded through require with this narrow facade; kysely's
 * own SqliteDatabase interface covers what its driver calls.
 */
interface BetterSqliteDatabase extends SqliteDatabase {
  pragma(source: string, options?: { simple?: boolean }): unknown;
}
type BetterSqliteConstructor = new (filename: string, options?: { timeout?: number }) => BetterSqliteDatabase;

const require = createRequire(import.meta.url);

/** Options of the SQLite store. */
export interface SqliteStoreOptions extends KyselyStoreOptions {
  /** Database file path (its directory is created if missing), or `:memory:`. */
  readonly file: string;
}

/**
 * Opens (creating if needed) a SQLite database file, applies pending migrations and returns
 * the Store over it. All SQLite specifics live here: WAL journal (readers never block the
 * writer), a 5 s busy timeout (another process holding the write lock makes us wait, not
 * fail), foreign keys on (cascades are part of the schema), synchronous NORMAL (durable
 * across process crashes; in WAL mode a power loss can only drop the last commits).
 *
 * Open one Store per file per process: better-sqlite3 is synchronous, so a second
 * connection in the same process waiting on the busy timeout would block the event loop
 * that the first one needs to finish its transaction.
 */
export async function createSqliteStore(options: SqliteStoreOptions): Promise<Store> {
  const { file } = options;
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const BetterSqlite = require('better-sqlite3') as BetterSqliteConstructor;
  const sqlite = new BetterSqlite(file, { timeout: 5000 });
  try {
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('synchronous = NORMAL');
  } catch (err) {
    sqlite.close();
    throw err;
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  try {
    await migrate(db, sqliteTypes);
  } catch (err) {
    await db.destroy();
    throw err;
  }
  return createKyselyStore(db, options);
}
