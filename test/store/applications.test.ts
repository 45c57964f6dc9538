import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { fakeXlsx, openTempStore, seedSite, type TempStore } from './helpers.js';

describe('store: applications and versions', () => {
  let t: TempStore;
  before(async () => {
    t = await openTempStore();
  });
  after(async () => {
    await t.cleanup();
  });

  it('creates an application with version 1 and keeps the bytes exactly', async () => {
    const { site } = await seedSite(t.store);
    const bytes = fakeXlsx('v1');
    const { application, version } = await t.store.createApplication(
      { siteId: site.id, name: 'Loan', accessType: 1, notes: 'n', sessionExpiryMinutes: 30, maxSessions: 5 },
      { fileName: 'loan.xlsx', bytes, warnings: ['Sheet Foo uses an unsupported function.'] },
    );
    assert.match(application.id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.match(application.key, /^[0-9a-f]{32}$/);
    assert.equal(application.accessType, 1);
    assert.equal(application.latestVersion, 1);
    assert.equal(application.sessionExpiryMinutes, 30);
    assert.equal(application.maxSessions, 5);
    assert.deepEqual(version, {
      applicationId: application.id,
      version: 1,
      fileName: 'loan.xlsx',
      sha256: createHash('sha256').update(bytes).digest('hex'),
      size: bytes.byteLength,
      created: new Date(t.clock.ms),
      warnings: ['Sheet Foo uses an unsupported function.'],
    });
    assert.deepEqual(await t.store.getVersion(application.id, 1), version);
    const stored = await t.store.getVersionBytes(application.id, 1);
    assert.ok(stored);
    assert.deepEqual(Buffer.from(stored), Buffer.from(bytes));
  });

  it('adds versions 2..n, keeps every earlier file, and applies metadata changes atomically', async () => {
    const { site } = await seedSite(t.store);
    const { application } = await t.store.createApplication(
      { siteId: site.id, name: 'Calc', accessType: 0 },
      { fileName: 'c1.xlsx', bytes: fakeXlsx('c1') },
    );
    t.clock.advance(60_000);
    const v2 = await t.store.addVersion(site.id, application.id, {
      fileName: 'c2.xlsx',
      bytes: fakeXlsx('c2'),
    });
    t.clock.advance(60_000);
    const v3 = await t.store.addVersion(
      site.id,
      application.id,
      { fileName: 'c3.xlsx', bytes: fakeXlsx('c3') },
      { name: 'Calc 3', accessType: 2, sessionExpiryMinutes: null },
    );
    assert.equal(v2?.version.version, 2);
    assert.equal(v3?.version.version, 3);
    assert.equal(v3?.application.name, 'Calc 3');
    assert.equal(v3?.application.accessType, 2);
    assert.equal(v3?.application.latestVersion, 3);
    assert.equal(v3?.application.updated.getTime(), t.clock.ms);
    assert.equal(v3?.application.created.getTime(), application.created.getTime());

    assert.equal((await t.store.latestVersion(application.id))?.fileName, 'c3.xlsx');
    for (const [n, tag] of [
      [1, 'c1'],
      [2, 'c2'],
      [3, 'c3'],
    ] as const) {
      const b = await t.store.getVersionBytes(application.id, n);
      assert.deepEqual(Buffer.from(b ?? []), Buffer.from(fakeXlsx(tag)), `version ${n} bytes`);
    }
    assert.equal(await t.store.getVersion(application.id, 4), null);
    assert.equal(await t.store.getVersionBytes(application.id, 4), null);
    assert.equal(await t.store.latestVersion('nope'), null);
  });

  it('allocates distinct version numbers to concurrent publishers', async () => {
    const { site } = await seedSite(t.store);
    const { application } = await t.store.createApplication(
      { siteId: site.id, name: 'Busy', accessType: 0 },
      { fileName: 'b.xlsx', bytes: fakeXlsx('b') },
    );
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        t.store.addVersion(site.id, application.id, { fileName: `b${i}.xlsx`, bytes: fakeXlsx(`b${i}`) }),
      ),
    );
    const numbers = results.map((r) => r?.version.version).sort((x, y) => (x ?? 0) - (y ?? 0));
    assert.deepEqual(numbers, [2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it('updates metadata only within the site', async () => {
    const { site } = await seedSite(t.store);
    const other = await t.store.createSite('Other');
    const { application } = await t.store.createApplication(
      { siteId: site.id, name: 'Meta', accessType: 0 },
      { fileName: 'm.xlsx', bytes: fakeXlsx('m') },
    );
    assert.equal(await t.store.updateApplication(other.id, application.id, { name: 'Hijack' }), null);
    const updated = await t.store.updateApplication(site.id, application.id, {
      notes: 'new notes',
      maxSessions: 2,
    });
    assert.equal(updated?.name, 'Meta');
    assert.equal(updated?.notes, 'new notes');
    assert.equal(updated?.maxSessions, 2);
    assert.equal(updated?.latestVersion, 1);
  });

  it('isolates sites: an application of site A is not found through site B', async () => {
    const a = await t.store.createSite('A');
    const b = await t.store.createSite('B');
    const { application } = await t.store.createApplication(
      { siteId: a.id, name: 'Private', accessType: 1 },
      { fileName: 'p.xlsx', bytes: fakeXlsx('p') },
    );
    assert.equal(await t.store.getApplicationById(b.id, application.id), null);
    assert.equal(await t.store.getApplicationByKey(application.key, b.id), null);
    assert.deepEqual(await t.store.listApplications(b.id), []);
    assert.equal(await t.store.deleteApplication(b.id, application.id), false);
    assert.equal(
      await t.store.addVersion(b.id, application.id, { fileName: 'x.xlsx', bytes: fakeXlsx('x') }),
      null,
    );
    // Still intact for its own site.
    assert.deepEqual(await t.store.getApplicationById(a.id, application.id), application);
    assert.deepEqual(await t.store.getApplicationByKey(application.key, a.id), application);
    // The key-only lookup (for Unrestricted applications) crosses sites by design.
    assert.deepEqual(await t.store.getApplicationByKey(application.key, null), application);
    assert.equal(await t.store.getApplicationByKey('0'.repeat(32), null), null);
  });

  it('lists a site’s applications by name', async () => {
    const site = await t.store.createSite('Lister');
    for (const name of ['Zeta', 'Alpha', 'Mid']) {
      await t.store.createApplication(
        { siteId: site.id, name, accessType: 0 },
        { fileName: `${name}.xlsx`, bytes: fakeXlsx(name) },
      );
    }
    const names = (await t.store.listApplications(site.id)).map((a) => a.name);
    assert.deepEqual(names, ['Alpha', 'Mid', 'Zeta']);
  });

  it('deletes an application with its versions, sessions and session logs', async () => {
    const { site, client } = await seedSite(t.store);
    const { application } = await t.store.createApplication(
      { siteId: site.id, name: 'Doomed', accessType: 0 },
      { fileName: 'd.xlsx', bytes: fakeXlsx('d') },
    );
    const session = await t.store.createSession({
      siteId: site.id,
      applicationId: application.id,
      version: 1,
      ownerClientId: client.id,
      idleTimeoutMs: 600_000,
    });
    assert.ok(session);
    await t.store.appendSessionInput(session.id, '[]');
    assert.equal(await t.store.deleteApplication(site.id, application.id), true);
    assert.equal(await t.store.deleteApplication(site.id, application.id), false);
    assert.equal(await t.store.getApplicationById(site.id, application.id), null);
    assert.equal(await t.store.getApplicationByKey(application.key, null), null);
    assert.equal(await t.store.getVersion(application.id, 1), null);
    assert.equal(await t.store.getVersionBytes(application.id, 1), null);
    assert.equal(await t.store.getSession(session.id), null);
    assert.deepEqual(await t.store.listSessionInputs(session.id), []);
  });
});
