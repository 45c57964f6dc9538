/** The authenticated caller behind a valid access token. */
export interface Principal {
  /** Internal id of the API client (not its public identifier). */
  readonly clientId: string;
  /** The site the client belongs to; nothing of another site is reachable with this token. */
  readonly siteId: string;
  /** Whether the client may act for a user (GetRecord, GetRecordExtended). */
  readonly allowImpersonation: boolean;
}
