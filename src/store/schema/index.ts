import type { ApiClientsTable } from './apiClients.js';
import type { ApplicationsTable } from './applications.js';
import type { ApplicationVersionsTable } from './applicationVersions.js';
import type { MigrationLockTable, MigrationsTable } from './migrations.js';
import type { SessionInputsTable } from './sessionInputs.js';
import type { SessionsTable } from './sessions.js';
import type { SitesTable } from './sites.js';
import type { TokensTable } from './tokens.js';

/** The kysely database type: table name → row type, as of the latest migration. */
export interface Database {
  sites: SitesTable;
  api_clients: ApiClientsTable;
  tokens: TokensTable;
  applications: ApplicationsTable;
  application_versions: ApplicationVersionsTable;
  sessions: SessionsTable;
  session_inputs: SessionInputsTable;
  migrations: MigrationsTable;
  migration_lock: MigrationLockTable;
}

export type {
  ApiClientsTable,
  ApplicationsTable,
  ApplicationVersionsTable,
  MigrationLockTable,
  MigrationsTable,
  SessionInputsTable,
  SessionsTable,
  SitesTable,
  TokensTable,
};
