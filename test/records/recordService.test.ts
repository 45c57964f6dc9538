/**
 * The records service over a real SQLite store: names → primary fields and secondary tables,
 * users checked, optimistic updates, and the errors' sentences.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { NameValues, WireCell } from '../../src/compute/protocol.js';
import { contentOfNames, primaryTable } from '../../src/records/recordContent.js';
import { RecordError, RecordService } from '../../src/records/recordService.js';
import type { Application } from '../../src/store/types.js';
import { UserError } from '../../src/users/userDirectory.js';
import { fakeXlsx, openTempStore, type TempStore } from '../store/helpers.js';

const cell = (Type: WireCell['Type'], Value: string): WireCell => ({
  Type,
  Value,
  Format: 'General',
  Text: Value,
});
const NAMES: NameValues[] = [
  { name: 'LoanAmount', cells: [[cell('Number', '250000')]] },
  { name: 'Customer', cells: [[cell('Text', 'Ann')]] },
  { name: 'Approved', cells: [[cell('Boolean', 'True')]] },
  { name: 'Nothing', cells: [[cell('Empty', '')]] },
  { name: 'Loan!Rate', cells: [[cell('Number', '0.05')]] },
  {
    name: 'Schedule',
    cells: [
      [cell('Number', '1'), cell('Number', '1342.05405753035')],
      [cell('Number', '2'), cell('Error', '#DIV/0!')],
      [cell('Empty', ''), cell('Text', 'end')],
    ],
  },
  { name: 'Row', cells: [[cell('Text', 'a'), cell('Text', 'b')]] },
  { name: 'UserName', cells: [[cell('Text', 'spoofed')]] },
  { name: 'customer', cells: [[cell('Text', 'duplicate spelling')]] },
];

/** Asserts that `work` fails with a RecordError of `kind` and returns its message. */
async function recordError(work: Promise<unknown>, kind: 'notFound' | 'conflict'): Promise<string> {
  try {
    await work;
  } catch (err) {
    assert.ok(err instanceof RecordError, String(err));
    assert.equal(err.detail.kind, kind, err.message);
    return err.message;
  }
  assert.fail(`expected a RecordError '${kind}'`);
}

describe('record content', () => {
  it('single cells become fields, multi-cell names tables with Column1..N, system names are skipped', () => {
    const { content, skipped } = contentOfNames(NAMES);
    assert.deepEqual(content.fields, [
      { name: 'LoanAmount', value: '250000', number: 250000 },
      { name: 'Customer', value: 'Ann', number: null },
      { name: 'Approved', value: 'True', number: null },
      { name: 'Nothing', value: '', number: null },
      { name: 'Loan!Rate', value: '0.05', number: 0.05 },
    ]);
    assert.deepEqual(content.tables, [
      {
        name: 'Schedule',
        rows: [
          { sequenceId: 1, items: { Column1: '1', Column2: '1342.05405753035' } },
          { sequenceId: 2, items: { Column1: '2', Column2: '#DIV/0!' } },
          { sequenceId: 3, items: { Column1: '', Column2: 'end' } },
        ],
      },
      { name: 'Row', rows: [{ sequenceId: 1, items: { Column1: 'a', Column2: 'b' } }] },
    ]);
    assert.deepEqual(skipped, ['UserName']);
  });
});

describe('record service', () => {
  let t: TempStore;
  let siteId: string;
  let otherSite: string;
  let app: Application;
  let service: RecordService;

  before(async () => {
    t = await openTempStore();
    siteId = (await t.store.createSite('Records')).id;
    otherSite = (await t.store.createSite('Other')).id;
    app = (
      await t.store.createApplication(
        { siteId, name: 'Loans', accessType: 1 },
        { fileName: 'l.xlsx', bytes: fakeXlsx('l') },
      )
    ).application;
    await t.store.createUser({ siteId, userName: 'Ann' });
    await t.store.createUser({ siteId, userName: 'Bob' });
    await t.store.createUser({ siteId, userName: 'Gone', isActive: false });
    await t.store.createUser({ siteId: otherSite, userName: 'Stranger' });
    service = new RecordService(t.store);
  });
  after(async () => {
    await t.cleanup();
  });

  it('inserts with canonical user names and reads back system and primary fields', async () => {
    const { record, skippedNames } = await service.save(
      siteId,
      app,
      { userName: 'ann', statusIndex: 2, groupId: 5, assignedUserName: 'BOB' },
      NAMES,
    );
    assert.deepEqual(skippedNames, ['UserName']);
    assert.equal(record.userName, 'Ann');
    assert.equal(record.assignedUserName, 'Bob');
    const read = await service.get(siteId, app, record.id);
    assert.deepEqual(primaryTable(read, read.fields), {
      ID: String(record.id),
      UserName: 'Ann',
      EntryDate: t.clock.now().toISOString(),
      LastUpdateDate: t.clock.now().toISOString(),
      CurrentStatusIndex: '2',
      GroupId: '5',
      AssignedUserName: 'Bob',
      LoanAmount: '250000',
      Customer: 'Ann',
      Approved: 'True',
      Nothing: '',
      'Loan!Rate': '0.05',
    });
    assert.equal(read.tables.length, 2);
  });

  it('refuses unknown, inactive and other-site users before saving anything', async () => {
    for (const [userName, kind] of [
      ['nobody', 'unknown'],
      ['Gone', 'inactive'],
      ['Stranger', 'unknown'],
    ] as const) {
      await assert.rejects(service.save(siteId, app, { userName }, NAMES), (err: unknown) => {
        assert.ok(err instanceof UserError);
        assert.equal(err.kind, kind);
        return true;
      });
      await assert.rejects(service.prepare(siteId, app, { assignedUserName: userName }), UserError);
    }
    const page = await t.store.queryRecords(siteId, {
      applicationId: app.id,
      filters: [{ column: { system: 'userName' }, operator: 'isNull' }],
      page: 0,
      pageSize: 10,
    });
    assert.equal(page.total, 0);
  });

  it('updates a record, keeping what the save does not set', async () => {
    const { record } = await service.save(
      siteId,
      app,
      { userName: 'Ann', statusIndex: 1, groupId: 3 },
      NAMES,
    );
    t.clock.advance(5000);
    const changed: NameValues[] = [{ name: 'LoanAmount', cells: [[cell('Number', '1')]] }];
    const { record: updated } = await service.save(
      siteId,
      app,
      { recordId: record.id, userName: 'Bob', statusIndex: 4 },
      changed,
    );
    assert.equal(updated.id, record.id);
    assert.equal(updated.userName, 'Ann'); // the owner stays
    assert.equal(updated.statusIndex, 4);
    assert.equal(updated.groupId, 3);
    assert.equal(updated.editCount, 1);
    assert.deepEqual((await service.get(siteId, app, record.id)).fields, [
      { name: 'LoanAmount', value: '1', number: 1 },
    ]);
  });

  it('a save prepared before another one updated the record gets the conflict message', async () => {
    const { record } = await service.save(siteId, app, {}, NAMES);
    const first = await service.prepare(siteId, app, { recordId: record.id });
    const second = await service.prepare(siteId, app, { recordId: record.id });
    assert.equal(first.expectedEditCount, 0);
    await service.save(siteId, app, first, NAMES);
    const message = await recordError(service.save(siteId, app, second, NAMES), 'conflict');
    assert.equal(message, `The record ${record.id} was changed by another save; reload it and try again.`);
    // Two saves racing from the same read: one wins, one is told.
    const read = await service.prepare(siteId, app, { recordId: record.id });
    const results = await Promise.allSettled([
      service.save(siteId, app, read, NAMES),
      service.save(siteId, app, read, NAMES),
    ]);
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    const lost = results.find((r) => r.status === 'rejected');
    assert.ok(lost?.status === 'rejected' && lost.reason instanceof RecordError);
    assert.equal((await service.get(siteId, app, record.id)).editCount, 2);
  });

  it('unknown records, and records of another site, do not exist', async () => {
    const { record } = await service.save(siteId, app, {}, NAMES);
    assert.equal(
      await recordError(service.save(siteId, app, { recordId: 987_654 }, NAMES), 'notFound'),
      'The record 987654 does not exist.',
    );
    await recordError(service.get(otherSite, app, record.id), 'notFound');
    await recordError(service.delete(otherSite, app, record.id), 'notFound');
    await recordError(service.prepare(otherSite, app, { recordId: record.id }), 'notFound');
    await service.delete(siteId, app, record.id);
    await recordError(service.get(siteId, app, record.id), 'notFound');
  });
});
