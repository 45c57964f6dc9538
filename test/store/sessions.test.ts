import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Store } from '../../src/store/index.js';
import { fakeXlsx, openTempStore, seedSite, type TempStore } from './helpers.js';

const TEN_MIN = 600_000;

async function seedApp(store: Store) {
  const { site, client } = await seedSite(store);
  const { application } = await store.createApplication(
    { siteId: site.id, name: 'S', accessType: 1 },
    { fileName: 's.xlsx', bytes: fakeXlsx('s') },
  );
  await store.addVersion(site.id, application.id, { fileName: 's2.xlsx', bytes: fakeXlsx('s2') });
  return { site, client, application };
}

describe('store: dedicated sessions', () => {
  let t: TempStore;
  before(async () => {
    t = await openTempStore();
  });
  after(async () => {
    await t.cleanup();
  });

  it('creates a session pinned to a version and reads it back', async () => {
    const { site, client, application } = await seedApp(t.store);
    const s = await t.store.createSession({
      siteId: site.id,
      applicationId: application.id,
      version: 1,
      ownerClientId: client.id,
      idleTimeoutMs: TEN_MIN,
    });
    assert.ok(s);
    assert.match(s.id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.equal(s.version, 1);
    assert.equal(s.expiresAt.getTime(), t.clock.ms + TEN_MIN);
    assert.deepEqual(await t.store.getSession(s.id), s);
    assert.equal(await t.store.getSession('00000000-0000-0000-0000-000000000000'), null);
  });

  it('rejects a non-positive or fractional idle timeout', async () => {
    const { site, client, application } = await seedApp(t.store);
    for (const idleTimeoutMs of [0, -1, 1.5, Number.NaN]) {
      await assert.rejects(
        t.store.createSession({
          siteId: site.id,
          applicationId: application.id,
          version: 1,
          ownerClientId: client.id,
          idleTimeoutMs,
        }),
        RangeError,
      );
    }
  });

  it('refuses sessions across sites or on a missing version', async () => {
    const a = await seedApp(t.store);
    const b = await seedApp(t.store);
    const base = { applicationId: a.application.id, version: 1, idleTimeoutMs: TEN_MIN };
    // Site B's client on site A's application, either way round.
    assert.equal(
      await t.store.createSession({ ...base, siteId: a.site.id, ownerClientId: b.client.id }),
      null,
    );
    assert.equal(
      await t.store.createSession({ ...base, siteId: b.site.id, ownerClientId: b.client.id }),
      null,
    );
    assert.equal(
      await t.store.createSession({ ...base, siteId: a.site.id, ownerClientId: a.client.id, version: 9 }),
      null,
    );
    assert.ok(
      await t.store.createSession({ ...base, siteId: a.site.id, ownerClientId: a.client.id, version: 2 }),
    );
  });

  it('keeps the input log in order and persists it across close and reopen', async () => {
    const { site, client, application } = await seedApp(t.store);
    const s = await t.store.createSession({
      siteId: site.id,
      applicationId: application.id,
      version: 2,
      ownerClientId: client.id,
      idleTimeoutMs: TEN_MIN,
    });
    assert.ok(s);
    const payloads = [
      '[{"Ref":"A1","Value":[[{"Value":1}]]}]',
      '[{"Ref":"A1","Value":[[{"Value":2}]]}]',
      '[]',
    ];
    const seqs: (number | null)[] = [];
    for (const p of payloads) {
      seqs.push(await t.store.appendSessionInput(s.id, p));
      t.clock.advance(1000);
    }
    assert.deepEqual(seqs, [1, 2, 3]);

    const store = await t.reopen();
    const log = await store.listSessionInputs(s.id);
    assert.deepEqual(
      log.map((e) => [e.seq, e.inputsJson]),
      payloads.map((p, i) => [i + 1, p]),
    );
    assert.ok(log.every((e, i) => i === 0 || e.created > (log[i - 1]?.created ?? e.created)));
    assert.equal((await store.getSession(s.id))?.inputCount, 3);
    assert.equal(await store.appendSessionInput(s.id, '[4]'), 4, 'numbering continues after reopen');
  });

  it('gives concurrent appends to one session distinct, increasing sequence numbers', async () => {
    const { site, client, application } = await seedApp(t.store);
    const s = await t.store.createSession({
      siteId: site.id,
      applicationId: application.id,
      version: 1,
      ownerClientId: client.id,
      idleTimeoutMs: TEN_MIN,
    });
    assert.ok(s);
    const n = 50;
    const seqs = await Promise.all(
      Array.from({ length: n }, (_, i) => t.store.appendSessionInput(s.id, JSON.stringify({ call: i }))),
    );
    assert.deepEqual(
      [...seqs].sort((x, y) => (x ?? 0) - (y ?? 0)),
      Array.from({ length: n }, (_, i) => i + 1),
    );
    const log = await t.store.listSessionInputs(s.id);
    assert.deepEqual(
      log.map((e) => e.seq),
      Array.from({ length: n }, (_, i) => i + 1),
    );
    // Each call's payload sits at the sequence number that call was given.
    for (const [i, seq] of seqs.entries()) {
      assert.equal(log[(seq ?? 0) - 1]?.inputsJson, JSON.stringify({ call: i }));
    }
  });

  it('touches, closes (owner-checked) and refuses writes to closed sessions', async () => {
    const { site, client, application } = await seedApp(t.store);
    const other = await seedSite(t.store);
    const s = await t.store.createSession({
      siteId: site.id,
      applicationId: application.id,
      version: 1,
      ownerClientId: client.id,
      idleTimeoutMs: TEN_MIN,
    });
    assert.ok(s);
    const at = new Date(t.clock.ms + 5000);
    assert.equal(await t.store.touchSession(s.id, at), true);
    const touched = await t.store.getSession(s.id);
    assert.equal(touched?.lastUsed.getTime(), at.getTime());
    assert.equal(touched?.expiresAt.getTime(), at.getTime() + TEN_MIN);

    assert.equal(await t.store.closeSession(s.id, other.client.id), false, "another client can't close it");
    assert.equal((await t.store.getSession(s.id))?.closedAt, null);
    assert.equal(await t.store.closeSession(s.id, client.id), true);
    assert.equal(await t.store.closeSession(s.id, client.id), false, 'closing twice');
    assert.equal(await t.store.closeSession('00000000-0000-0000-0000-000000000000'), false);
    assert.equal((await t.store.getSession(s.id))?.closedAt?.getTime(), t.clock.ms);
    assert.equal(await t.store.touchSession(s.id, at), false);
    assert.equal(await t.store.appendSessionInput(s.id, '[]'), null);
    assert.equal(await t.store.appendSessionInput('00000000-0000-0000-0000-000000000000', '[]'), null);
  });

  it('counts open sessions by client and by application', async () => {
    const { site, client, application } = await seedApp(t.store);
    const second = await t.store.createClient({
      siteId: site.id,
      identifier: 'f'.repeat(31) + '0',
      secretHash: 'h',
      name: 'second',
    });
    const open = (owner: string) =>
      t.store.createSession({
        siteId: site.id,
        applicationId: application.id,
        version: 1,
        ownerClientId: owner,
        idleTimeoutMs: TEN_MIN,
      });
    const everywhere = await t.store.countAllOpenSessions();
    const s1 = await open(client.id);
    await open(client.id);
    await open(second.id);
    assert.equal(await t.store.countAllOpenSessions(), everywhere + 3);
    assert.equal(await t.store.countOpenSessions({ clientId: client.id }), 2);
    assert.equal(await t.store.countOpenSessions({ clientId: second.id }), 1);
    assert.equal(await t.store.countOpenSessions({ applicationId: application.id }), 3);
    assert.ok(s1);
    await t.store.closeSession(s1.id);
    assert.equal(await t.store.countOpenSessions({ clientId: client.id }), 1);
    assert.equal(await t.store.countOpenSessions({ applicationId: application.id }), 2);
    assert.equal(await t.store.countAllOpenSessions(), everywhere + 2);
    const ids = await t.store.listOpenSessionIds({ applicationId: application.id });
    assert.equal(ids.length, 2);
    assert.ok(!ids.includes(s1.id), 'closed sessions are not listed');
    assert.equal((await t.store.listOpenSessionIds({ clientId: second.id })).length, 1);
  });

  it('lists and closes expired sessions by their own idle timeout, then purges closed history', async () => {
    // Its own store: the sweep is global, so other tests' sessions would blur the counts.
    const own = await openTempStore();
    try {
      await expirySweep(own);
    } finally {
      await own.cleanup();
    }
  });
});

/** The expiry scenario, on a store that holds nothing else. */
async function expirySweep(t: TempStore): Promise<void> {
  const store = t.store;
  const { site, client, application } = await seedApp(store);
  const start = t.clock.ms;
  const open = (idleTimeoutMs: number) =>
    store.createSession({
      siteId: site.id,
      applicationId: application.id,
      version: 1,
      ownerClientId: client.id,
      idleTimeoutMs,
    });
  const short = await open(60_000);
  const long = await open(TEN_MIN);
  const touchedLate = await open(60_000);
  assert.ok(short && long && touchedLate);
  await store.touchSession(touchedLate.id, new Date(start + 50_000));
  const ids = (list: { id: string }[]) => list.map((s) => s.id);

  assert.deepEqual(ids(await store.listExpiredSessions(new Date(start + 59_999))), []);
  assert.deepEqual(ids(await store.listExpiredSessions(new Date(start + 60_000))), [short.id]);
  assert.deepEqual(ids(await store.listExpiredSessions(new Date(start + 110_000))), [
    short.id,
    touchedLate.id,
  ]);
  assert.equal((await store.listExpiredSessions(new Date(start + 110_000), 1)).length, 1);

  // A touch after listing saves the session: closeExpired re-checks in its own UPDATE.
  await store.touchSession(touchedLate.id, new Date(start + 100_000));
  t.clock.ms = start + 110_000;
  assert.deepEqual(await store.closeExpired(new Date(start + 110_000)), [short.id]);
  assert.equal((await store.getSession(short.id))?.closedAt?.getTime(), start + 110_000);
  assert.equal((await store.getSession(touchedLate.id))?.closedAt, null);
  assert.deepEqual(await store.listExpiredSessions(new Date(start + 110_000)), []);

  t.clock.ms = start + TEN_MIN;
  const later = await store.closeExpired(new Date(start + TEN_MIN));
  assert.deepEqual(later.sort(), [long.id, touchedLate.id].sort());
  assert.equal(await store.countOpenSessions({ applicationId: application.id }), 0);

  assert.equal(await store.deleteClosedSessions(new Date(start + 109_999)), 0);
  assert.equal(await store.deleteClosedSessions(new Date(start + 110_000)), 1);
  assert.notEqual(await store.getSession(long.id), null);
  assert.equal(await store.deleteClosedSessions(new Date(t.clock.ms)), 2);
  for (const s of [short, long, touchedLate]) assert.equal(await store.getSession(s.id), null);
}
