import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  columnLetters,
  columnNumber,
  formatA1,
  formatRange,
  isValidName,
  parseRef,
  quoteSheetName,
} from '../../src/engine/references.js';
import type { ParsedRef } from '../../src/engine/types.js';

const area = (top: number, left: number, bottom = top, right = left, sheet?: string): ParsedRef =>
  sheet === undefined
    ? { kind: 'area', range: { top, left, bottom, right } }
    : { kind: 'area', sheet, range: { top, left, bottom, right } };
const name = (n: string, sheet?: string): ParsedRef =>
  sheet === undefined ? { kind: 'name', name: n } : { kind: 'name', name: n, sheet };

const VALID: readonly (readonly [string, ParsedRef])[] = [
  ['LoanAmount', name('LoanAmount')],
  ['_rate.1', name('_rate.1')],
  ['\\backslash', name('\\backslash')],
  ['Rate?', name('Rate?')],
  ['Données', name('Données')],
  ['Sheet1!LocalName', name('LocalName', 'Sheet1')],
  ["'My Sheet'!LocalName", name('LocalName', 'My Sheet')],
  ['A5', area(5, 1)],
  ['a5', area(5, 1)],
  ['$A$4', area(4, 1)],
  ['A$4', area(4, 1)],
  ['$A4', area(4, 1)],
  ['$A$4:$B$9', area(4, 1, 9, 2)],
  ['A4:B9', area(4, 1, 9, 2)],
  ['b9:a4', area(4, 1, 9, 2)],
  ['B4:A9', area(4, 1, 9, 2)],
  ['A1:A1', area(1, 1)],
  ['Sheet1!A5', area(5, 1, 5, 1, 'Sheet1')],
  ["'My Sheet'!$A$4:$B$9", area(4, 1, 9, 2, 'My Sheet')],
  ["'It''s'!A1", area(1, 1, 1, 1, "It's")],
  ["'2019'!C3", area(3, 3, 3, 3, '2019')],
  ["'A1'!B2", area(2, 2, 2, 2, 'A1')],
  ['My Sheet!A1', area(1, 1, 1, 1, 'My Sheet')],
  ['XFD1048576', area(1048576, 16384)],
  ['A01', area(1, 1)],
  ['  A5  ', area(5, 1)],
  // Shaped like a cell but outside the grid: a legal name, not a reference.
  ['XFE1', name('XFE1')],
  ['A1048577', name('A1048577')],
  ['A0', name('A0')],
  ['ABCD1', name('ABCD1')],
  ['Sheet1!XFE1', name('XFE1', 'Sheet1')],
  ['Rate', name('Rate')],
  // In A1 notation these are cells (column R, column C), not R1C1 references.
  ['R2', area(2, 18)],
  ['C3', area(3, 3)],
  ['R2D2', name('R2D2')],
];

const INVALID: readonly string[] = [
  '',
  '   ',
  // Not names: R1C1-style tokens and booleans.
  'R',
  'C',
  'r',
  'RC',
  'R1C1',
  'R1C',
  'TRUE',
  'false',
  // Whole rows and columns are unsupported.
  'A:A',
  '$A:$B',
  '1:1',
  'Sheet1!A:A',
  // Out of the grid with `$`, or in a range.
  '$A$1048577',
  'A1:A1048577',
  'XFE1:XFE2',
  // 3-D, external, R1C1 and malformed references.
  'Sheet1:Sheet2!A1',
  '[1]Sheet1!A1',
  'A1:B2:C3',
  'A1:',
  ':A1',
  '!A1',
  'Sheet1!',
  'Sheet1!A1!B2',
  "'unterminated!A1",
  "'x'A1",
  "''!A1",
  "It's!A1",
  'Bad/Sheet!A1',
  '$LoanAmount',
  '1abc',
  'Loan Amount',
  'Loan-Amount',
  'A1 B2',
  `N${'x'.repeat(255)}`,
];

describe('parseRef', () => {
  for (const [ref, expected] of VALID) {
    test(`${JSON.stringify(ref)}`, () => {
      assert.deepStrictEqual(parseRef(ref), expected);
    });
  }
  for (const ref of INVALID) {
    test(`${JSON.stringify(ref.length > 40 ? `${ref.slice(0, 20)}…` : ref)} is rejected`, () => {
      assert.equal(parseRef(ref), null);
    });
  }
});

describe('isValidName', () => {
  test('accepts up to 255 characters', () => {
    assert.equal(isValidName(`N${'x'.repeat(254)}`), true);
    assert.equal(isValidName(`N${'x'.repeat(255)}`), false);
  });
  test('rejects in-grid cell references, accepts cell-shaped names outside the grid', () => {
    assert.equal(isValidName('A1'), false);
    assert.equal(isValidName('XFD1'), false);
    assert.equal(isValidName('XFE1'), true);
  });
});

describe('column letters', () => {
  const COLUMNS: readonly (readonly [number, string])[] = [
    [1, 'A'],
    [2, 'B'],
    [26, 'Z'],
    [27, 'AA'],
    [52, 'AZ'],
    [53, 'BA'],
    [702, 'ZZ'],
    [703, 'AAA'],
    [16384, 'XFD'],
  ];
  for (const [n, letters] of COLUMNS) {
    test(`${n} ↔ ${letters}`, () => {
      assert.equal(columnLetters(n), letters);
      assert.equal(columnNumber(letters), n);
      assert.equal(columnNumber(letters.toLowerCase()), n);
    });
  }

  test('round-trips every column', () => {
    for (let c = 1; c <= 16384; c++) assert.equal(columnNumber(columnLetters(c)), c);
  });

  test('rejects bad input', () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) assert.throws(() => columnLetters(bad), RangeError);
    for (const bad of ['', 'A1', '$A', ' A']) assert.throws(() => columnNumber(bad), RangeError);
  });
});

describe('formatting references', () => {
  test('formatA1', () => {
    assert.equal(formatA1(5, 1), 'A5');
    assert.equal(formatA1(1048576, 16384), 'XFD1048576');
    assert.throws(() => formatA1(0, 1), RangeError);
  });

  test('formatRange', () => {
    assert.equal(formatRange({ top: 4, left: 1, bottom: 9, right: 2 }), 'A4:B9');
    assert.equal(formatRange({ top: 5, left: 1, bottom: 5, right: 1 }), 'A5');
    assert.equal(formatRange({ top: 1, left: 1, bottom: 1, right: 3 }), 'A1:C1');
    assert.equal(formatRange({ top: 4, left: 1, bottom: 9, right: 2 }, 'My Sheet'), "'My Sheet'!A4:B9");
    assert.equal(formatRange({ top: 5, left: 1, bottom: 5, right: 1 }, 'Sheet1'), 'Sheet1!A5');
  });

  const SHEETS: readonly (readonly [string, string])[] = [
    ['Sheet1', 'Sheet1'],
    ['Inputs', 'Inputs'],
    ['_data', '_data'],
    ['a.b', 'a.b'],
    ['Données', 'Données'],
    ['My Sheet', "'My Sheet'"],
    ["It's", "'It''s'"],
    ['Q1-2019', "'Q1-2019'"],
    ['2019', "'2019'"],
    ['1st', "'1st'"],
    ['A1', "'A1'"],
    ['xfd10', "'xfd10'"],
    ['R1C1', "'R1C1'"],
    ['R', "'R'"],
    ['C', "'C'"],
    ['TRUE', "'TRUE'"],
    ['(draft)', "'(draft)'"],
  ];
  for (const [sheet, quoted] of SHEETS) {
    test(`quoteSheetName(${JSON.stringify(sheet)}) → ${quoted}`, () => {
      assert.equal(quoteSheetName(sheet), quoted);
    });
  }

  test('formatted references parse back', () => {
    for (const [sheet] of SHEETS) {
      const text = formatRange({ top: 2, left: 3, bottom: 7, right: 4 }, sheet);
      assert.deepStrictEqual(parseRef(text), area(2, 3, 7, 4, sheet), text);
    }
  });
});
