import { sql } from 'kysely';
import type { Migration } from './types.js';

/** Dedicated sessions and their append-only input logs. */
export const m003Sessions: Migration = {
  name: '003_sessions',
  async up(db) {
    await db.schema
      .createTable('sessions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('application_id', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('owner_client_id', 'text', (c) =>
        c.notNull().references('api_clients.id').onDelete('cascade'),
      )
      .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id').onDelete('cascade'))
      .addColumn('created', 'bigint', (c) => c.notNull())
      .addColumn('last_used', 'bigint', (c) => c.notNull())
      // bigint, not integer: `at + idle_timeout_ms` must be 64-bit arithmetic in PostgreSQL.
      .addColumn('idle_timeout_ms', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('input_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('closed_at', 'bigint')
      // A session pins its version: the file it replays against must exist while it does,
      // and deleting the application (hence its versions) removes its sessions.
      .addForeignKeyConstraint(
        'sessions_version_fk',
        ['application_id', 'version'],
        'application_versions',
        ['application_id', 'version'],
        (fk) => fk.onDelete('cascade'),
      )
      .execute();
    // Open-session lookups are partial indexes over open rows only (both SQLite and
    // PostgreSQL support them), so closed history never slows limits or the expiry sweep.
    await db.schema
      .createIndex('sessions_open_owner')
      .on('sessions')
      .column('owner_client_id')
      .where(sql.ref('closed_at'), 'is', null)
      .execute();
    await db.schema
      .createIndex('sessions_open_application')
      .on('sessions')
      .column('application_id')
      .where(sql.ref('closed_at'), 'is', null)
      .execute();
    await db.schema
      .createIndex('sessions_open_expires')
      .on('sessions')
      .column('expires_at')
      .where(sql.ref('closed_at'), 'is', null)
      .execute();
    // Closed history, for deleteClosedSessions. Partial too: a full index on closed_at would
    // tempt SQLite's planner to answer `closed_at IS NULL` with it instead of the ones above.
    await db.schema
      .createIndex('sessions_closed')
      .on('sessions')
      .column('closed_at')
      .where(sql.ref('closed_at'), 'is not', null)
      .execute();
    // The cascade from application_versions (deleting an application).
    await db.schema
      .createIndex('sessions_version')
      .on('sessions')
      .columns(['application_id', 'version'])
      .execute();
    await db.schema.createIndex('sessions_site').on('sessions').column('site_id').execute();

    await db.schema
      .createTable('session_inputs')
      .addColumn('session_id', 'text', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('inputs', 'text', (c) => c.notNull())
      .addColumn('created', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('session_inputs_pk', ['session_id', 'seq'])
      .execute();
  },
};
