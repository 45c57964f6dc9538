/**
 * The "done when": a calculation saved through GetResult comes back identically
 * through GetRecord, GetRecordExtended, GetApplicationData and the CSV (and JSON) export of
 * `sheetport records export`, run as a separate process on the running server's data.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { type Harness, startHarness, type TestClient } from '../server/harness.js';
import { parseCsv } from './csv.js';
import { input, QUOTE_WORKBOOK } from './quoteWorkbook.js';

const run = promisify(execFile);
const cli = join(import.meta.dirname, '../../src/cli/main.ts');

describe('records end to end', () => {
  let h: Harness;
  let robot: TestClient;
  let key: string;
  let appId: string;

  before(async () => {
    h = await startHarness();
    robot = await h.client({ allowImpersonation: true });
    ({ key, id: appId } = await h.publish(QUOTE_WORKBOOK, { accessType: 1, name: 'Quotes' }));
    await h.server.store.createUser({ siteId: h.siteId, userName: 'Ann' });
    await h.server.store.createUser({ siteId: h.siteId, userName: 'Bob' });
  });
  after(async () => {
    await h.stop({ cleanup: true });
  });

  test('a saved calculation comes back identically through every read path', async () => {
    const singles = [
      'Customer',
      'LoanAmount',
      'InterestRate',
      'TermYears',
      'MonthlyPayment',
      'Approved',
      'Notes',
    ];
    const saved = await h.post(
      '/Api/Applications/GetResult',
      {
        ApplicationKey: key,
        Inputs: [
          input('LoanAmount', '412,500'),
          input('InterestRate', '4.25%'),
          input('Customer', 'O\'Neil, "Pat"\nSecond line'),
        ],
        Outputs: [...singles, 'Quote!Fee', 'Schedule'],
        SaveInformation: { Save: true, UserName: 'ann', SetRecordStatusIndex: 3, SetAssignedUserName: 'bob' },
      },
      robot.token,
    );
    assert.equal(saved.body.Success, true, JSON.stringify(saved.body.Messages));
    const recordId: number = saved.body.RecordId;
    const calculated = new Map<string, { Value: string }[][]>(
      saved.body.Outputs.map((o: { Ref: string; Value: { Value: string }[][] }) => [o.Ref, o.Value]),
    );

    // GetRecord: system fields, then every single-cell name with exactly the calculated Value.
    const record = await h.post(
      '/Api/Applications/GetRecord',
      { ApplicationKey: key, RecordId: recordId },
      robot.token,
    );
    assert.equal(record.body.Success, true);
    const data: Record<string, string> = record.body.Data;
    assert.deepEqual(Object.keys(data), [
      'ID',
      'UserName',
      'EntryDate',
      'LastUpdateDate',
      'CurrentStatusIndex',
      'GroupId',
      'AssignedUserName',
      ...singles,
      'Quote!Fee',
    ]);
    for (const name of [...singles, 'Quote!Fee']) {
      const cell = calculated.get(name)?.[0]?.[0];
      assert.equal(data[name], cell?.Value, name);
    }
    assert.equal(data.LoanAmount, '412500');
    assert.equal(data.Customer, 'O\'Neil, "Pat"\nSecond line');
    assert.deepEqual(
      [data.ID, data.UserName, data.CurrentStatusIndex, data.GroupId, data.AssignedUserName],
      [String(recordId), 'Ann', '3', '', 'Bob'],
    );

    // GetRecordExtended: the same primary table; the multi-row name row by row.
    const extended = await h.post(
      '/Api/Applications/GetRecordExtended',
      { ApplicationKey: key, RecordId: recordId, UserName: 'Bob' },
      robot.token,
    );
    assert.deepEqual(extended.body.PrimaryTable, data);
    assert.deepEqual(
      extended.body.SecondaryTables.Schedule,
      calculated.get('Schedule')?.map((row, i) => ({
        Items: Object.fromEntries(row.map((c, j) => [`Column${j + 1}`, c.Value])),
        SequenceId: i + 1,
      })),
    );

    // GetApplicationData: the listing's entry and custom columns agree with GetRecord.
    const listed = await h.post(
      '/Api/Sites/GetApplicationData',
      {
        ApplicationId: appId,
        CustomColumns: [...singles, 'Quote!Fee'],
        Filters: [{ Column: 'ID', Operator: 0, Value: recordId }],
      },
      robot.token,
    );
    assert.equal(listed.body.FilteredRecordCount, 1);
    const entry = listed.body.RecordList[0];
    assert.deepEqual(
      [entry.RecordId, entry.Username, entry.RecordStatus, entry.LastSaveDateTime],
      [recordId, data.UserName, Number(data.CurrentStatusIndex), data.LastUpdateDate],
    );
    assert.deepEqual(
      entry.CustomColumnInformation,
      Object.fromEntries([...singles, 'Quote!Fee'].map((n) => [n, data[n]])),
    );

    // The CLI export, a separate process reading the running server's data directory.
    const csv = await run(
      process.execPath,
      ['--import', 'tsx', cli, 'records', 'export', '--app', key, '--data', h.dataDir],
      { encoding: 'utf8' },
    );
    const [header, ...rows] = parseCsv(csv.stdout);
    assert.deepEqual(header, Object.keys(data));
    assert.equal(rows.length, 1);
    assert.deepEqual(Object.fromEntries((header ?? []).map((c, i) => [c, rows[0]?.[i]])), data);

    const json = await run(
      process.execPath,
      ['--import', 'tsx', cli, 'records', 'export', '--app', key, '--format', 'json', '--data', h.dataDir],
      { encoding: 'utf8' },
    );
    assert.deepEqual(JSON.parse(json.stdout), [data]);
  });

  test('the export command refuses an unknown key and bad options with one line', async () => {
    const fail = (args: string[]) =>
      run(process.execPath, ['--import', 'tsx', cli, 'records', ...args, '--data', h.dataDir], {
        encoding: 'utf8',
      }).then(
        () => assert.fail('expected a failure'),
        (err: { code: number; stderr: string }) => err,
      );
    const unknown = await fail(['export', '--app', 'f'.repeat(32)]);
    assert.equal(unknown.code, 1);
    assert.equal(unknown.stderr, `No application has the key '${'f'.repeat(32)}'.\n`);
    const format = await fail(['export', '--app', key, '--format', 'xml']);
    assert.equal(format.code, 2);
    assert.equal(format.stderr, "--format must be csv or json, not 'xml'.\n");
    const noApp = await fail(['export']);
    assert.equal(noApp.code, 2);
    assert.equal(noApp.stderr, 'records export needs --app KEY (the ApplicationKey).\n');
  });
});
