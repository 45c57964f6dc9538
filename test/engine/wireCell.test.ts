import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { WireCell } from '../../src/engine/types.js';
import { toWireCell, wireCellOfRefError } from '../../src/engine/wireCell.js';
import type { Scalar } from '../../src/workbook/model.js';

const num = (value: number): Scalar => ({ kind: 'number', value });

type Case = readonly [value: Scalar, numFmt: string, expected: WireCell];

const CASES: readonly Case[] = [
  [
    num(2812.11882959454),
    'General',
    { Type: 'Number', Value: '2812.11882959454', Format: 'General', Text: '2812.11883' },
  ],
  [
    num(2812.11882959454),
    '#,##0.00',
    { Type: 'Number', Value: '2812.11882959454', Format: '#,##0.00', Text: '2,812.12' },
  ],
  [
    num(1012362.78),
    '#,##0.00',
    { Type: 'Number', Value: '1012362.78', Format: '#,##0.00', Text: '1,012,362.78' },
  ],
  [num(0.1), '0.00%', { Type: 'Number', Value: '0.1', Format: '0.00%', Text: '10.00%' }],
  [num(360), '', { Type: 'Number', Value: '360', Format: 'General', Text: '360' }],
  [num(0.1 + 0.2), 'General', { Type: 'Number', Value: '0.3', Format: 'General', Text: '0.3' }],
  [num(1e-7), 'General', { Type: 'Number', Value: '1E-07', Format: 'General', Text: '0.0000001' }],
  [num(1.5e20), '0.00E+00', { Type: 'Number', Value: '1.5E+20', Format: '0.00E+00', Text: '1.50E+20' }],
  [num(-0), 'General', { Type: 'Number', Value: '0', Format: 'General', Text: '0' }],
  // Dates travel as their serial number; only Text shows the date.
  [num(43200), 'm/d/yyyy', { Type: 'Number', Value: '43200', Format: 'm/d/yyyy', Text: '4/10/2018' }],
  [
    num(43200.5625),
    'm/d/yyyy h:mm',
    { Type: 'Number', Value: '43200.5625', Format: 'm/d/yyyy h:mm', Text: '4/10/2018 13:30' },
  ],
  [num(-1), 'm/d/yyyy', { Type: 'Number', Value: '-1', Format: 'm/d/yyyy', Text: '#######' }],
  [
    { kind: 'text', value: 'hello' },
    'General',
    { Type: 'Text', Value: 'hello', Format: 'General', Text: 'hello' },
  ],
  [
    { kind: 'text', value: 'x' },
    '"Name: "@',
    { Type: 'Text', Value: 'x', Format: '"Name: "@', Text: 'Name: x' },
  ],
  [{ kind: 'text', value: '' }, '', { Type: 'Text', Value: '', Format: 'General', Text: '' }],
  [
    { kind: 'boolean', value: true },
    'General',
    { Type: 'Boolean', Value: 'True', Format: 'General', Text: 'TRUE' },
  ],
  [
    { kind: 'boolean', value: false },
    '0.00',
    { Type: 'Boolean', Value: 'False', Format: '0.00', Text: 'FALSE' },
  ],
  [
    { kind: 'error', value: '#DIV/0!' },
    'General',
    { Type: 'Error', Value: '#DIV/0!', Format: 'General', Text: '#DIV/0!' },
  ],
  [
    { kind: 'error', value: '#N/A' },
    '0.00%',
    { Type: 'Error', Value: '#N/A', Format: '0.00%', Text: '#N/A' },
  ],
  [{ kind: 'empty' }, '', { Type: 'Empty', Value: '', Format: 'General', Text: '' }],
  [{ kind: 'empty' }, '0.00', { Type: 'Empty', Value: '', Format: '0.00', Text: '' }],
  // Excel cannot hold these; they surface as the overflow error.
  [num(Number.NaN), 'General', { Type: 'Error', Value: '#NUM!', Format: 'General', Text: '#NUM!' }],
  [num(Number.NEGATIVE_INFINITY), '0.00', { Type: 'Error', Value: '#NUM!', Format: '0.00', Text: '#NUM!' }],
  // A malformed format is reported as it is but displayed as General.
  [num(1.5), '"bad', { Type: 'Number', Value: '1.5', Format: '"bad', Text: '1.5' }],
];

describe('toWireCell', () => {
  for (const [value, numFmt, expected] of CASES) {
    const shown = 'value' in value ? JSON.stringify(value.value) : value.kind;
    test(`${value.kind} ${shown} with ${JSON.stringify(numFmt)}`, () => {
      assert.deepStrictEqual(toWireCell(value, numFmt), expected);
    });
  }

  test('1904 workbooks show their own dates', () => {
    assert.deepStrictEqual(toWireCell(num(41738), 'm/d/yyyy', { date1904: true }), {
      Type: 'Number',
      Value: '41738',
      Format: 'm/d/yyyy',
      Text: '4/10/2018',
    });
  });

  test('every field is a string', () => {
    for (const [value, numFmt] of CASES) {
      for (const field of Object.values(toWireCell(value, numFmt))) assert.equal(typeof field, 'string');
    }
  });
});

describe('wireCellOfRefError', () => {
  test('is the #REF! error cell', () => {
    assert.deepStrictEqual(wireCellOfRefError(), {
      Type: 'Error',
      Value: '#REF!',
      Format: 'General',
      Text: '#REF!',
    });
  });

  test('cannot be altered by a caller', () => {
    assert.ok(Object.isFrozen(wireCellOfRefError()));
  });
});
