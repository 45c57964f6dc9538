/**
 * What the HTTP layer needs from the rest of the system. Kept minimal on purpose: members are
 * added as wire methods arrive, and tests implement it with a few lines of fakes.
 */
import type { Principal } from '../auth/principal.js';

/** Whether an application needs a token for the `tokenIfRestricted` methods (spec §3). */
export interface ApplicationAccess {
  /** AccessType 1 or 2: a token is required. */
  readonly restricted: boolean;
}

/** Services the API layer calls; shared with every route through `app.deps`. */
export interface ApiDeps {
  /** The principal behind an access token, or `null` when it is unknown, expired or revoked. */
  verifyToken(token: string): Promise<Principal | null>;
  /** The access rule of an application by its key, or `null` when no such application exists. */
  findApplicationAccess(applicationKey: string): Promise<ApplicationAccess | null>;
}
