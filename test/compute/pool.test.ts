import assert from 'node:assert/strict';
import { after, before, describe, it, mock } from 'node:test';
import { Worker } from 'node:worker_threads';
import { ComputeError, type ComputePool, type PoolSources } from '../../src/compute/pool.js';
import type { CalculationResult, CellInput } from '../../src/compute/protocol.js';
import { createWorkerPool, timeoutMessage } from '../../src/compute/workerPool.js';
import { readWorkbook } from '../../src/workbook/readWorkbook.js';
import { type BuildCell, buildXlsx } from '../../src/workbook/xlsxBuilder.js';

const small = buildXlsx({
  sheets: [
    {
      name: 'S',
      cells: {
        A1: 2,
        B1: { formula: 'A1*10' },
        E1: { formula: 'COUNT(C1:C50)' },
      },
    },
  ],
  definedNames: [{ name: 'Result', formula: 'S!$B$1' }],
});

const trap = buildXlsx({
  sheets: [
    { name: 'S', cells: { A1: 1, B1: { formula: 'BINOM.INV(A1,0.5,0.5)' }, C1: { formula: 'A1*2' } } },
  ],
});

/** About 100 × 0.05 s of recalculation on load: far past the timeouts used below. */
const slowCells: Record<string, BuildCell> = { A1: 1 };
for (let i = 1; i <= 100; i++) slowCells[`B${i}`] = { formula: 'SUM(_xlfn.SEQUENCE(1000000))+A1' };
const slow = buildXlsx({ sheets: [{ name: 'S', cells: slowCells }] });

/** Loads fast; an input A1 of 1,000,000 makes every recalculation take seconds. */
const slowInputCells: Record<string, BuildCell> = { A1: 1 };
for (let i = 1; i <= 100; i++) slowInputCells[`B${i}`] = { formula: 'SUM(_xlfn.SEQUENCE(A1))' };
const slowInput = buildXlsx({ sheets: [{ name: 'S', cells: slowInputCells }] });

const broken = new TextEncoder().encode('not a zip file');

const files: Record<string, Uint8Array> = {
  small,
  small2: small,
  trap,
  slow,
  slowInput,
  broken,
};

type SessionLog = Awaited<ReturnType<PoolSources['sessionLog']>>;

/** In-memory sources that count their reads and keep session logs as the sessions layer would. */
function fakeSources() {
  const bytesCalls: string[] = [];
  const logCalls: string[] = [];
  const logs = new Map<string, SessionLog>();
  const sources: PoolSources = {
    async versionBytes(key) {
      bytesCalls.push(key);
      const bytes = files[key];
      if (!bytes) throw new Error(`no file ${key}`);
      return bytes;
    },
    async sessionLog(id) {
      logCalls.push(id);
      return logs.get(id) ?? [];
    },
  };
  /** Records what a session call applied, like SessionService does after each call. */
  const record = (id: string, result: CalculationResult): CalculationResult => {
    if (result.applied.length > 0) logs.set(id, [...(logs.get(id) ?? []), { inputs: result.applied }]);
    return result;
  };
  return { sources, bytesCalls, logCalls, record };
}

/** The message readWorkbook gives for these bytes. */
function readFailure(bytes: Uint8Array): string {
  try {
    readWorkbook(bytes);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected an unreadable workbook');
}

const job = (inputs: CellInput[], outputs = ['B1']) => ({ inputs, outputs });
const set = (ref: string, value: number | string): CellInput => ({ ref, values: [[value]] });
const cellValue = (r: CalculationResult, i = 0) => r.outputs[i]?.cells[0]?.[0]?.Value;
const count = (list: string[], key: string) => list.filter((k) => k === key).length;

/** Asserts that a promise rejects with a ComputeError of this code (and message, if given). */
async function rejectsWith(promise: Promise<unknown>, code: string, message?: string | RegExp) {
  await assert.rejects(promise, (err) => {
    assert.ok(err instanceof ComputeError, `expected a ComputeError, got ${err}`);
    assert.equal(err.code, code);
    if (typeof message === 'string') assert.equal(err.message, message);
    else if (message) assert.match(err.message, message);
    return true;
  });
}

describe('worker pool', () => {
  const fake = fakeSources();
  let pool: ComputePool;
  before(async () => {
    pool = await createWorkerPool({ size: 2, timeoutMs: 20_000, sources: fake.sources, batchChunk: 300 });
  });
  after(() => pool.close());

  it('calculates statelessly: inputs apply to one call only', async () => {
    assert.equal(cellValue(await pool.calculate('small', job([set('A1', 3)]))), '30');
    assert.equal(cellValue(await pool.calculate('small', job([]))), '20');
    const named = await pool.calculate('small', job([set('A1', '4')], ['Result']));
    assert.equal(cellValue(named), '40');
    const stats = await pool.stats();
    assert.equal(stats.sessions, 0);
    assert.equal(stats.queued, 0);
  });

  it('fetches template bytes once per worker, not per job', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => pool.calculate('small2', job([set('A1', i)]))),
    );
    assert.deepEqual(
      results.map((r) => cellValue(r)),
      results.map((_, i) => String(i * 10)),
    );
    for (let i = 0; i < 10; i++) await pool.calculate('small2', job([]));
    const fetched = count(fake.bytesCalls, 'small2');
    assert.ok(fetched >= 1 && fetched <= 2, `fetched ${fetched} times`);
  });

  it('keeps session state across calls on the worker it is pinned to', async () => {
    await pool.openSession('small', 's1');
    assert.equal(
      cellValue(fake.record('s1', await pool.calculate('small', job([set('A1', 5)]), { session: 's1' }))),
      '50',
    );
    for (let i = 0; i < 5; i++)
      assert.equal(cellValue(await pool.calculate('small', job([]), { session: 's1' })), '50');
    assert.equal(cellValue(await pool.calculate('small', job([]))), '20', 'the published state is untouched');
    // Every call found the live model: the log was read only to open the session.
    assert.equal(count(fake.logCalls, 's1'), 1);
    assert.equal((await pool.stats()).sessions, 1);
    await pool.dropSession('s1');
    assert.equal((await pool.stats()).sessions, 0);
    await pool.dropSession('never-opened');
  });

  it('runs concurrent calls of one session in call order', async () => {
    const calls = Array.from({ length: 20 }, (_, i) =>
      pool.calculate('small', job([set(`C${i + 1}`, i)], ['E1']), { session: 's2' }),
    );
    const counts = (await Promise.all(calls)).map((r) => cellValue(r));
    assert.deepEqual(
      counts,
      calls.map((_, i) => String(i + 1)),
    );
    await pool.dropSession('s2');
  });

  it('rejects a trapping input with TRAP; the next jobs work and sessions are rebuilt', async () => {
    const s = 'trapped';
    fake.record(s, await pool.calculate('trap', job([set('A1', 2)], ['C1']), { session: s }));
    await rejectsWith(
      pool.calculate('trap', job([set('A1', '1E+15')]), { session: s }),
      'TRAP',
      /engine failed on this input/,
    );
    const after = await pool.calculate('trap', job([], ['B1', 'C1']), { session: s });
    assert.deepEqual([cellValue(after, 0), cellValue(after, 1)], ['1', '4']);
    assert.equal(count(fake.logCalls, s), 2, 'the session was rebuilt from its log');
    await rejectsWith(pool.calculate('trap', job([set('A1', 1e15)])), 'TRAP');
    assert.equal(cellValue(await pool.calculate('small', job([set('A1', 7)]))), '70');
    await pool.dropSession(s);
  });

  it('splits a large batch into chunks and returns the items in order', async () => {
    const items = Array.from({ length: 1000 }, (_, i) => ({ id: i + 1, job: job([set('A1', i)]) }));
    const results = await pool.batch('small', items);
    assert.equal(results.length, 1000);
    results.forEach((r, i) => {
      assert.equal(r.id, i + 1);
      assert.equal(r.result && cellValue(r.result), String(i * 10));
    });
  });

  it('runs a session batch from the session state without changing it', async () => {
    const s = 'batcher';
    fake.record(s, await pool.calculate('small', job([set('C1', 1), set('C2', 1)]), { session: s }));
    const items = Array.from({ length: 700 }, (_, i) => ({
      id: i,
      job: job([set('A1', i), set('C3', 1)], ['B1', 'E1']),
    }));
    const results = await pool.batch('small', items, { session: s });
    assert.deepEqual(
      results.map((r) => [r.id, r.result && cellValue(r.result, 0), r.result && cellValue(r.result, 1)]),
      items.map((_, i) => [i, String(i * 10), '3']),
    );
    const state = await pool.calculate('small', job([], ['B1', 'E1']), { session: s });
    assert.deepEqual([cellValue(state, 0), cellValue(state, 1)], ['20', '2']);
    await pool.dropSession(s);
  });

  it('answers names and publish checks, and reports unreadable workbooks as BAD_WORKBOOK', async () => {
    const names = await pool.namedRanges('small');
    assert.deepEqual(
      names.map((n) => [n.Name, n.Type, n.Width, n.Height]),
      [['Result', 0, 1, 1]],
    );
    assert.match(names[0]?.CellReference ?? '', /^S!\$?B\$?1$/);
    const check = await pool.check(small);
    assert.deepEqual(check.names, names);
    assert.equal(check.compared, 2);
    // The message is the reader's own sentence for the uploader.
    const reason = readFailure(broken);
    await rejectsWith(pool.check(broken), 'BAD_WORKBOOK', reason);
    await rejectsWith(pool.calculate('broken', job([])), 'BAD_WORKBOOK', reason);
    await rejectsWith(pool.calculate('missing', job([])), 'INTERNAL');
  });
});

describe('worker pool timeouts and shutdown', () => {
  const fake = fakeSources();
  let pool: ComputePool;
  before(async () => {
    pool = await createWorkerPool({ size: 1, timeoutMs: 1500, sources: fake.sources });
  });
  after(() => pool.close());

  it('times out a slow job, replaces the worker and rebuilds its sessions from their logs', async () => {
    const s = 'survivor';
    fake.record(s, await pool.calculate('small', job([set('A1', 5)]), { session: s }));
    const started = Date.now();
    const stuck = pool.calculate('slow', job([]));
    // Queued behind the slow job on the same worker: it must run on the replacement.
    const queued = pool.calculate('small', job([], ['B1']), { session: s });
    await rejectsWith(stuck, 'TIMEOUT', 'The calculation did not finish within 1.5 seconds.');
    assert.ok(Date.now() - started < 5000);
    assert.equal(cellValue(await queued), '50');
    assert.equal(count(fake.logCalls, s), 2, 'opened once, rebuilt once');
    const stats = await pool.stats();
    assert.equal(stats.restarts, 1);
    assert.equal(stats.sessions, 1);
  });

  it('a stateless job sent behind one that times out never started: it runs on the new worker', async () => {
    // Both templates warm on the one worker, so the second job is sent behind the first.
    await pool.calculate('slowInput', job([]));
    await pool.calculate('small', job([set('A1', 1)]));
    const smallReads = count(fake.bytesCalls, 'small');
    const stuck = pool.calculate('slowInput', job([set('A1', 1_000_000)]));
    const behind = pool.calculate('small', job([set('A1', 4)]));
    await rejectsWith(stuck, 'TIMEOUT');
    assert.equal(cellValue(await behind), '40');
    assert.equal(count(fake.bytesCalls, 'small'), smallReads + 1, 'it ran on the replacement worker');
  });

  it('replaces a worker that dies; its job fails with INTERNAL and its queue goes on', async () => {
    // Catch the worker the pool posts to, and end it from outside: to the pool, a crash.
    const posted = mock.method(Worker.prototype, 'postMessage');
    const running = pool.calculate('slow', job([]));
    const queued = pool.calculate('small', job([]), { session: 'survivor' });
    const worker = posted.mock.calls[0]?.this as Worker | undefined;
    posted.mock.restore();
    assert.ok(worker);
    await worker.terminate();
    await rejectsWith(running, 'INTERNAL', 'The calculation worker stopped unexpectedly.');
    assert.equal(cellValue(await queued), '50');
    assert.equal((await pool.stats()).restarts, 3);
  });

  it('rejects running and queued jobs on close, and everything after it', async () => {
    const pending = [
      pool.calculate('slow', job([])),
      pool.calculate('small', job([])),
      pool.namedRanges('small'),
    ];
    const rejected = pending.map((p) => rejectsWith(p, 'INTERNAL', 'The server is shutting down.'));
    await pool.close();
    await Promise.all(rejected);
    await rejectsWith(pool.calculate('small', job([])), 'INTERNAL', 'The server is shutting down.');
  });
});

describe('timeoutMessage', () => {
  it('says the seconds with the right plural', () => {
    assert.equal(timeoutMessage(1000), 'The calculation did not finish within 1 second.');
    assert.equal(timeoutMessage(30_000), 'The calculation did not finish within 30 seconds.');
    assert.equal(timeoutMessage(1500), 'The calculation did not finish within 1.5 seconds.');
    assert.equal(timeoutMessage(250), 'The calculation did not finish within 0.25 seconds.');
  });
});
