import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openRaw, openTempStore, type TempStore } from './helpers.js';

describe('store: users', () => {
  let t: TempStore;
  before(async () => {
    t = await openTempStore();
  });
  after(async () => {
    await t.cleanup();
  });

  it('creates a user with defaults and reads it back by name, ignoring case', async () => {
    const site = await t.store.createSite('Users 1');
    const user = await t.store.createUser({ siteId: site.id, userName: 'Ann.Smith' });
    assert.ok(user);
    assert.match(user.id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.deepEqual(
      { ...user, id: '' },
      {
        id: '',
        siteId: site.id,
        userName: 'Ann.Smith',
        firstName: '',
        lastName: '',
        emailAddress: '',
        roleId: null,
        groupIds: [],
        isActive: true,
        created: new Date(t.clock.ms),
        updated: new Date(t.clock.ms),
      },
    );
    assert.deepEqual(await t.store.getUserByName(site.id, 'ann.smith'), user);
    assert.deepEqual(await t.store.getUserByName(site.id, 'ANN.SMITH'), user);
    assert.equal(await t.store.getUserByName(site.id, 'Ann'), null);
  });

  it('keeps every field, and never returns the password hash', async () => {
    const site = await t.store.createSite('Users 2');
    const user = await t.store.createUser({
      siteId: site.id,
      userName: 'bob',
      firstName: 'Bob',
      lastName: 'Jones',
      emailAddress: 'bob@example.com',
      passwordHash: '$scrypt$hash-of-bob',
      roleId: 3,
      groupIds: [1, 5, 9],
      isActive: false,
    });
    assert.ok(user);
    assert.equal('passwordHash' in user, false);
    const read = await t.store.getUserByName(site.id, 'bob');
    assert.deepEqual(read, user);
    assert.deepEqual(
      [read?.firstName, read?.lastName, read?.emailAddress, read?.roleId, read?.groupIds, read?.isActive],
      ['Bob', 'Jones', 'bob@example.com', 3, [1, 5, 9], false],
    );
    await t.store.close();
    const raw = openRaw(t.file);
    try {
      const row = raw.prepare('select password_hash, user_name_key from users where id = ?').get(user.id);
      assert.deepEqual(row, { password_hash: '$scrypt$hash-of-bob', user_name_key: 'bob' });
    } finally {
      raw.close();
      await t.reopen();
    }
  });

  it('refuses a taken name in the same site, ignoring case, but not in another site', async () => {
    const a = await t.store.createSite('Users A');
    const b = await t.store.createSite('Users B');
    const first = await t.store.createUser({ siteId: a.id, userName: 'Carol' });
    assert.ok(first);
    assert.equal(await t.store.createUser({ siteId: a.id, userName: 'carol', firstName: 'x' }), null);
    assert.equal((await t.store.getUserByName(a.id, 'CAROL'))?.firstName, '', 'the first one is untouched');
    const other = await t.store.createUser({ siteId: b.id, userName: 'carol' });
    assert.ok(other);
    assert.notEqual(other.id, first.id);
    assert.equal((await t.store.getUserByName(b.id, 'Carol'))?.id, other.id);
  });

  it('concurrent creates of one name: exactly one wins', async () => {
    const site = await t.store.createSite('Users race');
    const results = await Promise.all(
      ['Dan', 'dan', 'DAN', 'dAn'].map((userName) => t.store.createUser({ siteId: site.id, userName })),
    );
    assert.equal(results.filter((r) => r !== null).length, 1);
  });

  it('updates only the given fields, by name ignoring case, within the site', async () => {
    const site = await t.store.createSite('Users 3');
    const other = await t.store.createSite('Users 3 other');
    const created = await t.store.createUser({
      siteId: site.id,
      userName: 'Eve',
      firstName: 'Eve',
      lastName: 'Old',
      roleId: 2,
      groupIds: [4],
    });
    assert.ok(created);
    assert.equal(await t.store.updateUser(other.id, 'Eve', { lastName: 'Nope' }), null);
    t.clock.advance(5000);
    const updated = await t.store.updateUser(site.id, 'eve', {
      lastName: 'New',
      roleId: null,
      groupIds: [],
      isActive: false,
    });
    assert.deepEqual(updated, {
      ...created,
      lastName: 'New',
      roleId: null,
      groupIds: [],
      isActive: false,
      updated: new Date(t.clock.ms),
    });
    assert.deepEqual(await t.store.getUserByName(site.id, 'EVE'), updated);
    assert.equal(await t.store.updateUser(site.id, 'nobody', { firstName: 'x' }), null);
  });

  it('deletes by name within the site only; the name is free again afterwards', async () => {
    const site = await t.store.createSite('Users 4');
    const other = await t.store.createSite('Users 4 other');
    assert.ok(await t.store.createUser({ siteId: site.id, userName: 'Finn' }));
    assert.equal(await t.store.deleteUser(other.id, 'Finn'), false);
    assert.equal(await t.store.deleteUser(site.id, 'FINN'), true);
    assert.equal(await t.store.deleteUser(site.id, 'Finn'), false);
    assert.equal(await t.store.getUserByName(site.id, 'Finn'), null);
    assert.ok(await t.store.createUser({ siteId: site.id, userName: 'finn' }));
  });

  it('users survive a reopen and go with their site', async () => {
    const site = await t.store.createSite('Users 5');
    const user = await t.store.createUser({ siteId: site.id, userName: 'Gus', groupIds: [7] });
    await t.reopen();
    assert.deepEqual(await t.store.getUserByName(site.id, 'gus'), user);
    await t.store.close();
    const raw = openRaw(t.file);
    try {
      raw.pragma('foreign_keys = ON');
      raw.prepare('delete from sites where id = ?').run(site.id);
      assert.deepEqual(raw.prepare('select count(*) as n from users where site_id = ?').get(site.id), {
        n: 0,
      });
    } finally {
      raw.close();
      await t.reopen();
    }
  });
});
