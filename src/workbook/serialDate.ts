/** ISO 8601 text (`<c t="d">`) to an Excel date serial number. */

const ISO =
  /^(?:(\d{4})-(\d{2})-(\d{2}))?(?:T?(\d{2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?)?(?:Z|[+-]\d{2}:?\d{2})?$/;
const DAY_MS = 86_400_000;

/**
 * The serial for an ISO date/time in the 1900 or 1904 system; undefined when it does not parse.
 * The time zone suffix, if any, is ignored: Excel stores wall-clock times.
 */
export function isoToSerial(text: string, date1904: boolean): number | undefined {
  const m = ISO.exec(text.trim());
  if (m === null || (m[1] === undefined && m[4] === undefined)) return undefined;
  const [, y, mo, d, h, mi, s] = m;
  let days = 0;
  if (y !== undefined && mo !== undefined && d !== undefined) {
    const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d));
    if (date1904) days = (utc - Date.UTC(1904, 0, 1)) / DAY_MS;
    else {
      days = (utc - Date.UTC(1899, 11, 31)) / DAY_MS;
      // Excel counts the non-existent 29 February 1900 (serial 60), so later dates shift by one.
      if (days >= 60) days += 1;
    }
  }
  const seconds = Number(h ?? 0) * 3600 + Number(mi ?? 0) * 60 + Number(s ?? 0);
  return days + seconds / 86_400;
}
