/**
 * Records in the real SQLite store: round trips with primary fields and secondary tables,
 * optimistic concurrency, site and application scoping, every filter operator and sort, paging
 * edges, the two page plans (index walk and sort) agreeing, and the streamed export read.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Store } from '../../src/store/store.js';
import type {
  Application,
  RecordColumn,
  RecordFieldValue,
  RecordFilter,
  RecordListItem,
  RecordQuery,
  SavedRecord,
} from '../../src/store/types.js';
import { fakeXlsx, openTempStore, seedSite, type TempStore } from './helpers.js';

const num = (name: string, n: number): RecordFieldValue => ({ name, value: String(n), number: n });
const text = (name: string, value: string): RecordFieldValue => ({ name, value, number: null });

async function newApp(store: Store, siteId: string, name = 'Loans'): Promise<Application> {
  const { application } = await store.createApplication(
    { siteId, name, accessType: 1 },
    { fileName: 'a.xlsx', bytes: fakeXlsx(name) },
  );
  return application;
}

describe('records store: saving and reading', () => {
  let t: TempStore;
  let siteId: string;
  let otherSite: string;
  let app: Application;
  let otherApp: Application;

  before(async () => {
    t = await openTempStore();
    siteId = (await seedSite(t.store, 'A')).site.id;
    otherSite = (await seedSite(t.store, 'B')).site.id;
    app = await newApp(t.store, siteId);
    otherApp = await newApp(t.store, siteId, 'Other');
  });
  after(async () => {
    await t.cleanup();
  });

  const content = {
    fields: [
      num('LoanAmount', 250000),
      text('Customer', 'Ann "A" Lee'),
      text('Notes', ''),
      num('Rate', 1e-7),
    ],
    tables: [
      {
        name: 'Schedule',
        rows: [
          { sequenceId: 1, items: { Column1: '1', Column2: '1342.05' } },
          { sequenceId: 2, items: { Column1: '2', Column2: '' } },
        ],
      },
      { name: 'Tags', rows: [{ sequenceId: 1, items: { Column1: 'gold' } }] },
    ],
  };

  it('inserts and reads back a record with primary fields and secondary tables', async () => {
    const saved = await t.store.insertRecord({
      siteId,
      applicationId: app.id,
      userName: 'Ann',
      statusIndex: 2,
      groupId: 7,
      assignedUserName: 'Bob',
      ...content,
    });
    assert.ok(Number.isInteger(saved.id) && saved.id > 0);
    assert.equal(saved.editCount, 0);
    const read = await t.store.getRecord(siteId, app.id, saved.id);
    assert.ok(read);
    assert.deepEqual(read, saved);
    assert.deepEqual(read.fields, content.fields);
    assert.deepEqual(read.tables, content.tables);
    assert.equal(read.userName, 'Ann');
    assert.equal(read.statusIndex, 2);
    assert.equal(read.groupId, 7);
    assert.equal(read.assignedUserName, 'Bob');
    assert.deepEqual(read.entryDate, t.clock.now());
    const { fields: _fields, tables: _tables, ...header } = saved;
    assert.deepEqual(await t.store.getRecordHeader(siteId, app.id, saved.id), header);
  });

  it('finds nothing through another site or another application', async () => {
    const saved = await t.store.insertRecord({ siteId, applicationId: app.id, ...content });
    assert.equal(await t.store.getRecord(otherSite, app.id, saved.id), null);
    assert.equal(await t.store.getRecord(siteId, otherApp.id, saved.id), null);
    assert.equal(await t.store.getRecordHeader(otherSite, app.id, saved.id), null);
    assert.equal(await t.store.updateRecord(otherSite, app.id, saved.id, 0, content), 'notFound');
    assert.equal(await t.store.deleteRecord(otherSite, app.id, saved.id), false);
    assert.equal(await t.store.deleteRecord(siteId, otherApp.id, saved.id), false);
    assert.deepEqual(await t.store.listRecordFieldNames(otherSite, app.id), []);
    const page = await t.store.queryRecords(otherSite, { applicationId: app.id, page: 0, pageSize: 10 });
    assert.deepEqual(page, { rows: [], total: 0 });
    const streamed: SavedRecord[] = [];
    for await (const r of t.store.streamRecords(otherSite, app.id)) streamed.push(r);
    assert.deepEqual(streamed, []);
    assert.ok(await t.store.getRecord(siteId, app.id, saved.id));
  });

  it('updates values and given system fields when the edit count matches, and refuses a stale one', async () => {
    const saved = await t.store.insertRecord({ siteId, applicationId: app.id, statusIndex: 1, ...content });
    t.clock.advance(60_000);
    const changes = { fields: [num('LoanAmount', 1), text('Extra', 'x')], tables: [], statusIndex: 3 };
    const updated = await t.store.updateRecord(siteId, app.id, saved.id, 0, changes);
    assert.ok(typeof updated === 'object');
    assert.equal(updated.editCount, 1);
    assert.equal(updated.statusIndex, 3);
    assert.equal(updated.groupId, null);
    assert.deepEqual(updated.entryDate, saved.entryDate);
    assert.equal(updated.lastUpdateDate.getTime() - saved.entryDate.getTime(), 60_000);
    const read = await t.store.getRecord(siteId, app.id, saved.id);
    assert.deepEqual(read?.fields, changes.fields);
    assert.deepEqual(read?.tables, []);
    // The save that read edit count 0 lost: it must not overwrite the one that won.
    assert.equal(await t.store.updateRecord(siteId, app.id, saved.id, 0, content), 'conflict');
    assert.deepEqual((await t.store.getRecord(siteId, app.id, saved.id))?.fields, changes.fields);
    assert.equal(await t.store.updateRecord(siteId, app.id, 999_999, 0, content), 'notFound');
  });

  it('of two concurrent updates with the same edit count exactly one wins', async () => {
    const saved = await t.store.insertRecord({ siteId, applicationId: app.id, ...content });
    const a = { fields: [text('Customer', 'first')], tables: [] };
    const b = { fields: [text('Customer', 'second')], tables: [] };
    const results = await Promise.all([
      t.store.updateRecord(siteId, app.id, saved.id, 0, a),
      t.store.updateRecord(siteId, app.id, saved.id, 0, b),
    ]);
    const won = results.filter((r) => typeof r === 'object');
    assert.equal(won.length, 1);
    assert.equal(results.filter((r) => r === 'conflict').length, 1);
    const read = await t.store.getRecord(siteId, app.id, saved.id);
    assert.equal(read?.editCount, 1);
    assert.deepEqual(read?.fields, (won[0] as SavedRecord).fields);
  });

  it('deletes a record with its values; deleting the application deletes its records', async () => {
    const saved = await t.store.insertRecord({ siteId, applicationId: app.id, ...content });
    assert.equal(await t.store.deleteRecord(siteId, app.id, saved.id), true);
    assert.equal(await t.store.getRecord(siteId, app.id, saved.id), null);
    assert.equal(await t.store.deleteRecord(siteId, app.id, saved.id), false);
    const doomed = await newApp(t.store, siteId, 'Doomed');
    const r = await t.store.insertRecord({ siteId, applicationId: doomed.id, ...content });
    assert.equal(await t.store.deleteApplication(siteId, doomed.id), true);
    assert.equal(await t.store.getRecord(siteId, doomed.id, r.id), null);
  });

  it('lists field names in workbook order and streams every record in id order, in batches', async () => {
    const fresh = await newApp(t.store, siteId, 'Stream');
    const ids: number[] = [];
    for (let i = 0; i < 7; i++) {
      const fields = [num('B', i), text('A', `a${i}`), ...(i === 6 ? [text('Late', 'new')] : [])];
      ids.push(
        (await t.store.insertRecord({ siteId, applicationId: fresh.id, fields, tables: content.tables })).id,
      );
    }
    assert.deepEqual(await t.store.listRecordFieldNames(siteId, fresh.id), ['B', 'A', 'Late']);
    const seen: SavedRecord[] = [];
    for await (const r of t.store.streamRecords(siteId, fresh.id, { batchSize: 3 })) seen.push(r);
    assert.deepEqual(
      seen.map((r) => r.id),
      ids,
    );
    assert.deepEqual(seen[2]?.fields, [num('B', 2), text('A', 'a2')]);
    assert.deepEqual(seen[0]?.tables, []);
    const withTables: SavedRecord[] = [];
    for await (const r of t.store.streamRecords(siteId, fresh.id, { batchSize: 2, tables: true }))
      withTables.push(r);
    assert.deepEqual(withTables[6]?.tables, content.tables);
  });
});

/** A dataset for listings: numbers, texts, blanks, a missing field and LIKE wildcards. */
const ROWS: readonly (readonly RecordFieldValue[])[] = [
  [num('Amount', 100), text('Name', 'alpha'), text('Code', 'A_1')],
  [num('Amount', -5.5), text('Name', 'Beta'), text('Code', 'B%2')],
  [text('Amount', ''), text('Name', 'gamma'), text('Code', 'AB1')],
  [num('Amount', 100), text('Name', ''), text('Code', 'a_1')],
  [text('Amount', 'n/a'), text('Name', 'delta'), text('Code', 'x')],
  [num('Amount', 1e6), text('Name', 'Alpha'), text('Code', '')],
  [text('Name', 'epsilon')], // saved before the workbook had Amount and Code
  [num('Amount', 0), text('Name', 'zeta'), text('Code', 'ZZ')],
];

describe('records store: listing', () => {
  let t: TempStore;
  let siteId: string;
  let app: Application;
  let complete: Application;
  let ids: number[];

  before(async () => {
    t = await openTempStore();
    siteId = (await seedSite(t.store)).site.id;
    app = await newApp(t.store, siteId);
    complete = await newApp(t.store, siteId, 'Complete');
    ids = [];
    for (const [i, fields] of ROWS.entries()) {
      t.clock.advance(1000);
      const r = await t.store.insertRecord({
        siteId,
        applicationId: app.id,
        userName: i % 2 ? 'Ann' : i === 4 ? null : 'bob',
        statusIndex: i % 3,
        groupId: i < 4 ? i : null,
        assignedUserName: i === 0 ? 'Carol' : null,
        fields,
        tables: [],
      });
      ids.push(r.id);
      // The same values where every record has every field: sorts take the index walk.
      const full = fields.length === 1 ? [text('Amount', ''), ...fields, text('Code', '')] : fields;
      await t.store.insertRecord({ siteId, applicationId: complete.id, fields: full, tables: [] });
    }
  });
  after(async () => {
    await t.cleanup();
  });

  const query = (
    extra: Partial<RecordQuery>,
    on = () => app,
  ): Promise<{ rows: RecordListItem[]; total: number }> =>
    t.store.queryRecords(siteId, { applicationId: on().id, page: 0, pageSize: 100, ...extra });
  /** The dataset positions (0-based) a query returns, in order. */
  const positions = async (extra: Partial<RecordQuery>) => {
    const { rows, total } = await query(extra);
    assert.equal(total, rows.length);
    return rows.map((r) => ids.indexOf(r.header.id));
  };
  const where = (column: RecordColumn, operator: RecordFilter['operator'], value?: string, n?: number) =>
    positions({
      filters: [
        {
          column,
          operator,
          ...(value === undefined ? {} : { text: value }),
          ...(n === undefined ? {} : { number: n }),
        },
      ],
    });
  const amount = { field: 'amount' }; // names match ignoring case
  const name = { field: 'Name' };
  const code = { field: 'CODE' };

  it('filters primary fields with every operator', async () => {
    assert.deepEqual(await where(amount, 'equals', '100', 100), [0, 3]);
    assert.deepEqual(await where(name, 'equals', 'ALPHA'), [0, 5]);
    assert.deepEqual(await where(amount, 'notEquals', '100', 100), [1, 2, 4, 5, 6, 7]);
    assert.deepEqual(await where(name, 'like', 'LPH'), [0, 5]);
    assert.deepEqual(await where(code, 'like', '_'), [0, 3]); // the wildcard is literal
    assert.deepEqual(await where(code, 'like', '%'), [1]);
    assert.deepEqual(await where(name, 'notLike', 'a'), [3, 6]); // blank kept by NotLike
    assert.deepEqual(await where(amount, 'isNull'), [2, 6]); // blank and missing
    assert.deepEqual(await where(amount, 'isNotNull'), [0, 1, 3, 4, 5, 7]);
    assert.deepEqual(await where(amount, 'greaterThan', '99.5', 99.5), [0, 3, 5]);
    assert.deepEqual(await where(amount, 'lessThan', '0', 0), [1]);
    assert.deepEqual(await where(name, 'greaterThan', 'delta'), [2, 6, 7]);
    assert.deepEqual(await where(name, 'lessThan', 'b'), [0, 5]);
    assert.deepEqual(await where(amount, 'equals', 'N/A'), [4]);
  });

  it('filters system columns with every operator', async () => {
    assert.deepEqual(await where({ system: 'id' }, 'equals', undefined, ids[2]), [2]);
    assert.deepEqual(await where({ system: 'id' }, 'greaterThan', undefined, ids[5]), [6, 7]);
    assert.deepEqual(await where({ system: 'id' }, 'lessThan', undefined, ids[1]), [0]);
    assert.deepEqual(await where({ system: 'id' }, 'isNull'), []);
    assert.equal((await where({ system: 'id' }, 'isNotNull')).length, 8);
    assert.deepEqual(await where({ system: 'userName' }, 'equals', 'ANN'), [1, 3, 5, 7]);
    assert.deepEqual(await where({ system: 'userName' }, 'notEquals', 'ann'), [0, 2, 4, 6]);
    assert.deepEqual(await where({ system: 'userName' }, 'like', 'O'), [0, 2, 6]);
    assert.deepEqual(await where({ system: 'userName' }, 'notLike', 'o'), [1, 3, 4, 5, 7]);
    assert.deepEqual(await where({ system: 'userName' }, 'isNull'), [4]);
    assert.deepEqual(await where({ system: 'assignedUserName' }, 'isNotNull'), [0]);
    assert.deepEqual(await where({ system: 'statusIndex' }, 'notEquals', undefined, 0), [1, 2, 4, 5, 7]);
    assert.deepEqual(await where({ system: 'groupId' }, 'isNull'), [4, 5, 6, 7]);
    assert.deepEqual(await where({ system: 'groupId' }, 'notEquals', undefined, 1), [0, 2, 3, 4, 5, 6, 7]);
    assert.deepEqual(await where({ system: 'groupId' }, 'greaterThan', undefined, 1), [2, 3]);
    // Entry dates are 1 s apart: [from, until) picks whole seconds.
    const third = (await t.store.getRecordHeader(siteId, app.id, ids[2] as number))?.entryDate.getTime() ?? 0;
    const entry = (operator: RecordFilter['operator']) =>
      positions({
        filters: [{ column: { system: 'entryDate' }, operator, number: third, until: third + 1000 }],
      });
    assert.deepEqual(await entry('equals'), [2]);
    assert.deepEqual(await entry('lessThan'), [0, 1]);
    assert.deepEqual(await entry('greaterThan'), [3, 4, 5, 6, 7]);
    assert.deepEqual(await entry('notEquals'), [0, 1, 3, 4, 5, 6, 7]);
  });

  it('combines filters with AND', async () => {
    const got = await positions({
      filters: [
        { column: amount, operator: 'isNotNull' },
        { column: { system: 'userName' }, operator: 'equals', text: 'ann' },
      ],
    });
    assert.deepEqual(got, [1, 3, 5, 7]);
  });

  // Blanks (and missing fields) first, then numbers, then text; ties by id; desc exactly reversed.
  const AMOUNT_ASC = [2, 6, 1, 7, 0, 3, 5, 4];
  const NAME_ASC = [3, 0, 5, 1, 4, 6, 2, 7];

  for (const [label, on] of [
    ['sort (a field some records lack)', () => app],
    ['index walk (every record has the field)', () => complete],
  ] as const) {
    it(`sorts on fields both ways: ${label}`, async () => {
      // Page by page with size 1 (early pages walk the index when it is complete), checked
      // against one page of 100 (sorted in the database): both must give the same order.
      const pos = async (column: RecordColumn, descending: boolean) => {
        const sort = { column, descending };
        const paged: number[] = [];
        for (let page = 0; page < 8; page++)
          paged.push(...(await query({ sort, page, pageSize: 1 }, on)).rows.map((r) => r.header.id));
        const whole = (await query({ sort }, on)).rows.map((r) => r.header.id);
        assert.deepEqual(paged, whole);
        const inserted = [...whole].sort((a, b) => a - b);
        return whole.map((id) => inserted.indexOf(id));
      };
      assert.deepEqual(await pos(amount, false), AMOUNT_ASC);
      assert.deepEqual(await pos(amount, true), [...AMOUNT_ASC].reverse());
      assert.deepEqual(await pos(name, false), NAME_ASC);
      assert.deepEqual(await pos(name, true), [...NAME_ASC].reverse());
      // With a filter, and paged one record at a time: the pages are the sorted list.
      const filter: RecordFilter = { column: amount, operator: 'isNotNull' };
      const all = (await query({ filters: [filter], sort: { column: amount, descending: true } }, on)).rows;
      const paged: number[] = [];
      for (let page = 0; page < all.length; page++) {
        const one = await query(
          { filters: [filter], sort: { column: amount, descending: true }, page, pageSize: 1 },
          on,
        );
        assert.equal(one.total, 6);
        paged.push(...one.rows.map((r) => r.header.id));
      }
      assert.deepEqual(
        paged,
        all.map((r) => r.header.id),
      );
    });
  }

  it('sorts on system columns both ways, blanks first ascending', async () => {
    const sortBy = (system: RecordColumn, descending = false) =>
      positions({ sort: { column: system, descending } });
    assert.deepEqual(await sortBy({ system: 'id' }), [0, 1, 2, 3, 4, 5, 6, 7]);
    assert.deepEqual(await sortBy({ system: 'id' }, true), [7, 6, 5, 4, 3, 2, 1, 0]);
    assert.deepEqual(await sortBy({ system: 'lastUpdateDate' }, true), [7, 6, 5, 4, 3, 2, 1, 0]);
    assert.deepEqual(await sortBy({ system: 'userName' }), [4, 1, 3, 5, 7, 0, 2, 6]);
    assert.deepEqual(await sortBy({ system: 'userName' }, true), [6, 2, 0, 7, 5, 3, 1, 4]);
    assert.deepEqual(await sortBy({ system: 'groupId' }), [4, 5, 6, 7, 0, 1, 2, 3]);
    assert.deepEqual(await sortBy({ system: 'statusIndex' }), [0, 3, 6, 1, 4, 7, 2, 5]);
  });

  it('pages: size 1, beyond the end, and the requested fields', async () => {
    const first = await query({ pageSize: 1, fields: ['NAME', 'Amount', 'Nope'] });
    assert.equal(first.total, 8);
    assert.equal(first.rows.length, 1);
    assert.deepEqual(first.rows[0]?.values, { NAME: 'alpha', Amount: '100', Nope: '' });
    const last = await query({ pageSize: 3, page: 2 });
    assert.deepEqual(
      last.rows.map((r) => r.header.id),
      ids.slice(6),
    );
    assert.deepEqual(await query({ pageSize: 3, page: 3 }), { rows: [], total: 8 });
    assert.deepEqual(await query({ pageSize: 100, page: 1_000_000 }), { rows: [], total: 8 });
    const missing = await query({
      filters: [{ column: name, operator: 'equals', text: 'epsilon' }],
      fields: ['Code'],
    });
    assert.deepEqual(missing.rows[0]?.values, { Code: '' });
  });
});
