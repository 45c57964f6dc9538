import { createRequire } from 'node:module';
import { Kysely, SqliteDialect } from 'kysely';
import { migrate } from '/work/main/src/store/migrate.js';
import { sqliteTypes } from '/work/main/src/store/dialect.js';
import { queryRecords } from '/work/main/src/store/kysely/recordQuery.js';
import type { RecordQuery } from '/work/main/src/store/types.js';
const require = createRequire(import.meta.url);
const Database = require('better-sqlite3');
const file = process.argv[2]!;
const raw = new Database(file);
raw.pragma('journal_mode = WAL');
const logs: { sql: string; params: readonly unknown[] }[] = [];
const db = new Kysely<any>({ dialect: new SqliteDialect({ database: raw }), log: (e) => { if (e.level === 'query') logs.push({ sql: e.query.sql, params: e.query.parameters }); } });
await migrate(db, sqliteTypes);
const app = raw.prepare('select application_id a, site_id s from records limit 1').get();
const base: RecordQuery = { applicationId: app.a, page: 0, pageSize: 100, fields: ['LoanAmount', 'Customer', 'Region'] };
const q: RecordQuery = JSON.parse(process.argv[3] ?? '{}');
logs.length = 0;
const t = performance.now();
const res = await queryRecords(db, app.s, { ...base, ...q });
console.log('ms', (performance.now() - t).toFixed(2), 'total', res.total, 'rows', res.rows.length);
for (const l of logs) {
  console.log(l.sql);
  for (const p of raw.prepare('explain query plan ' + l.sql).all(...l.params.map((p: any) => typeof p === 'boolean' ? Number(p) : p))) console.log('   ', (p as any).detail);
  const t2 = performance.now(); raw.prepare(l.sql).all(...l.params); console.log('   time', (performance.now() - t2).toFixed(2));
}
