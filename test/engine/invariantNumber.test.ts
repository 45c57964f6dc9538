import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatInvariantNumber, roundTo15 } from '../../src/engine/invariantNumber.js';

// Expected strings are what .NET Framework's double.ToString() (invariant culture) prints.
// Literals with more digits than a double holds are written as Number('…'): the nearest double.
const CASES: readonly (readonly [number, string])[] = [
  [2812.11882959454, '2812.11882959454'],
  [0.1, '0.1'],
  [360, '360'],
  [0.1 + 0.2, '0.3'],
  [0.1 + 0.7, '0.8'],
  [1.005 * 1000, '1005'],
  [1e-7, '1E-07'],
  [1.5e20, '1.5E+20'],
  [Number('123456789012345678'), '1.23456789012346E+17'],
  [1e15, '1E+15'],
  [999999999999999, '999999999999999'],
  [999999999999999.9, '1E+15'],
  [1e14, '100000000000000'],
  [0.00001, '1E-05'],
  [0.00002, '2E-05'],
  [0.0001, '0.0001'],
  [0.00012, '0.00012'],
  [0.0000999999999999999, '9.99999999999999E-05'],
  [1 / 3, '0.333333333333333'],
  [2 / 3, '0.666666666666667'],
  [-2 / 3, '-0.666666666666667'],
  [Math.PI, '3.14159265358979'],
  [Math.E, '2.71828182845905'],
  [Number('123456789.123456789'), '123456789.123457'],
  [1e308, '1E+308'],
  [Number.MAX_VALUE, '1.79769313486232E+308'],
  [5e-324, '4.94065645841247E-324'],
  [-2.5e-6, '-2.5E-06'],
  [-1234.5, '-1234.5'],
  [-0, '0'],
  [0, '0'],
  [1, '1'],
  [-1, '-1'],
  [1e21, '1E+21'],
  [1.23e-10, '1.23E-10'],
  [43200.5625, '43200.5625'],
  [Number('12345678901234567890'), '1.23456789012346E+19'],
  [-1e100, '-1E+100'],
];

describe('formatInvariantNumber', () => {
  for (const [x, expected] of CASES) {
    test(`${x} → ${expected}`, () => {
      assert.equal(formatInvariantNumber(x), expected);
    });
  }

  test('non-finite values print as .NET Framework does', () => {
    assert.equal(formatInvariantNumber(Number.NaN), 'NaN');
    assert.equal(formatInvariantNumber(Number.POSITIVE_INFINITY), 'Infinity');
    assert.equal(formatInvariantNumber(Number.NEGATIVE_INFINITY), '-Infinity');
  });

  test('never more than 15 significant digits, and parses back to the 15-digit rounding', () => {
    let seed = 12345;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let i = 0; i < 2000; i++) {
      const x = (next() - 0.5) * 10 ** Math.floor(next() * 40 - 20);
      const s = formatInvariantNumber(x);
      const digits = s.replace(/E.*$/, '').replace(/[-.]/g, '').replace(/^0+/, '');
      assert.ok(digits.length <= 15, `${x} → ${s}`);
      assert.equal(Number(s), roundTo15(x), `${x} → ${s}`);
    }
  });
});

describe('roundTo15', () => {
  const ROUNDS: readonly (readonly [number, number])[] = [
    [0.1 + 0.2, 0.3],
    [1 / 3, 0.333333333333333],
    [Number('123456789012345678'), 123456789012346000],
    [2812.11882959454, 2812.11882959454],
    [-0, 0],
    [Number.MAX_VALUE, Number.MAX_VALUE],
  ];
  for (const [x, expected] of ROUNDS) {
    test(`${x} → ${expected}`, () => {
      assert.equal(roundTo15(x), expected);
    });
  }

  test('passes non-finite values through', () => {
    assert.ok(Number.isNaN(roundTo15(Number.NaN)));
    assert.equal(roundTo15(Number.POSITIVE_INFINITY), Number.POSITIVE_INFINITY);
  });
});
