import type { Kysely } from 'kysely';
import type { Database } from '../schema/index.js';
import type { Store } from '../store.js';
import { accountMethods } from './accounts.js';
import { applicationMethods } from './applications.js';
import { recordMethods } from './records.js';
import { sessionMethods } from './sessions.js';
import { userMethods } from './users.js';

/** Options shared by every dialect's store. */
export interface KyselyStoreOptions {
  /** Clock for the timestamps the store assigns (created, updated, closedAt...). */
  readonly now?: () => Date;
}

/**
 * The one Store implementation: dialect-neutral kysely queries over an already migrated
 * database. Dialect factories (createSqliteStore, later PostgreSQL) open `db`, migrate it,
 * and hand it here; `close()` destroys it.
 */
export function createKyselyStore(db: Kysely<Database>, options: KyselyStoreOptions = {}): Store {
  const now = options.now ?? (() => new Date());
  return {
    ...accountMethods(db, now),
    ...applicationMethods(db, now),
    ...sessionMethods(db, now),
    ...recordMethods(db, now),
    ...userMethods(db, now),
    async close() {
      await db.destroy();
    },
  };
}
