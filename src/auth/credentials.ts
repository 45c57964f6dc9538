import type { Store } from '../store/store.js';
import type { ApiClient } from '../store/types.js';
import { generateClientSecret, hashSecret, isClientIdentifier, verifySecret } from './secrets.js';
import type { LoginThrottle } from './throttle.js';

/**
 * Outcome of a credential check. Failure reasons for the HTTP layer:
 * - `invalid`: unknown identifier or wrong secret (indistinguishable on purpose, spec §2).
 * - `throttled`: too many recent failures; retry after `retryAfterMs`. Secret not checked.
 * - `locked`: refused until `until`. Secret not checked.
 * - `disabled`: the secret was right but the client is disabled.
 */
export type AuthResult =
  | { readonly ok: true; readonly client: ApiClient }
  | { readonly ok: false; readonly reason: 'invalid' }
  | { readonly ok: false; readonly reason: 'throttled'; readonly retryAfterMs: number }
  | { readonly ok: false; readonly reason: 'locked'; readonly until: Date }
  | { readonly ok: false; readonly reason: 'disabled' };

// A hash of a random secret nobody knows, made once with the current default parameters,
// so unknown identifiers cost the same scrypt work as known ones.
let dummyHash: Promise<string> | undefined;
function getDummyHash(): Promise<string> {
  dummyHash ??= hashSecret(generateClientSecret()).catch((err: unknown) => {
    dummyHash = undefined; // let the next call try again rather than cache a failure
    throw err;
  });
  return dummyHash;
}

/**
 * Checks a ClientIdentifier/ClientSecret pair under brute-force throttling. The secret is
 * verified with scrypt even when the identifier is unknown or malformed, so response time
 * does not reveal which identifiers exist; failures for unknown identifiers are throttled
 * like any other.
 */
export async function authenticateClient(
  store: Store,
  identifier: string,
  secret: string,
  throttle: LoginThrottle,
  now: number = Date.now(),
): Promise<AuthResult> {
  // Identifiers are hex: accept any letter case, as the case-insensitive original would.
  const id = identifier.toLowerCase();
  const decision = throttle.check(id, now);
  if (decision.kind === 'locked') return { ok: false, reason: 'locked', until: decision.until };
  if (decision.kind === 'delay')
    return { ok: false, reason: 'throttled', retryAfterMs: decision.retryAfterMs };

  const client = isClientIdentifier(id) ? await store.getClientByIdentifier(id) : null;
  const matches = await verifySecret(secret, client?.secretHash ?? (await getDummyHash()));
  if (!client || !matches) {
    throttle.recordFailure(id, now);
    return { ok: false, reason: 'invalid' };
  }
  throttle.recordSuccess(id);
  if (client.disabled) return { ok: false, reason: 'disabled' };
  const { secretHash: _omitted, ...publicClient } = client;
  return { ok: true, client: publicClient };
}
