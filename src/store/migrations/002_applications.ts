import type { Migration } from './types.js';

/** Applications and every published file version of each. */
export const m002Applications: Migration = {
  name: '002_applications',
  async up(db, types) {
    await db.schema
      .createTable('applications')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id').onDelete('cascade'))
      .addColumn('key', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('access_type', 'integer', (c) => c.notNull())
      .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('created', 'bigint', (c) => c.notNull())
      .addColumn('updated', 'bigint', (c) => c.notNull())
      .addColumn('latest_version', 'integer', (c) => c.notNull())
      .addColumn('session_expiry_minutes', 'integer')
      .addColumn('max_sessions', 'integer')
      .execute();
    await db.schema.createIndex('applications_site').on('applications').column('site_id').execute();

    await db.schema
      .createTable('application_versions')
      .addColumn('application_id', 'text', (c) =>
        c.notNull().references('applications.id').onDelete('cascade'),
      )
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('file_name', 'text', (c) => c.notNull())
      .addColumn('bytes', types.bytes, (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('created', 'bigint', (c) => c.notNull())
      .addColumn('warnings', 'text', (c) => c.notNull().defaultTo('[]'))
      .addPrimaryKeyConstraint('application_versions_pk', ['application_id', 'version'])
      .execute();
  },
};
