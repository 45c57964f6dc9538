/** The same contract over a real loopback socket, with fetch: what real clients see. */
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { OPEN_APP, RESTRICTED_APP, testServer, VALID_TOKEN } from './helpers.js';

async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  assert.ok(address !== null && typeof address === 'object');
  return `http://127.0.0.1:${address.port}`;
}

/** The envelope as parsed from a response. */
interface Body {
  Success: boolean;
  InvalidToken: boolean;
  Messages: string[];
  [property: string]: unknown;
}

async function json(res: Response): Promise<Body> {
  return (await res.json()) as Body;
}

function assertWireHeaders(res: Response): void {
  assert.equal(res.headers.get('cache-control'), 'no-cache, no-store');
  assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
}

describe('loopback HTTP', () => {
  const { app } = testServer({ bodyLimitBytes: 4096 });
  let base = '';
  before(async () => {
    base = await listen(app);
  });
  after(() => app.close());

  const postJson = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  test('the seed page’s CloseDedicatedSession failure shape, over the wire', async () => {
    const res = await postJson('/api/test/whoami', { SessionId: '25eae3ae-755e-4b3c-aa48-d7f096f6a2a7' });
    assert.equal(res.status, 200);
    assertWireHeaders(res);
    assert.deepEqual(await json(res), {
      Success: false,
      InvalidToken: true,
      Messages: ['The requested resource is restricted and your request did not provide a valid token.'],
    });
  });

  test('case-insensitive route and names, lenient values, bearer token', async () => {
    const res = await postJson(
      '/API/test/CALC',
      { applicationKEY: RESTRICTED_APP, outputs: [] },
      { Authorization: `Bearer ${VALID_TOKEN}` },
    );
    assertWireHeaders(res);
    assert.deepEqual(await json(res), {
      Success: true,
      InvalidToken: false,
      Messages: [],
      ApplicationKey: RESTRICTED_APP,
      ClientId: 'client-1',
    });
    const open = await postJson('/Api/Test/Calc', { ApplicationKey: OPEN_APP });
    assert.equal((await json(open)).Success, true);
  });

  test('missing property, malformed JSON → 200 envelopes', async () => {
    const missing = await postJson('/Api/Test/Echo', { Count: '3' });
    assert.equal(missing.status, 200);
    assert.deepEqual((await json(missing)).Messages, ["The required property 'Name' is missing."]);
    const malformed = await postJson('/Api/Test/Echo', '{"Name":');
    assert.equal(malformed.status, 200);
    assertWireHeaders(malformed);
    assert.deepEqual((await json(malformed)).Messages, ['The request body is not valid JSON.']);
  });

  test('415 for a non-JSON content type', async () => {
    const res = await fetch(`${base}/Api/Test/Echo`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'hi',
    });
    assert.equal(res.status, 415);
    assertWireHeaders(res);
    assert.equal((await json(res)).Success, false);
  });

  test('413 for a body over the limit, declared by Content-Length', async () => {
    const res = await postJson('/Api/Test/Echo', { Name: 'x'.repeat(5000) });
    assert.equal(res.status, 413);
    assertWireHeaders(res);
    assert.deepEqual((await json(res)).Messages, ['The request body is larger than the limit of 4 KiB.']);
  });

  test('413 for a chunked body that grows over the limit', async () => {
    // No Content-Length: the limit must trip while streaming.
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(
        `${base}/Api/Test/Echo`,
        { method: 'POST', headers: { 'content-type': 'application/json' } },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            text += chunk;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      req.write(`{"Name":"${'x'.repeat(3000)}`);
      req.end(`${'y'.repeat(3000)}"}`);
    });
    assert.equal(status, 413);
    assert.equal(JSON.parse(body).Messages[0], 'The request body is larger than the limit of 4 KiB.');
  });

  test('404 envelope for an unknown route, 500 without leaking', async () => {
    const unknown = await postJson('/Api/Nope', {});
    assert.equal(unknown.status, 404);
    assertWireHeaders(unknown);
    assert.equal((await json(unknown)).Success, false);
    const bug = await postJson('/Api/Test/Bug', {});
    assert.equal(bug.status, 500);
    assertWireHeaders(bug);
    const text = await bug.text();
    assert.equal(text, '{"Success":false,"InvalidToken":false,"Messages":["An internal error occurred."]}');
  });

  test('/healthz and /openapi.json', async () => {
    const health = await fetch(`${base}/healthz`);
    assert.deepEqual(await health.json(), { status: 'ok' });
    const doc = (await (await fetch(`${base}/openapi.json`)).json()) as { paths: Record<string, unknown> };
    assert.ok('/Api/Test/Echo' in doc.paths);
  });
});

describe('rate limit', () => {
  const { app } = testServer({ rateLimit: { enabled: true, max: 3, windowSeconds: 30 } });
  let base = '';
  before(async () => {
    base = await listen(app);
  });
  after(() => app.close());

  test('429 with Retry-After and the envelope; health checks are exempt', async () => {
    const call = () =>
      fetch(`${base}/Api/Test/Echo`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"Name":"x"}',
      });
    for (let i = 0; i < 3; i++) assert.equal((await call()).status, 200);
    const limited = await call();
    assert.equal(limited.status, 429);
    assertWireHeaders(limited);
    const retryAfter = Number(limited.headers.get('retry-after'));
    assert.ok(retryAfter >= 1 && retryAfter <= 30, `Retry-After ${retryAfter}`);
    assert.deepEqual(await json(limited), {
      Success: false,
      InvalidToken: false,
      Messages: [`Too many requests; try again in ${retryAfter} ${retryAfter === 1 ? 'second' : 'seconds'}.`],
    });
    // Unknown routes count too, and are refused the same way.
    const scan = await fetch(`${base}/Api/Scan`, { method: 'POST' });
    assert.equal(scan.status, 429);
    assert.equal((await fetch(`${base}/healthz`)).status, 200);
  });
});

describe('rate limit off', () => {
  test('no limit and no rate-limit headers when disabled', async () => {
    const { app } = testServer({ rateLimit: { enabled: false, max: 1 } });
    for (let i = 0; i < 5; i++) {
      const res = await app.inject({
        method: 'POST',
        url: '/Api/Test/Echo',
        headers: { 'content-type': 'application/json' },
        payload: '{"Name":"x"}',
      });
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['x-ratelimit-limit'], undefined);
    }
    await app.close();
  });
});
