/**
 * Output cells as they go on the wire (spec/API.md §4): `Type`, the raw `Value` in invariant
 * form, the cell's `Format` code, and the `Text` Excel would display.
 */
import type { Scalar } from '../workbook/model.js';
import { type DisplayOptions, displayText } from './displayText.js';
import { formatInvariantNumber } from './invariantNumber.js';
import type { WireCell } from './types.js';

const GENERAL = 'General';

const REF_ERROR: WireCell = Object.freeze({ Type: 'Error', Value: '#REF!', Format: GENERAL, Text: '#REF!' });

/** The wire cell for a value with number format `numFmt` (`''` means General). */
export function toWireCell(value: Scalar, numFmt: string, opts?: DisplayOptions): WireCell {
  const Format = numFmt === '' ? GENERAL : numFmt;
  switch (value.kind) {
    case 'number': {
      // Excel cannot hold NaN or infinities, so they surface as the error Excel gives on overflow.
      if (!Number.isFinite(value.value)) return { Type: 'Error', Value: '#NUM!', Format, Text: '#NUM!' };
      return {
        Type: 'Number',
        Value: formatInvariantNumber(value.value),
        Format,
        Text: displayText(value, Format, opts),
      };
    }
    case 'text':
      return { Type: 'Text', Value: value.value, Format, Text: displayText(value, Format, opts) };
    case 'boolean':
      return value.value
        ? { Type: 'Boolean', Value: 'True', Format, Text: 'TRUE' }
        : { Type: 'Boolean', Value: 'False', Format, Text: 'FALSE' };
    case 'error':
      return { Type: 'Error', Value: value.value, Format, Text: value.value };
    case 'empty':
      return { Type: 'Empty', Value: '', Format, Text: '' };
  }
}

/** The cell returned for an output `Ref` that names nothing: `#REF!`. */
export function wireCellOfRefError(): WireCell {
  return REF_ERROR;
}
