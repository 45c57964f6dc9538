import type { Migration } from './types.js';

/** Users of a site: the people records are saved for and applications are listed to. */
export const m004Users: Migration = {
  name: '004_users',
  async up(db) {
    await db.schema
      .createTable('users')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id').onDelete('cascade'))
      .addColumn('user_name', 'text', (c) => c.notNull())
      .addColumn('user_name_key', 'text', (c) => c.notNull())
      .addColumn('first_name', 'text', (c) => c.notNull())
      .addColumn('last_name', 'text', (c) => c.notNull())
      .addColumn('email_address', 'text', (c) => c.notNull())
      .addColumn('password_hash', 'text')
      .addColumn('role_id', 'integer')
      .addColumn('group_ids', 'text', (c) => c.notNull())
      .addColumn('is_active', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created', 'bigint', (c) => c.notNull())
      .addColumn('updated', 'bigint', (c) => c.notNull())
      .execute();
    // Names are unique per site regardless of case (the original is ASP.NET: "Ann" is "ann");
    // the index also serves every by-name lookup and the cascade from sites.
    await db.schema
      .createIndex('users_site_name')
      .on('users')
      .columns(['site_id', 'user_name_key'])
      .unique()
      .execute();
  },
};
