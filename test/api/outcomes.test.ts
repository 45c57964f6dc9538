import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { toEnvelope } from '../../src/api/envelope.js';
import { ApiError, formatBytes, OUTCOMES, type OutcomeCode, renderOutcome } from '../../src/api/outcomes.js';

/** Byte-exact strings from spec/API.md §1 and §2. Clients compare these; never edit them. */
const SPEC_MESSAGES: readonly [OutcomeCode, string, boolean][] = [
  [
    'InvalidToken',
    'The requested resource is restricted and your request did not provide a valid token.',
    true,
  ],
  ['InvalidApplication', 'The requested application is invalid.', false],
  ['InvalidSession', 'The requested session is invalid.', false],
  ['InvalidJson', 'The request body is not valid JSON.', false],
  ['InvalidCredentials', 'The client identifier or secret is invalid.', false],
];

/** Parameters enough for any outcome's message. */
const SAMPLE_PARAMS: Record<string, unknown> = {
  property: 'X',
  expected: 'a number',
  limitBytes: 1024,
  contentType: 'text/plain',
  retryAfterSeconds: 3,
  path: '/x',
  method: 'GET',
  limit: 5,
  count: 6,
  seconds: 30,
  ref: 'A1',
  grantType: 'password',
  reason: 'A reason.',
  message: 'A message.',
};

describe('outcomes table', () => {
  for (const [code, text, invalidToken] of SPEC_MESSAGES) {
    test(`${code} is byte-exact`, () => {
      const err = new ApiError(code as 'InvalidToken');
      assert.equal(err.message, text);
      assert.equal(Buffer.compare(Buffer.from(err.message, 'utf8'), Buffer.from(text, 'utf8')), 0);
      assert.equal(err.invalidToken, invalidToken);
      assert.equal(err.statusCode, 200);
    });
  }

  test("PropertyMissing is byte-exact: The required property 'X' is missing.", () => {
    const err = new ApiError('PropertyMissing', { property: 'ApplicationKey' });
    assert.equal(err.message, "The required property 'ApplicationKey' is missing.");
    assert.equal(
      renderOutcome('PropertyMissing', { property: 'Inputs[0].Ref' }),
      "The required property 'Inputs[0].Ref' is missing.",
    );
  });

  // The spec lives beside the repo (shared/spec); when it is there, every quoted message in it
  // must come out of the table byte for byte, so a drift in either place fails here.
  const specPath =
    process.env.SHEETPORT_SPEC ?? new URL('../../../shared/spec/API.md', import.meta.url).pathname;
  test('every message quoted in spec/API.md is rendered by the table', {
    skip: !existsSync(specPath),
  }, () => {
    const spec = readFileSync(specPath, 'utf8');
    // The spec wraps long lines, so a quoted message may span two: fold its whitespace.
    const quoted = [...spec.matchAll(/`(The [^`]*\.)`/g)].map((m) => (m[1] as string).replace(/\s+/g, ' '));
    assert.ok(quoted.length >= 6, `found ${quoted.length} quoted messages`);
    const rendered = new Set(
      Object.entries(OUTCOMES).map(([, o]) => (o.render as (p: unknown) => string)(SAMPLE_PARAMS)),
    );
    for (const text of quoted) assert.ok(rendered.has(text), `not in the outcomes table: ${text}`);
  });

  test('the envelope of the spec samples is exactly the seed page’s', () => {
    assert.deepEqual(toEnvelope(new ApiError('InvalidToken')), {
      statusCode: 200,
      headers: {},
      body: {
        Success: false,
        InvalidToken: true,
        Messages: ['The requested resource is restricted and your request did not provide a valid token.'],
      },
    });
    assert.deepEqual(toEnvelope(new ApiError('InvalidApplication')).body, {
      Success: false,
      InvalidToken: false,
      Messages: ['The requested application is invalid.'],
    });
  });

  test('every message is a sentence ending in a period, on an allowed status', () => {
    for (const [code, outcome] of Object.entries(OUTCOMES)) {
      const text = (outcome.render as (p: unknown) => string)(SAMPLE_PARAMS);
      assert.match(text, /^[A-Z].*\.$/, code);
      assert.ok([200, 404, 405, 413, 415, 429, 500].includes(outcome.status), code);
      if (outcome.kind === 'notice') assert.equal(outcome.status, 200, code);
    }
    assert.equal(OUTCOMES.InvalidToken.invalidToken, true);
    const others = Object.entries(OUTCOMES).filter(([code]) => code !== 'InvalidToken');
    assert.ok(
      others.every(([, o]) => !o.invalidToken),
      'only InvalidToken sets InvalidToken',
    );
  });

  test('transport outcomes carry their status and headers', () => {
    assert.equal(new ApiError('PayloadTooLarge', { limitBytes: 64 * 1024 * 1024 }).statusCode, 413);
    assert.equal(
      new ApiError('PayloadTooLarge', { limitBytes: 64 * 1024 * 1024 }).message,
      'The request body is larger than the limit of 64 MiB.',
    );
    assert.equal(new ApiError('UnsupportedMediaType', { contentType: 'text/plain' }).statusCode, 415);
    const limited = new ApiError('RateLimited', { retryAfterSeconds: 7 });
    assert.equal(limited.statusCode, 429);
    assert.deepEqual(limited.headers, { 'retry-after': '7' });
    assert.equal(limited.message, 'Too many requests; try again in 7 seconds.');
    assert.equal(
      new ApiError('RateLimited', { retryAfterSeconds: 1 }).message,
      'Too many requests; try again in 1 second.',
    );
    assert.equal(new ApiError('InternalError').message, 'An internal error occurred.');
    assert.equal(new ApiError('InternalError').statusCode, 500);
  });

  test('formatBytes', () => {
    assert.equal(formatBytes(100), '100 bytes');
    assert.equal(formatBytes(1), '1 byte');
    assert.equal(formatBytes(1536), '1.5 KiB');
    assert.equal(formatBytes(64 * 1024 ** 2), '64 MiB');
    assert.equal(formatBytes(2 * 1024 ** 3), '2 GiB');
  });
});

describe('toEnvelope', () => {
  test('a bug becomes a bare 500, logged with its cause', () => {
    const logged: object[] = [];
    const secret = new Error('connection string postgres://admin:pw@db');
    const reply = toEnvelope(secret, { log: { error: (obj) => logged.push(obj) } });
    assert.equal(reply.statusCode, 500);
    assert.deepEqual(reply.body, {
      Success: false,
      InvalidToken: false,
      Messages: ['An internal error occurred.'],
    });
    assert.doesNotMatch(JSON.stringify(reply), /postgres|admin/);
    assert.deepEqual(logged, [{ err: secret }]);
  });

  test('non-Error throwables are bugs too', () => {
    assert.equal(toEnvelope('oops').statusCode, 500);
    assert.equal(toEnvelope(undefined).statusCode, 500);
    assert.equal(toEnvelope({ statusCode: 503 }).statusCode, 500);
  });

  test('fastify errors map by code', () => {
    const tooLarge = Object.assign(new Error('x'), { code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 });
    const reply = toEnvelope(tooLarge, { bodyLimitBytes: 1024 });
    assert.equal(reply.statusCode, 413);
    assert.deepEqual(reply.body.Messages, ['The request body is larger than the limit of 1 KiB.']);
    const media = Object.assign(new Error('x'), { code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE', statusCode: 415 });
    assert.equal(toEnvelope(media, { contentType: 'text/csv' }).statusCode, 415);
    assert.match(toEnvelope(media).body.Messages[0] ?? '', /no Content-Type header/);
    const aborted = Object.assign(new Error('aborted'), { code: 'ECONNRESET', statusCode: 400 });
    assert.deepEqual(toEnvelope(aborted).body.Messages, ['The request could not be read.']);
    assert.equal(toEnvelope(aborted).statusCode, 200);
  });

  test('failure props ride along but never override the envelope', () => {
    const reply = toEnvelope(new ApiError('InvalidSession'), {
      failureProps: { SessionId: '00000000-0000-0000-0000-000000000000', Success: true },
    });
    assert.deepEqual(reply.body, {
      Success: false,
      InvalidToken: false,
      Messages: ['The requested session is invalid.'],
      SessionId: '00000000-0000-0000-0000-000000000000',
    });
  });
});
