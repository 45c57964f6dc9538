import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { hashToken } from '../../src/auth/secrets.js';
import { issueToken, revokeToken, verifyToken } from '../../src/auth/tokens.js';
import { openTempStore, randomHex32, seedSite, type TempStore } from '../store/helpers.js';

describe('auth/tokens', () => {
  let t: TempStore;
  before(async () => {
    t = await openTempStore();
  });
  after(async () => {
    await t.cleanup();
  });

  it('issues a 1-hour token stored only by hash, and verifies it to the principal', async () => {
    const { site } = await seedSite(t.store);
    const client = await t.store.createClient({
      siteId: site.id,
      identifier: randomHex32(),
      secretHash: 'h',
      name: 'impersonator',
      allowImpersonation: true,
    });
    const now = new Date('2025-03-01T10:00:00.000Z');
    const issued = await issueToken(t.store, client, undefined, now);
    assert.match(issued.accessToken, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(issued.issued.toISOString(), '2025-03-01T10:00:00.000Z');
    assert.equal(issued.expires.toISOString(), '2025-03-01T11:00:00.000Z');
    const row = await t.store.findTokenByHash(hashToken(issued.accessToken));
    assert.equal(row?.token.tokenHash, hashToken(issued.accessToken));

    assert.deepEqual(await verifyToken(t.store, issued.accessToken, now), {
      clientId: client.id,
      siteId: site.id,
      allowImpersonation: true,
    });
  });

  it('rejects unknown, malformed and expired tokens', async () => {
    const { client } = await seedSite(t.store);
    const now = new Date('2025-03-01T10:00:00.000Z');
    const { accessToken, expires } = await issueToken(t.store, client, 60, now);
    assert.equal(await verifyToken(t.store, 'A'.repeat(43), now), null);
    assert.equal(await verifyToken(t.store, '', now), null);
    assert.equal(await verifyToken(t.store, `${accessToken} `, now), null);
    assert.notEqual(await verifyToken(t.store, accessToken, new Date(expires.getTime() - 1)), null);
    assert.equal(await verifyToken(t.store, accessToken, expires), null, 'expired at its expiry instant');
  });

  it('rejects a revoked token immediately', async () => {
    const { client } = await seedSite(t.store);
    const now = new Date();
    const { accessToken } = await issueToken(t.store, client, 3600, now);
    assert.notEqual(await verifyToken(t.store, accessToken, now), null);
    assert.equal(await revokeToken(t.store, accessToken), true);
    assert.equal(await verifyToken(t.store, accessToken, now), null);
    assert.equal(await revokeToken(t.store, accessToken), false);
    assert.equal(await revokeToken(t.store, 'bad token'), false);
  });

  it('rejects tokens of a disabled client, and accepts them again once re-enabled', async () => {
    const { site, client } = await seedSite(t.store);
    const now = new Date();
    const { accessToken } = await issueToken(t.store, client, 3600, now);
    await t.store.setClientDisabled(site.id, client.id, true);
    assert.equal(await verifyToken(t.store, accessToken, now), null);
    await t.store.setClientDisabled(site.id, client.id, false);
    assert.notEqual(await verifyToken(t.store, accessToken, now), null);
  });

  it('refuses a non-positive lifetime', async () => {
    const { client } = await seedSite(t.store);
    await assert.rejects(issueToken(t.store, client, 0), /positive/);
  });
});
