/**
 * Containment over real HTTP: an input that traps the engine, a recalculation past the time
 * limit and a calculation that outgrows its worker's heap each fail only their own request with
 * a clear message; the worker (or its engine) is replaced and sessions come back from their logs.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Harness, startHarness, type TestClient } from '../server/harness.js';
import { GUARDED_WORKBOOK, input, SLOW_INPUT, TRAP_INPUT, TRAP_MESSAGE } from './guardedWorkbook.js';

const TIMEOUT_MESSAGE = 'The calculation did not finish within 2 seconds.';
const MEMORY_MESSAGE =
  'The calculation needed more memory than the server allows and was stopped; nothing was saved.';

/** A server with the guarded workbook published, and calls on it. */
function guardedServer(overrides: Parameters<typeof startHarness>[0]) {
  const s = {} as { h: Harness; me: TestClient; key: string };
  before(async () => {
    s.h = await startHarness(overrides);
    s.me = await s.h.client();
    s.key = (await s.h.publish(GUARDED_WORKBOOK)).key;
  });
  after(() => s.h.stop({ cleanup: true }));
  const calc = (body: object, sessionId?: string) =>
    s.h.post(
      '/Api/Applications/GetResult',
      { ApplicationKey: s.key, ...(sessionId ? { SessionId: sessionId } : {}), ...body },
      s.me.token,
    );
  const b1 = async (a1: number, sessionId?: string) => {
    const res = await calc({ Inputs: [input('A1', a1)], Outputs: ['B1'] }, sessionId);
    assert.equal(res.body.Success, true, JSON.stringify(res.body.Messages));
    return res.body.Outputs[0].Value[0][0].Value as string;
  };
  const failure = async (body: object, sessionId?: string) => {
    const res = await calc({ Outputs: ['B1'], ...body }, sessionId);
    assert.equal(res.status, 200);
    assert.equal(res.body.Success, false);
    assert.deepEqual(res.body.Outputs, []);
    return res.body.Messages as string[];
  };
  const openSession = async () => {
    const opened = await s.h.post(
      '/Api/Applications/OpenDedicatedSession',
      { ApplicationKey: s.key },
      s.me.token,
    );
    return opened.body.SessionId as string;
  };
  const stats = () => s.h.server.compute.stats();
  return { s, calc, b1, failure, openSession, stats };
}

describe('containment over HTTP: traps and timeouts', () => {
  const { s, calc, b1, failure, openSession, stats } = guardedServer({ calcTimeoutMs: 2000 });

  test('a trapping input fails alone; the next calls are answered', async () => {
    const others = [1, 2, 3, 4].map((v) => b1(v));
    assert.deepEqual(await failure({ Inputs: [TRAP_INPUT] }), [TRAP_MESSAGE]);
    assert.deepEqual(await Promise.all(others), ['4', '7', '10', '13']);
    assert.equal(await b1(5), '16');
    assert.ok((await stats()).failures.trap >= 1);
  });

  test('a recalculation past the time limit fails alone and its worker is replaced', async () => {
    const prior = await stats();
    const started = Date.now();
    const slow = failure({ Inputs: [SLOW_INPUT] });
    // The other worker keeps answering while one is stuck.
    assert.equal(await b1(6), '19');
    assert.deepEqual(await slow, [TIMEOUT_MESSAGE]);
    assert.ok(Date.now() - started < 6000, 'failed at the limit, not when the recalculation ended');
    const later = await stats();
    assert.equal(later.restarts, prior.restarts + 1);
    assert.equal(later.failures.timeout, prior.failures.timeout + 1);
    assert.equal(await b1(7), '22');
  });

  test('in a session, a failed call keeps nothing, and the session is rebuilt from its log', async () => {
    const sid = await openSession();
    assert.equal(await b1(10, sid), '31');
    const prior = await stats();
    assert.deepEqual(await failure({ Inputs: [input('D1', 5), TRAP_INPUT] }, sid), [TRAP_MESSAGE]);
    assert.deepEqual(await failure({ Inputs: [input('D2', 6), SLOW_INPUT] }, sid), [TIMEOUT_MESSAGE]);
    const state = await calc({ Outputs: ['A1', 'B1', 'F1', 'S1', 'T1'] }, sid);
    assert.deepEqual(
      state.body.Outputs.map((o: { Value: { Value: string }[][] }) => o.Value[0]?.[0]?.Value),
      ['10', '31', '0', '1', '1'],
      'only the one successful call is in the state',
    );
    const later = await stats();
    assert.ok(later.rebuilds >= prior.rebuilds + 1, 'the model was rebuilt from the log');
    assert.equal((await s.h.server.store.listSessionInputs(sid)).length, 1);
  });
});

describe('containment over HTTP: the worker heap limit', () => {
  // 16 MB of worker heap still runs this workbook, but not ten million output cells. V8 takes
  // a few seconds to give up, so the time limit stays long here.
  const { s, calc, b1, failure, openSession, stats } = guardedServer({ workerHeapMb: 16 });
  // 104 refs, each under the 100,000-cell cap of one output.
  const RUNAWAY = { Outputs: Array(104).fill('G!A1:Z3846') };

  test('a calculation past the heap limit fails alone with a clear message', async () => {
    const prior = await stats();
    assert.deepEqual(await failure(RUNAWAY), [MEMORY_MESSAGE]);
    const later = await stats();
    assert.equal(later.failures.outOfMemory, prior.failures.outOfMemory + 1);
    assert.equal(later.restarts, prior.restarts + 1);
    assert.equal(await b1(8), '25');
  });

  test('in a session it keeps nothing, and the session comes back from its log', async () => {
    const sid = await openSession();
    assert.equal(await b1(10, sid), '31');
    assert.deepEqual(await failure({ Inputs: [input('D3', 7)], ...RUNAWAY }, sid), [MEMORY_MESSAGE]);
    const state = await calc({ Outputs: ['A1', 'F1'] }, sid);
    assert.deepEqual(
      state.body.Outputs.map((o: { Value: { Value: string }[][] }) => o.Value[0]?.[0]?.Value),
      ['10', '0'],
    );
    assert.equal((await s.h.server.store.listSessionInputs(sid)).length, 1);
  });
});
