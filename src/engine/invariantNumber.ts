/**
 * Numbers printed the way .NET Framework prints a double with `ToString()` in the invariant
 * culture ("G15"): at most 15 significant digits, no trailing zeros, and exponent form
 * (`1E-07`, `1.5E+20`) unless the decimal exponent of the rounded value is within -4..14
 * (that is 1e-4 ≤ |x| < 1e15). This is the `Value` of a Number cell on the wire (spec/API.md §4).
 */

const MIN_FIXED = 1e-4;
const MAX_FIXED = 1e15;

/** The double nearest to `x` rounded to 15 significant digits (non-finite values pass through). */
export function roundTo15(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x === 0 ? 0 : x;
  const r = Number(x.toPrecision(15));
  // Near Number.MAX_VALUE the rounded decimal is beyond the largest double.
  return Number.isFinite(r) ? r : x;
}

/** Formats a double as .NET's invariant `ToString()` does: 15 significant digits, then trimmed. */
export function formatInvariantNumber(x: number): string {
  if (x === 0) return '0'; // also -0: .NET Framework prints it as "0"
  if (!Number.isFinite(x)) {
    // .NET Framework invariant symbols; callers normally never hold these (Excel cannot).
    return Number.isNaN(x) ? 'NaN' : x > 0 ? 'Infinity' : '-Infinity';
  }
  const abs = x < 0 ? -x : x;
  // Fast path: JS's shortest round-trip text is already the answer when it has at most
  // 15 significant digits (it is then the 15-digit rounding, trailing zeros removed).
  if (abs >= MIN_FIXED && abs < MAX_FIXED) {
    const s = String(x);
    if (significantDigits(s) <= 15) return s;
  }
  return slowFormat(x);
}

/** Counts significant digits of a plain (non-exponent) decimal string such as `-0.00123`. */
function significantDigits(s: string): number {
  let i = s.charCodeAt(0) === 45 ? 1 : 0; // '-'
  // Skip leading zeros and the decimal point before the first non-zero digit.
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 48 && c !== 46) break;
  }
  let n = 0;
  for (; i < s.length; i++) {
    if (s.charCodeAt(i) !== 46) n++;
  }
  return n;
}

function slowFormat(x: number): string {
  // toExponential(14) is exact decimal rounding to 15 significant digits: "d.dddddddddddddde±N".
  const e = x.toExponential(14);
  const neg = x < 0;
  const start = neg ? 1 : 0;
  const ePos = e.indexOf('e', start);
  const exponent = Number(e.slice(ePos + 1));
  // The 15 digits without the point, trailing zeros dropped.
  let digits = e.charAt(start) + e.slice(start + 2, ePos);
  let end = digits.length;
  while (end > 1 && digits.charCodeAt(end - 1) === 48) end--;
  digits = digits.slice(0, end);
  const sign = neg ? '-' : '';

  if (exponent >= -4 && exponent < 15) {
    if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
    if (digits.length <= exponent + 1) return sign + digits + '0'.repeat(exponent + 1 - digits.length);
    return `${sign}${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
  }
  const mantissa = digits.length > 1 ? `${digits.charAt(0)}.${digits.slice(1)}` : digits;
  const absExp = exponent < 0 ? -exponent : exponent;
  return `${sign}${mantissa}E${exponent < 0 ? '-' : '+'}${absExp < 10 ? '0' : ''}${absExp}`;
}
