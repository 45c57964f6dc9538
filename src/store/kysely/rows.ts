import type { Selectable } from 'kysely';
import type {
  ApiClientsTable,
  ApplicationsTable,
  ApplicationVersionsTable,
  SessionsTable,
  SitesTable,
  TokensTable,
} from '../schema/index.js';
import type {
  AccessTokenRecord,
  AccessTypeCode,
  ApiClient,
  Application,
  ApplicationVersion,
  Session,
  Site,
} from '../types.js';

// Row → domain mappers, shared by every dialect. Integers go through Number() because
// PostgreSQL's driver returns 64-bit columns and count(*) as strings.

/** Epoch-ms column value → Date. */
export function toDate(v: number | string | bigint): Date {
  return new Date(Number(v));
}

/** Integer-ish column value (number, or string/bigint from some drivers) → number. */
export function toInt(v: number | string | bigint): number {
  return Number(v);
}

/** Boolean → the 0/1 we store. */
export function flag(b: boolean | undefined): number {
  return b ? 1 : 0;
}

/** A site row. */
export function toSite(r: Selectable<SitesTable>): Site {
  return { id: r.id, name: r.name, created: toDate(r.created) };
}

/** An api_clients row without its secret hash. */
export function toClient(r: Omit<Selectable<ApiClientsTable>, 'secret_hash'>): ApiClient {
  return {
    id: r.id,
    siteId: r.site_id,
    identifier: r.identifier,
    name: r.name,
    allowImpersonation: toInt(r.allow_impersonation) === 1,
    created: toDate(r.created),
    disabled: toInt(r.disabled) === 1,
  };
}

/** A tokens row. */
export function toToken(r: Selectable<TokensTable>): AccessTokenRecord {
  return {
    id: r.id,
    clientId: r.client_id,
    siteId: r.site_id,
    tokenHash: r.token_hash,
    issued: toDate(r.issued),
    expires: toDate(r.expires),
    revoked: toInt(r.revoked) === 1,
  };
}

/** Validates a stored access type; anything else means a corrupt row. */
export function toAccessType(v: number | string): AccessTypeCode {
  const n = Number(v);
  if (n === 0 || n === 1 || n === 2) return n;
  throw new Error(`Stored access type ${String(v)} is not 0, 1 or 2.`);
}

/** An applications row. */
export function toApplication(r: Selectable<ApplicationsTable>): Application {
  return {
    id: r.id,
    siteId: r.site_id,
    key: r.key,
    name: r.name,
    accessType: toAccessType(r.access_type),
    notes: r.notes,
    created: toDate(r.created),
    updated: toDate(r.updated),
    latestVersion: toInt(r.latest_version),
    sessionExpiryMinutes: r.session_expiry_minutes === null ? null : toInt(r.session_expiry_minutes),
    maxSessions: r.max_sessions === null ? null : toInt(r.max_sessions),
  };
}

/** Columns of application_versions that make up ApplicationVersion (everything but bytes). */
export const versionColumns = [
  'application_id',
  'version',
  'file_name',
  'sha256',
  'size',
  'created',
  'warnings',
] as const;

/** An application_versions row without its bytes. */
export function toVersion(r: Omit<Selectable<ApplicationVersionsTable>, 'bytes'>): ApplicationVersion {
  return {
    applicationId: r.application_id,
    version: toInt(r.version),
    fileName: r.file_name,
    sha256: r.sha256,
    size: toInt(r.size),
    created: toDate(r.created),
    warnings: parseWarnings(r.warnings),
  };
}

function parseWarnings(text: string): string[] {
  const v: unknown = JSON.parse(text);
  if (!Array.isArray(v) || !v.every((w) => typeof w === 'string')) {
    throw new Error('Stored version warnings are not a JSON array of strings.');
  }
  return v;
}

/** A sessions row. */
export function toSession(r: Selectable<SessionsTable>): Session {
  return {
    id: r.id,
    applicationId: r.application_id,
    version: toInt(r.version),
    ownerClientId: r.owner_client_id,
    siteId: r.site_id,
    created: toDate(r.created),
    lastUsed: toDate(r.last_used),
    idleTimeoutMs: toInt(r.idle_timeout_ms),
    expiresAt: toDate(r.expires_at),
    inputCount: toInt(r.input_count),
    closedAt: r.closed_at === null ? null : toDate(r.closed_at),
  };
}
