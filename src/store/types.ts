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

/** A person of one site (spec §9 users). The password hash is never part of it. */
export interface User {
  /** UserId: lowercase GUID with dashes. */
  readonly id: string;
  readonly siteId: string;
  /** As given; unique per site ignoring case. */
  readonly userName: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly emailAddress: string;
  readonly roleId: number | null;
  readonly groupIds: readonly number[];
  readonly isActive: boolean;
  readonly created: Date;
  readonly updated: Date;
}

/** What `createUser` needs; the store assigns id and timestamps. Omitted text is ''. */
export interface NewUser {
  readonly siteId: string;
  readonly userName: string;
  readonly firstName?: string;
  readonly lastName?: string;
  readonly emailAddress?: string;
  /** From auth/secrets.ts `hashSecret`; null or omitted = no password. */
  readonly passwordHash?: string | null;
  readonly roleId?: number | null;
  readonly groupIds?: readonly number[];
  /** Default true. */
  readonly isActive?: boolean;
}

/** Changeable user fields; omitted fields stay as they are. The name identifies the user. */
export type UserChanges = Omit<NewUser, 'siteId' | 'userName'>;

// --- records (spec §7) ------------------------------------------------------------------

/** A saved record's system fields (spec §7), without its values. */
export interface RecordHeader {
  /** RecordId. */
  readonly id: number;
  readonly siteId: string;
  readonly applicationId: string;
  /** The user it was saved for, or null. */
  readonly userName: string | null;
  readonly entryDate: Date;
  readonly lastUpdateDate: Date;
  readonly statusIndex: number;
  readonly groupId: number | null;
  readonly assignedUserName: string | null;
  /** Updates so far: an update names the count it read and is refused if it changed. */
  readonly editCount: number;
}

/** One primary-table value: the cell's Value as on the wire, and its number when it is one. */
export interface RecordFieldValue {
  readonly name: string;
  /** `''` for a blank cell. */
  readonly value: string;
  /** Set for Number cells only: numeric filters and sorts use it. */
  readonly number: number | null;
}

/** One row of a secondary table. */
export interface RecordTableRow {
  /** 1-based row within the range. */
  readonly sequenceId: number;
  readonly items: Readonly<Record<string, string>>;
}

/** A secondary table: a multi-cell name's rows. */
export interface RecordTable {
  readonly name: string;
  readonly rows: readonly RecordTableRow[];
}

/** The values a save writes: every single-cell name, and every multi-cell name as a table. */
export interface RecordContent {
  readonly fields: readonly RecordFieldValue[];
  readonly tables: readonly RecordTable[];
}

/** A record with everything saved in it. */
export interface SavedRecord extends RecordHeader, RecordContent {}

/** What `insertRecord` needs; the store assigns id, dates and the edit count. */
export interface NewRecord extends RecordContent {
  readonly siteId: string;
  readonly applicationId: string;
  readonly userName?: string | null;
  readonly statusIndex?: number;
  readonly groupId?: number | null;
  readonly assignedUserName?: string | null;
}

/** What `updateRecord` writes: all values (replaced), and the system fields given. */
export interface RecordChanges extends RecordContent {
  readonly statusIndex?: number;
  readonly groupId?: number | null;
  readonly assignedUserName?: string | null;
}

/** System columns a listing can filter and sort on. */
export type RecordSystemColumn =
  | 'id'
  | 'userName'
  | 'entryDate'
  | 'lastUpdateDate'
  | 'statusIndex'
  | 'groupId'
  | 'assignedUserName';

/** A listing column: a system field or a primary field (by name, ignoring case). */
export type RecordColumn = { readonly system: RecordSystemColumn } | { readonly field: string };

/** Filter operators of GetApplicationData (0 Equals … 7 LessThan). */
export type RecordFilterOperator =
  | 'equals'
  | 'notEquals'
  | 'like'
  | 'notLike'
  | 'isNull'
  | 'isNotNull'
  | 'greaterThan'
  | 'lessThan';

/**
 * One filter, its value already read by the caller. Text columns and fields use `text`;
 * `number` is set when the value reads as a number (required for numeric system columns);
 * date columns take the instants `[number, until)` the value stands for (a whole day for a
 * date without a time).
 */
export interface RecordFilter {
  readonly column: RecordColumn;
  readonly operator: RecordFilterOperator;
  readonly text?: string;
  readonly number?: number;
  readonly until?: number;
}

/** One page of an application's records. */
export interface RecordQuery {
  readonly applicationId: string;
  readonly filters?: readonly RecordFilter[];
  /** Default: by id, ascending. */
  readonly sort?: { readonly column: RecordColumn; readonly descending?: boolean };
  /** 0-based page index. */
  readonly page: number;
  readonly pageSize: number;
  /** Primary fields to return with each row, matched ignoring case. */
  readonly fields?: readonly string[];
}

/** One listed record: its system fields and the requested primary fields (name as requested → Value). */
export interface RecordListItem {
  readonly header: RecordHeader;
  readonly values: Readonly<Record<string, string>>;
}

/** What `updateRecord` answers besides the updated record. */
export type RecordUpdateRefusal = 'conflict' | 'notFound';
