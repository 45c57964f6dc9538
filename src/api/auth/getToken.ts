import { authenticateClient } from '../../auth/credentials.js';
import { type IssuedToken, issueToken } from '../../auth/tokens.js';
import { ApiError } from '../outcomes.js';
import { GetTokenRequest } from '../requests.js';
import { defineMethod, type MethodContext } from '../route.js';

/**
 * Credentials are two short strings; a tight body limit keeps a huge "secret" from reaching
 * scrypt (spec §2), whatever the server-wide limit for uploads is.
 */
export const CREDENTIALS_BODY_LIMIT = 64 * 1024;

/** Whole seconds to wait, rounded up and at least 1 (a `Retry-After` of 0 invites a busy loop). */
export function retryAfterSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

/**
 * Checks a client's credentials under the brute-force throttle and issues a token of the
 * configured lifetime; shared by GetToken and `/connect/token`, which issue the same tokens.
 * A disabled client answers like a wrong secret, so the answer never reveals which it was.
 */
export async function issueTokenFor(
  ctx: MethodContext,
  identifier: string,
  secret: string,
): Promise<IssuedToken> {
  const { store, throttle } = ctx.deps;
  const now = Date.now();
  const result = await authenticateClient(store, identifier, secret, throttle, now);
  if (!result.ok) {
    switch (result.reason) {
      case 'invalid':
      case 'disabled':
        throw new ApiError('InvalidCredentials');
      case 'throttled':
        throw new ApiError('CredentialsLocked', {
          retryAfterSeconds: retryAfterSeconds(result.retryAfterMs),
        });
      case 'locked':
        throw new ApiError('CredentialsLocked', {
          retryAfterSeconds: retryAfterSeconds(result.until.getTime() - now),
        });
    }
  }
  return issueToken(store, result.client, ctx.config.tokenLifetimeSeconds);
}

/** GetToken's own properties. `AccessToken` is `null` on a failed answer. */
interface GetTokenProps {
  AccessToken: string | null;
  /** ISO-8601 UTC. */
  Issued: string;
  /** ISO-8601 UTC. */
  Expires: string;
}

/** `POST /Api/Auth/GetToken`: exchanges a ClientIdentifier/ClientSecret pair for an access token. */
export const getToken = defineMethod({
  path: '/Api/Auth/GetToken',
  auth: 'none',
  request: GetTokenRequest,
  summary: 'Issues an access token for an API client.',
  description:
    'Answers AccessToken with its Issued and Expires times (ISO-8601 UTC). Repeated failures for ' +
    'one identifier are slowed down and then refused for a while.',
  bodyLimit: CREDENTIALS_BODY_LIMIT,
  // A failed answer carries AccessToken: null (a string property tolerates it) but omits
  // Issued and Expires: a .NET client binding them to a non-nullable DateTime throws on null,
  // while an absent property just keeps its default.
  failureProps: { AccessToken: null },
  handler: async (input, ctx): Promise<GetTokenProps> => {
    const token = await issueTokenFor(ctx, input.ClientIdentifier, input.ClientSecret);
    return {
      AccessToken: token.accessToken,
      Issued: token.issued.toISOString(),
      Expires: token.expires.toISOString(),
    };
  },
});
