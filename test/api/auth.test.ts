import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { bearerToken } from '../../src/api/gate.js';
import { fakeDeps, OPEN_APP, post, RESTRICTED_APP, testServer, VALID_TOKEN } from './helpers.js';

const RESTRICTED = {
  Success: false,
  InvalidToken: true,
  Messages: ['The requested resource is restricted and your request did not provide a valid token.'],
};

describe('bearerToken', () => {
  test('reads the token; the scheme is case-insensitive', () => {
    assert.equal(bearerToken(`Bearer ${VALID_TOKEN}`), VALID_TOKEN);
    assert.equal(bearerToken(`bearer ${VALID_TOKEN}`), VALID_TOKEN);
    assert.equal(bearerToken(`BEARER   ${VALID_TOKEN}  `), VALID_TOKEN);
    assert.equal(bearerToken(undefined), undefined);
    assert.equal(bearerToken('Bearer'), undefined);
    assert.equal(bearerToken(`Basic ${VALID_TOKEN}`), undefined);
    assert.equal(bearerToken(`Bearer a b`), undefined);
  });
});

describe("auth: 'token'", () => {
  const deps = fakeDeps();
  const { app } = testServer({}, { deps });
  after(() => app.close());

  const cases: [string, Record<string, string>][] = [
    ['no token', {}],
    ['bad scheme', { authorization: `Basic ${VALID_TOKEN}` }],
    ['invalid token', { authorization: 'Bearer not-a-token' }],
    ['empty bearer', { authorization: 'Bearer ' }],
  ];
  for (const [name, headers] of cases) {
    test(`${name} → the exact restricted message with InvalidToken true`, async () => {
      const res = await post(app, '/Api/Test/WhoAmI', {}, headers);
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, RESTRICTED);
    });
  }

  test('a valid token puts the principal on the request', async () => {
    const res = await post(app, '/Api/Test/WhoAmI', {}, { authorization: `bearer ${VALID_TOKEN}` });
    assert.deepEqual(res.body, { Success: true, InvalidToken: false, Messages: [], ClientId: 'client-1' });
  });

  test('the token is checked before the body: an anonymous caller sees the token message', async () => {
    const res = await post(app, '/Api/Test/WhoAmI', '{broken');
    // Malformed JSON fails in parsing, before any hook; a well-formed but wrong body does not leak.
    assert.deepEqual(res.body.Messages, ['The request body is not valid JSON.']);
    const wrong = await post(app, '/Api/Test/WhoAmI', { ApplicationKey: { nested: true } });
    assert.deepEqual(wrong.body, RESTRICTED);
  });
});

describe("auth: 'tokenIfRestricted'", () => {
  const deps = fakeDeps();
  const { app } = testServer({}, { deps });
  after(() => app.close());

  test('an unrestricted application passes without a token', async () => {
    deps.calls.length = 0;
    const res = await post(app, '/Api/Test/Calc', { applicationkey: OPEN_APP });
    assert.deepEqual(res.body, {
      Success: true,
      InvalidToken: false,
      Messages: [],
      ApplicationKey: OPEN_APP,
      ClientId: null,
    });
    assert.deepEqual(deps.calls, [`findApplicationAccess:${OPEN_APP}`]);
  });

  test('a restricted application needs a valid token', async () => {
    assert.deepEqual(
      (await post(app, '/Api/Test/Calc', { ApplicationKey: RESTRICTED_APP })).body,
      RESTRICTED,
    );
    const bad = await post(
      app,
      '/Api/Test/Calc',
      { ApplicationKey: RESTRICTED_APP },
      { authorization: 'Bearer nope' },
    );
    assert.deepEqual(bad.body, RESTRICTED);
    const ok = await post(
      app,
      '/Api/Test/Calc',
      { ApplicationKey: RESTRICTED_APP },
      { authorization: `Bearer ${VALID_TOKEN}` },
    );
    assert.equal(ok.body.Success, true);
    assert.equal(ok.body.ClientId, 'client-1');
  });

  test('an unrestricted application with a valid token still gets the principal', async () => {
    const res = await post(
      app,
      '/Api/Test/Calc',
      { ApplicationKey: OPEN_APP },
      { authorization: `Bearer ${VALID_TOKEN}` },
    );
    assert.equal(res.body.ClientId, 'client-1');
  });

  test('an unrestricted application with a stale token runs anonymously', async () => {
    const res = await post(
      app,
      '/Api/Test/Calc',
      { ApplicationKey: OPEN_APP },
      { authorization: 'Bearer expired' },
    );
    assert.equal(res.body.Success, true);
    assert.equal(res.body.ClientId, null);
  });

  test('an unknown application → The requested application is invalid.', async () => {
    const res = await post(app, '/Api/Test/Calc', { ApplicationKey: 'ffffffffffffffffffffffffffffffff' });
    assert.deepEqual(res.body, {
      Success: false,
      InvalidToken: false,
      Messages: ['The requested application is invalid.'],
    });
  });

  test('a missing ApplicationKey → the missing-property message, no lookup', async () => {
    deps.calls.length = 0;
    const res = await post(app, '/Api/Test/Calc', {});
    assert.deepEqual(res.body.Messages, ["The required property 'ApplicationKey' is missing."]);
    assert.deepEqual(deps.calls, []);
  });

  test('notices keep Success true', async () => {
    const res = await post(app, '/Api/Test/Calc', { ApplicationKey: OPEN_APP, Outputs: ['A1', 'Nope'] });
    assert.equal(res.body.Success, true);
    assert.deepEqual(res.body.Messages, ["The output 'Nope' does not name anything in the workbook."]);
  });
});

describe('auth: failing deps', () => {
  test('a throwing verifyToken is a 500, not a token message', async () => {
    const deps = fakeDeps();
    deps.verifyToken = async () => {
      throw new Error('store down');
    };
    const { app } = testServer({}, { deps });
    const res = await post(app, '/Api/Test/WhoAmI', {}, { authorization: `Bearer ${VALID_TOKEN}` });
    await app.close();
    assert.equal(res.status, 500);
    assert.deepEqual(res.body.Messages, ['An internal error occurred.']);
  });
});
