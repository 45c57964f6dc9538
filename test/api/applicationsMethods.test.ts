/**
 * `/Api/Applications/*` through real loopback HTTP against a real server (SQLite, worker threads):
 * calculations, goal seek, batches, metadata, access rules and dedicated sessions.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Harness, LOAN_WORKBOOK, startHarness, type TestClient } from '../server/harness.js';

const INVALID_TOKEN = 'The requested resource is restricted and your request did not provide a valid token.';
const INVALID_APP = 'The requested application is invalid.';
const INVALID_SESSION = 'The requested session is invalid.';
const ZERO_GUID = '00000000-0000-0000-0000-000000000000';

const cell = (value: unknown) => [[{ Value: value }]];

describe('applications API', () => {
  let h: Harness;
  let me: TestClient;
  let open: string; // unrestricted loan app
  let restricted: string;

  before(async () => {
    h = await startHarness();
    me = await h.client();
    open = (await h.publish(LOAN_WORKBOOK, { accessType: 0 })).key;
    restricted = (await h.publish(LOAN_WORKBOOK, { accessType: 1 })).key;
  });
  after(async () => {
    await h.stop({ cleanup: true });
  });

  describe('GetResult', () => {
    test('a SpreadsheetWeb client reads Outputs[i].Value[0][0].Value and .Text', async () => {
      const res = await h.post('/Api/Applications/GetResult', {
        ApplicationKey: open,
        Inputs: [
          { Ref: 'LoanAmount', Value: cell('300000') },
          { Ref: 'InterestRate', Value: cell('6%') },
        ],
        Outputs: ['TotalPaid', 'MonthlyPayment'],
      });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('cache-control'), 'no-cache, no-store');
      assert.equal(res.body.Success, true);
      assert.deepEqual(res.body.Messages, []);
      // Sorted by Ref in ordinal order.
      assert.deepEqual(
        res.body.Outputs.map((o: { Ref: string }) => o.Ref),
        ['MonthlyPayment', 'TotalPaid'],
      );
      assert.deepEqual(res.body.Outputs[0].Value[0][0], {
        Type: 'Number',
        Value: '1798.65157545827',
        Format: '#,##0.00',
        Text: '1,798.65',
      });
    });

    test('stateless calls leave nothing behind', async () => {
      await h.post('/Api/Applications/GetResult', {
        ApplicationKey: open,
        Inputs: [{ Ref: 'TermYears', Value: cell(10) }],
        Outputs: ['TermYears'],
      });
      const res = await h.post('/Api/Applications/GetResult', {
        ApplicationKey: open,
        Outputs: ['TermYears'],
      });
      assert.equal(res.body.Outputs[0].Value[0][0].Value, '30');
    });

    test('A1 references, ranges, lenient binding and case-insensitive names', async () => {
      const res = await h.post('/api/applications/getresult', {
        applicationkey: open,
        inputs: [{ ref: "'Loan'!$B$1", value: [[{ value: 100000 }]] }],
        outputs: ['Loan!A4:B5'],
      });
      assert.equal(res.body.Success, true);
      const rows = res.body.Outputs[0].Value;
      assert.equal(rows.length, 2);
      assert.equal(rows[0][0].Value, 'Payment');
      assert.equal(rows[0][1].Text, '536.82');
    });

    test('unknown input and output refs: a message, Success stays true', async () => {
      const res = await h.post('/Api/Applications/GetResult', {
        ApplicationKey: open,
        Inputs: [{ Ref: 'NoSuchName', Value: cell(1) }],
        Outputs: ['AlsoMissing'],
      });
      assert.equal(res.body.Success, true);
      assert.equal(res.body.Messages.length, 2);
      assert.match(res.body.Messages[0], /'NoSuchName'.*ignored\.$/);
      assert.deepEqual(res.body.Outputs[0].Value[0][0], {
        Type: 'Error',
        Value: '#REF!',
        Format: 'General',
        Text: '#REF!',
      });
    });

    test('an output covering a whole sheet is refused at once with a message', async () => {
      const res = await h.post('/Api/Applications/GetResult', {
        ApplicationKey: open,
        Outputs: ['Loan!A1:XFD1048576', 'TermYears'],
      });
      assert.equal(res.body.Success, true);
      assert.deepEqual(res.body.Messages, [
        "The output 'Loan!A1:XFD1048576' covers 17179869184 cells, more than the limit of 100000 per output; it was not read.",
      ]);
      assert.equal(res.body.Outputs[0].Value[0][0].Value, '#REF!');
      assert.equal(res.body.Outputs[1].Value[0][0].Value, '30');
    });

    test('a string beginning with = is text, never a formula', async () => {
      const res = await h.post('/Api/Applications/GetResult', {
        ApplicationKey: open,
        Inputs: [{ Ref: 'Loan!A1', Value: cell('=1+1') }],
        Outputs: ['Loan!A1'],
      });
      assert.deepEqual(res.body.Outputs[0].Value[0][0].Value, '=1+1');
      assert.deepEqual(res.body.Outputs[0].Value[0][0].Type, 'Text');
    });

    test('goal seek converges and Outputs show the solved state', async () => {
      const res = await h.post('/Api/Applications/GetResult', {
        ApplicationKey: open,
        Outputs: ['MonthlyPayment', 'LoanAmount'],
        GoalSeek: {
          Enabled: true,
          TargetRef: 'MonthlyPayment',
          ChangingRef: 'LoanAmount',
          TargetValue: 3000,
          MaxChange: 1,
        },
      });
      assert.equal(res.body.Success, true);
      const gs = res.body.GoalSeek;
      assert.equal(gs.Success, true);
      assert.ok(Math.abs(Number(gs.TargetValue) - 3000) <= 1, gs.TargetValue);
      // PMT is linear in the amount: 3000 / 1073.64324602428 × 200000.
      assert.ok(Math.abs(Number(gs.ChangingValue) - 558837.3) < 200, gs.ChangingValue);
      assert.equal(res.body.Outputs[0].Value[0][0].Value, gs.ChangingValue);
      assert.equal(res.body.Outputs[1].Value[0][0].Value, gs.TargetValue);
    });

    test('goal seek without its references is refused clearly', async () => {
      const res = await h.post('/Api/Applications/GetResult', {
        ApplicationKey: open,
        GoalSeek: { Enabled: true, TargetRef: 'MonthlyPayment' },
      });
      assert.equal(res.body.Success, false);
      assert.deepEqual(res.body.Messages, [
        'Goal seek needs TargetRef, ChangingRef and TargetValue when it is enabled.',
      ]);
    });

    test('restricted applications need a token; others’ sites never reach them', async () => {
      const anonymous = await h.post('/Api/Applications/GetResult', {
        ApplicationKey: restricted,
        Outputs: ['TermYears'],
      });
      assert.deepEqual(
        [anonymous.body.Success, anonymous.body.InvalidToken, anonymous.body.Messages],
        [false, true, [INVALID_TOKEN]],
      );
      const withToken = await h.post(
        '/Api/Applications/GetResult',
        { ApplicationKey: restricted, Outputs: ['TermYears'] },
        me.token,
      );
      assert.equal(withToken.body.Success, true);

      const other = await h.server.store.createSite('Other');
      const stranger = await h.client({ siteId: other.id });
      for (const key of [restricted, open]) {
        const res = await h.post('/Api/Applications/GetResult', { ApplicationKey: key }, stranger.token);
        assert.deepEqual(
          [res.body.Success, res.body.InvalidToken, res.body.Messages],
          [false, false, [INVALID_APP]],
        );
      }
    });

    test('unknown application, missing key, bad JSON, wrong types', async () => {
      const unknown = await h.post('/Api/Applications/GetResult', { ApplicationKey: 'f'.repeat(32) });
      assert.deepEqual(unknown.body.Messages, [INVALID_APP]);
      const missing = await h.post('/Api/Applications/GetResult', {});
      assert.deepEqual(missing.body.Messages, ["The required property 'ApplicationKey' is missing."]);
      const bad = await h.post('/Api/Applications/GetResult', '{"ApplicationKey": ');
      assert.deepEqual([bad.status, bad.body.Messages], [200, ['The request body is not valid JSON.']]);
      const wrong = await h.post('/Api/Applications/GetResult', { ApplicationKey: open, Inputs: 'x' });
      assert.equal(wrong.body.Success, false);
      assert.match(wrong.body.Messages[0], /^The property 'Inputs' must be /);
    });

    test('FileVersion past the latest is refused', async () => {
      const res = await h.post('/Api/Applications/GetResult', { ApplicationKey: open, FileVersion: 2 });
      assert.deepEqual(res.body.Messages, ['The requested file version does not exist.']);
    });

    test('an input that traps the engine fails only that request', async () => {
      const { key } = await h.publish({
        sheets: [
          {
            name: 'S',
            cells: {
              A1: 1,
              B1: { formula: 'BINOM.INV(A1,0.5,0.5)', value: 0 },
              C1: { formula: 'A1*2', value: 2 },
            },
          },
        ],
      });
      const trap = await h.post('/Api/Applications/GetResult', {
        ApplicationKey: key,
        Inputs: [{ Ref: 'S!A1', Value: cell(1e15) }],
        Outputs: ['S!C1'],
      });
      assert.equal(trap.body.Success, false);
      assert.deepEqual(trap.body.Messages, [
        'The calculation engine failed on this input; nothing was saved.',
      ]);
      const fine = await h.post('/Api/Applications/GetResult', {
        ApplicationKey: key,
        Inputs: [{ Ref: 'S!A1', Value: cell(21) }],
        Outputs: ['S!C1'],
      });
      assert.equal(fine.body.Outputs[0].Value[0][0].Value, '42');
    });
  });

  describe('GetBatchResults', () => {
    test('items are independent, keep their Ids and order, one failure stays alone', async () => {
      const res = await h.post('/Api/Applications/GetBatchResults', {
        ApplicationKey: open,
        Requests: [
          { Id: 7, Request: { Inputs: [{ Ref: 'TermYears', Value: cell(15) }], Outputs: ['TermYears'] } },
          { Id: 3, Request: { Outputs: ['TermYears'] } },
          { Id: 9, Request: { GoalSeek: { Enabled: true } } },
        ],
      });
      assert.equal(res.body.Success, true);
      const r = res.body.Responses;
      assert.deepEqual(
        r.map((x: { Id: number }) => x.Id),
        [7, 3, 9],
      );
      assert.equal(r[0].Response.Outputs[0].Value[0][0].Value, '15');
      assert.equal(r[1].Response.Outputs[0].Value[0][0].Value, '30', 'item 2 does not see item 1');
      assert.equal(r[2].Response.Success, false);
    });

    test('a 1,000-item batch returns every item correctly', async () => {
      const Requests = Array.from({ length: 1000 }, (_, i) => ({
        Id: i,
        Request: { Inputs: [{ Ref: 'LoanAmount', Value: cell(1000 * (i + 1)) }], Outputs: ['LoanAmount'] },
      }));
      const res = await h.post('/Api/Applications/GetBatchResults', { ApplicationKey: open, Requests });
      assert.equal(res.body.Responses.length, 1000);
      res.body.Responses.forEach(
        (r: { Id: number; Response: { Outputs: { Value: { Value: string }[][] }[] } }, i: number) => {
          assert.equal(r.Id, i);
          assert.equal(r.Response.Outputs[0]?.Value[0]?.[0]?.Value, String(1000 * (i + 1)));
        },
      );
    });

    test('a batch acting for an unknown user is refused', async () => {
      const res = await h.post('/Api/Applications/GetBatchResults', {
        ApplicationKey: open,
        UserName: 'nobody',
        Requests: [{ Id: 1, Request: {} }],
      });
      assert.equal(res.body.Success, false);
      assert.deepEqual(res.body.Messages, ["The user 'nobody' does not exist on this site."]);
    });

    test('a batch over the limit is refused', async () => {
      const limit = h.server.config.batchMaxItems;
      const Requests = Array.from({ length: limit + 1 }, (_, i) => ({ Id: i, Request: {} }));
      const res = await h.post('/Api/Applications/GetBatchResults', { ApplicationKey: open, Requests });
      assert.deepEqual(res.body.Messages, [
        `The batch has ${limit + 1} requests, more than the limit of ${limit}.`,
      ]);
    });
  });

  describe('metadata', () => {
    test('GenerateNamedRangeInformation and GetLastUpdatedDate', async () => {
      const info = await h.post('/Api/Applications/GenerateNamedRangeInformation', { ApplicationKey: open });
      assert.equal(info.body.Success, true);
      const amount = info.body.NamedRangeInfos.find((n: { Name: string }) => n.Name === 'LoanAmount');
      assert.deepEqual(amount, {
        Name: 'LoanAmount',
        CellReference: 'Loan!$B$1',
        Type: 0,
        Width: 1,
        Height: 1,
      });
      const last = await h.post('/Api/Applications/GetLastUpdatedDate', { ApplicationKey: open });
      assert.equal(last.body.LastUpdated, info.body.LastUpdated);
      assert.match(last.body.LastUpdated, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    });
  });

  describe('dedicated sessions', () => {
    const openSession = async (token: string, key = restricted) =>
      (await h.post('/Api/Applications/OpenDedicatedSession', { ApplicationKey: key }, token)).body;
    const calc = (token: string, SessionId: string, body: object = {}) =>
      h.post('/Api/Applications/GetResult', { ApplicationKey: restricted, SessionId, ...body }, token);

    test('state carries across calls; stateless calls do not see it', async () => {
      const opened = await openSession(me.token);
      assert.equal(opened.Success, true);
      assert.match(opened.SessionId, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      await calc(me.token, opened.SessionId, { Inputs: [{ Ref: 'TermYears', Value: cell(15) }] });
      const again = await calc(me.token, opened.SessionId, { Outputs: ['TermYears', 'MonthlyPayment'] });
      assert.equal(again.body.Outputs[1].Value[0][0].Value, '15');
      assert.equal(again.body.Outputs[0].Value[0][0].Text, '1,581.59');
      const stateless = await h.post(
        '/Api/Applications/GetResult',
        { ApplicationKey: restricted, Outputs: ['TermYears'] },
        me.token,
      );
      assert.equal(stateless.body.Outputs[0].Value[0][0].Value, '30');
    });

    test('goal seek in a session keeps its solution', async () => {
      const { SessionId } = await openSession(me.token);
      await calc(me.token, SessionId, {
        GoalSeek: {
          Enabled: true,
          TargetRef: 'MonthlyPayment',
          ChangingRef: 'LoanAmount',
          TargetValue: 2000,
          MaxChange: 0.01,
        },
      });
      const after = await calc(me.token, SessionId, { Outputs: ['MonthlyPayment'] });
      assert.ok(Math.abs(Number(after.body.Outputs[0].Value[0][0].Value) - 2000) <= 0.01);
    });

    test('a batch in a session starts from its state and leaves it unchanged', async () => {
      const { SessionId } = await openSession(me.token);
      await calc(me.token, SessionId, { Inputs: [{ Ref: 'TermYears', Value: cell(20) }] });
      const batch = await h.post(
        '/Api/Applications/GetBatchResults',
        {
          ApplicationKey: restricted,
          SessionId,
          Requests: [
            {
              Id: 1,
              Request: {
                Inputs: [{ Ref: 'LoanAmount', Value: cell(1) }],
                Outputs: ['TermYears', 'LoanAmount'],
              },
            },
          ],
        },
        me.token,
      );
      assert.equal(batch.body.Responses[0].Response.Outputs[1].Value[0][0].Value, '20');
      const after = await calc(me.token, SessionId, { Outputs: ['LoanAmount'] });
      assert.equal(after.body.Outputs[0].Value[0][0].Value, '200000');
    });

    test('only the owner may use it; closing twice is invalid', async () => {
      const { SessionId } = await openSession(me.token);
      const other = await h.client();
      const intruder = await calc(other.token, SessionId, { Outputs: ['TermYears'] });
      assert.deepEqual([intruder.body.Success, intruder.body.Messages], [false, [INVALID_SESSION]]);
      const close = (token: string) =>
        h.post('/Api/Applications/CloseDedicatedSession', { ApplicationKey: restricted, SessionId }, token);
      assert.deepEqual((await close(other.token)).body.Messages, [INVALID_SESSION]);
      assert.equal((await close(me.token)).body.Success, true);
      assert.deepEqual((await close(me.token)).body.Messages, [INVALID_SESSION]);
      assert.deepEqual((await calc(me.token, SessionId)).body.Messages, [INVALID_SESSION]);
    });

    test('open needs a token; failures answer the all-zero SessionId', async () => {
      const anonymous = await h.post('/Api/Applications/OpenDedicatedSession', { ApplicationKey: open });
      assert.deepEqual([anonymous.body.InvalidToken, anonymous.body.SessionId], [true, ZERO_GUID]);
      const unknown = await openSession(me.token, 'e'.repeat(32));
      assert.deepEqual([unknown.Messages, unknown.SessionId], [[INVALID_APP], ZERO_GUID]);
      const malformed = await calc(me.token, 'not-a-guid');
      assert.deepEqual(malformed.body.Messages, [INVALID_SESSION]);
    });

    test('concurrent calls on one session apply in arrival order', async () => {
      const { SessionId } = await openSession(me.token);
      const calls = Array.from({ length: 20 }, (_, i) =>
        calc(me.token, SessionId, {
          Inputs: [{ Ref: 'Loan!A1', Value: cell(`step ${i}`) }],
          Outputs: ['Loan!A1'],
        }),
      );
      const answers = await Promise.all(calls);
      answers.forEach((a, i) => {
        assert.equal(a.body.Outputs[0].Value[0][0].Value, `step ${i}`);
      });
      const log = await h.server.store.listSessionInputs(SessionId);
      assert.deepEqual(
        log.map((e) => JSON.parse(e.inputsJson).inputs[0].values[0][0]),
        answers.map((_, i) => `step ${i}`),
      );
    });
  });
});

describe('dedicated sessions: limits, expiry, restart', () => {
  test('per-client limit answers a clear message', async () => {
    const h = await startHarness({ maxSessionsPerClient: 2 });
    try {
      const me = await h.client();
      const { key } = await h.publish(LOAN_WORKBOOK);
      const open = () => h.post('/Api/Applications/OpenDedicatedSession', { ApplicationKey: key }, me.token);
      assert.equal((await open()).body.Success, true);
      assert.equal((await open()).body.Success, true);
      const third = await open();
      assert.deepEqual(third.body.Messages, [
        'This client already has the maximum of 2 open dedicated sessions; close one first.',
      ]);
      const other = await h.client();
      const theirs = await h.post(
        '/Api/Applications/OpenDedicatedSession',
        { ApplicationKey: key },
        other.token,
      );
      assert.equal(theirs.body.Success, true, 'the limit is per client');
    } finally {
      await h.stop({ cleanup: true });
    }
  });

  test('per-application limit', async () => {
    const h = await startHarness({ maxSessionsPerApplication: 1 });
    try {
      const [a, b] = [await h.client(), await h.client()];
      const { key } = await h.publish(LOAN_WORKBOOK);
      assert.equal(
        (await h.post('/Api/Applications/OpenDedicatedSession', { ApplicationKey: key }, a.token)).body
          .Success,
        true,
      );
      const refused = await h.post(
        '/Api/Applications/OpenDedicatedSession',
        { ApplicationKey: key },
        b.token,
      );
      assert.deepEqual(refused.body.Messages, [
        'The application already has the maximum of 1 open dedicated session.',
      ]);
    } finally {
      await h.stop({ cleanup: true });
    }
  });

  test('an idle session expires', async () => {
    const h = await startHarness({ sessionIdleSeconds: 1 });
    try {
      const me = await h.client();
      const { key } = await h.publish(LOAN_WORKBOOK);
      const { SessionId } = (
        await h.post('/Api/Applications/OpenDedicatedSession', { ApplicationKey: key }, me.token)
      ).body;
      const use = () => h.post('/Api/Applications/GetResult', { ApplicationKey: key, SessionId }, me.token);
      assert.equal((await use()).body.Success, true);
      await new Promise((r) => setTimeout(r, 1100));
      assert.deepEqual((await use()).body.Messages, [INVALID_SESSION]);
      assert.equal(await h.server.sessions.sweep(), 1, 'the sweep closes it');
    } finally {
      await h.stop({ cleanup: true });
    }
  });

  test('restart the server: the session continues with its inputs', async () => {
    let h = await startHarness();
    const { dataDir } = h;
    const me = await h.client();
    const { key } = await h.publish(LOAN_WORKBOOK);
    const { SessionId } = (
      await h.post('/Api/Applications/OpenDedicatedSession', { ApplicationKey: key }, me.token)
    ).body;
    await h.post(
      '/Api/Applications/GetResult',
      {
        ApplicationKey: key,
        SessionId,
        Inputs: [
          { Ref: 'TermYears', Value: cell(15) },
          { Ref: 'InterestRate', Value: cell('4%') },
        ],
      },
      me.token,
    );
    await h.stop();
    h = await startHarness({}, { dataDir });
    try {
      const res = await h.post(
        '/Api/Applications/GetResult',
        { ApplicationKey: key, SessionId, Outputs: ['InterestRate', 'TermYears'] },
        me.token,
      );
      assert.equal(res.body.Success, true, res.body.Messages?.join(' '));
      assert.equal(res.body.Outputs[0].Value[0][0].Text, '4.00%');
      assert.equal(res.body.Outputs[1].Value[0][0].Value, '15');
    } finally {
      await h.stop({ cleanup: true });
    }
  });
});
