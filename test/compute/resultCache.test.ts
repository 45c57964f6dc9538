import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CalculationJob, CalculationResult } from '../../src/compute/protocol.js';
import { ResultCache } from '../../src/compute/resultCache.js';

const job = (v: number): CalculationJob => ({ inputs: [{ ref: 'A1', values: [[v]] }], outputs: ['B1'] });
const result = (text: string): CalculationResult => ({
  outputs: [{ ref: 'B1', cells: [[{ Type: 'Text', Value: text, Format: 'General', Text: text }]] }],
  messages: [],
  applied: [],
});

describe('ResultCache', () => {
  it('stores non-volatile answers, counts hits and misses, and returns copies', () => {
    const cache = new ResultCache(1024 * 1024);
    const key = cache.keyOf('app@1', undefined, job(1)) as string;
    assert.equal(cache.get(key), undefined);
    cache.offer(key, 'app@1', result('one'), false);
    const hit = cache.get(key);
    assert.deepEqual(hit, result('one'));
    hit?.messages.push('changed by a caller');
    assert.deepEqual(cache.get(key), result('one'));
    assert.deepEqual([cache.stats().hits, cache.stats().misses, cache.stats().entries], [2, 1, 1]);
  });

  it('keys on version, culture and job', () => {
    const cache = new ResultCache(1024);
    const a = cache.keyOf('app@1', 'en-US', job(1));
    assert.equal(a, cache.keyOf('app@1', 'en-US', job(1)));
    assert.notEqual(a, cache.keyOf('app@2', 'en-US', job(1)));
    assert.notEqual(a, cache.keyOf('app@1', 'de-DE', job(1)));
    assert.notEqual(a, cache.keyOf('app@1', 'en-US', job(2)));
    assert.notEqual(cache.keyOf('a\nb', undefined, job(1)), cache.keyOf('a', 'b', job(1)));
  });

  it('never stores volatile or unknown answers, and skips known-volatile versions', () => {
    const cache = new ResultCache(1024 * 1024);
    const key = cache.keyOf('rand@1', undefined, job(1)) as string;
    cache.offer(key, 'rand@1', result('x'), undefined);
    assert.equal(cache.stats().entries, 0);
    cache.offer(key, 'rand@1', result('x'), true);
    assert.equal(cache.keyOf('rand@1', undefined, job(1)), undefined);
    assert.deepEqual([cache.stats().entries, cache.stats().bypassed], [0, 1]);
  });

  it('evicts the least recently used entries past its size', () => {
    // About 280 bytes an entry: some 17 fit in 5000.
    const cache = new ResultCache(5000);
    const keys = Array.from({ length: 30 }, (_, v) => cache.keyOf('app@1', undefined, job(v)) as string);
    keys.forEach((k, i) => {
      cache.offer(k, 'app@1', result(`r${i}`), false);
      if (i >= 1) cache.get(keys[0] as string); // keep the first one in use
    });
    const stats = cache.stats();
    assert.ok(stats.bytes <= 5000, `bytes ${stats.bytes}`);
    assert.ok(stats.entries < 30 && stats.entries >= 10, `entries ${stats.entries}`);
    assert.ok(cache.get(keys[0] as string), 'the entry in use stayed');
    assert.equal(cache.get(keys[1] as string), undefined, 'the least recently used went first');
    assert.ok(cache.get(keys[29] as string), 'the newest stayed');
  });

  it('does not store one answer bigger than a sixteenth of the cache', () => {
    const cache = new ResultCache(16_000);
    const key = cache.keyOf('app@1', undefined, job(1)) as string;
    cache.offer(key, 'app@1', result('x'.repeat(2000)), false);
    assert.equal(cache.stats().entries, 0);
  });

  it('is disabled at size 0', () => {
    const cache = new ResultCache(0);
    assert.equal(cache.enabled, false);
    assert.equal(cache.keyOf('app@1', undefined, job(1)), undefined);
    assert.throws(() => new ResultCache(-1), RangeError);
  });
});
