import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { post, testServer, ZERO_GUID } from './helpers.js';

const JSON_TYPE = 'application/json; charset=utf-8';

function assertWireHeaders(headers: Record<string, unknown>): void {
  assert.equal(headers['cache-control'], 'no-cache, no-store');
  assert.equal(headers['content-type'], JSON_TYPE);
}

describe('server through inject', () => {
  const { app } = testServer({ bodyLimitBytes: 1024 });
  after(() => app.close());

  test('routes match case-insensitively and tolerate a trailing slash', async () => {
    for (const url of ['/Api/Test/Echo', '/api/test/echo', '/API/TEST/ECHO', '/api/Test/echo/']) {
      const res = await post(app, url, { Name: 'x' });
      assert.equal(res.status, 200, url);
      assert.equal(res.body.Success, true, url);
    }
  });

  test('success envelope: Success, InvalidToken, Messages first, then the method’s properties', async () => {
    const res = await post(app, '/Api/Test/Echo', { name: 'x', count: '12', ratio: '0.5', flag: 'true' });
    assertWireHeaders(res.headers);
    assert.deepEqual(Object.keys(res.body), ['Success', 'InvalidToken', 'Messages', 'Echo']);
    assert.deepEqual(res.body, {
      Success: true,
      InvalidToken: false,
      Messages: [],
      Echo: { Name: 'x', Count: 12, Ratio: 0.5, Flag: true, Inputs: [] },
    });
  });

  test('lenient values: number as string, string as number, empty string as null', async () => {
    const res = await post(app, '/Api/Test/Echo', {
      NAME: 42,
      Count: '',
      Ratio: '1e3',
      Inputs: [{ Ref: 7, Value: [[{ Value: '' }]] }],
    });
    // Count: '' bound to undefined, which JSON leaves out.
    assert.deepEqual(res.body.Echo, {
      Name: '42',
      Ratio: 1000,
      Flag: false,
      Inputs: [{ Ref: '7', Value: [[{}]] }],
    });
  });

  test('missing and mistyped properties answer 200 with the exact message and path', async () => {
    const missing = await post(app, '/Api/Test/Echo', { Inputs: [] });
    assert.equal(missing.status, 200);
    assert.deepEqual(missing.body, {
      Success: false,
      InvalidToken: false,
      Messages: ["The required property 'Name' is missing."],
    });
    const nested = await post(app, '/Api/Test/Echo', { Name: 'x', Inputs: [{ Value: [] }] });
    assert.deepEqual(nested.body.Messages, ["The required property 'Inputs[0].Ref' is missing."]);
    const wrong = await post(app, '/Api/Test/Echo', { Name: 'x', Count: 'twelve' });
    assert.deepEqual(wrong.body.Messages, ["The property 'Count' must be an integer."]);
  });

  test('malformed JSON → 200 with the envelope', async () => {
    const res = await post(app, '/Api/Test/Echo', '{"Name": "x",');
    assert.equal(res.status, 200);
    assertWireHeaders(res.headers);
    assert.deepEqual(res.body, {
      Success: false,
      InvalidToken: false,
      Messages: ['The request body is not valid JSON.'],
    });
  });

  test('an empty body is {}; a BOM is skipped; a non-object body is refused', async () => {
    const empty = await post(app, '/Api/Test/Echo', '');
    assert.deepEqual(empty.body.Messages, ["The required property 'Name' is missing."]);
    const noBody = await app.inject({ method: 'POST', url: '/Api/Test/OpenSession' });
    assert.equal(noBody.json().Success, true);
    const bom = await post(app, '/Api/Test/Echo', '\uFEFF{"Name":"x"}');
    assert.equal(bom.body.Success, true);
    const array = await post(app, '/Api/Test/Echo', '[1,2]');
    assert.deepEqual(array.body.Messages, ['The request body must be a JSON object.']);
  });

  test('JSON content types: charset, text/json and any casing are accepted', async () => {
    for (const type of [
      'application/json; charset=utf-8',
      'text/json',
      'Application/JSON',
      'application/json;charset=UTF-8',
    ]) {
      const res = await post(app, '/Api/Test/Echo', { Name: 'x' }, { 'content-type': type });
      assert.equal(res.body.Success, true, type);
    }
  });

  test('non-JSON content types → 415 with the envelope', async () => {
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/xml',
    ]) {
      const res = await app.inject({
        method: 'POST',
        url: '/Api/Test/Echo',
        headers: { 'content-type': type },
        payload: 'Name=x',
      });
      assert.equal(res.statusCode, 415, type);
      assertWireHeaders(res.headers);
      const body = res.json();
      assert.equal(body.Success, false);
      assert.match(body.Messages[0], /is not supported; send JSON with Content-Type: application\/json\.$/);
    }
    const none = await app.inject({
      method: 'POST',
      url: '/Api/Test/Echo',
      payload: '{"Name":"x"}',
      headers: { 'content-type': undefined },
    });
    assert.equal(none.statusCode, 415);
    assert.deepEqual(none.json().Messages, [
      'The request has no Content-Type header; send JSON with Content-Type: application/json.',
    ]);
  });

  test('form bodies are accepted only where a surface opts in (/connect/token)', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/connect/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'grant_type=client_credentials&client_id=abc',
    });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), {
      Success: true,
      InvalidToken: false,
      Messages: [],
      GrantType: 'client_credentials',
      ClientId: 'abc',
    });
    const json = await post(app, '/connect/token', { grant_type: 'client_credentials', client_id: 'abc' });
    assert.equal(json.body.Success, true);
  });

  test('a body over the limit → 413 with the envelope', async () => {
    const res = await post(app, '/Api/Test/Echo', { Name: 'x'.repeat(2000) });
    assert.equal(res.status, 413);
    assertWireHeaders(res.headers);
    assert.deepEqual(res.body, {
      Success: false,
      InvalidToken: false,
      Messages: ['The request body is larger than the limit of 1 KiB.'],
    });
  });

  test('a method may set a tighter body limit', async () => {
    const res = await post(app, '/Api/Test/Bug', { Padding: 'x'.repeat(200) });
    assert.equal(res.status, 413);
    assert.deepEqual(res.body.Messages, ['The request body is larger than the limit of 100 bytes.']);
  });

  test('unknown route → 404 with the envelope; wrong HTTP method on a known route → 405', async () => {
    const unknown = await post(app, '/Api/Applications/NoSuchMethod', {});
    assert.equal(unknown.status, 404);
    assertWireHeaders(unknown.headers);
    assert.deepEqual(unknown.body, {
      Success: false,
      InvalidToken: false,
      Messages: ["There is no API method at '/Api/Applications/NoSuchMethod'."],
    });
    const get = await app.inject({ method: 'GET', url: '/api/test/echo?x=1' });
    assert.equal(get.statusCode, 405);
    assert.equal(get.headers.allow, 'POST');
    assertWireHeaders(get.headers);
    assert.deepEqual(get.json().Messages, ["The HTTP method 'GET' is not supported here; use POST."]);
  });

  test('a thrown bug → 500 An internal error occurred. without leaking', async () => {
    const res = await post(app, '/Api/Test/Bug', {});
    assert.equal(res.status, 500);
    assertWireHeaders(res.headers);
    assert.deepEqual(res.body, {
      Success: false,
      InvalidToken: false,
      Messages: ['An internal error occurred.'],
    });
    assert.doesNotMatch(JSON.stringify(res), /hunter2|secret|srv/);
  });

  test('failure props ride on failed answers', async () => {
    const ok = await post(app, '/Api/Test/OpenSession', {});
    assert.equal(ok.body.SessionId, '25eae3ae-755e-4b3c-aa48-d7f096f6a2a7');
    const failed = await post(app, '/Api/Test/OpenSession', { Fail: true });
    assert.deepEqual(failed.body, {
      Success: false,
      InvalidToken: false,
      Messages: ['The requested application is invalid.'],
      SessionId: ZERO_GUID,
    });
  });

  test('GET /healthz', async () => {
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    assert.equal(res.statusCode, 200);
    assertWireHeaders(res.headers);
    assert.deepEqual(res.json(), { status: 'ok' });
  });

  test('GET /openapi.json lists every route with its summary, body and security', async () => {
    const res = await app.inject({ method: 'GET', url: '/openapi.json' });
    assert.equal(res.statusCode, 200);
    const doc = res.json();
    assert.equal(doc.openapi, '3.0.3');
    const paths = Object.keys(doc.paths).sort();
    assert.deepEqual(paths, [
      '/Api/Test/Bug',
      '/Api/Test/Calc',
      '/Api/Test/Echo',
      '/Api/Test/OpenSession',
      '/Api/Test/WhoAmI',
      '/connect/token',
      '/healthz',
    ]);
    const echo = doc.paths['/Api/Test/Echo'].post;
    assert.equal(echo.summary, 'Echoes the bound request.');
    assert.deepEqual(echo.requestBody.content['application/json'].schema.required, ['Name']);
    assert.deepEqual(echo.security, []);
    assert.deepEqual(doc.paths['/Api/Test/WhoAmI'].post.security, [{ bearer: [] }]);
    assert.deepEqual(doc.paths['/Api/Test/Calc'].post.security, [{}, { bearer: [] }]);
    assert.deepEqual(doc.components.securitySchemes.bearer, { type: 'http', scheme: 'bearer' });
  });

  test('bodies are not validated by fastify: the lenient binder decides', async () => {
    // "12" for an integer would fail ajv; here it binds.
    const res = await post(app, '/Api/Test/Echo', { Name: 'x', Count: '12' });
    assert.equal(res.body.Success, true);
  });
});

describe('server logging', () => {
  test('a 500 logs the real error', async () => {
    const lines: string[] = [];
    const { app } = testServer({ logLevel: 'error' }, { logStream: { write: (line) => lines.push(line) } });
    await post(app, '/Api/Test/Bug', {});
    await app.close();
    const logged = lines.map((l) => JSON.parse(l));
    const entry = logged.find((l) => l.msg === 'unhandled error; answered 500');
    assert.ok(entry, 'the error was logged');
    assert.match(entry.err.message, /hunter2/);
  });

  test('caller-caused outcomes are not logged as errors', async () => {
    const lines: string[] = [];
    const { app } = testServer({ logLevel: 'error' }, { logStream: { write: (line) => lines.push(line) } });
    await post(app, '/Api/Test/Echo', '{bad');
    await post(app, '/Api/Test/Echo', {});
    await app.close();
    assert.deepEqual(lines, []);
  });
});
