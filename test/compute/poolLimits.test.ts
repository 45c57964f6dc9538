/**
 * The pool's limits with real workers: a worker past its heap limit dies alone, idle session
 * models are evicted past the per-worker cap and rebuilt from their logs, and identical
 * stateless calls of non-volatile workbooks come from the result cache.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ComputeError, type ComputePool, type PoolSources } from '../../src/compute/pool.js';
import type { CalculationResult, CellInput } from '../../src/compute/protocol.js';
import { createWorkerPool } from '../../src/compute/workerPool.js';
import { buildXlsx } from '../../src/workbook/xlsxBuilder.js';

const files: Record<string, Uint8Array> = {
  small: buildXlsx({
    sheets: [
      {
        name: 'S',
        cells: { A1: 2, B1: { formula: 'A1*10' }, E1: { formula: 'SUM(C1:C20)' } },
      },
    ],
  }),
  // RAND() makes every recalculation differ; NOW() in a name is volatile too.
  random: buildXlsx({ sheets: [{ name: 'S', cells: { A1: 1, B1: { formula: 'RAND()+A1' } } }] }),
  namedNow: buildXlsx({
    sheets: [{ name: 'S', cells: { A1: 1, B1: { formula: 'A1*2' } } }],
    definedNames: [{ name: 'Stamp', formula: 'NOW()' }],
  }),
  trap: buildXlsx({
    sheets: [{ name: 'S', cells: { A1: 1, B1: { formula: 'BINOM.INV(A1,0.5,0.5)' } } }],
  }),
};

/** Sources that keep session logs as the sessions layer would, and count log reads. */
function sources() {
  const logs = new Map<string, { inputs: CellInput[] }[]>();
  let logReads = 0;
  const src: PoolSources = {
    async versionBytes(key) {
      const bytes = files[key];
      if (!bytes) throw new Error(`no file ${key}`);
      return bytes;
    },
    async sessionLog(id) {
      logReads++;
      return logs.get(id) ?? [];
    },
  };
  const record = (id: string, r: CalculationResult) => {
    if (r.applied.length > 0) logs.set(id, [...(logs.get(id) ?? []), { inputs: r.applied }]);
    return r;
  };
  return { src, record, logReads: () => logReads };
}

const set = (ref: string, value: number | string): CellInput => ({ ref, values: [[value]] });
const job = (inputs: CellInput[], outputs = ['B1']) => ({ inputs, outputs });
const value = (r: CalculationResult, i = 0) => r.outputs[i]?.cells[0]?.[0]?.Value;

describe('worker heap limit', () => {
  const s = sources();
  let pool: ComputePool;
  before(async () => {
    pool = await createWorkerPool({
      size: 1,
      timeoutMs: 30_000,
      sources: s.src,
      resourceLimits: { maxOldGenerationSizeMb: 16 },
    });
  });
  after(() => pool.close());

  it('fails a job that outgrows the heap with MEMORY, replaces the worker and rebuilds sessions', async () => {
    s.record('kept', await pool.calculate('small', job([set('A1', 4)]), { session: 'kept' }));
    // Ten million output cells (104 refs, each under the per-output cap) cannot fit in 16 MB of heap.
    const runaway = pool.calculate('small', job([], Array(104).fill('S!A1:Z3846')));
    await assert.rejects(runaway, (err) => {
      assert.ok(err instanceof ComputeError);
      assert.equal(err.code, 'MEMORY');
      assert.match(err.message, /more memory than a calculation worker may use/);
      return true;
    });
    const stats = await pool.stats();
    assert.equal(stats.failures.outOfMemory, 1);
    assert.equal(stats.restarts, 1);
    const reads = s.logReads();
    assert.equal(value(await pool.calculate('small', job([]), { session: 'kept' })), '40');
    assert.equal(s.logReads(), reads + 1, 'the session was rebuilt from its log');
    assert.equal(value(await pool.calculate('small', job([set('A1', 3)]))), '30');
  });
});

describe('session model cap', () => {
  const s = sources();
  let pool: ComputePool;
  before(async () => {
    pool = await createWorkerPool({ size: 2, timeoutMs: 30_000, sources: s.src, maxSessionModels: 2 });
  });
  after(() => pool.close());

  it('evicts the least recently used idle models; every session keeps its state', async () => {
    const ids = Array.from({ length: 9 }, (_, i) => `s${i}`);
    const written = new Map<string, number[]>(ids.map((id) => [id, []]));
    // Opened as the sessions layer does: built from the log up front, not counted as a rebuild.
    for (const id of ids) await pool.openSession('small', id);
    // Three rounds over nine sessions on two workers holding two models each: most calls
    // find their model evicted and rebuild it from the log.
    for (let round = 0; round < 3; round++) {
      await Promise.all(
        ids.map(async (id, i) => {
          const v = (i + 1) * 10 + round;
          const r = await pool.calculate('small', job([set(`C${round + 1}`, v)], ['E1']), { session: id });
          s.record(id, r);
          written.get(id)?.push(v);
        }),
      );
      const stats = await pool.stats();
      assert.ok(stats.sessions <= 4, `at most 2 models per worker, got ${stats.sessions}`);
    }
    for (const id of ids) {
      const r = await pool.calculate('small', job([], ['E1', 'S!C1:C3']), { session: id });
      const expected = written.get(id) ?? [];
      assert.equal(value(r, 0), String(expected.reduce((a, b) => a + b, 0)), id);
      assert.deepEqual(
        r.outputs[1]?.cells.map((row) => row[0]?.Value),
        expected.map(String),
        `${id} holds exactly its inputs`,
      );
    }
    const stats = await pool.stats();
    assert.ok(stats.rebuilds >= 9, `rebuilds: ${stats.rebuilds}`);
    // Every model built (nine first builds, then the rebuilds) is either live or was evicted.
    assert.equal(stats.evictions, 9 + stats.rebuilds - stats.sessions);
    assert.ok(stats.sessions <= 4);
  });
});

describe('session model cap, busy sessions', () => {
  const s = sources();
  let pool: ComputePool;
  before(async () => {
    pool = await createWorkerPool({ size: 1, timeoutMs: 30_000, sources: s.src, maxSessionModels: 1 });
  });
  after(() => pool.close());

  it('never evicts a model whose session has calls queued', async () => {
    // One worker holding one model: calls of `busy` interleaved with calls of other sessions.
    const busy: Promise<CalculationResult>[] = [];
    const others: Promise<CalculationResult>[] = [];
    for (let i = 0; i < 10; i++) {
      busy.push(pool.calculate('small', job([set(`C${i + 1}`, 1)], ['E1']), { session: 'busy' }));
      others.push(pool.calculate('small', job([set('C1', 5)], ['E1']), { session: `o${i}` }));
    }
    const counts = (await Promise.all(busy)).map((r) => value(r));
    await Promise.all(others);
    // Nothing is logged here: had `busy` been evicted, its rebuild would have started from zero.
    assert.deepEqual(
      counts,
      busy.map((_, i) => String(i + 1)),
    );
    assert.ok((await pool.stats()).evictions >= 9);
  });
});

describe('result cache', () => {
  const s = sources();
  let pool: ComputePool;
  let off: ComputePool;
  before(async () => {
    [pool, off] = await Promise.all([
      createWorkerPool({ size: 2, timeoutMs: 30_000, sources: s.src, resultCacheBytes: 1024 * 1024 }),
      createWorkerPool({ size: 1, timeoutMs: 30_000, sources: s.src, resultCacheBytes: 0 }),
    ]);
  });
  after(() => Promise.all([pool.close(), off.close()]));

  it('answers an identical stateless call from the cache, as a fresh copy', async () => {
    const first = await pool.calculate('small', job([set('A1', 7)]));
    const prior = (await pool.stats()).resultCache;
    const second = await pool.calculate('small', job([set('A1', 7)]));
    const later = (await pool.stats()).resultCache;
    assert.deepEqual(second, first);
    assert.notEqual(second, first);
    assert.equal(later.hits, prior.hits + 1);
    assert.equal(later.entries, prior.entries);
    // Another culture, input or output is another call.
    await pool.calculate('small', job([set('A1', 7)]), { culture: 'de-DE' });
    await pool.calculate('small', job([set('A1', 8)]));
    await pool.calculate('small', job([set('A1', 7)], ['B1', 'A1']));
    const last = (await pool.stats()).resultCache;
    assert.equal(last.hits, later.hits);
    assert.equal(last.misses, later.misses + 3);
    assert.ok(last.bytes > 0 && last.bytes <= 1024 * 1024);
  });

  it('never caches volatile workbooks, session calls or failures', async () => {
    const prior = (await pool.stats()).resultCache;
    const randoms = new Set<string | undefined>();
    for (let i = 0; i < 4; i++) randoms.add(value(await pool.calculate('random', job([]))));
    assert.equal(randoms.size, 4, 'RAND() is recalculated on every call');
    await pool.calculate('namedNow', job([]));
    await pool.calculate('namedNow', job([]));
    for (let i = 0; i < 3; i++) await pool.calculate('small', job([set('A1', 9)]), { session: 'cs' });
    for (let i = 0; i < 2; i++)
      await assert.rejects(pool.calculate('trap', job([set('A1', 1e15)])), { code: 'TRAP' });
    const later = (await pool.stats()).resultCache;
    assert.equal(later.hits, prior.hits, 'nothing here was answered from the cache');
    assert.equal(later.entries, prior.entries);
    // The first call of each volatile version looks up (a miss); the later ones skip the lookup.
    assert.equal(later.bypassed, prior.bypassed + 3 + 1);
    assert.equal(later.misses, prior.misses + 1 + 1 + 2, 'failed calls are looked up, never stored');
  });

  it('is off with a size of 0', async () => {
    const a = await off.calculate('small', job([set('A1', 2)]));
    const b = await off.calculate('small', job([set('A1', 2)]));
    assert.deepEqual(a, b);
    const stats = (await off.stats()).resultCache;
    assert.deepEqual([stats.enabled, stats.hits, stats.misses, stats.entries], [false, 0, 0, 0]);
    const engine = (await off.stats()).engineMs.calculate ?? 0;
    assert.ok(engine > 0, 'both calls were computed and their engine time counted');
  });
});
