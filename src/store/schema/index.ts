import type { ApiClientsTable } from './apiClients.js';
import type { ApplicationsTable } from './applications.js';
import type { ApplicationVersionsTable } from './applicationVersions.js';
import type { MigrationLockTable, MigrationsTable } from './migrations.js';
import type { RecordFieldNamesTable } from './recordFieldNames.js';
import type { RecordFieldsTable } from './recordFields.js';
import type { RecordRowsTable } from './recordRows.js';
import type { RecordsTable } from './records.js';
import type { SessionInputsTable } from './sessionInputs.js';
import type { SessionsTable } from './sessions.js';
import type { SitesTable } from './sites.js';
import type { TokensTable } from './tokens.js';
import type { UsersTable } from './users.js';

/** The kysely database type: table name → row type, as of the latest migration. */
export interface Database {
  sites: SitesTable;
  api_clients: ApiClientsTable;
  tokens: TokensTable;
  applications: ApplicationsTable;
  application_versions: ApplicationVersionsTable;
  sessions: SessionsTable;
  session_inputs: SessionInputsTable;
  users: UsersTable;
  records: RecordsTable;
  record_fields: RecordFieldsTable;
  record_field_names: RecordFieldNamesTable;
  record_rows: RecordRowsTable;
  migrations: MigrationsTable;
  migration_lock: MigrationLockTable;
}

export type {
  ApiClientsTable,
  ApplicationsTable,
  ApplicationVersionsTable,
  MigrationLockTable,
  MigrationsTable,
  RecordFieldNamesTable,
  RecordFieldsTable,
  RecordRowsTable,
  RecordsTable,
  SessionInputsTable,
  SessionsTable,
  SitesTable,
  TokensTable,
  UsersTable,
};
