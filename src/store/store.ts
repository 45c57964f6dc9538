import type {
  AccessTokenRecord,
  ApiClient,
  ApiClientWithSecret,
  Application,
  ApplicationChanges,
  ApplicationVersion,
  NewAccessToken,
  NewApiClient,
  NewApplication,
  NewRecord,
  NewSession,
  NewUser,
  NewVersionFile,
  OpenSessionFilter,
  RecordChanges,
  RecordHeader,
  RecordListItem,
  RecordQuery,
  RecordUpdateRefusal,
  SavedRecord,
  Session,
  SessionInput,
  Site,
  TokenLookup,
  User,
  UserChanges,
} from './types.js';

/**
 * Everything sheetport persists, behind one dialect-neutral interface.
 *
 * Conventions of every implementation:
 * - Ids are generated in TypeScript (`crypto.randomUUID()`, lowercase); keys are 32
 *   lowercase hex chars from `crypto.randomBytes`.
 * - Timestamps are stored as epoch milliseconds (64-bit integer columns) and returned as
 *   `Date`s; flags are 0/1 integers; JSON is stored as text.
 * - Methods that reach tenant data by an id a caller supplies take the caller's `siteId`
 *   and find nothing in another site. Lookups by a random, unguessable id that callers
 *   obtained from a site-scoped answer (versions by application id, sessions by id) carry
 *   the owning ids in the result for the caller to check instead.
 * - "Not found" is `null` / `false`, never an exception; exceptions mean a broken store.
 */
export interface Store {
  // --- sites -------------------------------------------------------------------------
  /** Creates a site. */
  createSite(name: string): Promise<Site>;
  /** A site by id, or null. */
  getSite(id: string): Promise<Site | null>;
  /** Every site, oldest first. */
  listSites(): Promise<Site[]>;

  // --- API clients -------------------------------------------------------------------
  /** Creates an API client; the caller generated the identifier and hashed the secret. */
  createClient(client: NewApiClient): Promise<ApiClient>;
  /** A client and its secret hash by public identifier (any site), or null: for GetToken. */
  getClientByIdentifier(identifier: string): Promise<ApiClientWithSecret | null>;
  /** A client of the site by internal id, or null. */
  getClient(siteId: string, clientId: string): Promise<ApiClient | null>;
  /** Disables or re-enables a client; its tokens stop (or resume) verifying. False if not found. */
  setClientDisabled(siteId: string, clientId: string, disabled: boolean): Promise<boolean>;

  // --- access tokens -----------------------------------------------------------------
  /** Records an issued token (by hash). */
  insertToken(token: NewAccessToken): Promise<AccessTokenRecord>;
  /** A token by hash joined with its client, in one indexed lookup; null if unknown. */
  findTokenByHash(tokenHash: string): Promise<TokenLookup | null>;
  /** Revokes a token by hash; false if unknown or already revoked. */
  revokeToken(tokenHash: string): Promise<boolean>;
  /** Deletes tokens whose expiry is at or before `before`; returns how many. */
  deleteExpiredTokens(before: Date): Promise<number>;

  // --- users -----------------------------------------------------------------------
  /** Creates a user; null when the site already has a user of that name (ignoring case). */
  createUser(user: NewUser): Promise<User | null>;
  /** A site's user by name, matched ignoring case; null if none. */
  getUserByName(siteId: string, userName: string): Promise<User | null>;
  /** Changes a site's user (found by name, ignoring case); null if none. */
  updateUser(siteId: string, userName: string, changes: UserChanges): Promise<User | null>;
  /** Deletes a site's user (found by name, ignoring case); false if none. */
  deleteUser(siteId: string, userName: string): Promise<boolean>;

  // --- applications and versions -----------------------------------------------------
  /** Creates an application with its first version (version 1), atomically. */
  createApplication(
    app: NewApplication,
    file: NewVersionFile,
  ): Promise<{ application: Application; version: ApplicationVersion }>;
  /**
   * Publishes the next version of a site's application, applying `changes` to its metadata
   * in the same transaction. Null if the application is not in the site.
   */
  addVersion(
    siteId: string,
    applicationId: string,
    file: NewVersionFile,
    changes?: ApplicationChanges,
  ): Promise<{ application: Application; version: ApplicationVersion } | null>;
  /** Changes a site's application's metadata; null if not in the site. */
  updateApplication(
    siteId: string,
    applicationId: string,
    changes: ApplicationChanges,
  ): Promise<Application | null>;
  /**
   * An application by ApplicationKey. `siteId` null looks across all sites: needed because
   * Unrestricted applications are reachable without a token; the caller must then apply
   * the access rules (auth/access.ts) to the result. Null if not found.
   */
  getApplicationByKey(key: string, siteId: string | null): Promise<Application | null>;
  /** A site's application by ApplicationId, or null. */
  getApplicationById(siteId: string, applicationId: string): Promise<Application | null>;
  /** A site's applications, by name. */
  listApplications(siteId: string): Promise<Application[]>;
  /** Deletes a site's application with all its versions and sessions; false if not found. */
  deleteApplication(siteId: string, applicationId: string): Promise<boolean>;
  /** One version's metadata (no bytes), or null. */
  getVersion(applicationId: string, version: number): Promise<ApplicationVersion | null>;
  /** The newest version's metadata, or null if the application does not exist. */
  latestVersion(applicationId: string): Promise<ApplicationVersion | null>;
  /** The published file of one version, byte for byte, or null. */
  getVersionBytes(applicationId: string, version: number): Promise<Uint8Array | null>;

  // --- dedicated sessions ------------------------------------------------------------
  /**
   * Opens a session. Null unless the application belongs to `siteId`, has that version,
   * and the owner client belongs to the same site.
   */
  createSession(session: NewSession): Promise<Session | null>;
  /** A session by id, open or closed, or null. The caller checks owner, closedAt, expiresAt. */
  getSession(sessionId: string): Promise<Session | null>;
  /** Records a call at `at`: lastUsed = at, expiresAt = at + idleTimeout. False if not open. */
  touchSession(sessionId: string, at: Date): Promise<boolean>;
  /**
   * Appends one call's inputs (JSON text) to an open session's log and returns its
   * sequence number (1, 2, ...). Concurrent appends get distinct increasing numbers.
   * Null if the session is unknown or closed.
   */
  appendSessionInput(sessionId: string, inputsJson: string): Promise<number | null>;
  /** A session's input log in sequence order. */
  listSessionInputs(sessionId: string): Promise<SessionInput[]>;
  /**
   * Closes an open session; with `ownerClientId`, only if that client owns it (one atomic
   * check). False if unknown, already closed or owned by another client.
   */
  closeSession(sessionId: string, ownerClientId?: string): Promise<boolean>;
  /** Ids of the open sessions of a client or of an application (expired-but-unswept included). */
  listOpenSessionIds(filter: OpenSessionFilter): Promise<string[]>;
  /** Number of open sessions of a client or of an application (expired-but-unswept included). */
  countOpenSessions(filter: OpenSessionFilter): Promise<number>;
  /** Number of open sessions on the whole server (expired-but-unswept included), for metrics. */
  countAllOpenSessions(): Promise<number>;
  /** Open sessions whose expiresAt is at or before `now`, soonest first (indexed). */
  listExpiredSessions(now: Date, limit?: number): Promise<Session[]>;
  /** Closes every open session expired at `now` (indexed); returns the closed ids. */
  closeExpired(now: Date): Promise<string[]>;
  /** Deletes closed sessions (and their logs) closed at or before `before`; returns how many. */
  deleteClosedSessions(before: Date): Promise<number>;

  // --- records (spec §7) -------------------------------------------------------------
  /** Saves a new record with its values, atomically; the store assigns id, dates, edit count 0. */
  insertRecord(record: NewRecord): Promise<SavedRecord>;
  /**
   * Replaces a record's values (and the system fields given) if its edit count is still
   * `expectedEditCount`, bumping it, atomically. 'conflict' when another save changed it in
   * between; 'notFound' unless the record belongs to that site and application.
   */
  updateRecord(
    siteId: string,
    applicationId: string,
    recordId: number,
    expectedEditCount: number,
    changes: RecordChanges,
  ): Promise<SavedRecord | RecordUpdateRefusal>;
  /** A record's system fields (no values), or null unless it belongs to that site and application. */
  getRecordHeader(siteId: string, applicationId: string, recordId: number): Promise<RecordHeader | null>;
  /** A record with its primary fields and secondary tables, or null (site and application scoped). */
  getRecord(siteId: string, applicationId: string, recordId: number): Promise<SavedRecord | null>;
  /** Deletes a record with its values; false unless it belongs to that site and application. */
  deleteRecord(siteId: string, applicationId: string, recordId: number): Promise<boolean>;
  /** One page of an application's records, filtered and sorted in the database, and the filtered total. */
  queryRecords(siteId: string, query: RecordQuery): Promise<{ rows: RecordListItem[]; total: number }>;
  /** The primary-field names an application's records have, in workbook order. */
  listRecordFieldNames(siteId: string, applicationId: string): Promise<string[]>;
  /**
   * Every record of an application in id order with its primary fields (secondary tables only
   * with `tables: true`), read in batches: memory stays bounded however many there are.
   */
  streamRecords(
    siteId: string,
    applicationId: string,
    options?: { readonly tables?: boolean; readonly batchSize?: number },
  ): AsyncIterable<SavedRecord>;

  /** Closes the database connection(s). */
  close(): Promise<void>;
}
