/**
 * The text Excel (en-US) shows for a cell value under a number format: what `Range.Text`
 * gives in a column wide enough for the value. Formatting is done by `numfmt`, which
 * emulates Excel's formatter, with these choices where the cell's width matters:
 *
 * - General numbers follow Excel's General in a standard-width cell (at most 11 characters:
 *   `2812.11883`, `1.23457E+11`, `0.333333333`), as numfmt implements it from tables taken
 *   from Excel.
 * - `*x` (repeat x to fill the cell) emits nothing, and `_x` (skip the width of x) emits one
 *   space, as Excel's TEXT() does; a real cell would depend on the column width.
 * - Dates outside Excel's range (negative, or after 12/31/9999) show `#######`, as a cell does.
 * - Colors (`[Red]`) only color the cell, so they are dropped.
 * - A format numfmt cannot parse falls back to `General` and never throws.
 */
import { format, getFormatDateInfo, isValidFormat, tokenize } from 'numfmt';
import type { Scalar } from '../workbook/model.js';

/** Options for {@link displayText}. */
export interface DisplayOptions {
  /** The workbook uses the 1904 date system (serial 0 = 1/1/1904). */
  readonly date1904?: boolean;
}

/** What Excel shows for a date outside its calendar (negative, or after year 9999). */
export const DATE_OVERFLOW_TEXT = '#######';

// Days between the 1900 and 1904 date systems' serial 0 (numfmt only knows 1900).
const DAYS_1904 = 1462;

// Shared, never mutated: numfmt copies the options on each call.
const FORMAT_OPTIONS = Object.freeze({
  locale: 'en-US',
  throws: true,
  dateErrorNumber: false,
  dateErrorThrows: false,
  dateSpanLarge: false,
  overflow: DATE_OVERFLOW_TEXT,
  leap1900: true,
});

/** What we learned about one format code, so each code is checked once. */
interface FormatPlan {
  /** The pattern handed to numfmt (`General` when the code is malformed). */
  readonly pattern: string;
  /** The positive section shows a calendar date, so 1904 serials must be shifted. */
  readonly showsDate: boolean;
  /** One date/time section: the 1904 system shows negative values as `-` and the absolute value. */
  readonly signed1904: boolean;
}

const MAX_PLANS = 2000;
const plans = new Map<string, FormatPlan>();
const GENERAL_PLAN: FormatPlan = Object.freeze({ pattern: 'General', showsDate: false, signed1904: false });

function planFor(numFmt: string): FormatPlan {
  let plan = plans.get(numFmt);
  if (plan !== undefined) return plan;
  plan = makePlan(numFmt);
  // Bounded: workbooks carry few formats, but inputs of unknown workbooks must not grow this forever.
  if (plans.size >= MAX_PLANS) {
    const oldest = plans.keys().next();
    if (oldest.done !== true) plans.delete(oldest.value);
  }
  plans.set(numFmt, plan);
  return plan;
}

function makePlan(numFmt: string): FormatPlan {
  if (numFmt === '' || /^general$/i.test(numFmt)) return GENERAL_PLAN;
  try {
    if (!isValidFormat(numFmt)) return GENERAL_PLAN;
    // Probe once: numfmt accepts some codes it later fails on.
    format(numFmt, 1, FORMAT_OPTIONS);
    format(numFmt, 'x', FORMAT_OPTIONS);
    const info = getFormatDateInfo(numFmt);
    const showsDate = info.year || info.month || info.day;
    const showsTime = info.hours || info.minutes || info.seconds;
    const oneSection = !tokenize(numFmt).some((t) => t.type === 'BREAK');
    return { pattern: numFmt, showsDate, signed1904: oneSection && (showsDate || showsTime) };
  } catch {
    return GENERAL_PLAN;
  }
}

/** The text Excel en-US displays for `value` under the number format `numFmt`. */
export function displayText(value: Scalar, numFmt: string, opts?: DisplayOptions): string {
  switch (value.kind) {
    case 'empty':
      return '';
    case 'boolean':
      // Excel shows booleans as TRUE/FALSE whatever the number format.
      return value.value ? 'TRUE' : 'FALSE';
    case 'error':
      return value.value;
    case 'text':
      return formatSafely(planFor(numFmt).pattern, value.value);
    case 'number': {
      let n = value.value;
      // Excel cannot hold NaN or infinities; an engine producing one has overflowed.
      if (!Number.isFinite(n)) return '#NUM!';
      const plan = planFor(numFmt);
      // Hot path: General shows a 32-bit integer as its digits (numfmt does the same, slower).
      if (plan === GENERAL_PLAN && (n | 0) === n) return String(n);
      if (opts?.date1904 === true) {
        // The 1904 system shows negative dates and times with a minus sign (the 1900 one
        // shows #######), which is why people switch to it for negative durations.
        if (n < 0 && plan.signed1904) return `-${formatSafely(plan.pattern, shift1904(plan, -n))}`;
        if (n >= 0) n = shift1904(plan, n);
      }
      return formatSafely(plan.pattern, n);
    }
  }
}

// numfmt counts serials from 1900; a 1904 serial is the same day 1462 serials later.
// Negative values with several sections keep numfmt's choice of section (rare in practice).
function shift1904(plan: FormatPlan, n: number): number {
  return plan.showsDate ? n + DAYS_1904 : n;
}

function formatSafely(pattern: string, value: number | string): string {
  try {
    return format(pattern, value, FORMAT_OPTIONS);
  } catch {
    // A format that passed the probe but fails on this value: show it as General would.
    return format('General', value, FORMAT_OPTIONS);
  }
}
