/**
 * Listing saved records at scale: inserts N records (10 primary fields and a 3-row secondary
 * table each) into a fresh SQLite store through the Store interface, then prints the median
 * time of GetApplicationData-style page reads (count + page + custom columns) with and without
 * filters and sorts, a deep page, one record read and a full streamed export.
 *
 *   npx tsx bench/records.ts [records=100000] [repeats=30]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteStore } from '../src/store/sqlite.js';
import type { RecordFieldValue, RecordQuery } from '../src/store/types.js';

const count = Number(process.argv[2] ?? 100_000);
const repeats = Number(process.argv[3] ?? 30);
const REGIONS = ['North', 'South', 'East', 'West', 'Central'];

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function timed(n: number, fn: () => Promise<unknown>): Promise<number> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return median(out);
}

// A deterministic pseudo-random sequence, so runs are comparable.
let seed = 42;
function rnd(): number {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
}

function fields(i: number): RecordFieldValue[] {
  const amount = Math.round(rnd() * 1_000_000 * 100) / 100;
  const rate = Math.round(rnd() * 1000) / 10000;
  const num = (name: string, n: number): RecordFieldValue => ({ name, value: String(n), number: n });
  const text = (name: string, value: string): RecordFieldValue => ({ name, value, number: null });
  return [
    num('LoanAmount', amount),
    num('InterestRate', rate),
    num('TermYears', 5 + Math.floor(rnd() * 26)),
    num('MonthlyPayment', Math.round((amount * rate) / 12)),
    text('Customer', `Customer ${Math.floor(rnd() * 50_000)}`),
    text('Region', REGIONS[i % REGIONS.length] as string),
    text('Approved', rnd() < 0.5 ? 'TRUE' : 'FALSE'),
    text('Notes', i % 10 === 0 ? '' : `Quote number ${i} for a standard loan`),
    num('Score', Math.floor(rnd() * 850)),
    text('Broker', `Broker ${Math.floor(rnd() * 200)}`),
  ];
}

const dir = mkdtempSync(join(tmpdir(), 'sheetport-bench-records-'));
const store = await createSqliteStore({ file: join(dir, 'sheetport.db') });
try {
  const site = await store.createSite('Bench');
  const { application: app } = await store.createApplication(
    { siteId: site.id, name: 'Loans', accessType: 1 },
    { fileName: 'loans.xlsx', bytes: new Uint8Array([0x50, 0x4b, 3, 4]) },
  );
  let t = performance.now();
  for (let i = 0; i < count; i++) {
    await store.insertRecord({
      siteId: site.id,
      applicationId: app.id,
      userName: `user${i % 100}`,
      statusIndex: i % 4,
      fields: fields(i),
      tables: [
        {
          name: 'Schedule',
          rows: [1, 2, 3].map((s) => ({ sequenceId: s, items: { Column1: String(s), Column2: String(i) } })),
        },
      ],
    });
  }
  const insertMs = performance.now() - t;
  console.log(
    `inserted ${count} records in ${(insertMs / 1000).toFixed(1)} s (${((insertMs * 1000) / count).toFixed(0)} µs per record)`,
  );

  const base: RecordQuery = {
    applicationId: app.id,
    page: 0,
    pageSize: 100,
    fields: ['LoanAmount', 'Customer', 'Region'],
  };
  const region = { column: { field: 'Region' }, operator: 'equals', text: 'north' } as const;
  const bigLoans = {
    column: { field: 'LoanAmount' },
    operator: 'greaterThan',
    text: '900000',
    number: 900000,
  } as const;
  const cases: [string, RecordQuery][] = [
    ['page 1, no filter, no sort', base],
    [
      'page 1, sort LoanAmount desc',
      { ...base, sort: { column: { field: 'LoanAmount' }, descending: true } },
    ],
    ['page 1, filter Region = north', { ...base, filters: [region] }],
    [
      'page 1, filter Region = north, sort LoanAmount desc',
      { ...base, filters: [region], sort: { column: { field: 'LoanAmount' }, descending: true } },
    ],
    [
      'page 1, filter LoanAmount > 900000, sort Customer',
      { ...base, filters: [bigLoans], sort: { column: { field: 'Customer' } } },
    ],
    [
      'page 1, filter Notes like "quote 12", sort LastUpdateDate desc',
      {
        ...base,
        filters: [{ column: { field: 'Notes' }, operator: 'like', text: 'number 12' }],
        sort: { column: { system: 'lastUpdateDate' }, descending: true },
      },
    ],
    [
      'page 500 (of 1000), sort LoanAmount',
      { ...base, page: 499, sort: { column: { field: 'LoanAmount' } } },
    ],
  ];
  for (const [label, q] of cases) {
    const { total } = await store.queryRecords(site.id, q);
    const ms = await timed(repeats, () => store.queryRecords(site.id, q));
    console.log(`${label}: median ${ms.toFixed(2)} ms (${total} matching)`);
  }
  const one = await timed(repeats * 10, () =>
    store.getRecord(site.id, app.id, 1 + Math.floor(rnd() * count)),
  );
  console.log(`getRecord (10 fields, 3 rows): median ${one.toFixed(3)} ms`);

  t = performance.now();
  let exported = 0;
  for await (const r of store.streamRecords(site.id, app.id)) exported += r.fields.length > 0 ? 1 : 0;
  console.log(`streamRecords: ${exported} records in ${((performance.now() - t) / 1000).toFixed(2)} s`);
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
