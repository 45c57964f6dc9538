/**
 * What the HTTP layer needs from the rest of the system, shared with every route through
 * `app.deps`. `createServer` builds the real one; tests of the HTTP machinery alone fake the
 * first two members.
 */
import type { Principal } from '../auth/principal.js';
import type { LoginThrottle } from '../auth/throttle.js';
import type { ComputePool } from '../compute/pool.js';
import type { Publisher } from '../publishing/publisher.js';
import type { SessionService } from '../sessions/sessionService.js';
import type { Store } from '../store/store.js';
import type { Application } from '../store/types.js';

/** Whether an application needs a token for the `tokenIfRestricted` methods (spec §3). */
export interface ApplicationAccess {
  /** AccessType 1 or 2: a token is required. */
  readonly restricted: boolean;
  /** The application itself, so handlers need not look it up again. */
  readonly application?: Application;
}

/** Services the API layer calls. */
export interface ApiDeps {
  /** The principal behind an access token, or `null` when it is unknown, expired or revoked. */
  verifyToken(token: string): Promise<Principal | null>;
  /** The access rule (and the application) by its key, or `null` when no such application exists. */
  findApplicationAccess(applicationKey: string): Promise<ApplicationAccess | null>;
  readonly store: Store;
  readonly compute: ComputePool;
  readonly sessions: SessionService;
  readonly publisher: Publisher;
  /** Brute-force protection of GetToken and /connect/token. */
  readonly throttle: LoginThrottle;
}
