// fill a persistent db for plan work
import { createSqliteStore } from '/work/main/src/store/sqlite.js';
const n = Number(process.argv[3]);
const store = await createSqliteStore({ file: process.argv[2]! });
const site = await store.createSite('B');
const { application: app } = await store.createApplication({ siteId: site.id, name: 'L', accessType: 1 }, { fileName: 'a.xlsx', bytes: new Uint8Array([1]) });
const R = ['North', 'South', 'East', 'West', 'Central'];
let t = performance.now();
for (let i = 0; i < n; i++) {
  const amount = Math.round(Math.random() * 1e8) / 100;
  await store.insertRecord({ siteId: site.id, applicationId: app.id, userName: `user${i % 100}`, statusIndex: i % 4,
    fields: [
      { name: 'LoanAmount', value: String(amount), number: amount },
      { name: 'InterestRate', value: '0.05', number: 0.05 },
      { name: 'TermYears', value: '30', number: 30 },
      { name: 'MonthlyPayment', value: String(amount / 100), number: amount / 100 },
      { name: 'Customer', value: `Customer ${Math.floor(Math.random() * 50000)}`, number: null },
      { name: 'Region', value: R[i % 5]!, number: null },
      { name: 'Approved', value: 'TRUE', number: null },
      { name: 'Notes', value: i % 10 ? `Quote number ${i} for a loan` : '', number: null },
      { name: 'Score', value: String(i % 850), number: i % 850 },
      { name: 'Broker', value: `Broker ${i % 200}`, number: null },
    ],
    tables: [{ name: 'Schedule', rows: [1, 2, 3].map((s) => ({ sequenceId: s, items: { Column1: String(s) } })) }] });
  if (i % 10000 === 0) { console.log(i, ((performance.now() - t) / 1000).toFixed(1)); }
}
await store.close();
