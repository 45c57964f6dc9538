/**
 * GetApplicationData and GetApplicationDataCustomColumns over real HTTP: every wire filter
 * operator (0–7) on fields and system columns, both sort directions, paging edges, the page
 * size limit and bad filters.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { input, QUOTE_WORKBOOK } from '../records/quoteWorkbook.js';
import { type Harness, type Reply, startHarness, type TestClient } from '../server/harness.js';
import { assertSentence } from './sitesHelpers.js';

const EQUALS = 0;
const NOT_EQUALS = 1;
const LIKE = 2;
const NOT_LIKE = 3;
const IS_NULL = 4;
const IS_NOT_NULL = 5;
const GREATER = 6;
const LESS = 7;

/** The records saved: LoanAmount, Customer, user and status of each, in RecordId order. */
const SAVES = [
  { amount: 100000, customer: 'Ann Lee', user: 'Ann', status: 0 },
  { amount: 250000, customer: 'bob ray', user: 'Bob', status: 1 },
  { amount: 50000, customer: '', user: 'Ann', status: 2 },
  { amount: 250000, customer: 'Cy 100%', user: '', status: 1 },
  { amount: 900000, customer: 'Dee', user: 'Bob', status: 0 },
];

describe('records API: listing', () => {
  let h: Harness;
  let me: TestClient;
  let appId: string;
  let appName: string;
  let emptyId: string;
  let ids: number[];

  before(async () => {
    h = await startHarness();
    me = await h.client();
    const published = await h.publish(QUOTE_WORKBOOK, { accessType: 1, name: 'Listing quotes' });
    appId = published.id;
    appName = 'Listing quotes';
    emptyId = (await h.publish(QUOTE_WORKBOOK, { accessType: 1, name: 'Nothing saved' })).id;
    await h.server.store.createUser({ siteId: h.siteId, userName: 'Ann' });
    await h.server.store.createUser({ siteId: h.siteId, userName: 'Bob' });
    ids = [];
    for (const s of SAVES) {
      const reply = await h.post(
        '/Api/Applications/GetResult',
        {
          ApplicationKey: published.key,
          Inputs: [input('LoanAmount', s.amount), input('Customer', s.customer === '' ? null : s.customer)],
          SaveInformation: {
            Save: true,
            ...(s.user ? { UserName: s.user } : {}),
            SetRecordStatusIndex: s.status,
          },
        },
        me.token,
      );
      assert.equal(reply.body.Success, true, JSON.stringify(reply.body.Messages));
      ids.push(reply.body.RecordId);
    }
  });
  after(async () => {
    await h.stop({ cleanup: true });
  });

  const list = (body: Record<string, unknown>, id = appId): Promise<Reply> =>
    h.post('/Api/Sites/GetApplicationData', { ApplicationId: id, ...body }, me.token);
  /** Positions (in SAVES) of the records a listing returns, in order; checks the count too. */
  const positions = async (body: Record<string, unknown>): Promise<number[]> => {
    const reply = await list(body);
    assert.equal(reply.body.Success, true, JSON.stringify(reply.body.Messages));
    assert.equal(reply.body.FilteredRecordCount, reply.body.RecordList.length);
    return reply.body.RecordList.map((r: { RecordId: number }) => ids.indexOf(r.RecordId));
  };
  const filter = (Column: string, Operator: number, Value?: unknown) =>
    positions({ Filters: [{ Column, Operator, ...(Value === undefined ? {} : { Value }) }] });
  const failure = async (body: Record<string, unknown>, message: string) => {
    const reply = await list(body);
    assert.equal(reply.body.Success, false);
    assert.deepEqual(reply.body.Messages, [message]);
    assertSentence(message);
    assert.deepEqual(reply.body.RecordList, []);
    assert.equal(reply.body.FilteredRecordCount, 0);
  };

  test('RecordList entries carry the spec’s properties and the custom columns asked for', async () => {
    const reply = await list({ CustomColumns: ['loanamount', 'Customer', 'Quote!Fee', 'ID'] });
    assert.equal(reply.body.Success, true);
    assert.equal(reply.body.FilteredRecordCount, 5);
    const first = reply.body.RecordList[0];
    assert.deepEqual(Object.keys(first), [
      'ApplicationId',
      'ApplicationName',
      'Username',
      'LastSaveDateTime',
      'RecordStatus',
      'RecordId',
      'CustomColumnInformation',
    ]);
    assert.equal(first.ApplicationId, appId);
    assert.equal(first.ApplicationName, appName);
    assert.equal(first.Username, 'Ann');
    assert.equal(first.RecordStatus, 0);
    assert.equal(first.RecordId, ids[0]);
    assert.ok(!Number.isNaN(Date.parse(first.LastSaveDateTime)));
    assert.deepEqual(first.CustomColumnInformation, {
      loanamount: '100000',
      Customer: 'Ann Lee',
      'Quote!Fee': '99',
      ID: String(ids[0]),
    });
    assert.equal(reply.body.RecordList[3].Username, '');
  });

  test('every operator on a primary field', async () => {
    assert.deepEqual(await filter('LoanAmount', EQUALS, 250000), [1, 3]);
    assert.deepEqual(await filter('Customer', EQUALS, 'ANN LEE'), [0]);
    assert.deepEqual(await filter('LoanAmount', NOT_EQUALS, '250000'), [0, 2, 4]);
    assert.deepEqual(await filter('customer', LIKE, 'E'), [0, 4]);
    assert.deepEqual(await filter('Customer', LIKE, '%'), [3]);
    assert.deepEqual(await filter('Customer', NOT_LIKE, 'e'), [1, 2, 3]);
    assert.deepEqual(await filter('Customer', IS_NULL), [2]);
    assert.deepEqual(await filter('Customer', IS_NOT_NULL), [0, 1, 3, 4]);
    assert.deepEqual(await filter('Customer', EQUALS, ''), [2]); // "" means no value: blank
    assert.deepEqual(await filter('LoanAmount', GREATER, '100000'), [1, 3, 4]);
    assert.deepEqual(await filter('LoanAmount', LESS, 100000.5), [0, 2]);
    assert.deepEqual(await filter('MonthlyPayment', GREATER, 1000), [1, 3, 4]);
    assert.deepEqual(await filter('Customer', GREATER, 'c'), [3, 4]);
  });

  test('every operator on system columns, and the RecordList names as aliases', async () => {
    assert.deepEqual(await filter('ID', EQUALS, ids[2]), [2]);
    assert.deepEqual(await filter('RecordId', GREATER, ids[2]), [3, 4]);
    assert.deepEqual(await filter('id', LESS, String(ids[1])), [0]);
    assert.deepEqual(await filter('UserName', EQUALS, 'bob'), [1, 4]);
    assert.deepEqual(await filter('Username', NOT_EQUALS, 'bob'), [0, 2, 3]);
    assert.deepEqual(await filter('UserName', LIKE, 'N'), [0, 2]);
    assert.deepEqual(await filter('UserName', NOT_LIKE, 'n'), [1, 3, 4]);
    assert.deepEqual(await filter('UserName', IS_NULL), [3]);
    assert.deepEqual(await filter('UserName', IS_NOT_NULL), [0, 1, 2, 4]);
    assert.deepEqual(await filter('CurrentStatusIndex', EQUALS, 1), [1, 3]);
    assert.deepEqual(await filter('RecordStatus', NOT_EQUALS, 0), [1, 2, 3]);
    assert.deepEqual(await filter('GroupId', IS_NULL), [0, 1, 2, 3, 4]);
    assert.deepEqual(await filter('AssignedUserName', IS_NOT_NULL), []);
    const saved = (await list({})).body.RecordList[0].LastSaveDateTime as string;
    const today = saved.slice(0, 10);
    assert.deepEqual(await filter('EntryDate', EQUALS, today), [0, 1, 2, 3, 4]);
    assert.deepEqual(await filter('LastSaveDateTime', GREATER, today), []);
    assert.deepEqual(await filter('LastUpdateDate', LESS, today), []);
    assert.deepEqual(await filter('EntryDate', GREATER, '2000-01-01T00:00:00Z'), [0, 1, 2, 3, 4]);
  });

  test('filters combine with AND, and sort both ways on fields and system columns', async () => {
    assert.deepEqual(
      await positions({
        Filters: [
          { Column: 'LoanAmount', Operator: GREATER, Value: 60000 },
          { Column: 'UserName', Operator: IS_NOT_NULL },
        ],
      }),
      [0, 1, 4],
    );
    const sorted = (Column: string, Direction?: number) =>
      positions({ SortInformation: { Column, ...(Direction === undefined ? {} : { Direction }) } });
    assert.deepEqual(await sorted('LoanAmount'), [2, 0, 1, 3, 4]);
    assert.deepEqual(await sorted('LoanAmount', 1), [4, 3, 1, 0, 2]);
    assert.deepEqual(await sorted('customer', 0), [2, 0, 1, 3, 4]);
    assert.deepEqual(await sorted('Customer', 1), [4, 3, 1, 0, 2]);
    assert.deepEqual(await sorted('UserName'), [3, 0, 2, 1, 4]);
    assert.deepEqual(await sorted('UserName', 1), [4, 1, 2, 0, 3]);
    assert.deepEqual(await sorted('RecordId', 1), [4, 3, 2, 1, 0]);
    assert.deepEqual(await sorted('LastSaveDateTime', 0), [0, 1, 2, 3, 4]);
  });

  test('paging: size 1, the last page, beyond the end; FilteredRecordCount counts every match', async () => {
    const page = (PageSize: unknown, CurrentPageIndex: unknown) =>
      list({
        SortInformation: { Column: 'LoanAmount', Direction: 1 },
        PaginationInformation: { PageSize, CurrentPageIndex },
      });
    const seen: number[] = [];
    for (let i = 0; i < 5; i++) {
      const reply = await page(1, i);
      assert.equal(reply.body.FilteredRecordCount, 5);
      assert.equal(reply.body.RecordList.length, 1);
      seen.push(ids.indexOf(reply.body.RecordList[0].RecordId));
    }
    assert.deepEqual(seen, [4, 3, 1, 0, 2]);
    const last = await page('2', '2');
    assert.deepEqual(
      last.body.RecordList.map((r: { RecordId: number }) => r.RecordId),
      [ids[2]],
    );
    const beyond = await page(2, 3);
    assert.equal(beyond.body.Success, true);
    assert.deepEqual(beyond.body.RecordList, []);
    assert.equal(beyond.body.FilteredRecordCount, 5);
    const far = await page(1000, 2_000_000_000);
    assert.deepEqual([far.body.RecordList, far.body.FilteredRecordCount], [[], 5]);
    const filtered = await list({
      Filters: [{ Column: 'LoanAmount', Operator: EQUALS, Value: 250000 }],
      PaginationInformation: { PageSize: 1 },
    });
    assert.equal(filtered.body.FilteredRecordCount, 2);
    assert.equal(filtered.body.RecordList.length, 1);
  });

  test('bad listings get one clear sentence', async () => {
    await failure(
      { PaginationInformation: { PageSize: 1001 } },
      'The page size 1001 is larger than the limit of 1,000 records per page.',
    );
    await failure(
      { PaginationInformation: { PageSize: 1e12 } },
      'The page size 1000000000000 is larger than the limit of 1,000 records per page.',
    );
    await failure(
      { PaginationInformation: { PageSize: 0 } },
      "The property 'PaginationInformation.PageSize' must be an integer of at least 1.",
    );
    await failure(
      { PaginationInformation: { PageSize: 10, CurrentPageIndex: -1 } },
      "The property 'PaginationInformation.CurrentPageIndex' must be an integer of at least 0.",
    );
    await failure(
      { Filters: [{ Column: 'Nope', Operator: EQUALS, Value: 1 }] },
      "The column 'Nope' is neither a system field nor a field of this application's records.",
    );
    await failure(
      { SortInformation: { Column: 'Schedule' } },
      "The column 'Schedule' is neither a system field nor a field of this application's records.",
    );
    await failure(
      { CustomColumns: ['LoanAmount', 'Typo'] },
      "The column 'Typo' is neither a system field nor a field of this application's records.",
    );
    await failure(
      { Filters: [{ Column: 'LoanAmount', Operator: 8, Value: 1 }] },
      "The property 'Filters[0].Operator' must be one of 0, 1, 2, 3, 4, 5, 6 or 7.",
    );
    await failure(
      { Filters: [{ Column: 'LoanAmount', Operator: GREATER }] },
      "The filter on 'LoanAmount' needs a Value for the operator GreaterThan.",
    );
    await failure(
      { Filters: [{ Column: 'ID', Operator: EQUALS, Value: 'twelve' }] },
      "The filter on 'ID' needs a whole number from -2147483648 to 2147483647, not 'twelve'.",
    );
    await failure(
      { Filters: [{ Column: 'GroupId', Operator: GREATER, Value: '99999999999' }] },
      "The filter on 'GroupId' needs a whole number from -2147483648 to 2147483647, not '99999999999'.",
    );
    await failure(
      { Filters: [{ Column: 'EntryDate', Operator: LESS, Value: '31/01/2025' }] },
      "The filter on 'EntryDate' needs a date such as 2025-01-31 or 2025-01-31T14:30:00Z, not '31/01/2025'.",
    );
    await failure(
      { Filters: [{ Column: 'EntryDate', Operator: EQUALS, Value: '2025-02-30' }] },
      "The filter on 'EntryDate' needs a date such as 2025-01-31 or 2025-01-31T14:30:00Z, not '2025-02-30'.",
    );
    await failure(
      { Filters: [{ Column: 'RecordStatus', Operator: LIKE, Value: '1' }] },
      "The operator Like compares text and cannot be used on the column 'RecordStatus'.",
    );
    await failure(
      { SortInformation: { Column: 'ID', Direction: 2 } },
      "The property 'SortInformation.Direction' must be one of 0 or 1.",
    );
    await failure({ UserName: 'nobody' }, "The user 'nobody' does not exist on this site.");
    const noToken = await h.post('/Api/Sites/GetApplicationData', { ApplicationId: appId });
    assert.equal(noToken.body.InvalidToken, true);
  });

  test('an application without records lists nothing, whatever the columns; custom columns come in workbook order', async () => {
    const empty = await list(
      { CustomColumns: ['Anything'], Filters: [{ Column: 'X', Operator: IS_NULL }] },
      emptyId,
    );
    assert.equal(empty.body.Success, true);
    assert.deepEqual([empty.body.RecordList, empty.body.FilteredRecordCount], [[], 0]);
    const columns = (ApplicationId: string) =>
      h.post(
        '/Api/Sites/GetApplicationDataCustomColumns',
        { ApplicationId: ApplicationId.toUpperCase() },
        me.token,
      );
    assert.deepEqual((await columns(emptyId)).body.CustomColumns, []);
    const named = await columns(appId);
    assert.equal(named.body.Success, true);
    assert.deepEqual(named.body.CustomColumns, [
      'Customer',
      'LoanAmount',
      'InterestRate',
      'TermYears',
      'MonthlyPayment',
      'Approved',
      'Notes',
      'Quote!Fee',
    ]);
    const unknownUser = await h.post(
      '/Api/Sites/GetApplicationDataCustomColumns',
      { ApplicationId: appId, UserName: 'nobody' },
      me.token,
    );
    assert.deepEqual(unknownUser.body.Messages, ["The user 'nobody' does not exist on this site."]);
  });
});
