/** GetToken and /connect/token through real HTTP: real SQLite, real scrypt, the real throttle. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { issueToken, revokeToken } from '../../src/auth/tokens.js';
import { type Harness, type Reply, startHarness, type TestClient } from '../server/harness.js';

const LIFETIME_SECONDS = 1800;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const INVALID_CREDENTIALS = 'The client identifier or secret is invalid.';
const INVALID_TOKEN = 'The requested resource is restricted and your request did not provide a valid token.';

let h: Harness;
before(async () => {
  h = await startHarness({ tokenLifetimeSeconds: LIFETIME_SECONDS });
});
after(() => h?.stop({ cleanup: true }));

const getToken = (body: unknown, path = '/Api/Auth/GetToken'): Promise<Reply> => h.post(path, body);
const credentials = (c: TestClient) => ({ ClientIdentifier: c.identifier, ClientSecret: c.secret });
const wrong = (c: TestClient) => ({
  ClientIdentifier: c.identifier,
  ClientSecret: `${c.secret.slice(0, -1)}x`,
});

/** A call that needs a token; `Success` tells whether the token was accepted. */
const tokenWorks = async (token: string): Promise<boolean> => {
  const reply = await h.post('/Api/Sites/GetApplicationList', {}, token);
  assert.equal(reply.status, 200);
  if (!reply.body.Success) assert.deepEqual(reply.body.Messages, [INVALID_TOKEN]);
  return reply.body.Success === true && reply.body.InvalidToken === false;
};

function assertFailed(reply: Reply, message: string): void {
  assert.equal(reply.status, 200);
  assert.deepEqual(reply.body, {
    Success: false,
    InvalidToken: false,
    Messages: [message],
    AccessToken: null,
  });
}

/** Brings an identifier to one failure short of the lock, with failures old enough to be past their delay. */
function nearlyLock(identifier: string): void {
  const throttle = h.server.http.deps.throttle;
  for (let i = 0; i < 9; i++) throttle.recordFailure(identifier, Date.now() - 120_000);
}

describe('POST /Api/Auth/GetToken', () => {
  test('issues a working token: envelope, 43 base64url chars, ISO times, configured lifetime', async () => {
    const c = await h.client();
    const before = Date.now();
    const reply = await getToken(credentials(c));
    assert.equal(reply.status, 200);
    assert.equal(reply.headers.get('cache-control'), 'no-cache, no-store');
    const body = reply.body;
    assert.deepEqual(Object.keys(body), [
      'Success',
      'InvalidToken',
      'Messages',
      'AccessToken',
      'Issued',
      'Expires',
    ]);
    assert.equal(body.Success, true);
    assert.equal(body.InvalidToken, false);
    assert.deepEqual(body.Messages, []);
    assert.match(body.AccessToken, TOKEN);
    for (const time of [body.Issued, body.Expires]) {
      assert.equal(new Date(time).toISOString(), time, 'ISO-8601 UTC');
    }
    const issued = Date.parse(body.Issued);
    assert.ok(issued >= before - 1000 && issued <= Date.now() + 1000);
    assert.equal(Date.parse(body.Expires) - issued, LIFETIME_SECONDS * 1000);
    assert.equal(await tokenWorks(body.AccessToken), true);
  });

  test('case-insensitive route and property names; identifier in any letter case', async () => {
    const c = await h.client();
    const reply = await getToken(
      { clientidentifier: c.identifier.toUpperCase(), CLIENTSECRET: c.secret },
      '/api/auth/gettoken',
    );
    assert.equal(reply.body.Success, true);
    assert.match(reply.body.AccessToken, TOKEN);
  });

  test('wrong secret, unknown and malformed identifiers all answer the same', async () => {
    const c = await h.client();
    assertFailed(await getToken(wrong(c)), INVALID_CREDENTIALS);
    assertFailed(
      await getToken({ ClientIdentifier: '0123456789abcdef0123456789abcdef', ClientSecret: c.secret }),
      INVALID_CREDENTIALS,
    );
    assertFailed(
      await getToken({ ClientIdentifier: 'not an identifier', ClientSecret: c.secret }),
      INVALID_CREDENTIALS,
    );
    // Another client's secret is just a wrong secret.
    const other = await h.client();
    assertFailed(
      await getToken({ ClientIdentifier: c.identifier, ClientSecret: other.secret }),
      INVALID_CREDENTIALS,
    );
  });

  test('a missing property is named', async () => {
    const c = await h.client();
    assertFailed(
      await getToken({ ClientIdentifier: c.identifier }),
      "The required property 'ClientSecret' is missing.",
    );
    assertFailed(
      await getToken({ ClientIdentifier: '', ClientSecret: c.secret }),
      "The required property 'ClientIdentifier' is missing.",
    );
  });

  test('form bodies are not accepted here (only /connect/token takes them)', async () => {
    const res = await fetch(`${h.url}/Api/Auth/GetToken`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'ClientIdentifier=a&ClientSecret=b',
    });
    assert.equal(res.status, 415);
  });

  test('repeated failures are slowed down: the 6th attempt is refused even with the right secret', async () => {
    const c = await h.client();
    for (let i = 0; i < 5; i++) assertFailed(await getToken(wrong(c)), INVALID_CREDENTIALS);
    assertFailed(
      await getToken(credentials(c)),
      'Too many failed attempts for this client identifier; try again in 1 second.',
    );
  });

  test('the 10th failure locks the identifier for 15 minutes', async () => {
    const c = await h.client();
    nearlyLock(c.identifier);
    assertFailed(await getToken(wrong(c)), INVALID_CREDENTIALS);
    const locked = await getToken(credentials(c));
    assert.equal(locked.status, 200);
    const [message] = locked.body.Messages;
    const seconds = Number(/try again in (\d+) seconds\.$/.exec(message)?.[1]);
    assert.ok(seconds > 890 && seconds <= 900, message);
  });

  test('unknown identifiers are throttled too', async () => {
    const unknown = 'fedcba9876543210fedcba9876543210';
    for (let i = 0; i < 5; i++) {
      assertFailed(await getToken({ ClientIdentifier: unknown, ClientSecret: 'x' }), INVALID_CREDENTIALS);
    }
    const reply = await getToken({ ClientIdentifier: unknown, ClientSecret: 'x' });
    assert.match(reply.body.Messages[0], /^Too many failed attempts/);
  });

  test('a disabled client gets the wrong-credentials answer, and its tokens stop working', async () => {
    const c = await h.client();
    assert.equal(await tokenWorks(c.token), true);
    assert.equal(await h.server.store.setClientDisabled(c.siteId, c.clientId, true), true);
    assertFailed(await getToken(credentials(c)), INVALID_CREDENTIALS);
    assert.equal(await tokenWorks(c.token), false);
    await h.server.store.setClientDisabled(c.siteId, c.clientId, false);
    assert.equal((await getToken(credentials(c))).body.Success, true);
  });

  test('expired and revoked tokens are refused', async () => {
    const c = await h.client();
    const client = { id: c.clientId, siteId: c.siteId };
    const expired = await issueToken(h.server.store, client, 1, new Date(Date.now() - 10_000));
    assert.equal(await tokenWorks(expired.accessToken), false);

    const reply = await getToken(credentials(c));
    assert.equal(await tokenWorks(reply.body.AccessToken), true);
    assert.equal(await revokeToken(h.server.store, reply.body.AccessToken), true);
    assert.equal(await tokenWorks(reply.body.AccessToken), false);
    // Revoking one token leaves the client's others alone.
    assert.equal(await tokenWorks(c.token), true);
  });
});

interface TokenReply {
  readonly status: number;
  readonly headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: test convenience for reading wire JSON
  readonly body: any;
}

async function connect(
  body: string | Record<string, string>,
  headers: Record<string, string> = {},
  path = '/connect/token',
): Promise<TokenReply> {
  const isForm = typeof body !== 'string' || !body.startsWith('{');
  const res = await fetch(`${h.url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': isForm ? 'application/x-www-form-urlencoded' : 'application/json',
      ...headers,
    },
    body: typeof body === 'string' ? body : new URLSearchParams(body).toString(),
  });
  return { status: res.status, headers: res.headers, body: await res.json() };
}

const form = (c: TestClient, grant = 'client_credentials') => ({
  grant_type: grant,
  client_id: c.identifier,
  client_secret: c.secret,
});
const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

function assertOAuthError(reply: TokenReply, status: number, error: string): void {
  assert.equal(reply.status, status);
  assert.equal(reply.body.error, error);
  assert.equal(typeof reply.body.error_description, 'string');
  assert.match(reply.body.error_description, /^[\x20\x21\x23-\x5B\x5D-\x7E]+$/);
  // The envelope stays beside the RFC members.
  assert.equal(reply.body.Success, false);
  assert.equal(reply.body.error_description, reply.body.Messages.join(' '));
}

describe('POST /connect/token', () => {
  test('form-encoded client credentials issue a working Bearer token', async () => {
    const c = await h.client();
    const reply = await connect(form(c));
    assert.equal(reply.status, 200);
    assert.match(reply.headers.get('cache-control') ?? '', /no-store/);
    assert.match(reply.body.access_token, TOKEN);
    assert.equal(reply.body.token_type, 'Bearer');
    assert.equal(reply.body.expires_in, LIFETIME_SECONDS);
    assert.equal(reply.body.Success, true);
    assert.equal(await tokenWorks(reply.body.access_token), true);
  });

  test('JSON bodies and a case-insensitive route work too', async () => {
    const c = await h.client();
    const reply = await connect(JSON.stringify(form(c)), {}, '/Connect/Token');
    assert.equal(reply.status, 200);
    assert.equal(await tokenWorks(reply.body.access_token), true);
  });

  test('HTTP Basic client authentication (RFC 6749 §2.3.1)', async () => {
    const c = await h.client();
    const reply = await connect(
      { grant_type: 'client_credentials' },
      { authorization: basic(c.identifier, c.secret) },
    );
    assert.equal(reply.status, 200);
    assert.equal(await tokenWorks(reply.body.access_token), true);
    // Repeating client_id in the body beside Basic is tolerated; a contradiction is not.
    const repeated = await connect(
      { grant_type: 'client_credentials', client_id: c.identifier },
      { authorization: basic(c.identifier, c.secret) },
    );
    assert.equal(repeated.status, 200);
    const other = await h.client();
    assertOAuthError(
      await connect(
        { grant_type: 'client_credentials', client_id: other.identifier },
        { authorization: basic(c.identifier, c.secret) },
      ),
      400,
      'invalid_request',
    );
  });

  test('wrong, missing or unreadable credentials: 401 invalid_client with a Basic challenge', async () => {
    const c = await h.client();
    const wrongSecret = await connect({ ...form(c), client_secret: `${c.secret.slice(0, -1)}x` });
    assertOAuthError(wrongSecret, 401, 'invalid_client');
    assert.equal(wrongSecret.body.error_description, INVALID_CREDENTIALS);
    assert.match(wrongSecret.headers.get('www-authenticate') ?? '', /^Basic realm="sheetport"/);
    assertOAuthError(await connect({ grant_type: 'client_credentials' }), 401, 'invalid_client');
    assertOAuthError(
      await connect({ grant_type: 'client_credentials', client_id: c.identifier }),
      401,
      'invalid_client',
    );
    assertOAuthError(
      await connect({ grant_type: 'client_credentials' }, { authorization: 'Basic not*base64' }),
      401,
      'invalid_client',
    );
    assertOAuthError(
      await connect({ grant_type: 'client_credentials' }, { authorization: basic(c.identifier, 'wrong') }),
      401,
      'invalid_client',
    );
  });

  test('grant types: unsupported is 400 unsupported_grant_type, missing is 400 invalid_request', async () => {
    const c = await h.client();
    const password = await connect(form(c, 'password'));
    assertOAuthError(password, 400, 'unsupported_grant_type');
    assert.equal(
      password.body.error_description,
      "The grant type 'password' is not supported; use client_credentials.",
    );
    const { grant_type: _omitted, ...noGrant } = form(c);
    const missing = await connect(noGrant);
    assertOAuthError(missing, 400, 'invalid_request');
    assert.equal(missing.body.error_description, "The required property 'grant_type' is missing.");
  });

  test('malformed requests are invalid_request; transport statuses are kept', async () => {
    assertOAuthError(await connect('{"grant_type":'), 400, 'invalid_request');
    const res = await fetch(`${h.url}/connect/token`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'grant_type=client_credentials',
    });
    const reply = { status: res.status, headers: res.headers, body: await res.json() };
    assertOAuthError(reply, 415, 'invalid_request');
  });

  test('a locked identifier: 429 invalid_client with Retry-After', async () => {
    const c = await h.client();
    nearlyLock(c.identifier);
    assertOAuthError(await connect({ ...form(c), client_secret: 'wrong' }), 401, 'invalid_client');
    const locked = await connect(form(c));
    assertOAuthError(locked, 429, 'invalid_client');
    const retryAfter = Number(locked.headers.get('retry-after'));
    assert.ok(retryAfter > 890 && retryAfter <= 900, String(retryAfter));
    // GetToken shares the throttle: the same identifier is locked there too.
    assert.match((await getToken(credentials(c))).body.Messages[0], /^Too many failed attempts/);
  });
});
