import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openTempStore, randomHex32, seedSite, type TempStore } from './helpers.js';

describe('store: sites, API clients, tokens', () => {
  let t: TempStore;
  before(async () => {
    t = await openTempStore();
  });
  after(async () => {
    await t.cleanup();
  });

  it('creates and reads sites', async () => {
    const site = await t.store.createSite('Acme');
    assert.match(site.id, /^[0-9a-f-]{36}$/);
    assert.equal(site.name, 'Acme');
    assert.equal(site.created.getTime(), t.clock.ms);
    assert.deepEqual(await t.store.getSite(site.id), site);
    assert.equal(await t.store.getSite('00000000-0000-0000-0000-000000000000'), null);
    assert.deepEqual((await t.store.listSites()).at(-1), site, 'listed, oldest first');
  });

  it('creates clients and finds them by identifier (with hash) and by site-scoped id (without)', async () => {
    const a = await t.store.createSite('A');
    const b = await t.store.createSite('B');
    const identifier = randomHex32();
    const client = await t.store.createClient({
      siteId: a.id,
      identifier,
      secretHash: '$scrypt$stored',
      name: 'robot',
      allowImpersonation: true,
    });
    assert.equal(client.allowImpersonation, true);
    assert.equal(client.disabled, false);
    assert.equal('secretHash' in client, false);

    const byIdentifier = await t.store.getClientByIdentifier(identifier);
    assert.deepEqual(byIdentifier, { ...client, secretHash: '$scrypt$stored' });
    assert.equal(await t.store.getClientByIdentifier(randomHex32()), null);

    assert.deepEqual(await t.store.getClient(a.id, client.id), client);
    assert.equal(await t.store.getClient(b.id, client.id), null, 'not reachable through another site');
  });

  it('rejects a duplicate client identifier', async () => {
    const { site, client } = await seedSite(t.store);
    await assert.rejects(
      t.store.createClient({ siteId: site.id, identifier: client.identifier, secretHash: 'h', name: 'dup' }),
      /UNIQUE/,
    );
  });

  it('disables and re-enables a client only within its site', async () => {
    const { site, client } = await seedSite(t.store);
    const other = await t.store.createSite('Other');
    assert.equal(await t.store.setClientDisabled(other.id, client.id, true), false);
    assert.equal((await t.store.getClient(site.id, client.id))?.disabled, false);
    assert.equal(await t.store.setClientDisabled(site.id, client.id, true), true);
    assert.equal((await t.store.getClient(site.id, client.id))?.disabled, true);
    assert.equal(await t.store.setClientDisabled(site.id, client.id, false), true);
    assert.equal((await t.store.getClient(site.id, client.id))?.disabled, false);
  });

  it('inserts tokens, finds them by hash with their client, revokes and purges them', async () => {
    const { site, client } = await seedSite(t.store);
    const issued = new Date(t.clock.ms);
    const expires = new Date(t.clock.ms + 3_600_000);
    const hash = 'ab'.repeat(32);
    const token = await t.store.insertToken({
      clientId: client.id,
      siteId: site.id,
      tokenHash: hash,
      issued,
      expires,
    });
    assert.equal(token.revoked, false);

    const found = await t.store.findTokenByHash(hash);
    assert.deepEqual(found, { token, client });
    assert.equal(await t.store.findTokenByHash('cd'.repeat(32)), null);

    assert.equal(await t.store.revokeToken(hash), true);
    assert.equal(await t.store.revokeToken(hash), false, 'already revoked');
    assert.equal((await t.store.findTokenByHash(hash))?.token.revoked, true);

    const laterHash = 'ef'.repeat(32);
    await t.store.insertToken({
      clientId: client.id,
      siteId: site.id,
      tokenHash: laterHash,
      issued,
      expires: new Date(expires.getTime() + 1),
    });
    assert.equal(await t.store.deleteExpiredTokens(new Date(expires.getTime() - 1)), 0);
    assert.equal(await t.store.deleteExpiredTokens(expires), 1, 'expiry at the cutoff counts as expired');
    assert.equal(await t.store.findTokenByHash(hash), null);
    assert.notEqual(await t.store.findTokenByHash(laterHash), null);
  });

  it('reports a disabled client through the token lookup', async () => {
    const { site, client } = await seedSite(t.store);
    const hash = '12'.repeat(32);
    await t.store.insertToken({
      clientId: client.id,
      siteId: site.id,
      tokenHash: hash,
      issued: new Date(t.clock.ms),
      expires: new Date(t.clock.ms + 1000),
    });
    await t.store.setClientDisabled(site.id, client.id, true);
    assert.equal((await t.store.findTokenByHash(hash))?.client.disabled, true);
  });
});
