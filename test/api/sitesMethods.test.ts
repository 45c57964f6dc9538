/** `/Api/Sites/*` application methods (spec §9) through real loopback HTTP, SQLite and workers. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type BuildSpec, buildXlsx } from '../../src/workbook/xlsxBuilder.js';
import { type Harness, LOAN_WORKBOOK, startHarness, type TestClient } from '../server/harness.js';
import {
  appCount,
  assertFailure,
  assertSentence,
  assertSuccess,
  b64,
  createApp,
  EMPTY_GUID,
  INVALID_APP,
  INVALID_TOKEN,
} from './sitesHelpers.js';

/** The loan workbook over 15 years instead of 30: a second version that calculates differently. */
const LOAN_15_YEARS: BuildSpec = {
  ...LOAN_WORKBOOK,
  sheets: LOAN_WORKBOOK.sheets.map((s) => ({
    ...s,
    cells: {
      ...s.cells,
      B3: 15,
      B4: { formula: '-PMT(B2/12,B3*12,B1)', value: 1581.58734593795, numFmt: '#,##0.00' },
      B5: { formula: 'B4*B3*12', value: 284685.722268831, numFmt: '#,##0.00' },
    },
  })),
};

/** Excel's PMT for a monthly loan, as the workbook computes it. */
const payment = (amount: number, rate: number, years: number): number =>
  ((rate / 12) * amount) / (1 - (1 + rate / 12) ** -(years * 12));

describe('/Api/Sites/* applications', () => {
  let h: Harness;
  let site1: TestClient;

  before(async () => {
    h = await startHarness();
    site1 = await h.client();
  });
  after(async () => {
    await h?.stop({ cleanup: true });
  });

  const create = (token: string, props: Record<string, unknown> = {}) => createApp(h, token, props);
  const count = () => appCount(h);
  const monthlyPayment = async (key: string, token: string, extra: Record<string, unknown> = {}) => {
    const reply = await h.post(
      '/Api/Applications/GetResult',
      {
        ApplicationKey: key,
        Inputs: [{ Ref: 'LoanAmount', Value: [[{ Value: 300000 }]] }],
        Outputs: ['MonthlyPayment'],
        ...extra,
      },
      token,
    );
    assertSuccess(reply);
    return Number(reply.body.Outputs[0].Value[0][0].Value);
  };

  test('CreateApplication publishes version 1, and the application calculates', async () => {
    const reply = await create(site1.token, { ApplicationName: '  Loan calculator  ', Notes: 'Q3' });
    assertSuccess(reply);
    assert.deepEqual(reply.body.Messages, [], 'the loan workbook matches its saved values');
    assert.match(reply.body.ApplicationKey, /^[0-9a-f]{32}$/);
    assert.match(reply.body.ApplicationId, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.equal(reply.body.FileVersion, 1);

    const app = await h.server.store.getApplicationById(h.siteId, reply.body.ApplicationId);
    assert.equal(app?.name, 'Loan calculator', 'the name is trimmed');
    assert.equal(app?.accessType, 1, 'Restricted unless asked otherwise');
    assert.equal(app?.notes, 'Q3');

    const value = await monthlyPayment(reply.body.ApplicationKey, site1.token);
    assert.ok(Math.abs(value - payment(300000, 0.05, 30)) < 1e-8, String(value));
  });

  test('publish warnings (engine vs Excel’s saved values) go into Messages; Success stays true', async () => {
    const wrong: BuildSpec = {
      sheets: [
        {
          name: 'Sheet1',
          cells: { A1: 21, B1: { formula: 'A1*2', value: 999 }, C1: { formula: 'A1+1', value: 22 } },
        },
      ],
    };
    const reply = await create(site1.token, {
      ApplicationName: 'Wrong cache',
      FileContent: b64(buildXlsx(wrong)),
    });
    assertSuccess(reply);
    const messages: string[] = reply.body.Messages;
    for (const m of messages) assertSentence(m);
    assert.ok(
      messages.includes('1 of 2 formula cells match the values Excel saved in the file.'),
      messages.join('\n'),
    );
    assert.ok(
      messages.some((m) => /B1 \(=A1\*2\) differs from Excel's saved value\./.test(m)),
      messages.join('\n'),
    );
    assert.ok(await h.server.store.getApplicationById(h.siteId, reply.body.ApplicationId), 'it is published');
  });

  test('UpdateApplication publishes version 2; DownloadExcelFile returns each version byte for byte', async () => {
    const v1 = buildXlsx(LOAN_WORKBOOK);
    const v2 = buildXlsx(LOAN_15_YEARS);
    const created = await create(site1.token, {
      ApplicationName: 'Versions',
      FileName: 'v1.xlsx',
      FileContent: b64(v1),
    });
    const id: string = created.body.ApplicationId;
    const key: string = created.body.ApplicationKey;

    const updated = await h.post(
      '/Api/Sites/UpdateApplication',
      { ApplicationId: id.toUpperCase(), FileName: 'v2.xlsx', FileContent: b64(v2) },
      site1.token,
    );
    assertSuccess(updated);
    assert.deepEqual(
      { key: updated.body.ApplicationKey, id: updated.body.ApplicationId, version: updated.body.FileVersion },
      { key, id, version: 2 },
    );

    const download = (props: Record<string, unknown>) =>
      h.post('/Api/Sites/DownloadExcelFile', { ApplicationId: id, ...props }, site1.token);
    const d1 = await download({ FileVersion: 1 });
    assertSuccess(d1);
    assert.equal(d1.body.ApplicationId, id);
    assert.equal(d1.body.Name, 'v1.xlsx');
    assert.ok(Buffer.from(d1.body.FileContents, 'base64').equals(Buffer.from(v1)));
    const d2 = await download({ FileVersion: '2' });
    assert.equal(d2.body.Name, 'v2.xlsx');
    assert.ok(Buffer.from(d2.body.FileContents, 'base64').equals(Buffer.from(v2)));
    const latest = await download({});
    assert.equal(latest.body.FileContents, d2.body.FileContents, 'no FileVersion: the latest');
    assertFailure(await download({ FileVersion: 3 }), 'The requested file version does not exist.');

    // Both versions calculate: the latest by default, the earlier one through FileVersion.
    assert.ok(Math.abs((await monthlyPayment(key, site1.token)) - payment(300000, 0.05, 15)) < 1e-8);
    const old = await monthlyPayment(key, site1.token, { FileVersion: 1 });
    assert.ok(Math.abs(old - payment(300000, 0.05, 30)) < 1e-8);

    // Metadata only: the version stays; a new file without FileName keeps the previous name.
    const renamed = await h.post(
      '/Api/Sites/UpdateApplication',
      { ApplicationId: id, ApplicationName: 'Renamed', AccessType: '0' },
      site1.token,
    );
    assertSuccess(renamed);
    assert.equal(renamed.body.FileVersion, 2);
    const app = await h.server.store.getApplicationById(h.siteId, id);
    assert.deepEqual([app?.name, app?.accessType, app?.notes], ['Renamed', 0, '']);
    const v3 = await h.post(
      '/Api/Sites/UpdateApplication',
      { ApplicationId: id, FileContent: b64(v1) },
      site1.token,
    );
    assert.equal(v3.body.FileVersion, 3);
    assert.equal((await download({})).body.Name, 'v2.xlsx');
  });

  test('DeleteApplication removes the application, its versions and sessions; its key is then invalid', async () => {
    const created = await create(site1.token, { ApplicationName: 'Doomed' });
    const { ApplicationId: id, ApplicationKey: key } = created.body;
    const opened = await h.post(
      '/Api/Applications/OpenDedicatedSession',
      { ApplicationKey: key },
      site1.token,
    );
    assertSuccess(opened);
    const modelsBefore = (await h.server.compute.stats()).sessions;

    const deleted = await h.post('/Api/Sites/DeleteApplication', { ApplicationId: id }, site1.token);
    assertSuccess(deleted);
    assert.equal((await h.server.compute.stats()).sessions, modelsBefore - 1, 'its session model is freed');
    assert.deepEqual(deleted.body.Messages, []);

    assertFailure(
      await h.post(
        '/Api/Applications/GetResult',
        { ApplicationKey: key, Outputs: ['MonthlyPayment'] },
        site1.token,
      ),
      INVALID_APP,
    );
    assert.equal(await h.server.store.getSession(opened.body.SessionId), null, 'its sessions are gone');
    assert.equal(await h.server.store.getVersionBytes(id, 1), null, 'its files are gone');
    assertFailure(
      await h.post('/Api/Sites/DeleteApplication', { ApplicationId: id }, site1.token),
      INVALID_APP,
    );
    assertFailure(
      await h.post('/Api/Sites/DownloadExcelFile', { ApplicationId: id }, site1.token),
      INVALID_APP,
    );
    const updated = await h.post(
      '/Api/Sites/UpdateApplication',
      { ApplicationId: id, Notes: 'x' },
      site1.token,
    );
    assertFailure(updated, INVALID_APP);
    assert.equal(updated.body.ApplicationKey, null);
    assert.equal(updated.body.ApplicationId, EMPTY_GUID);
    const list = await h.post('/Api/Sites/GetApplicationList', {}, site1.token);
    assert.ok(!list.body.ApplicationList.some((a: { ApplicationId: string }) => a.ApplicationId === id));
  });

  test('everything is scoped to the token’s site', async () => {
    const mine = (await create(site1.token, { ApplicationName: 'Site one only' })).body;
    const other = await h.server.store.createSite('Other');
    const site2 = await h.client({ siteId: other.id });

    // A named user must exist in the caller's site (see usersMethods.test.ts).
    await h.server.store.createUser({ siteId: other.id, userName: 'someone' });
    const list2 = await h.post('/Api/Sites/GetApplicationList', { UserName: 'someone' }, site2.token);
    assertSuccess(list2);
    assert.deepEqual(list2.body.ApplicationList, []);

    const id = mine.ApplicationId;
    const attempts = [
      ['UpdateApplication', { ApplicationId: id, ApplicationName: 'Hijacked' }],
      ['UpdateApplication', { ApplicationId: id, FileContent: b64(buildXlsx(LOAN_15_YEARS)) }],
      ['DeleteApplication', { ApplicationId: id }],
      ['DownloadExcelFile', { ApplicationId: id }],
    ] as const;
    for (const [method, body] of attempts) {
      assertFailure(await h.post(`/Api/Sites/${method}`, body, site2.token), INVALID_APP);
    }
    const app = await h.server.store.getApplicationById(h.siteId, id);
    assert.deepEqual([app?.name, app?.latestVersion], ['Site one only', 1], 'untouched');

    const theirs = (await create(site2.token, { ApplicationName: 'Site two' })).body;
    const list1 = await h.post('/Api/Sites/GetApplicationList', {}, site1.token);
    const names = list1.body.ApplicationList.map((a: { ApplicationName: string }) => a.ApplicationName);
    assert.ok(names.includes('Site one only') && !names.includes('Site two'), names.join(', '));
    const ids = list1.body.ApplicationList.map((a: { ApplicationId: string }) => a.ApplicationId);
    assert.ok(!ids.includes(theirs.ApplicationId));

    const entry = list1.body.ApplicationList.find((a: { ApplicationId: string }) => a.ApplicationId === id);
    assert.deepEqual(
      { ...entry, Created: undefined, LastUpdated: undefined },
      {
        ApplicationId: id,
        ApplicationName: 'Site one only',
        ApplicationType: 'Web Service',
        ApplicationKey: mine.ApplicationKey,
        AccessType: 1,
        FileVersion: 1,
        Notes: '',
        Created: undefined,
        LastUpdated: undefined,
      },
    );
    assert.match(entry.LastUpdated, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  test('every method needs a token', async () => {
    const methods = [
      'CreateApplication',
      'UpdateApplication',
      'DeleteApplication',
      'GetApplicationList',
      'DownloadExcelFile',
    ];
    const before = await count();
    for (const method of methods) {
      for (const token of [undefined, 'not-a-real-token']) {
        const reply = await h.post(
          `/api/sites/${method.toLowerCase()}`,
          { ApplicationName: 'x', FileName: 'x.xlsx', FileContent: b64(buildXlsx(LOAN_WORKBOOK)) },
          token,
        );
        assert.equal(reply.status, 200);
        assert.deepEqual(
          {
            Success: reply.body.Success,
            InvalidToken: reply.body.InvalidToken,
            Messages: reply.body.Messages,
          },
          { Success: false, InvalidToken: true, Messages: [INVALID_TOKEN] },
          method,
        );
      }
    }
    assert.equal(await count(), before);
  });
});
