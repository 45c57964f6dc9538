/**
 * Domain objects the store returns. Plain immutable data: timestamps are `Date`s, flags are
 * booleans, and nothing here knows about rows, columns or dialects.
 */

/** A tenant. Everything else belongs to exactly one site. */
export interface Site {
  readonly id: string;
  readonly name: string;
  readonly created: Date;
}

/** An API client (identifier + secret) of one site. The secret hash is not part of it. */
export interface ApiClient {
  /** Internal id (a GUID); never shown on the wire. */
  readonly id: string;
  readonly siteId: string;
  /** Public ClientIdentifier: 32 lowercase hex chars. */
  readonly identifier: string;
  readonly name: string;
  readonly allowImpersonation: boolean;
  readonly created: Date;
  readonly disabled: boolean;
}

/** An API client together with its stored secret hash: only for credential checks. */
export interface ApiClientWithSecret extends ApiClient {
  readonly secretHash: string;
}

/** What `createClient` needs; the store assigns id and created. */
export interface NewApiClient {
  readonly siteId: string;
  readonly identifier: string;
  readonly secretHash: string;
  readonly name: string;
  readonly allowImpersonation?: boolean;
}

/** An issued access token, known only by its hash. */
export interface AccessTokenRecord {
  readonly id: string;
  readonly clientId: string;
  readonly siteId: string;
  readonly tokenHash: string;
  readonly issued: Date;
  readonly expires: Date;
  readonly revoked: boolean;
}

/** What `insertToken` needs; the store assigns the id. */
export interface NewAccessToken {
  readonly clientId: string;
  readonly siteId: string;
  readonly tokenHash: string;
  readonly issued: Date;
  readonly expires: Date;
}

/** A token with the client that holds it, read in one indexed lookup. */
export interface TokenLookup {
  readonly token: AccessTokenRecord;
  readonly client: ApiClient;
}

/** Application access type (spec §3): 0 Unrestricted, 1 Restricted, 2 RestrictedWithRegistration. */
export type AccessTypeCode = 0 | 1 | 2;

/** A published application; its files are its versions. */
export interface Application {
  /** ApplicationId: lowercase GUID with dashes. */
  readonly id: string;
  readonly siteId: string;
  /** ApplicationKey: 32 lowercase hex chars. */
  readonly key: string;
  readonly name: string;
  readonly accessType: AccessTypeCode;
  readonly notes: string;
  readonly created: Date;
  /** Last publication or metadata change. */
  readonly updated: Date;
  /** Number of the newest version (versions are 1..latestVersion). */
  readonly latestVersion: number;
  /** Idle minutes before a session expires; null = server default. */
  readonly sessionExpiryMinutes: number | null;
  /** Open-session limit; null = server default. */
  readonly maxSessions: number | null;
}

/** Changeable application metadata; omitted fields stay as they are. */
export interface ApplicationChanges {
  readonly name?: string;
  readonly accessType?: AccessTypeCode;
  readonly notes?: string;
  readonly sessionExpiryMinutes?: number | null;
  readonly maxSessions?: number | null;
}

/** What `createApplication` needs besides the first file. */
export interface NewApplication {
  readonly siteId: string;
  readonly name: string;
  readonly accessType: AccessTypeCode;
  readonly notes?: string;
  readonly sessionExpiryMinutes?: number | null;
  readonly maxSessions?: number | null;
}

/** A file being published. */
export interface NewVersionFile {
  readonly fileName: string;
  readonly bytes: Uint8Array;
  /** Publish-time check warnings (complete sentences), kept with the version. */
  readonly warnings?: readonly string[];
}

/** One published file of an application, without its bytes (see `getVersionBytes`). */
export interface ApplicationVersion {
  readonly applicationId: string;
  readonly version: number;
  readonly fileName: string;
  /** Lowercase hex SHA-256 of the bytes. */
  readonly sha256: string;
  readonly size: number;
  readonly created: Date;
  readonly warnings: readonly string[];
}

/** A dedicated session's durable record (spec §6). */
export interface Session {
  /** SessionId: lowercase GUID with dashes. */
  readonly id: string;
  readonly applicationId: string;
  readonly version: number;
  readonly ownerClientId: string;
  readonly siteId: string;
  readonly created: Date;
  readonly lastUsed: Date;
  readonly idleTimeoutMs: number;
  /** lastUsed + idleTimeoutMs: the session is expired from this instant on. */
  readonly expiresAt: Date;
  /** Number of entries in the input log. */
  readonly inputCount: number;
  /** Null while open. */
  readonly closedAt: Date | null;
}

/** What `createSession` needs; the store assigns id and timestamps. */
export interface NewSession {
  readonly siteId: string;
  readonly applicationId: string;
  readonly version: number;
  readonly ownerClientId: string;
  /** Resolved by the sessions layer: the application's override or the server default. */
  readonly idleTimeoutMs: number;
}

/** One entry of a session's input log. */
export interface SessionInput {
  /** 1..n in write order. */
  readonly seq: number;
  /** The inputs written by one call, as JSON text (verbatim). */
  readonly inputsJson: string;
  readonly created: Date;
}

/** Which open sessions to count. */
export type OpenSessionFilter = { readonly clientId: string } | { readonly applicationId: string };
