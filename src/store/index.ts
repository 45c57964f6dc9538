/** The store layer's public surface: the Store interface, domain types and factories. */
export { type DialectTypes, postgresTypes, sqliteTypes } from './dialect.js';
export { createKyselyStore, type KyselyStoreOptions } from './kysely/index.js';
export { migrate } from './migrate.js';
export { migrations } from './migrations/index.js';
export type { Database } from './schema/index.js';
export { createSqliteStore, type SqliteStoreOptions } from './sqlite.js';
export type { Store } from './store.js';
export type * from './types.js';
