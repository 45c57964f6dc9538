import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LoginThrottle } from '../../src/auth/throttle.js';

const ID = '0123456789abcdef0123456789abcdef';
const MIN = 60_000;

function failTimes(th: LoginThrottle, n: number, at: number): void {
  for (let i = 0; i < n; i++) th.recordFailure(ID, at);
}

describe('auth/throttle', () => {
  it('allows the first failures at full speed', () => {
    const th = new LoginThrottle();
    failTimes(th, 4, 0);
    assert.deepEqual(th.check(ID, 0), { kind: 'allow' });
  });

  it('spaces out attempts with doubling delays after N failures', () => {
    const th = new LoginThrottle({ baseDelayMs: 1000 });
    let now = 0;
    failTimes(th, 5, now);
    assert.deepEqual(th.check(ID, now), { kind: 'delay', retryAfterMs: 1000 });
    assert.deepEqual(th.check(ID, now + 400), { kind: 'delay', retryAfterMs: 600 });

    const waits: number[] = [];
    for (let failure = 6; failure <= 9; failure++) {
      const d = th.check(ID, now);
      assert.equal(d.kind, 'delay');
      const wait = d.kind === 'delay' ? d.retryAfterMs : 0;
      waits.push(wait);
      now += wait;
      assert.deepEqual(th.check(ID, now), { kind: 'allow' });
      th.recordFailure(ID, now);
    }
    assert.deepEqual(waits, [1000, 2000, 4000, 8000]);
  });

  it('lets only one of many parallel attempts through per slot', () => {
    const th = new LoginThrottle();
    failTimes(th, 5, 0);
    const at = 1000; // the slot opens
    const kinds = Array.from({ length: 20 }, () => th.check(ID, at).kind);
    assert.equal(kinds.filter((k) => k === 'allow').length, 1);
  });

  it('locks after M failures for the lock period, then starts afresh', () => {
    const th = new LoginThrottle({ lockAfterFailures: 10, lockMs: 15 * MIN });
    failTimes(th, 10, 0);
    const d = th.check(ID, 1000);
    assert.equal(d.kind, 'locked');
    assert.equal(d.kind === 'locked' ? d.until.getTime() : 0, 15 * MIN);
    assert.equal(th.check(ID, 15 * MIN - 1).kind, 'locked');
    assert.deepEqual(th.check(ID, 15 * MIN), { kind: 'allow' });
    th.recordFailure(ID, 15 * MIN);
    assert.deepEqual(th.check(ID, 15 * MIN), { kind: 'allow' }, 'one failure after the lock is free again');
  });

  it('resets on success', () => {
    const th = new LoginThrottle();
    failTimes(th, 7, 0);
    assert.equal(th.check(ID, 0).kind, 'delay');
    th.recordSuccess(ID);
    assert.deepEqual(th.check(ID, 0), { kind: 'allow' });
    failTimes(th, 4, 0);
    assert.deepEqual(th.check(ID, 0), { kind: 'allow' });
  });

  it('forgets failures further apart than the window', () => {
    const th = new LoginThrottle({ windowMs: 15 * MIN });
    failTimes(th, 5, 0);
    assert.equal(th.check(ID, 500).kind, 'delay');
    assert.deepEqual(th.check(ID, 15 * MIN + 1), { kind: 'allow' });
    assert.equal(th.size, 0);
  });

  it('treats identifiers case-insensitively', () => {
    const th = new LoginThrottle();
    failTimes(th, 5, 0);
    assert.equal(th.check(ID.toUpperCase(), 0).kind, 'delay');
  });

  it('bounds its memory, evicting the least recently seen identifier', () => {
    const th = new LoginThrottle({ maxEntries: 100 });
    th.recordFailure('first', 0);
    th.recordFailure('second', 0);
    for (let i = 0; i < 1000; i++) {
      th.recordFailure(`random-${i}`, 0);
      if (i % 10 === 0) th.check('second', 0); // kept fresh by being seen
    }
    assert.equal(th.size, 100);
    failTimes(th, 4, 0); // ID is new: 4 failures, still free
    th.recordFailure('second', 0);
    assert.equal(th.size, 100);
    // 'first' was evicted (its one failure forgotten), 'second' survived with 2 failures.
    for (let i = 0; i < 4; i++) th.recordFailure('first', 0);
    assert.deepEqual(th.check('first', 0), { kind: 'allow' });
    for (let i = 0; i < 3; i++) th.recordFailure('second', 0);
    assert.equal(th.check('second', 0).kind, 'delay');
  });

  it('validates its options', () => {
    assert.throws(() => new LoginThrottle({ maxEntries: 0 }), /maxEntries/);
    assert.throws(() => new LoginThrottle({ freeFailures: 5, lockAfterFailures: 3 }), /lockAfterFailures/);
  });
});
