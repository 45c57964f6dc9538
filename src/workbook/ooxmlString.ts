/**
 * OOXML's `_xHHHH_` escapes (ECMA-376 ST_Xstring): how characters XML cannot carry
 * (control characters, a literal carriage return) are written in string content.
 */

const ESCAPE = /_x([0-9A-Fa-f]{4})_/g;
// Characters XML 1.0 cannot hold, plus \r, which XML parsers would turn into \n.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const UNSAFE = /[\u0000-\u0008\u000B\u000C\u000D\u000E-\u001F\uFFFE\uFFFF]/g;

/** Decodes `_x000D_`-style escapes; `_x005F_` is an escaped underscore, so `_x005F_x000D_` reads `_x000D_`. */
export function decodeOoxmlString(s: string): string {
  if (!s.includes('_x')) return s;
  return s.replace(ESCAPE, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

/** The inverse of `decodeOoxmlString`, for the writer. */
export function encodeOoxmlString(s: string): string {
  return s
    .replace(ESCAPE, '_x005F_x$1_')
    .replace(UNSAFE, (ch) => `_x${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`);
}
