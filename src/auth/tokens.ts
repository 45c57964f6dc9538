import type { Store } from '../store/store.js';
import type { ApiClient } from '../store/types.js';
import type { Principal } from './principal.js';
import { couldBeAccessToken, generateAccessToken, hashToken } from './secrets.js';

/** Default access-token lifetime (spec §2): one hour. */
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 3600;

/** A freshly issued token: the only moment the token string exists outside the caller. */
export interface IssuedToken {
  readonly accessToken: string;
  readonly issued: Date;
  readonly expires: Date;
}

/** Issues an access token for a client; only its SHA-256 hash is stored. */
export async function issueToken(
  store: Store,
  client: Pick<ApiClient, 'id' | 'siteId'>,
  lifetimeSeconds: number = DEFAULT_TOKEN_LIFETIME_SECONDS,
  now: Date = new Date(),
): Promise<IssuedToken> {
  if (!(lifetimeSeconds > 0)) throw new Error('Token lifetime must be positive.');
  const accessToken = generateAccessToken();
  const issued = new Date(now.getTime());
  const expires = new Date(now.getTime() + lifetimeSeconds * 1000);
  await store.insertToken({
    clientId: client.id,
    siteId: client.siteId,
    tokenHash: hashToken(accessToken),
    issued,
    expires,
  });
  return { accessToken, issued, expires };
}

/**
 * The principal behind a bearer token, or null if the token is unknown, expired, revoked,
 * or its client is disabled. Costs one indexed store lookup (token joined with its client).
 *
 * The server's store reuses this lookup for up to a second (`store/readCache.ts`): a
 * revocation or a disabled client takes effect at once on the node that made it and within
 * that second on the others.
 */
export async function verifyToken(
  store: Store,
  token: string,
  now: Date = new Date(),
): Promise<Principal | null> {
  if (!couldBeAccessToken(token)) return null;
  const found = await store.findTokenByHash(hashToken(token));
  if (!found) return null;
  const { token: t, client } = found;
  if (t.revoked || client.disabled) return null;
  if (t.expires.getTime() <= now.getTime()) return null;
  // Defensive: a token row naming another site than its client would be a store bug.
  if (t.siteId !== client.siteId) return null;
  return { clientId: client.id, siteId: client.siteId, allowImpersonation: client.allowImpersonation };
}

/** Revokes a token given as its string; false if unknown or already revoked. */
export async function revokeToken(store: Store, token: string): Promise<boolean> {
  if (!couldBeAccessToken(token)) return false;
  return store.revokeToken(hashToken(token));
}
