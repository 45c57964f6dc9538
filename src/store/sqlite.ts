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

type Statement = ReturnType<SqliteDatabase['prepare']> & { readonly busy?: boolean };

/** Distinct SQL texts kept prepared; the store issues a few dozen, so this is never reached in practice. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * kysely's SQLite driver prepares every query anew; preparing costs more than running the
 * small indexed queries of a request (~40 µs against ~2 µs), so statements are kept by SQL
 * text and reused. A statement still being iterated (a streamed query) is busy and cannot be
 * reused: then a fresh one is prepared for this call.
 */
function withStatementCache(db: BetterSqliteDatabase): SqliteDatabase {
  const cache = new Map<string, Statement>();
  return {
    close: () => db.close(),
    prepare(sql: string) {
      const cached = cache.get(sql);
      if (cached && !cached.busy) return cached;
      const stmt = db.prepare(sql) as Statement;
      if (!cached) {
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.clear();
        cache.set(sql, stmt);
      }
      return stmt;
    },
  };
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
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  try {
    await migrate(db, sqliteTypes);
  } catch (err) {
    await db.destroy();
    throw err;
  }
  return createKyselyStore(db, options);
}
