import { m001SitesAndClients } from './001_sites_and_clients.js';
import { m002Applications } from './002_applications.js';
import { m003Sessions } from './003_sessions.js';
import { m004Users } from './004_users.js';
import { m005Records } from './005_records.js';
import type { Migration } from './types.js';

/**
 * Every migration, in the order it runs. Append only: never edit, reorder or remove an
 * entry once it has shipped; fix mistakes with a new migration.
 */
export const migrations: readonly Migration[] = [
  m001SitesAndClients,
  m002Applications,
  m003Sessions,
  m004Users,
  m005Records,
];

export type { Migration };
