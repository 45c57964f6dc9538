import type { Migration } from './types.js';

/** Sites, their API clients and the tokens those clients hold. */
export const m001SitesAndClients: Migration = {
  name: '001_sites_and_clients',
  async up(db) {
    await db.schema
      .createTable('sites')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('created', 'bigint', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('api_clients')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id').onDelete('cascade'))
      .addColumn('identifier', 'text', (c) => c.notNull().unique())
      .addColumn('secret_hash', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('allow_impersonation', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created', 'bigint', (c) => c.notNull())
      .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    // The unique constraint indexes `identifier` (the GetToken lookup); this one serves
    // per-site listings and the cascade from sites.
    await db.schema.createIndex('api_clients_site').on('api_clients').column('site_id').execute();

    await db.schema
      .createTable('tokens')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('client_id', 'text', (c) => c.notNull().references('api_clients.id').onDelete('cascade'))
      .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id').onDelete('cascade'))
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('issued', 'bigint', (c) => c.notNull())
      .addColumn('expires', 'bigint', (c) => c.notNull())
      .addColumn('revoked', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.createIndex('tokens_client').on('tokens').column('client_id').execute();
    await db.schema.createIndex('tokens_site').on('tokens').column('site_id').execute();
    // deleteExpiredTokens is a range scan on this.
    await db.schema.createIndex('tokens_expires').on('tokens').column('expires').execute();
  },
};
