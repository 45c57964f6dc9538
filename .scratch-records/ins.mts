import { createRequire } from 'node:module';
import { Kysely, SqliteDialect } from 'kysely';
import { migrate } from '/work/main/src/store/migrate.js';
import { sqliteTypes } from '/work/main/src/store/dialect.js';
import { createKyselyStore } from '/work/main/src/store/kysely/index.js';
const require = createRequire(import.meta.url);
const Database = require('better-sqlite3');
const raw = new Database('' + (process.env.DB ?? '/tmp/recbench/ins.db') + '');
raw.pragma('journal_mode = WAL'); raw.pragma('synchronous = NORMAL'); raw.pragma('foreign_keys = ON');
const dur = new Map<string, number[]>();
const db = new Kysely<any>({ dialect: new SqliteDialect({ database: raw }), log: (e) => { const k = e.query.sql.slice(0, 40); (dur.get(k) ?? dur.set(k, []).get(k)!).push(e.queryDurationMillis); } });
await migrate(db, sqliteTypes);
const store = createKyselyStore(db);
const site = await store.createSite('B');
const { application: app } = await store.createApplication({ siteId: site.id, name: 'L', accessType: 1 }, { fileName: 'a.xlsx', bytes: new Uint8Array([1]) });
const t = performance.now();
for (let i = 0; i < 500; i++) {
  await store.insertRecord({ siteId: site.id, applicationId: app.id, userName: 'u', fields: Array.from({ length: 10 }, (_, j) => ({ name: 'F' + j, value: String(i * j), number: i * j })), tables: [] });
}
console.log('per insert', ((performance.now() - t) / 500).toFixed(3));
for (const [k, v] of dur) console.log(k.padEnd(42), v.length, (v.reduce((a, b) => a + b, 0) / v.length).toFixed(3));
