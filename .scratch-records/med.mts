import { createSqliteStore } from '/work/main/src/store/sqlite.js';
import type { RecordQuery } from '/work/main/src/store/types.js';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const raw = new (require('better-sqlite3'))(process.argv[2]);
const app = raw.prepare('select application_id a, site_id s from records limit 1').get(); raw.close();
const store = await createSqliteStore({ file: process.argv[2]! });
const base: RecordQuery = { applicationId: app.a, page: 0, pageSize: 100, fields: ['LoanAmount', 'Customer', 'Region'] };
const qs: Record<string, Partial<RecordQuery>> = {
  plain: {},
  sortAmt: { sort: { column: { field: 'LoanAmount' }, descending: true } },
  filtRegion: { filters: [{ column: { field: 'Region' }, operator: 'equals', text: 'north' }] },
  filtSort: { filters: [{ column: { field: 'Region' }, operator: 'equals', text: 'north' }], sort: { column: { field: 'LoanAmount' }, descending: true } },
  sortUpdated: { sort: { column: { system: 'lastUpdateDate' }, descending: true } },
  sortUser: { sort: { column: { system: 'userName' } } },
};
for (const [k, q] of Object.entries(qs)) {
  const t: number[] = [];
  for (let i = 0; i < 25; i++) { const s = performance.now(); await store.queryRecords(app.s, { ...base, ...q }); t.push(performance.now() - s); }
  t.sort((a, b) => a - b); console.log(k.padEnd(12), t[12]!.toFixed(2));
}
await store.close();
