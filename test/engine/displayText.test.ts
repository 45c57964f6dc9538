import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DATE_OVERFLOW_TEXT, displayText } from '../../src/engine/displayText.js';
import type { Scalar } from '../../src/workbook/model.js';

const num = (value: number): Scalar => ({ kind: 'number', value });
const txt = (value: string): Scalar => ({ kind: 'text', value });

const ACCOUNTING = '_(* #,##0.00_);_(* \\(#,##0.00\\);_(* "-"??_);_(@_)';
const CURRENCY = '"$"#,##0.00_);[Red]\\("$"#,##0.00\\)';

type Case = readonly [format: string, value: Scalar, expected: string];

function table(name: string, cases: readonly Case[], opts?: { date1904?: boolean }): void {
  describe(name, () => {
    for (const [format, value, expected] of cases) {
      const shown = 'value' in value ? JSON.stringify(value.value) : value.kind;
      test(`${JSON.stringify(format)} of ${shown} → ${JSON.stringify(expected)}`, () => {
        assert.equal(displayText(value, format, opts), expected);
      });
    }
  });
}

// Excel's General in a standard-width cell: at most 11 characters. Expected values come from
// the SSF/numfmt tables, which were generated with Excel.
table('General numbers', [
  ['General', num(2812.11882959454), '2812.11883'],
  ['General', num(-2812.11882959454), '-2812.11883'],
  ['General', num(0.1 + 0.2), '0.3'],
  ['General', num(1 / 3), '0.333333333'],
  ['General', num(123456789012), '1.23457E+11'],
  ['General', num(12345678901), '12345678901'],
  ['General', num(12345678901.5), '12345678902'],
  ['General', num(100000000000), '1E+11'],
  ['General', num(0.00001234567), '1.23457E-05'],
  ['General', num(0.0001234567), '0.000123457'],
  ['General', num(1e-7), '0.0000001'],
  ['General', num(1e-10), '1E-10'],
  ['General', num(1.5e20), '1.5E+20'],
  ['General', num(0), '0'],
  ['General', num(-0), '0'],
  ['General', num(360), '360'],
  ['', num(12.5), '12.5'],
  ['general', num(12.5), '12.5'],
]);

table('number formats', [
  ['#,##0.00', num(2812.11882959454), '2,812.12'],
  ['#,##0.00', num(1012362.78), '1,012,362.78'],
  ['#,##0.00', num(-1012362.78), '-1,012,362.78'],
  ['#,##0', num(1234.5), '1,235'],
  ['0.00%', num(0.1), '10.00%'],
  ['0%', num(0.125), '13%'],
  ['0%', num(-0.5), '-50%'],
  // Excel rounds the 15-digit decimal value, so these do not suffer binary rounding.
  ['0.00', num(2.675), '2.68'],
  ['0.00', num(1.005), '1.01'],
  ['0.00E+00', num(12200000), '1.22E+07'],
  ['0', num(Number('123456789012345678')), '123456789012346000'],
  ['# ?/?', num(0.5), ' 1/2'],
  ['0.0', num(-0.05), '-0.1'],
  [CURRENCY, num(1234.56), '$1,234.56 '],
  [CURRENCY, num(-5), '($5.00)'],
]);

table('sections, colors, padding and fill', [
  ['0;(0);"zero";"t:"@', num(5), '5'],
  ['0;(0);"zero";"t:"@', num(-5), '(5)'],
  ['0;(0);"zero";"t:"@', num(0), 'zero'],
  ['0;(0);"zero";"t:"@', txt('q'), 't:q'],
  ['0.00;;;', num(5), '5.00'],
  ['0.00;;;', num(-5), ''],
  ['0.00;;;', num(0), ''],
  ['0.00;;;', txt('hidden'), ''],
  ['[>100]"big";"small"', num(500), 'big'],
  ['[>100]"big";"small"', num(5), 'small'],
  ['[Red]0.00', num(-3), '-3.00'],
  ['[Blue]0.00;[Red]-0.00', num(-3), '-3.00'],
  // `_x` is one space and `*x` fills nothing (as TEXT() does; a cell would fill its width).
  [ACCOUNTING, num(1234.5), ' 1,234.50 '],
  [ACCOUNTING, num(-1234.5), ' (1,234.50)'],
  [ACCOUNTING, num(0), ' -   '],
  [ACCOUNTING, txt('txt'), ' txt '],
  ['0*-', num(7), '7'],
]);

table('text values', [
  ['General', txt('hello'), 'hello'],
  ['General', txt('=A1'), '=A1'],
  ['@', txt('abc'), 'abc'],
  ['"Name: "@', txt('x'), 'Name: x'],
  // Without a text section, text is shown as it is.
  ['0.00', txt('abc'), 'abc'],
  ['0.00;-0.00;0', txt('abc'), 'abc'],
  ['@', num(12), '12'],
  ['@', num(123456789012), '1.23457E+11'],
  ['General', txt(''), ''],
]);

table('dates and times (1900 system)', [
  ['m/d/yyyy', num(43200), '4/10/2018'],
  ['m/d/yyyy', num(43200.75), '4/10/2018'],
  ['mmm d, yyyy', num(43200), 'Apr 10, 2018'],
  ['d-mmm-yy', num(43200), '10-Apr-18'],
  ['dddd, mmmm d, yyyy', num(43200), 'Tuesday, April 10, 2018'],
  ['yyyy-mm-dd hh:mm:ss', num(43200.5625), '2018-04-10 13:30:00'],
  ['m/d/yyyy h:mm', num(43200.5625), '4/10/2018 13:30'],
  ['[$-409]m/d/yyyy', num(43200), '4/10/2018'],
  ['h:mm', num(0.5625), '13:30'],
  ['h:mm AM/PM', num(0.5625), '1:30 PM'],
  ['h:mm AM/PM', num(0), '12:00 AM'],
  ['[h]:mm:ss', num(1.0416666666666667), '25:00:00'],
  ['mm:ss.0', num(0.008686342592592593), '12:30.5'],
  // Excel's 1900 leap-year bug: serial 60 is Feb 29, 1900, and serial 0 is "Jan 0".
  ['m/d/yyyy', num(59), '2/28/1900'],
  ['m/d/yyyy', num(60), '2/29/1900'],
  ['m/d/yyyy', num(61), '3/1/1900'],
  ['m/d/yyyy', num(0), '1/0/1900'],
  ['m/d/yyyy', num(1), '1/1/1900'],
  ['m/d/yyyy', num(2958465), '12/31/9999'],
  // Outside Excel's calendar a date cell shows hashes.
  ['m/d/yyyy', num(-1), DATE_OVERFLOW_TEXT],
  ['m/d/yyyy', num(2958466), DATE_OVERFLOW_TEXT],
  ['h:mm', num(-0.5), DATE_OVERFLOW_TEXT],
  ['[h]:mm', num(-0.0625), DATE_OVERFLOW_TEXT],
  // A negative value with a non-date negative section uses that section.
  ['m/d/yyyy;"neg"', num(-1), 'neg'],
]);

table(
  'dates and times (1904 system)',
  [
    ['m/d/yyyy', num(0), '1/1/1904'],
    ['m/d/yyyy', num(1), '1/2/1904'],
    ['m/d/yyyy', num(43200), '4/11/2022'],
    ['m/d/yyyy h:mm', num(41738.5625), '4/10/2018 13:30'],
    // Times of day and durations do not depend on the date system.
    ['h:mm', num(0.5625), '13:30'],
    ['[h]:mm', num(1.5), '36:00'],
    // The 1904 system shows negative times with a minus sign (Microsoft KB 182247).
    ['[h]:mm', num(-0.0625), '-1:30'],
    ['h:mm', num(-0.5625), '-13:30'],
    // Numbers are not dates.
    ['#,##0.00', num(1234.5), '1,234.50'],
    ['General', num(43200), '43200'],
  ],
  { date1904: true },
);

table('booleans, errors and empty', [
  ['General', { kind: 'boolean', value: true }, 'TRUE'],
  ['General', { kind: 'boolean', value: false }, 'FALSE'],
  ['0.00', { kind: 'boolean', value: true }, 'TRUE'],
  ['General', { kind: 'error', value: '#DIV/0!' }, '#DIV/0!'],
  ['0.00%', { kind: 'error', value: '#N/A' }, '#N/A'],
  ['General', { kind: 'empty' }, ''],
  ['0.00', { kind: 'empty' }, ''],
]);

table('malformed formats fall back to General', [
  ['"unterminated', num(1.5), '1.5'],
  ['[[[', num(2812.11882959454), '2812.11883'],
  ['yyyy"x"0', num(5), '5'],
  ['0 "d" yyyy', num(5), '5'],
  ['"unterminated', txt('abc'), 'abc'],
]);

describe('values Excel cannot hold', () => {
  test('NaN and infinities show #NUM!', () => {
    assert.equal(displayText(num(Number.NaN), 'General'), '#NUM!');
    assert.equal(displayText(num(Number.POSITIVE_INFINITY), '0.00'), '#NUM!');
  });

  test('malformed formats never throw, whatever the value', () => {
    const formats = ['"', '[', '0.0.0;;;;;', '[>', 'E+', '\\', '*', '_', '[h', '#,##0.00;[Red', ''];
    const values: Scalar[] = [num(0), num(-1), num(1e300), txt('x'), { kind: 'boolean', value: true }];
    for (const f of formats) {
      for (const v of values) assert.equal(typeof displayText(v, f), 'string');
    }
  });
});
