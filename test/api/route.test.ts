import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { t } from '../../src/api/binding.js';
import { successEnvelope } from '../../src/api/envelope.js';
import { defineMethod } from '../../src/api/route.js';
import { buildHttpServer } from '../../src/api/server.js';
import { loadConfig } from '../../src/config.js';
import { fakeDeps } from './helpers.js';

describe('defineMethod', () => {
  test('refuses tokenIfRestricted without an ApplicationKey, and relative paths', () => {
    assert.throws(
      () =>
        defineMethod({
          path: '/Api/X',
          auth: 'tokenIfRestricted',
          request: t.object({ Key: t.string() }),
          summary: 'x',
          handler: async () => ({}),
        }),
      /needs an ApplicationKey/,
    );
    assert.throws(
      () =>
        defineMethod({
          path: 'Api/X',
          auth: 'none',
          request: t.object({}),
          summary: 'x',
          handler: async () => ({}),
        }),
      /must start with '\/'/,
    );
  });

  test('returns a frozen definition', () => {
    const method = defineMethod({
      path: '/Api/X',
      auth: 'none',
      request: t.object({}),
      summary: 'x',
      handler: async () => ({}),
    });
    assert.ok(Object.isFrozen(method));
  });
});

describe('successEnvelope', () => {
  test('envelope first, then props; props cannot override the envelope', () => {
    const body = successEnvelope({ SessionId: 's', Success: false } as unknown as { SessionId: string }, [
      'note.',
    ]);
    assert.deepEqual(Object.keys(body), ['Success', 'InvalidToken', 'Messages', 'SessionId']);
    assert.deepEqual(body, { Success: true, InvalidToken: false, Messages: ['note.'], SessionId: 's' });
  });
});

describe('buildHttpServer with the default surfaces', () => {
  test('with no surfaces it still serves health, docs and the 404 envelope', async () => {
    const app = buildHttpServer(loadConfig({}, { logLevel: 'silent' }), fakeDeps(), { surfaces: [] });
    const health = await app.inject({ method: 'GET', url: '/HEALTHZ' });
    assert.deepEqual(health.json(), { status: 'ok' });
    const docs = await app.inject({ method: 'GET', url: '/openapi.json' });
    assert.deepEqual(Object.keys(docs.json().paths), ['/healthz']);
    const missing = await app.inject({ method: 'POST', url: '/Api/Applications/GetResult', payload: {} });
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().Success, false);
    await app.close();
  });
});
