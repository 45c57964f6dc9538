import { CREDENTIALS_BODY_LIMIT, issueTokenFor } from '../auth/getToken.js';
import type { Envelope, EnvelopeReply } from '../envelope.js';
import { ApiError, type ErrorCode } from '../outcomes.js';
import { ConnectTokenRequest } from '../requests.js';
import { defineMethod } from '../route.js';

/** The error codes of RFC 6749 §5.2 we answer with (plus §4.1.2.1's two for 429 and 5xx). */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'unsupported_grant_type'
  | 'temporarily_unavailable'
  | 'server_error';

/** The body of a failed `/connect/token`: the envelope plus RFC 6749 §5.2's members. */
export type OAuthErrorBody = Envelope & { error: OAuthErrorCode; error_description: string };

/** RFC 7235 §3.1: a 401 names the schemes it accepts; RFC 7617 for the charset parameter. */
const CHALLENGE = 'Basic realm="sheetport", charset="UTF-8"';

/** Failures of client authentication: 401 `invalid_client` (RFC 6749 §5.2). */
const CLIENT_AUTH_FAILED: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'InvalidCredentials',
  'ClientAuthenticationMissing',
  'ClientAuthenticationMalformed',
]);

/** RFC 6749 §5.2 restricts error_description to printable ASCII without `"` and `\`. */
function describe(messages: readonly string[]): string {
  return messages.join(' ').replace(/[^\x20\x21\x23-\x5B\x5D-\x7E]/g, '?');
}

/**
 * Turns any failed answer of `/connect/token` into an RFC 6749 §5.2 error, keeping the
 * envelope members beside it (OAuth2 clients ignore members they do not know):
 * - 400 `unsupported_grant_type`; 400 `invalid_request` for anything wrong with the request.
 * - 401 `invalid_client` with a Basic challenge for wrong, missing or unreadable credentials.
 * - 429 `invalid_client` with `Retry-After` when the identifier is throttled or locked: the
 *   attempt was refused for this client (so clients do not treat it as a server hiccup to retry
 *   at once), and 429 + Retry-After says when to try again, as the HTTP rate limit does.
 * - 413/415 keep their status (`invalid_request`); the rate limit's 429 is
 *   `temporarily_unavailable`; a 500 is `server_error`.
 */
export function oauthFailureReply(reply: EnvelopeReply, err: unknown): EnvelopeReply {
  const code = err instanceof ApiError ? err.code : undefined;
  const headers: Record<string, string> = { ...reply.headers };
  let status = reply.statusCode;
  let error: OAuthErrorCode;
  if (code === 'UnsupportedGrantType') {
    status = 400;
    error = 'unsupported_grant_type';
  } else if (code !== undefined && CLIENT_AUTH_FAILED.has(code)) {
    status = 401;
    error = 'invalid_client';
    headers['www-authenticate'] = CHALLENGE;
  } else if (code === 'CredentialsLocked') {
    status = 429;
    error = 'invalid_client';
    const params = (err as ApiError<'CredentialsLocked'>).params;
    headers['retry-after'] = String(params?.retryAfterSeconds ?? 1);
  } else if (status === 429) {
    error = 'temporarily_unavailable';
  } else if (status >= 500) {
    error = 'server_error';
  } else {
    // Binding errors (missing grant_type, not an object, bad JSON) are 200 in the envelope.
    if (status === 200) status = 400;
    error = 'invalid_request';
  }
  const body: OAuthErrorBody = { ...reply.body, error, error_description: describe(reply.body.Messages) };
  return { statusCode: status, headers, body };
}

interface ClientCredentials {
  readonly identifier: string;
  readonly secret: string;
}

const BASIC = /^\s*basic(?:\s+(\S*))?\s*$/i;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** RFC 6749 §2.3.1: both halves are form-urlencoded before base64; clients that skip it still work. */
function formDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** Credentials of an `Authorization: Basic` header; `undefined` without one (other schemes are ignored). */
export function basicCredentials(header: string | undefined): ClientCredentials | undefined {
  if (header === undefined) return undefined;
  const match = BASIC.exec(header);
  if (match === null) return undefined;
  const encoded = match[1] ?? '';
  if (!BASE64.test(encoded)) throw new ApiError('ClientAuthenticationMalformed');
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0 || colon === decoded.length - 1) throw new ApiError('ClientAuthenticationMalformed');
  return { identifier: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) };
}

/**
 * The credentials from the header or the body. RFC 6749 §2.3 forbids using both; some
 * libraries still repeat client_id in the body beside Basic, so only a contradiction fails.
 */
function clientCredentials(
  input: { client_id?: string | undefined; client_secret?: string | undefined },
  authorization: string | undefined,
): ClientCredentials {
  const basic = basicCredentials(authorization);
  if (basic !== undefined) {
    const otherId =
      input.client_id !== undefined && input.client_id.toLowerCase() !== basic.identifier.toLowerCase();
    const otherSecret = input.client_secret !== undefined && input.client_secret !== basic.secret;
    if (otherId || otherSecret) throw new ApiError('ClientAuthenticationConflict');
    return basic;
  }
  if (input.client_id === undefined || input.client_secret === undefined) {
    throw new ApiError('ClientAuthenticationMissing');
  }
  return { identifier: input.client_id, secret: input.client_secret };
}

/** `POST /connect/token`: OAuth2 client credentials grant (RFC 6749 §4.4), issuing GetToken's tokens. */
export const connectToken = defineMethod({
  path: '/connect/token',
  auth: 'none',
  request: ConnectTokenRequest,
  summary: 'Issues an access token (OAuth2 client credentials grant).',
  description:
    'Form-encoded (or JSON) grant_type=client_credentials with client_id and client_secret, or ' +
    'with HTTP Basic client authentication. Failures answer RFC 6749 §5.2 errors: 400 ' +
    'invalid_request or unsupported_grant_type, 401 invalid_client, 429 invalid_client with ' +
    'Retry-After while the identifier is throttled.',
  bodyLimit: CREDENTIALS_BODY_LIMIT,
  failureReply: oauthFailureReply,
  handler: async (input, ctx) => {
    // The grant type first: a request we cannot serve costs neither scrypt nor a throttle slot.
    if (input.grant_type !== 'client_credentials') {
      throw new ApiError('UnsupportedGrantType', { grantType: input.grant_type });
    }
    const authorization = ctx.headers.authorization;
    const { identifier, secret } = clientCredentials(input, authorization);
    const token = await issueTokenFor(ctx, identifier, secret);
    return {
      access_token: token.accessToken,
      token_type: 'Bearer',
      expires_in: Math.round((token.expires.getTime() - token.issued.getTime()) / 1000),
    };
  },
});
