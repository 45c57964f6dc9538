/** The streamed export: RFC 4180 CSV, one JSON array, and waiting on a slow output. */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { csvLine, exportRecords } from '../../src/records/recordExport.js';
import type { Application } from '../../src/store/types.js';
import { fakeXlsx, openTempStore, type TempStore } from '../store/helpers.js';
import { parseCsv } from './csv.js';

/** A writable that keeps what it got; `slow` makes every write wait, so drain is exercised. */
function collector(options: { slow?: boolean } = {}) {
  const chunks: string[] = [];
  let drains = 0;
  const out = new Writable({
    highWaterMark: 16,
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      if (options.slow) setImmediate(done);
      else done();
    },
  });
  out.on('drain', () => drains++);
  return { out, text: () => chunks.join(''), drains: () => drains };
}

describe('CSV lines', () => {
  it('quotes only fields with a comma, quote, CR or LF, and doubles quotes', () => {
    assert.equal(csvLine(['a', 'b c', '']), 'a,b c,\r\n');
    assert.equal(
      csvLine(['1,5', 'say "hi"', 'two\nlines', 'cr\r']),
      '"1,5","say ""hi""","two\nlines","cr\r"\r\n',
    );
  });
});

describe('records export', () => {
  let t: TempStore;
  let app: Application;
  let empty: Application;
  const tricky = 'He said "no", then\r\nleft; =1+1';

  before(async () => {
    t = await openTempStore();
    const siteId = (await t.store.createSite('Export')).id;
    const create = async (name: string) =>
      (
        await t.store.createApplication(
          { siteId, name, accessType: 1 },
          { fileName: 'x.xlsx', bytes: fakeXlsx(name) },
        )
      ).application;
    app = await create('Loans');
    empty = await create('Empty');
    for (let i = 0; i < 40; i++) {
      await t.store.insertRecord({
        siteId,
        applicationId: app.id,
        userName: i % 2 ? 'Ann' : null,
        fields: [
          { name: 'Amount', value: String(i * 1.5), number: i * 1.5 },
          { name: 'Note', value: i === 3 ? tricky : `note ${i}`, number: null },
          ...(i === 39 ? [{ name: 'Late', value: 'x', number: null }] : []),
        ],
        tables: [{ name: 'T', rows: [{ sequenceId: 1, items: { Column1: 'ignored' } }] }],
      });
    }
  });
  after(async () => {
    await t.cleanup();
  });

  it('writes CSV with a header of system and primary fields, one row per record', async () => {
    const c = collector({ slow: true });
    assert.equal(await exportRecords(t.store, app, 'csv', c.out), 40);
    const rows = parseCsv(c.text());
    assert.deepEqual(rows[0], [
      'ID',
      'UserName',
      'EntryDate',
      'LastUpdateDate',
      'CurrentStatusIndex',
      'GroupId',
      'AssignedUserName',
      'Amount',
      'Note',
      'Late',
    ]);
    assert.equal(rows.length, 41);
    assert.deepEqual(rows[4]?.slice(7), ['4.5', tricky, '']);
    assert.deepEqual(rows[2]?.slice(1, 2), ['Ann']);
    assert.deepEqual(rows[40]?.slice(7), ['58.5', 'note 39', 'x']);
    assert.ok(c.drains() > 0, 'the writer waited for the output to drain');
  });

  it('writes JSON as one array of objects, and an empty array for no records', async () => {
    const c = collector();
    await exportRecords(t.store, app, 'json', c.out);
    const parsed = JSON.parse(c.text()) as Record<string, string>[];
    assert.equal(parsed.length, 40);
    assert.equal(parsed[3]?.Note, tricky);
    assert.equal(parsed[0]?.UserName, '');
    assert.equal(parsed[0]?.Late, '');
    const none = collector();
    assert.equal(await exportRecords(t.store, empty, 'json', none.out), 0);
    assert.deepEqual(JSON.parse(none.text()), []);
    const noneCsv = collector();
    await exportRecords(t.store, empty, 'csv', noneCsv.out);
    assert.equal(noneCsv.text().split('\r\n').length, 2);
  });
});
