import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { authenticateClient } from '../../src/auth/credentials.js';
import { generateClientIdentifier, generateClientSecret, hashSecret } from '../../src/auth/secrets.js';
import { LoginThrottle } from '../../src/auth/throttle.js';
import { openTempStore, type TempStore } from '../store/helpers.js';

describe('auth/credentials', () => {
  let t: TempStore;
  let siteId: string;
  before(async () => {
    t = await openTempStore();
    siteId = (await t.store.createSite('Creds')).id;
  });
  after(async () => {
    await t.cleanup();
  });

  async function newClient() {
    const identifier = generateClientIdentifier();
    const secret = generateClientSecret();
    const client = await t.store.createClient({
      siteId,
      identifier,
      secretHash: await hashSecret(secret),
      name: 'c',
    });
    return { identifier, secret, client };
  }

  it('accepts the right pair and returns the client without its hash', async () => {
    const { identifier, secret, client } = await newClient();
    const r = await authenticateClient(t.store, identifier, secret, new LoginThrottle());
    assert.deepEqual(r, { ok: true, client });
    // Identifiers are hex: upper case names the same client.
    const upper = await authenticateClient(t.store, identifier.toUpperCase(), secret, new LoginThrottle());
    assert.equal(upper.ok, true);
  });

  it('answers a wrong secret and an unknown identifier alike', async () => {
    const { identifier } = await newClient();
    const throttle = new LoginThrottle();
    assert.deepEqual(await authenticateClient(t.store, identifier, 'wrong', throttle), {
      ok: false,
      reason: 'invalid',
    });
    assert.deepEqual(await authenticateClient(t.store, generateClientIdentifier(), 'x', throttle), {
      ok: false,
      reason: 'invalid',
    });
    assert.deepEqual(await authenticateClient(t.store, 'not-hex', 'x', throttle), {
      ok: false,
      reason: 'invalid',
    });
  });

  it('spends scrypt time on unknown identifiers too (no enumeration by timing)', async () => {
    const { identifier } = await newClient();
    const time = async (id: string) => {
      const start = performance.now();
      await authenticateClient(t.store, id, 'wrong', new LoginThrottle());
      return performance.now() - start;
    };
    await time(generateClientIdentifier()); // builds the dummy hash once
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 3; i++) {
      known.push(await time(identifier));
      unknown.push(await time(generateClientIdentifier()));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1] ?? 0;
    // Both sides do one scrypt; a skipped scrypt would be ~100x faster.
    assert.ok(
      median(unknown) > median(known) / 3,
      `unknown ${median(unknown)} ms vs known ${median(known)} ms`,
    );
  });

  it('throttles and then locks repeated failures, even with the right secret', async () => {
    const { identifier, secret } = await newClient();
    const throttle = new LoginThrottle({ freeFailures: 2, lockAfterFailures: 3, baseDelayMs: 1000 });
    const now = 1_000_000;
    await authenticateClient(t.store, identifier, 'bad', throttle, now);
    await authenticateClient(t.store, identifier, 'bad', throttle, now);
    const delayed = await authenticateClient(t.store, identifier, secret, throttle, now);
    assert.deepEqual(delayed, { ok: false, reason: 'throttled', retryAfterMs: 1000 });
    await authenticateClient(t.store, identifier, 'bad', throttle, now + 1000);
    const locked = await authenticateClient(t.store, identifier, secret, throttle, now + 2000);
    assert.equal(locked.ok, false);
    assert.equal(!locked.ok && locked.reason, 'locked');
  });

  it('resets the throttle on success', async () => {
    const { identifier, secret } = await newClient();
    const throttle = new LoginThrottle({ freeFailures: 2 });
    await authenticateClient(t.store, identifier, 'bad', throttle, 0);
    assert.equal((await authenticateClient(t.store, identifier, secret, throttle, 0)).ok, true);
    await authenticateClient(t.store, identifier, 'bad', throttle, 0);
    assert.equal((await authenticateClient(t.store, identifier, secret, throttle, 0)).ok, true);
  });

  it('reports a disabled client only to a caller holding its secret', async () => {
    const { identifier, secret, client } = await newClient();
    await t.store.setClientDisabled(siteId, client.id, true);
    const throttle = new LoginThrottle();
    assert.deepEqual(await authenticateClient(t.store, identifier, secret, throttle), {
      ok: false,
      reason: 'disabled',
    });
    assert.deepEqual(await authenticateClient(t.store, identifier, 'bad', throttle), {
      ok: false,
      reason: 'invalid',
    });
  });
});
