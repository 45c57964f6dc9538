import type { Kysely } from 'kysely';
import type { DialectTypes } from './dialect.js';
import { migrations as allMigrations, type Migration } from './migrations/index.js';
import type { Database } from './schema/index.js';

/**
 * Brings the schema up to date: applies every migration of `list` not yet recorded in the
 * `migrations` table, all inside one transaction (SQLite and PostgreSQL both have
 * transactional DDL), so a failure leaves the schema exactly as it was. Returns the names
 * applied. Throws if the database holds a migration this code does not know (a newer
 * build migrated it) or the applied ones are not a prefix of the list.
 */
export async function migrate(
  db: Kysely<Database>,
  types: DialectTypes,
  list: readonly Migration[] = allMigrations,
  now: () => number = Date.now,
): Promise<string[]> {
  assertOrdered(list);
  // Bookkeeping tables are created idempotently outside the transaction so that the first
  // statement inside it can be a write to the lock row (see MigrationLockTable).
  await db.schema
    .createTable('migrations')
    .ifNotExists()
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('applied_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('migration_lock')
    .ifNotExists()
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('locked_at', 'bigint', (c) => c.notNull())
    .execute();
  await db
    .insertInto('migration_lock')
    .values({ id: 1, locked_at: now() })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();

  return db.transaction().execute(async (trx) => {
    await trx.updateTable('migration_lock').set({ locked_at: now() }).where('id', '=', 1).execute();
    const applied = (await trx.selectFrom('migrations').select('name').orderBy('name').execute()).map(
      (r) => r.name,
    );
    applied.forEach((name, i) => {
      if (list[i]?.name !== name) {
        throw new Error(
          `The database has migration ${name}, which this build does not have at that position; refusing to start.`,
        );
      }
    });
    const pending = list.slice(applied.length);
    for (const m of pending) {
      await m.up(trx as unknown as Kysely<unknown>, types);
      await trx.insertInto('migrations').values({ name: m.name, applied_at: now() }).execute();
    }
    return pending.map((m) => m.name);
  });
}

function assertOrdered(list: readonly Migration[]): void {
  for (let i = 1; i < list.length; i++) {
    const prev = list[i - 1]?.name ?? '';
    const cur = list[i]?.name ?? '';
    if (!(prev < cur)) throw new Error(`Migration ${cur} must sort after ${prev}.`);
  }
  for (const m of list) {
    if (!/^\d{3}_[a-z0-9_]+$/.test(m.name)) throw new Error(`Migration name ${m.name} is not NNN_name.`);
  }
}
