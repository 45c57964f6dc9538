/**
 * Saving records through GetResult and reading them back through GetRecord, GetRecordExtended
 * and DeleteRecord, over real loopback HTTP against a real server: users, sessions, concurrent
 * updates, impersonation, cross-site refusals and bad input.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { input, QUOTE_WORKBOOK } from '../records/quoteWorkbook.js';
import { type Harness, type Reply, startHarness, type TestClient } from '../server/harness.js';
import { assertSentence, INVALID_APP, INVALID_TOKEN } from './sitesHelpers.js';

const NOT_ALLOWED = 'This API client is not allowed to act for users.';

function failed(reply: Reply, message: string, invalidToken = false): void {
  assert.equal(reply.status, 200);
  assert.equal(reply.body.Success, false, JSON.stringify(reply.body));
  assert.equal(reply.body.InvalidToken, invalidToken);
  assert.deepEqual(reply.body.Messages, [message]);
}

function ok(reply: Reply): void {
  assert.equal(reply.status, 200);
  assert.equal(reply.body.Success, true, JSON.stringify(reply.body.Messages));
}

describe('records API: saving and reading records', () => {
  let h: Harness;
  let robot: TestClient; // allows impersonation
  let plain: TestClient; // does not
  let stranger: TestClient; // another site, allows impersonation
  let key: string; // restricted quote app of the default site
  let openKey: string; // unrestricted quote app
  let strangerKey: string;
  let strangerId: string;

  before(async () => {
    h = await startHarness();
    robot = await h.client({ allowImpersonation: true });
    plain = await h.client();
    const other = await h.server.store.createSite('Other');
    stranger = await h.client({ siteId: other.id, allowImpersonation: true });
    key = (await h.publish(QUOTE_WORKBOOK, { accessType: 1, name: 'Quotes' })).key;
    openKey = (await h.publish(QUOTE_WORKBOOK, { accessType: 0, name: 'Open quotes' })).key;
    const theirs = await h.publish(QUOTE_WORKBOOK, { siteId: other.id, accessType: 1 });
    strangerKey = theirs.key;
    strangerId = theirs.id;
    const store = h.server.store;
    await store.createUser({ siteId: h.siteId, userName: 'Ann' });
    await store.createUser({ siteId: h.siteId, userName: 'Bob' });
    await store.createUser({ siteId: h.siteId, userName: 'Gone', isActive: false });
    await store.createUser({ siteId: other.id, userName: 'Zed' });
  });
  after(async () => {
    await h.stop({ cleanup: true });
  });

  const save = (body: Record<string, unknown>, token: string | undefined = robot.token) =>
    h.post(
      '/Api/Applications/GetResult',
      { ApplicationKey: key, Outputs: ['MonthlyPayment'], ...body },
      token,
    );
  const getRecord = (RecordId: unknown, token = robot.token, extra: Record<string, unknown> = {}) =>
    h.post('/Api/Applications/GetRecord', { ApplicationKey: key, RecordId, ...extra }, token);
  const getExtended = (RecordId: unknown, token = robot.token, extra: Record<string, unknown> = {}) =>
    h.post('/Api/Applications/GetRecordExtended', { ApplicationKey: key, RecordId, ...extra }, token);
  const saveNew = async (amount: number, info: Record<string, unknown> = {}) => {
    const reply = await save({
      Inputs: [input('LoanAmount', amount)],
      SaveInformation: { Save: true, UserName: 'Ann', ...info },
    });
    ok(reply);
    return reply.body.RecordId as number;
  };

  test('Save inserts a record of every single-cell name and answers its RecordId', async () => {
    const reply = await save({
      Inputs: [input('LoanAmount', '300000'), input('Customer', 'Bea Ray')],
      SaveInformation: {
        Save: true,
        UserName: 'ann',
        SetRecordStatusIndex: 2,
        SetGroupId: '7',
        SetAssignedUserName: 'BOB',
      },
    });
    ok(reply);
    assert.deepEqual(reply.body.Messages, []);
    assert.ok(Number.isInteger(reply.body.RecordId) && reply.body.RecordId > 0);
    assert.equal(reply.body.Outputs[0].Value[0][0].Value, '1610.46486903642');

    const read = await getRecord(reply.body.RecordId, robot.token, { UserName: 'Bob' });
    ok(read);
    const data = read.body.Data;
    assert.equal(data.ID, String(reply.body.RecordId));
    assert.equal(data.UserName, 'Ann');
    assert.equal(data.CurrentStatusIndex, '2');
    assert.equal(data.GroupId, '7');
    assert.equal(data.AssignedUserName, 'Bob');
    assert.equal(data.EntryDate, data.LastUpdateDate);
    assert.ok(Math.abs(Date.parse(data.EntryDate) - Date.now()) < 60_000);
    assert.equal(data.LoanAmount, '300000');
    assert.equal(data.Customer, 'Bea Ray');
    assert.equal(data.MonthlyPayment, '1610.46486903642');
    assert.equal(data.InterestRate, '0.05');
    assert.equal(data.Approved, 'True');
    assert.equal(data.Notes, '');
    assert.equal(data['Quote!Fee'], '99');
    assert.equal(data.Schedule, undefined, 'multi-cell names are secondary tables, not fields');

    const extended = await getExtended(reply.body.RecordId);
    ok(extended);
    assert.deepEqual(extended.body.PrimaryTable, data);
    assert.deepEqual(extended.body.SecondaryTables, {
      Schedule: [
        { Items: { Column1: '1', Column2: '19325.58', Column3: 'Year 1' }, SequenceId: 1 },
        { Items: { Column1: '2', Column2: '38651.16', Column3: 'Year 2' }, SequenceId: 2 },
        { Items: { Column1: '3', Column2: '57976.74', Column3: 'Year 3' }, SequenceId: 3 },
      ],
    });
  });

  test('Save with RecordId updates the record; what the save does not set stays', async () => {
    const id = await saveNew(100000, { SetRecordStatusIndex: 1, SetGroupId: 3 });
    const before = (await getRecord(id)).body.Data;
    const reply = await save({
      Inputs: [input('LoanAmount', 150000)],
      SaveInformation: { Save: true, RecordId: String(id), UserName: 'Bob', SetRecordStatusIndex: 4 },
    });
    ok(reply);
    assert.equal(reply.body.RecordId, id);
    const after = (await getRecord(id)).body.Data;
    assert.equal(after.LoanAmount, '150000');
    assert.equal(after.UserName, 'Ann', 'the record keeps its owner');
    assert.equal(after.CurrentStatusIndex, '4');
    assert.equal(after.GroupId, '3');
    assert.equal(after.EntryDate, before.EntryDate);
    assert.ok(after.LastUpdateDate >= before.LastUpdateDate);
  });

  test('saving inside a dedicated session saves the session’s state', async () => {
    const opened = await h.post(
      '/Api/Applications/OpenDedicatedSession',
      { ApplicationKey: key },
      robot.token,
    );
    ok(opened);
    const SessionId = opened.body.SessionId;
    ok(await save({ SessionId, Inputs: [input('TermYears', 15)] }));
    const saved = await save({
      SessionId,
      Inputs: [input('LoanAmount', 50000)],
      SaveInformation: { Save: true },
    });
    ok(saved);
    const data = (await getRecord(saved.body.RecordId)).body.Data;
    assert.equal(data.TermYears, '15', 'the earlier call’s input is part of the session');
    assert.equal(data.LoanAmount, '50000');
    assert.equal(data.UserName, '');
    const again = await save({
      SessionId,
      Inputs: [input('Customer', 'Cy')],
      SaveInformation: { Save: true, RecordId: saved.body.RecordId },
    });
    ok(again);
    const updated = (await getRecord(saved.body.RecordId)).body.Data;
    assert.deepEqual([updated.Customer, updated.LoanAmount, updated.TermYears], ['Cy', '50000', '15']);
    ok(
      await h.post(
        '/Api/Applications/CloseDedicatedSession',
        { ApplicationKey: key, SessionId },
        robot.token,
      ),
    );
  });

  test('an unknown or inactive user, or an unknown record, is refused before calculating', async () => {
    const count = async () =>
      (await h.server.store.queryRecords(h.siteId, { applicationId: await appId(key), page: 0, pageSize: 1 }))
        .total;
    const before = await count();
    failed(
      await save({ SaveInformation: { Save: true, UserName: 'nobody' } }),
      "The user 'nobody' does not exist on this site.",
    );
    failed(
      await save({ SaveInformation: { Save: true, UserName: 'gone' } }),
      "The user 'Gone' is not active.",
    );
    failed(
      await save({ SaveInformation: { Save: true, SetAssignedUserName: 'Zed' } }),
      "The user 'Zed' does not exist on this site.",
    );
    failed(
      await save({ SaveInformation: { Save: true, RecordId: 987654 } }),
      'The record 987654 does not exist.',
    );
    failed(
      await save({ SaveInformation: { Save: true, RecordId: 3_000_000_000 } }),
      'The record 3000000000 does not exist.',
    );
    assert.equal(await count(), before);
  });

  test('concurrent updates of one record: each wins or is told; no save is silently lost', async () => {
    const id = await saveNew(1000);
    const amounts = [2001, 2002, 2003, 2004, 2005, 2006];
    const replies = await Promise.all(
      amounts.map((a) =>
        save({ Inputs: [input('LoanAmount', a)], SaveInformation: { Save: true, RecordId: id } }),
      ),
    );
    const won = amounts.filter((_, i) => replies[i]?.body.Success);
    for (const [i, r] of replies.entries()) {
      if (r.body.Success) continue;
      failed(r, `The record ${id} was changed by another save; reload it and try again.`);
      assert.ok(!won.includes(amounts[i] as number));
    }
    assert.ok(won.length >= 1);
    const record = await h.server.store.getRecord(h.siteId, await appId(key), id);
    assert.equal(record?.editCount, won.length, 'every success is one update, every refusal none');
    const amount = record?.fields.find((f) => f.name === 'LoanAmount')?.value;
    assert.ok(won.map(String).includes(amount as string), `${amount} is one of the winners ${won}`);
  });

  test('unrestricted applications save new records without a token, but only a token updates one', async () => {
    const inserted = await h.post('/Api/Applications/GetResult', {
      ApplicationKey: openKey,
      SaveInformation: { Save: true },
    });
    ok(inserted);
    const update = await h.post('/Api/Applications/GetResult', {
      ApplicationKey: openKey,
      SaveInformation: { Save: true, RecordId: inserted.body.RecordId },
    });
    failed(update, INVALID_TOKEN, true);
    ok(
      await h.post(
        '/Api/Applications/GetResult',
        { ApplicationKey: openKey, SaveInformation: { Save: true, RecordId: inserted.body.RecordId } },
        plain.token,
      ),
    );
  });

  test('GetRecord and GetRecordExtended need a client that allows impersonation', async () => {
    const id = await saveNew(5000);
    for (const read of [getRecord, getExtended]) {
      ok(await read(id));
      failed(await read(id, plain.token), NOT_ALLOWED);
      failed(
        await h.post('/Api/Applications/GetRecord', { ApplicationKey: key, RecordId: id }),
        INVALID_TOKEN,
        true,
      );
      failed(
        await read(id, robot.token, { UserName: 'nobody' }),
        "The user 'nobody' does not exist on this site.",
      );
      failed(await read(id, robot.token, { UserName: 'Gone' }), "The user 'Gone' is not active.");
    }
    const anonymous = await h.post('/Api/Applications/GetRecordExtended', {
      ApplicationKey: key,
      RecordId: id,
    });
    failed(anonymous, INVALID_TOKEN, true);
    assert.equal(anonymous.body.PrimaryTable, null);
  });

  test('nothing of a site is reachable with another site’s token, for every records method', async () => {
    const id = await saveNew(7000);
    const appIdOfKey = await appId(key);
    // The other site's token on this site's application: the application does not exist for it.
    failed(await getRecord(id, stranger.token), INVALID_APP);
    failed(await getExtended(id, stranger.token), INVALID_APP);
    failed(
      await h.post('/Api/Sites/DeleteRecord', { ApplicationKey: key, RecordId: id }, stranger.token),
      INVALID_APP,
    );
    failed(
      await h.post('/Api/Sites/GetApplicationData', { ApplicationId: appIdOfKey }, stranger.token),
      INVALID_APP,
    );
    failed(
      await h.post(
        '/Api/Sites/GetApplicationDataCustomColumns',
        { ApplicationId: appIdOfKey },
        stranger.token,
      ),
      INVALID_APP,
    );
    failed(await save({ SaveInformation: { Save: true, RecordId: id } }, stranger.token), INVALID_APP);
    failed(
      await h.post(
        '/Api/Applications/GetResult',
        { ApplicationKey: openKey, SaveInformation: { Save: true } },
        stranger.token,
      ),
      INVALID_APP,
    );
    // Record ids are global numbers: through its own application, the other site still finds nothing.
    const theirs = { ApplicationKey: strangerKey, RecordId: id };
    failed(
      await h.post('/Api/Applications/GetRecord', theirs, stranger.token),
      `The record ${id} does not exist.`,
    );
    failed(
      await h.post('/Api/Applications/GetRecordExtended', theirs, stranger.token),
      `The record ${id} does not exist.`,
    );
    failed(
      await h.post('/Api/Sites/DeleteRecord', theirs, stranger.token),
      `The record ${id} does not exist.`,
    );
    failed(
      await h.post(
        '/Api/Applications/GetResult',
        { ApplicationKey: strangerKey, SaveInformation: { Save: true, RecordId: id } },
        stranger.token,
      ),
      `The record ${id} does not exist.`,
    );
    // Users are per site too.
    failed(
      await h.post(
        '/Api/Applications/GetResult',
        { ApplicationKey: strangerKey, SaveInformation: { Save: true, UserName: 'Ann' } },
        stranger.token,
      ),
      "The user 'Ann' does not exist on this site.",
    );
    const listed = await h.post(
      '/Api/Sites/GetApplicationData',
      { ApplicationId: strangerId },
      stranger.token,
    );
    ok(listed);
    assert.ok(listed.body.RecordList.every((r: { RecordId: number }) => r.RecordId !== id));
    ok(await getRecord(id)); // still there for its own site
  });

  test('DeleteRecord deletes; afterwards the record does not exist', async () => {
    const id = await saveNew(9000);
    ok(await h.post('/Api/Sites/DeleteRecord', { ApplicationKey: key, RecordId: id }, plain.token));
    failed(await getRecord(id), `The record ${id} does not exist.`);
    failed(
      await h.post('/Api/Sites/DeleteRecord', { ApplicationKey: key, RecordId: id }, plain.token),
      `The record ${id} does not exist.`,
    );
    failed(await save({ SaveInformation: { Save: true, RecordId: id } }), `The record ${id} does not exist.`);
    failed(
      await h.post('/Api/Sites/DeleteRecord', { ApplicationKey: key, RecordId: id }),
      INVALID_TOKEN,
      true,
    );
  });

  test('bad input gets one clear sentence', async () => {
    const cases: [Promise<Reply>, string][] = [
      [getRecord('abc'), "The property 'RecordId' must be an integer of at least 1."],
      [getRecord(0), "The property 'RecordId' must be an integer of at least 1."],
      [getRecord(1.5), "The property 'RecordId' must be an integer of at least 1."],
      [
        h.post('/Api/Applications/GetRecord', { ApplicationKey: key }, robot.token),
        "The required property 'RecordId' is missing.",
      ],
      [getRecord(2_147_483_648), 'The record 2147483648 does not exist.'],
      [
        save({ SaveInformation: { Save: true, RecordId: 'twelve' } }),
        "The property 'SaveInformation.RecordId' must be an integer of at least 1.",
      ],
      [
        save({ SaveInformation: { Save: 'yes' } }),
        "The property 'SaveInformation.Save' must be true or false.",
      ],
      [
        save({ SaveInformation: { Save: true, SetGroupId: -1 } }),
        "The property 'SaveInformation.SetGroupId' must be an integer from 0 to 2147483647.",
      ],
      [
        save({ SaveInformation: { Save: true, SetRecordStatusIndex: 5_000_000_000 } }),
        "The property 'SaveInformation.SetRecordStatusIndex' must be an integer from 0 to 2147483647.",
      ],
      [
        h.post('/Api/Sites/DeleteRecord', { ApplicationKey: key, RecordId: [1] }, robot.token),
        "The property 'RecordId' must be an integer of at least 1.",
      ],
    ];
    for (const [reply, message] of cases) {
      const r = await reply;
      failed(r, message);
      assertSentence(r.body.Messages[0]);
    }
  });

  test('a name spelled like a system field is left out, with a notice', async () => {
    const spoof = {
      ...QUOTE_WORKBOOK,
      definedNames: [...(QUOTE_WORKBOOK.definedNames ?? []), { name: 'UserName', formula: 'Quote!$B$1' }],
    };
    const { key: spoofKey } = await h.publish(spoof, { accessType: 1 });
    const reply = await h.post(
      '/Api/Applications/GetResult',
      { ApplicationKey: spoofKey, SaveInformation: { Save: true, UserName: 'Ann' } },
      robot.token,
    );
    ok(reply);
    assert.deepEqual(reply.body.Messages, [
      "The name 'UserName' has the name of a system field and was not saved in the record.",
    ]);
    const data = (
      await h.post(
        '/Api/Applications/GetRecord',
        { ApplicationKey: spoofKey, RecordId: reply.body.RecordId },
        robot.token,
      )
    ).body.Data;
    assert.equal(data.UserName, 'Ann');
  });

  test('a name over 10,000 cells is left out, with a notice', async () => {
    const wide = {
      ...QUOTE_WORKBOOK,
      definedNames: [
        ...(QUOTE_WORKBOOK.definedNames ?? []),
        { name: 'WholeColumn', formula: 'Quote!$H$1:$I$5001' },
      ],
    };
    const { key: wideKey } = await h.publish(wide, { accessType: 1 });
    const reply = await h.post(
      '/Api/Applications/GetResult',
      { ApplicationKey: wideKey, SaveInformation: { Save: true } },
      robot.token,
    );
    ok(reply);
    assert.deepEqual(reply.body.Messages, [
      "The name 'WholeColumn' covers more than 10,000 cells and was not saved.",
    ]);
    const extended = await h.post(
      '/Api/Applications/GetRecordExtended',
      { ApplicationKey: wideKey, RecordId: reply.body.RecordId },
      robot.token,
    );
    assert.deepEqual(Object.keys(extended.body.SecondaryTables), ['Schedule']);
    assert.equal(extended.body.PrimaryTable.LoanAmount, '200000');
  });

  async function appId(applicationKey: string): Promise<string> {
    const app = await h.server.store.getApplicationByKey(applicationKey, null);
    assert.ok(app);
    return app.id;
  }
});
