import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { hashToken } from '../../src/auth/secrets.js';
import { withReadCache } from '../../src/store/readCache.js';
import type { Store } from '../../src/store/store.js';
import { fakeXlsx, openTempStore, seedSite, type TempStore } from './helpers.js';

/** Counts the calls that reach the real store. */
function counting(store: Store) {
  const calls = { tokens: 0, apps: 0 };
  const counted: Store = {
    ...store,
    findTokenByHash: (hash) => {
      calls.tokens++;
      return store.findTokenByHash(hash);
    },
    getApplicationByKey: (key, siteId) => {
      calls.apps++;
      return store.getApplicationByKey(key, siteId);
    },
  };
  return { counted, calls };
}

describe('store: read cache for tokens and application keys', () => {
  let t: TempStore;
  before(async () => {
    t = await openTempStore();
  });
  after(async () => {
    await t.cleanup();
  });

  it('reuses answers within the TTL and reads again after it', async () => {
    const { site, client } = await seedSite(t.store);
    const hash = hashToken('a-token');
    await t.store.insertToken({
      clientId: client.id,
      siteId: site.id,
      tokenHash: hash,
      issued: new Date(),
      expires: new Date(Date.now() + 60_000),
    });
    const { counted, calls } = counting(t.store);
    let now = 1000;
    const store = withReadCache(counted, { ttlMs: 500, now: () => now });
    const first = await store.findTokenByHash(hash);
    assert.equal((await store.findTokenByHash(hash))?.client.id, client.id);
    assert.deepEqual(await store.findTokenByHash(hash), first);
    assert.equal(calls.tokens, 1);
    now += 500;
    await store.findTokenByHash(hash);
    assert.equal(calls.tokens, 2, 'expired entries are read again');
  });

  it('a revocation or a disabled client through it takes effect at once', async () => {
    const { site, client } = await seedSite(t.store);
    const hash = hashToken('revoked-token');
    await t.store.insertToken({
      clientId: client.id,
      siteId: site.id,
      tokenHash: hash,
      issued: new Date(),
      expires: new Date(Date.now() + 60_000),
    });
    const store = withReadCache(t.store, { ttlMs: 60_000 });
    assert.equal((await store.findTokenByHash(hash))?.token.revoked, false);
    await store.setClientDisabled(site.id, client.id, true);
    assert.equal((await store.findTokenByHash(hash))?.client.disabled, true);
    await store.revokeToken(hash);
    assert.equal((await store.findTokenByHash(hash))?.token.revoked, true);
  });

  it('publishing, changing and deleting applications through it take effect at once', async () => {
    const { site } = await seedSite(t.store);
    const { counted, calls } = counting(t.store);
    const store = withReadCache(counted, { ttlMs: 60_000 });
    const { application } = await store.createApplication(
      { siteId: site.id, name: 'A', accessType: 0 },
      { fileName: 'a.xlsx', bytes: fakeXlsx('1') },
    );
    assert.equal((await store.getApplicationByKey(application.key, null))?.latestVersion, 1);
    await store.getApplicationByKey(application.key, null);
    assert.equal(calls.apps, 1);
    await store.addVersion(site.id, application.id, { fileName: 'a.xlsx', bytes: fakeXlsx('2') });
    assert.equal((await store.getApplicationByKey(application.key, null))?.latestVersion, 2);
    await store.updateApplication(site.id, application.id, { accessType: 1 });
    assert.equal((await store.getApplicationByKey(application.key, null))?.accessType, 1);
    await store.deleteApplication(site.id, application.id);
    assert.equal(await store.getApplicationByKey(application.key, null), null);
    assert.equal(
      await store.getApplicationByKey(application.key, site.id),
      null,
      'site-scoped lookups are separate entries',
    );
  });
});
