import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseInput } from '../../src/engine/inputParser.js';
import type { InputValue, ParsedInput } from '../../src/engine/types.js';

const CURRENCY_2 = '"$"#,##0.00_);[Red]\\("$"#,##0.00\\)';
const CURRENCY_0 = '"$"#,##0_);[Red]\\("$"#,##0\\)';

const num = (value: number, impliedFormat?: string): ParsedInput =>
  impliedFormat === undefined
    ? { value: { kind: 'number', value } }
    : { value: { kind: 'number', value }, impliedFormat };
const txt = (value: string): ParsedInput => ({ value: { kind: 'text', value } });
const bool = (value: boolean): ParsedInput => ({ value: { kind: 'boolean', value } });
const err = (value: string): ParsedInput => ({ value: { kind: 'error', value } });
const EMPTY: ParsedInput = { value: { kind: 'empty' } };

type Case = readonly [input: InputValue, expected: ParsedInput];

function table(name: string, cases: readonly Case[], culture?: string, opts?: { date1904?: boolean }): void {
  describe(name, () => {
    for (const [input, expected] of cases) {
      test(typeof input === 'string' ? JSON.stringify(input) : String(input), () => {
        assert.deepStrictEqual(parseInput(input, culture, opts), expected);
      });
    }
  });
}

table('non-string values', [
  [null, EMPTY],
  ['', EMPTY],
  [12, num(12)],
  [-3.5, num(-3.5)],
  [0.1 + 0.2, num(0.1 + 0.2)],
  [-0, num(0)],
  [true, bool(true)],
  [false, bool(false)],
  [Number.NaN, err('#NUM!')],
  [Number.POSITIVE_INFINITY, err('#NUM!')],
]);

table('numbers typed as text (en-US)', [
  ['12', num(12)],
  ['  12  ', num(12)],
  ['-3.5', num(-3.5)],
  ['+5', num(5)],
  ['.5', num(0.5)],
  ['0123', num(123)],
  ['1,234.5', num(1234.5, '#,##0.00')],
  ['1,234', num(1234, '#,##0')],
  ['1,234,567', num(1234567, '#,##0')],
  ['1e3', num(1000, '0.00E+00')],
  ['1.5E+20', num(1.5e20, '0.00E+00')],
  ['(12)', num(-12)],
  ['(1,234.5)', num(-1234.5, '#,##0.00')],
  // Excel applies its red-negative currency format to typed currency.
  ['$1,234.56', num(1234.56, CURRENCY_2)],
  ['$1,234', num(1234, CURRENCY_0)],
  ['-$5', num(-5, CURRENCY_0)],
  ['10%', num(0.1, '0%')],
  ['12.5%', num(0.125, '0.00%')],
  ['-12%', num(-0.12, '0%')],
  ['0 1/2', num(0.5, '# ?/?')],
  // Excel keeps 15 significant digits of what is typed and drops the rest (truncation).
  ['1234567890123456', num(1234567890123450)],
  ['123456789012345678', num(123456789012345000)],
]);

table('text that is not a number (en-US)', [
  ['1 234', txt('1 234')],
  ['1,23', txt('1,23')],
  ['5-', txt('5-')],
  ['abc', txt('abc')],
  ['  hello ', txt('  hello ')],
  ['   ', txt('   ')],
  ['1.234,5', txt('1.234,5')],
  ['13/1/2018', txt('13/1/2018')],
  ['2/29/2018', txt('2/29/2018')],
  ['1/1/10000', txt('1/1/10000')],
]);

table('formulas, quote prefix, booleans and errors', [
  // Never a formula (no formula injection).
  ['=SUM(A1:A3)', txt('=SUM(A1:A3)')],
  ['=1+1', txt('=1+1')],
  ["'0123", txt('0123')],
  ["'TRUE", txt('TRUE')],
  ['TRUE', bool(true)],
  ['true', bool(true)],
  ['FaLsE', bool(false)],
  [' TRUE ', bool(true)],
  ['#N/A', err('#N/A')],
  ['#n/a', err('#N/A')],
  [' #DIV/0! ', err('#DIV/0!')],
  ['#VALUE!', err('#VALUE!')],
  ['#REF!', err('#REF!')],
  ['#NAME?', err('#NAME?')],
  ['#NUM!', err('#NUM!')],
  ['#NULL!', err('#NULL!')],
  ['#hashtag', txt('#hashtag')],
  // Dynamic-array errors are not accepted as typed literals here (unsure Excel does).
  ['#SPILL!', txt('#SPILL!')],
]);

table('dates and times (en-US, 1900 system)', [
  ['4/10/2018', num(43200, 'm/d/yyyy')],
  ['04/10/2018', num(43200, 'm/d/yyyy')],
  ['4/10/18', num(43200, 'm/d/yyyy')],
  ['4-10-2018', num(43200, 'm/d/yyyy')],
  ['2018-04-10', num(43200, 'm/d/yyyy')],
  ['2018/4/10', num(43200, 'm/d/yyyy')],
  ['4/10/2018 13:30', num(43200.5625, 'm/d/yyyy h:mm')],
  ['4/10/2018 1:30 PM', num(43200.5625, 'm/d/yyyy h:mm')],
  ['2018-04-10 13:30:00', num(43200.5625, 'm/d/yyyy h:mm')],
  ['10-Apr-2018', num(43200, 'd-mmm-yy')],
  ['Apr 10, 2018', num(43200, 'd-mmm-yy')],
  ['April 10, 2018', num(43200, 'd-mmm-yy')],
  ['10 April 2018', num(43200, 'd-mmm-yy')],
  ['Apr 2018', num(43191, 'mmm-yy')],
  ['13:30', num(0.5625, 'h:mm')],
  ['13:30:15', num(48615 / 86400, 'h:mm:ss')],
  ['1:30 PM', num(0.5625, 'h:mm AM/PM')],
  ['1:30 pm', num(0.5625, 'h:mm AM/PM')],
  ['12:00 AM', num(0, 'h:mm AM/PM')],
  ['25:00', num(25 / 24, '[h]:mm:ss')],
  // Excel's 1900 leap-year bug: Feb 29, 1900 exists and is serial 60.
  ['1/1/1900', num(1, 'm/d/yyyy')],
  ['2/28/1900', num(59, 'm/d/yyyy')],
  ['2/29/1900', num(60, 'm/d/yyyy')],
  ['3/1/1900', num(61, 'm/d/yyyy')],
  ['12/31/9999', num(2958465, 'm/d/yyyy')],
]);

describe('dates without a year use the current year', () => {
  test('"4/10"', () => {
    const parsed = parseInput('4/10');
    assert.equal(parsed.impliedFormat, 'd-mmm');
    const year = new Date().getFullYear();
    const serials = [year - 1, year, year + 1].map((y) => Date.UTC(y, 3, 10) / 86400000 + 25569);
    assert.ok(parsed.value.kind === 'number' && serials.includes(parsed.value.value), JSON.stringify(parsed));
  });
});

table(
  'dates in the 1904 system',
  [
    ['4/10/2018', num(41738, 'm/d/yyyy')],
    ['1/1/1904', num(0, 'm/d/yyyy')],
    ['4/10/2018 13:30', num(41738.5625, 'm/d/yyyy h:mm')],
    // Times of day are not dates: unchanged.
    ['13:30', num(0.5625, 'h:mm')],
    ['12', num(12)],
    // Days before 1904 do not exist there.
    ['12/31/1903', txt('12/31/1903')],
  ],
  'en-US',
  { date1904: true },
);

table(
  'en-GB: day first',
  [
    ['10/4/2018', num(43200, 'm/d/yyyy')],
    ['4/10/2018', num(43377, 'm/d/yyyy')],
    ['13/1/2018', num(43113, 'm/d/yyyy')],
    ['1,234.5', num(1234.5, '#,##0.00')],
    ['2018-04-10', num(43200, 'm/d/yyyy')],
  ],
  'en-GB',
);

table(
  'de-DE: comma decimals, dot groups, day first',
  [
    ['1,5', num(1.5)],
    ['-1,5', num(-1.5)],
    ['1.234,5', num(1234.5, '#,##0.00')],
    ['12,5%', num(0.125, '0.00%')],
    ['10.04.2018', num(43200, 'm/d/yyyy')],
    ['WAHR', bool(true)],
    ['TRUE', bool(true)],
    ['1,234.5', txt('1,234.5')],
  ],
  'de-DE',
);

table(
  'fr-FR: space groups as people type them',
  [
    ['1 234,5', num(1234.5, '#,##0.00')],
    ['1\u00a0234,5', num(1234.5, '#,##0.00')],
    ['1234,5', num(1234.5)],
    ['10/04/2018', num(43200, 'm/d/yyyy')],
    ['VRAI', bool(true)],
  ],
  'fr-FR',
);

describe('culture names', () => {
  test('are case- and separator-insensitive', () => {
    assert.deepStrictEqual(parseInput('10/4/2018', 'EN-gb'), num(43200, 'm/d/yyyy'));
    assert.deepStrictEqual(parseInput('10/4/2018', 'en_GB'), num(43200, 'm/d/yyyy'));
  });

  test('a language alone works', () => {
    assert.deepStrictEqual(parseInput('1,5', 'de'), num(1.5));
  });

  test('unknown or malformed cultures read as en-US', () => {
    for (const c of ['xx-YY', 'zz', 'not a culture', '', '../etc']) {
      assert.deepStrictEqual(parseInput('4/10/2018', c), num(43200, 'm/d/yyyy'), c);
      assert.deepStrictEqual(parseInput('1,234.5', c), num(1234.5, '#,##0.00'), c);
    }
  });

  test('English cultures numfmt lacks keep their day-first order', () => {
    assert.deepStrictEqual(parseInput('10/4/2018', 'en-IN'), num(43200, 'm/d/yyyy'));
    assert.deepStrictEqual(parseInput('10/4/2018', 'en-NZ'), num(43200, 'm/d/yyyy'));
  });
});
