import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Kysely, type SqliteDatabase, SqliteDialect } from 'kysely';
import { createSqliteStore, type Database, migrate, migrations, sqliteTypes } from '../../src/store/index.js';
import { openRaw, openTempStore, seedSite, type TempStore } from './helpers.js';

describe('store migrations and SQLite setup', () => {
  let t: TempStore;
  before(async () => {
    t = await openTempStore();
  });
  after(async () => {
    await t.cleanup();
  });

  it('lists migrations as NNN_name in increasing order', () => {
    const names = migrations.map((m) => m.name);
    assert.deepEqual(names, [...names].sort());
    for (const n of names) assert.match(n, /^\d{3}_[a-z0-9_]+$/);
  });

  it('records every migration once and is idempotent on reopen, keeping data', async () => {
    const site = await t.store.createSite('Kept');
    await t.reopen();
    await t.reopen();
    assert.deepEqual(await t.store.getSite(site.id), site);
    await t.store.close();
    const raw = openRaw(t.file);
    try {
      const rows = raw.prepare('select name from migrations order by name').all() as { name: string }[];
      assert.deepEqual(
        rows.map((r) => r.name),
        migrations.map((m) => m.name),
      );
      // WAL is a property of the file and outlives the connection.
      assert.equal(raw.pragma('journal_mode', { simple: true }), 'wal');
    } finally {
      raw.close();
      t.store = await createSqliteStore({ file: t.file, now: t.clock.now });
    }
  });

  it('refuses a database migrated by a newer build', async () => {
    await t.store.close();
    const raw = openRaw(t.file);
    raw.prepare("insert into migrations (name, applied_at) values ('999_from_the_future', 0)").run();
    raw.close();
    await assert.rejects(createSqliteStore({ file: t.file }), /999_from_the_future/);
    const again = openRaw(t.file);
    again.prepare("delete from migrations where name = '999_from_the_future'").run();
    again.close();
    t.store = await createSqliteStore({ file: t.file, now: t.clock.now });
  });

  it('rolls back a failing migration completely', async () => {
    const raw = openRawForKysely(':memory:');
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }) });
    const broken = [
      ...migrations,
      {
        name: '900_broken',
        async up(k: Kysely<unknown>) {
          await k.schema.createTable('half_done').addColumn('x', 'integer').execute();
          throw new Error('boom');
        },
      },
    ];
    await assert.rejects(migrate(db, sqliteTypes, broken), /boom/);
    const tables = (
      raw.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[]
    )
      .map((r) => r.name)
      .sort();
    // Only the bookkeeping tables, created before the transaction, remain.
    assert.deepEqual(tables, ['migration_lock', 'migrations']);
    assert.deepEqual(
      await migrate(db, sqliteTypes),
      migrations.map((m) => m.name),
    );
    assert.deepEqual(await migrate(db, sqliteTypes), []);
    await db.destroy();
  });

  it('enforces foreign keys (cascades are part of the schema)', async () => {
    await assert.rejects(
      t.store.createClient({
        siteId: 'no-such-site',
        identifier: 'a'.repeat(32),
        secretHash: 'h',
        name: 'x',
      }),
      /FOREIGN KEY/,
    );
  });

  it('answers the expiry sweep and open-session counts from the partial indexes', async () => {
    await seedSite(t.store);
    await t.store.close();
    const raw = openRaw(t.file);
    try {
      // Placeholders as kysely emits them; explain needs them bound (to anything).
      const plan = (sql: string) => {
        const params = Array.from(sql.matchAll(/\?/g), () => 1);
        const rows = raw.prepare(`explain query plan ${sql}`).all(...params) as { detail: string }[];
        return rows.map((r) => r.detail).join('; ');
      };
      assert.match(
        plan(
          'select * from sessions where closed_at is null and expires_at <= ? order by expires_at limit ?',
        ),
        /USING INDEX sessions_open_expires/,
      );
      assert.match(
        plan('select count(*) from sessions where closed_at is null and owner_client_id = ?'),
        /sessions_open_owner/,
      );
      assert.match(
        plan('select count(*) from sessions where closed_at is null and application_id = ?'),
        /sessions_open_application/,
      );
      assert.match(plan('select * from tokens where token_hash = ?'), /USING INDEX/);
      assert.match(plan('select * from applications where key = ?'), /USING INDEX/);
      assert.match(plan('select * from api_clients where identifier = ?'), /USING INDEX/);
      assert.match(plan('delete from tokens where expires <= ?'), /tokens_expires|USING INDEX/);
    } finally {
      raw.close();
      t.store = await createSqliteStore({ file: t.file, now: t.clock.now });
    }
  });
});

/** A raw connection typed both ways: for kysely's driver and for direct inspection. */
function openRawForKysely(file: string) {
  return openRaw(file) as ReturnType<typeof openRaw> & SqliteDatabase;
}
