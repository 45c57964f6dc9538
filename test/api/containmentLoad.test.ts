/**
 * The load test of issue 5 over real HTTP: many normal requests, stateless and in several
 * open sessions that accumulate inputs, run concurrently with requests that trap the engine
 * and with recalculations past the time limit. Afterwards every normal answer was correct,
 * every failure said why, and every session holds exactly the inputs of its successful calls.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Harness, startHarness, type TestClient } from '../server/harness.js';
import { GUARDED_WORKBOOK, input, SLOW_INPUT, TRAP_INPUT, TRAP_MESSAGE } from './guardedWorkbook.js';

const TIMEOUT_MESSAGE = 'The calculation did not finish within 2 seconds.';
const SESSIONS = 6;
const STEPS_PER_SESSION = 14;
const STATELESS = 240;
const STATELESS_TRAPS = 12;
const CONCURRENCY = 8;

type Step = 'write' | 'trap' | 'slow';

describe('load with traps and timeouts', () => {
  let h: Harness;
  let me: TestClient;
  let key: string;
  before(async () => {
    h = await startHarness({ calcTimeoutMs: 2000 });
    me = await h.client();
    key = (await h.publish(GUARDED_WORKBOOK)).key;
  });
  after(() => h.stop({ cleanup: true }));

  const calc = (body: object, sessionId?: string) =>
    h.post(
      '/Api/Applications/GetResult',
      { ApplicationKey: key, ...(sessionId ? { SessionId: sessionId } : {}), ...body },
      me.token,
    );
  const values = (body: { Outputs: { Value: { Value: string }[][] }[] }) =>
    body.Outputs.map((o) => o.Value.map((row) => row[0]?.Value));

  test('every normal answer is correct and every session holds exactly its inputs', async () => {
    const problems: string[] = [];
    const expectFailure = (what: string, body: { Success: boolean; Messages: string[] }, message: string) => {
      if (body.Success || body.Messages.join() !== message)
        problems.push(`${what}: expected "${message}", got ${JSON.stringify(body.Messages)}`);
    };

    // Stateless traffic: repeated inputs (answered from the result cache too), traps, one timeout.
    const stateless: (() => Promise<void>)[] = [];
    for (let i = 0; i < STATELESS; i++) {
      const a1 = i % 60;
      stateless.push(async () => {
        const res = await calc({ Inputs: [input('A1', a1)], Outputs: ['B1', 'T1'] });
        const got = res.body.Success ? values(res.body).flat() : res.body.Messages;
        if (JSON.stringify(got) !== JSON.stringify([String(3 * a1 + 1), '1']))
          problems.push(`stateless A1=${a1}: ${JSON.stringify(got)}`);
      });
    }
    for (let i = 0; i < STATELESS_TRAPS; i++) {
      stateless.splice(20 * i + 5, 0, async () =>
        expectFailure(
          'stateless trap',
          (await calc({ Inputs: [input('A1', i), TRAP_INPUT] })).body,
          TRAP_MESSAGE,
        ),
      );
    }
    stateless.splice(60, 0, async () =>
      expectFailure(
        'stateless slow',
        (await calc({ Inputs: [SLOW_INPUT], Outputs: ['B1'] })).body,
        TIMEOUT_MESSAGE,
      ),
    );

    // Sessions: one call at a time each (so every answer can be checked), all sessions at once.
    const sessionIds: string[] = [];
    for (let i = 0; i < SESSIONS; i++) {
      const opened = await h.post(
        '/Api/Applications/OpenDedicatedSession',
        { ApplicationKey: key },
        me.token,
      );
      assert.equal(opened.body.Success, true);
      sessionIds.push(opened.body.SessionId);
    }
    const written = new Map<string, number[]>(sessionIds.map((id) => [id, []]));
    let sessionTraps = 0;
    const runSession = async (sid: string, s: number) => {
      const mine = written.get(sid) as number[];
      for (let step = 0; step < STEPS_PER_SESSION; step++) {
        const kind: Step = step % 5 === 3 ? 'trap' : s === 0 && step === 6 ? 'slow' : 'write';
        const value = 100 * (s + 1) + step;
        const cell = input(`D${mine.length + 1}`, value);
        if (kind === 'write') {
          const res = await calc({ Inputs: [cell], Outputs: ['E1', 'F1'] }, sid);
          mine.push(value);
          const expected = [[String(mine.reduce((a, b) => a + b, 0))], [String(mine.length)]];
          const got = res.body.Success ? values(res.body) : res.body.Messages;
          if (JSON.stringify(got) !== JSON.stringify(expected))
            problems.push(
              `session ${s} step ${step}: ${JSON.stringify(got)}, expected ${JSON.stringify(expected)}`,
            );
        } else {
          if (kind === 'trap') sessionTraps++;
          const extra = kind === 'trap' ? TRAP_INPUT : SLOW_INPUT;
          const res = await calc({ Inputs: [cell, extra], Outputs: ['E1'] }, sid);
          expectFailure(`session ${s} ${kind}`, res.body, kind === 'trap' ? TRAP_MESSAGE : TIMEOUT_MESSAGE);
        }
      }
    };

    const queue = [...stateless];
    const drain = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) await next();
    };
    await Promise.all([
      ...Array.from({ length: CONCURRENCY }, drain),
      ...sessionIds.map((sid, s) => runSession(sid, s)),
    ]);
    assert.deepEqual(problems, []);

    // Every session's state is exactly its successful inputs: in the model and in the log.
    for (const [s, sid] of sessionIds.entries()) {
      const mine = written.get(sid) as number[];
      const res = await calc({ Outputs: ['G!D1:D40', 'S1', 'T1'] }, sid);
      assert.equal(res.body.Success, true);
      const [d, s1, t1] = values(res.body);
      assert.deepEqual(
        d,
        Array.from({ length: 40 }, (_, i) => (i < mine.length ? String(mine[i]) : '')),
        `session ${s}`,
      );
      assert.deepEqual([s1, t1], [['1'], ['1']], `session ${s}: no failed input stayed`);
      assert.equal((await h.server.store.listSessionInputs(sid)).length, mine.length);
    }

    const stats = await h.server.compute.stats();
    assert.equal(stats.failures.trap, STATELESS_TRAPS + sessionTraps);
    assert.equal(stats.failures.timeout, 2);
    assert.ok(stats.restarts >= 2);
    assert.ok(stats.rebuilds > 0, 'session models were rebuilt from their logs');
    assert.ok(stats.resultCache.hits > 0, 'some normal answers came from the result cache');
  });
});
