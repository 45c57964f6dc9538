/**
 * Spec §3: a token of site S never reaches applications, sessions, records or users of another
 * site. Two sites, each with its own client, applications (restricted and unrestricted), open
 * session and user; every wire method is called with site B's token on site A's things.
 *
 * Table-driven: a new method is one row in CASES. A row's `body` aims at A's things (B's own
 * are given for mixed requests such as B's key with A's SessionId); `expect` is the exact
 * message B gets, or a check of a successful answer that must stay inside B. Unless `control`
 * says otherwise, the same request with A's token must then succeed, so a row fails when its
 * body is wrong rather than passing for the wrong reason. A test also checks that every served
 * method has a row.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { apiSurfaces } from '../../src/api/surfaces.js';
import { buildXlsx } from '../../src/workbook/xlsxBuilder.js';
import { type Harness, LOAN_WORKBOOK, type Reply, startHarness } from '../server/harness.js';
import { assertFailure, assertSuccess, b64, INVALID_APP } from './sitesHelpers.js';

const INVALID_SESSION = 'The requested session is invalid.';
const unknownUser = (name: string) => `The user '${name}' does not exist on this site.`;

/** One site's things. */
interface World {
  readonly siteId: string;
  readonly token: string;
  /** A Restricted application. */
  readonly key: string;
  readonly id: string;
  /** An Unrestricted application. */
  readonly openKey: string;
  readonly openId: string;
  /** A dedicated session on `key`, opened by this site's client. */
  readonly sessionId: string;
  readonly userName: string;
  /** A second user, whose name B creates for itself. */
  readonly otherUserName: string;
  /** A record saved on `key`. */
  readonly recordId: number;
}

/** How a row's request with B's token must end. */
type Expect = string | ((reply: Reply, a: World, b: World, h: Harness) => Promise<void>);

interface IsolationCase {
  /** `Surface/Method`, e.g. `Applications/GetResult`. */
  readonly method: string;
  /** Tells rows of one method apart. */
  readonly label?: string;
  readonly body: (a: World, b: World) => Record<string, unknown>;
  readonly expect: Expect;
  /**
   * The same request with A's token: `now` (default) must succeed right after B's rows;
   * `last` succeeds too but changes A's things, so it runs after every other control, in
   * table order; `none` for rows whose request is not meant for A at all.
   */
  readonly control?: 'now' | 'last' | 'none';
}

const cell = (v: unknown) => [[{ Value: v }]];
const calc = { Inputs: [{ Ref: 'LoanAmount', Value: cell(123456) }], Outputs: ['MonthlyPayment'] };
const batch = { Requests: [{ Id: 1, Request: calc }] };
const noRecord = (reply: Reply, a: World) => {
  assertFailure(reply, `The record ${a.recordId} does not exist.`);
  return Promise.resolve();
};

const CASES: readonly IsolationCase[] = [
  // --- /Api/Applications/* ---------------------------------------------------------------
  {
    method: 'Applications/GetResult',
    body: (a) => ({ ApplicationKey: a.key, ...calc }),
    expect: INVALID_APP,
  },
  {
    method: 'Applications/GetResult',
    label: 'unrestricted',
    body: (a) => ({ ApplicationKey: a.openKey, ...calc }),
    expect: INVALID_APP,
  },
  {
    method: 'Applications/GetResult',
    label: 'A’s session',
    body: (a) => ({ ApplicationKey: a.key, SessionId: a.sessionId, ...calc }),
    expect: INVALID_APP,
  },
  {
    method: 'Applications/GetResult',
    label: 'B’s key, A’s session',
    body: (a, b) => ({ ApplicationKey: b.key, SessionId: a.sessionId, ...calc }),
    expect: INVALID_SESSION,
    control: 'none',
  },
  {
    method: 'Applications/GetBatchResults',
    body: (a) => ({ ApplicationKey: a.key, ...batch }),
    expect: INVALID_APP,
  },
  {
    method: 'Applications/GetBatchResults',
    label: 'unrestricted',
    body: (a) => ({ ApplicationKey: a.openKey, ...batch }),
    expect: INVALID_APP,
  },
  {
    method: 'Applications/GetBatchResults',
    label: 'B’s key, A’s session',
    body: (a, b) => ({ ApplicationKey: b.key, SessionId: a.sessionId, ...batch }),
    expect: INVALID_SESSION,
    control: 'none',
  },
  {
    method: 'Applications/OpenDedicatedSession',
    body: (a) => ({ ApplicationKey: a.key }),
    expect: INVALID_APP,
  },
  {
    method: 'Applications/OpenDedicatedSession',
    label: 'unrestricted',
    body: (a) => ({ ApplicationKey: a.openKey }),
    expect: INVALID_APP,
  },
  {
    method: 'Applications/CloseDedicatedSession',
    body: (a) => ({ ApplicationKey: a.key, SessionId: a.sessionId }),
    expect: INVALID_APP,
    control: 'last',
  },
  {
    method: 'Applications/CloseDedicatedSession',
    label: 'B’s key, A’s session',
    body: (a, b) => ({ ApplicationKey: b.key, SessionId: a.sessionId }),
    expect: INVALID_SESSION,
    control: 'none',
  },
  {
    method: 'Applications/GenerateNamedRangeInformation',
    body: (a) => ({ ApplicationKey: a.key }),
    expect: INVALID_APP,
  },
  {
    method: 'Applications/GenerateNamedRangeInformation',
    label: 'unrestricted',
    body: (a) => ({ ApplicationKey: a.openKey }),
    expect: INVALID_APP,
  },
  {
    method: 'Applications/GetLastUpdatedDate',
    body: (a) => ({ ApplicationKey: a.key }),
    expect: INVALID_APP,
  },
  {
    method: 'Applications/GetLastUpdatedDate',
    label: 'unrestricted',
    body: (a) => ({ ApplicationKey: a.openKey }),
    expect: INVALID_APP,
  },

  // --- records (records ids are global numbers: B's own application must not find A's) ---------
  {
    method: 'Applications/GetResult',
    label: 'saving into A’s record',
    body: (a) => ({ ApplicationKey: a.key, ...calc, SaveInformation: { Save: true, RecordId: a.recordId } }),
    expect: INVALID_APP,
  },
  {
    method: 'Applications/GetResult',
    label: 'B’s key, A’s record',
    body: (a, b) => ({
      ApplicationKey: b.key,
      ...calc,
      SaveInformation: { Save: true, RecordId: a.recordId },
    }),
    expect: noRecord,
    control: 'none',
  },
  {
    method: 'Applications/GetResult',
    label: 'saving for A’s user',
    body: (a, b) => ({
      ApplicationKey: b.key,
      ...calc,
      SaveInformation: { Save: true, UserName: a.userName },
    }),
    expect: unknownUser('alice'),
    control: 'none',
  },
  {
    method: 'Applications/GetRecord',
    body: (a) => ({ ApplicationKey: a.key, RecordId: a.recordId }),
    expect: INVALID_APP,
  },
  {
    method: 'Applications/GetRecord',
    label: 'B’s key, A’s record',
    body: (a, b) => ({ ApplicationKey: b.key, RecordId: a.recordId }),
    expect: noRecord,
    control: 'none',
  },
  {
    method: 'Applications/GetRecordExtended',
    body: (a) => ({ ApplicationKey: a.key, RecordId: a.recordId }),
    expect: INVALID_APP,
  },
  {
    method: 'Applications/GetRecordExtended',
    label: 'B’s key, A’s record',
    body: (a, b) => ({ ApplicationKey: b.key, RecordId: a.recordId }),
    expect: noRecord,
    control: 'none',
  },
  {
    method: 'Sites/GetApplicationData',
    body: (a) => ({ ApplicationId: a.id }),
    expect: INVALID_APP,
  },
  {
    method: 'Sites/GetApplicationData',
    label: 'A’s user',
    body: (a, b) => ({ ApplicationId: b.id, UserName: a.userName }),
    expect: unknownUser('alice'),
    control: 'none',
  },
  {
    method: 'Sites/GetApplicationDataCustomColumns',
    body: (a) => ({ ApplicationId: a.id }),
    expect: INVALID_APP,
  },
  {
    method: 'Sites/DeleteRecord',
    body: (a) => ({ ApplicationKey: a.key, RecordId: a.recordId }),
    expect: INVALID_APP,
    control: 'last',
  },
  {
    method: 'Sites/DeleteRecord',
    label: 'B’s key, A’s record',
    body: (a, b) => ({ ApplicationKey: b.key, RecordId: a.recordId }),
    expect: noRecord,
    control: 'none',
  },

  // --- /Api/Sites/* applications -------------------------------------------------------------
  {
    method: 'Sites/CreateApplication',
    body: () => ({
      ApplicationName: 'Made by B',
      FileName: 'b.xlsx',
      FileContent: b64(buildXlsx(LOAN_WORKBOOK)),
    }),
    expect: async (reply, a, b, h) => {
      assertSuccess(reply);
      assert.equal(await h.server.store.getApplicationById(a.siteId, reply.body.ApplicationId), null);
      assert.ok(await h.server.store.getApplicationById(b.siteId, reply.body.ApplicationId), 'created in B');
    },
    control: 'none',
  },
  {
    method: 'Sites/UpdateApplication',
    body: (a) => ({ ApplicationId: a.id, ApplicationName: 'Hijacked' }),
    expect: INVALID_APP,
  },
  {
    method: 'Sites/UpdateApplication',
    label: 'new file',
    body: (a) => ({ ApplicationId: a.openId, FileContent: b64(buildXlsx(LOAN_WORKBOOK)) }),
    expect: INVALID_APP,
  },
  {
    method: 'Sites/DeleteApplication',
    body: (a) => ({ ApplicationId: a.id }),
    expect: INVALID_APP,
    control: 'last',
  },
  {
    method: 'Sites/GetApplicationList',
    body: () => ({}),
    expect: async (reply, a, b) => {
      assertSuccess(reply);
      const ids = reply.body.ApplicationList.map((x: { ApplicationId: string }) => x.ApplicationId);
      assert.ok(ids.includes(b.id) && !ids.includes(a.id) && !ids.includes(a.openId), ids.join(', '));
    },
  },
  {
    method: 'Sites/GetApplicationList',
    label: 'A’s user',
    body: (a) => ({ UserName: a.userName }),
    expect: unknownUser('alice'),
  },
  { method: 'Sites/DownloadExcelFile', body: (a) => ({ ApplicationId: a.id }), expect: INVALID_APP },

  // --- /Api/Sites/* users ---------------------------------------------------------------------
  {
    method: 'Sites/CreateUser',
    label: 'a name A has is free in B',
    body: (a) => ({ UserName: a.otherUserName.toUpperCase(), LastName: 'In B' }),
    expect: async (reply, a, b, h) => {
      assertSuccess(reply);
      const inB = await h.server.store.getUserByName(b.siteId, a.otherUserName);
      const inA = await h.server.store.getUserByName(a.siteId, a.otherUserName);
      assert.equal(inB?.id, reply.body.UserId);
      assert.ok(inA && inA.id !== reply.body.UserId && inA.lastName === '', 'A’s user is another, untouched');
    },
    control: 'none',
  },
  {
    method: 'Sites/UpdateUser',
    body: (a) => ({ UserName: a.userName, LastName: 'Hijacked', IsActive: false }),
    expect: unknownUser('alice'),
  },
  {
    method: 'Sites/DeleteUser',
    body: (a) => ({ UserName: a.userName }),
    expect: unknownUser('alice'),
    control: 'last',
  },
];

/** Methods no site owns: getting a token. */
const SITELESS = new Set(['/Api/Auth/GetToken', '/connect/token']);

describe('site isolation: a token of site B never reaches site A', () => {
  let h: Harness;
  let a: World;
  let b: World;

  async function world(name: string, userName: string): Promise<World> {
    const site = await h.server.store.createSite(name);
    // Impersonation, so that A's own GetRecord controls succeed.
    const client = await h.client({ siteId: site.id, allowImpersonation: true });
    const restricted = await h.publish(LOAN_WORKBOOK, {
      siteId: site.id,
      name: `${name} restricted`,
      accessType: 1,
    });
    const open = await h.publish(LOAN_WORKBOOK, { siteId: site.id, name: `${name} open`, accessType: 0 });
    const opened = await h.post(
      '/Api/Applications/OpenDedicatedSession',
      { ApplicationKey: restricted.key },
      client.token,
    );
    assertSuccess(opened);
    assert.ok(await h.server.store.createUser({ siteId: site.id, userName, firstName: name }));
    const otherUserName = `${userName}-colleague`;
    assert.ok(await h.server.store.createUser({ siteId: site.id, userName: otherUserName }));
    const saved = await h.post(
      '/Api/Applications/GetResult',
      { ApplicationKey: restricted.key, ...calc, SaveInformation: { Save: true, UserName: userName } },
      client.token,
    );
    assertSuccess(saved);
    return {
      siteId: site.id,
      token: client.token,
      key: restricted.key,
      id: restricted.id,
      openKey: open.key,
      openId: open.id,
      sessionId: opened.body.SessionId,
      userName,
      otherUserName,
      recordId: saved.body.RecordId,
    };
  }

  /** Everything of A that B's calls could change. */
  async function snapshot(w: World) {
    const store = h.server.store;
    return {
      apps: await store.listApplications(w.siteId),
      session: await store.getSession(w.sessionId),
      inputs: await store.listSessionInputs(w.sessionId),
      user: await store.getUserByName(w.siteId, w.userName),
      other: await store.getUserByName(w.siteId, w.otherUserName),
      record: await store.getRecord(w.siteId, w.id, w.recordId),
    };
  }

  before(async () => {
    h = await startHarness();
    a = await world('A', 'alice');
    b = await world('B', 'bob');
  });
  after(async () => {
    await h?.stop({ cleanup: true });
  });

  const rows = CASES;
  const title = (c: IsolationCase) => `${c.method}${c.label ? ` (${c.label})` : ''}`;
  const call = (c: IsolationCase, token: string) => h.post(`/Api/${c.method}`, c.body(a, b), token);

  test('every served method has a row', () => {
    const served = apiSurfaces.flatMap((s) => s.methods.map((m) => m.path)).filter((p) => !SITELESS.has(p));
    const covered = new Set(rows.map((c) => `/Api/${c.method}`));
    const missing = served.filter((p) => !covered.has(p));
    assert.deepEqual(
      missing,
      [],
      `add a row to CASES in test/api/siteIsolation.test.ts for: ${missing.join(', ')}`,
    );
  });

  test('B’s token gets the exact answer for every row, and A’s things are untouched', async (t) => {
    const before = await snapshot(a);
    for (const c of rows) {
      const reply = await call(c, b.token);
      await t.test(title(c), async () => {
        if (typeof c.expect === 'string') assertFailure(reply, c.expect);
        else await c.expect(reply, a, b, h);
      });
    }
    assert.deepEqual(await snapshot(a), before);
  });

  test('the same requests with A’s token succeed (the rows aim at real things)', async () => {
    const now = rows.filter((c) => (c.control ?? 'now') === 'now');
    const last = rows.filter((c) => c.control === 'last');
    for (const c of [...now, ...last]) {
      const reply = await call(c, a.token);
      assert.equal(reply.body.Success, true, `${title(c)}: ${JSON.stringify(reply.body.Messages)}`);
    }
    assert.equal(
      await h.server.store.getApplicationById(a.siteId, a.id),
      null,
      'A deleted its own application',
    );
  });
});
