/** Excel's built-in number formats: ids a workbook may use without declaring them. */

/** Built-in ids with the codes en-US Excel shows for them. */
export const BUILTIN_NUMBER_FORMATS: ReadonlyMap<number, string> = new Map<number, string>([
  [0, 'General'],
  [1, '0'],
  [2, '0.00'],
  [3, '#,##0'],
  [4, '#,##0.00'],
  [5, '"$"#,##0_);\\("$"#,##0\\)'],
  [6, '"$"#,##0_);[Red]\\("$"#,##0\\)'],
  [7, '"$"#,##0.00_);\\("$"#,##0.00\\)'],
  [8, '"$"#,##0.00_);[Red]\\("$"#,##0.00\\)'],
  [9, '0%'],
  [10, '0.00%'],
  [11, '0.00E+00'],
  [12, '# ?/?'],
  [13, '# ??/??'],
  [14, 'm/d/yyyy'],
  [15, 'd-mmm-yy'],
  [16, 'd-mmm'],
  [17, 'mmm-yy'],
  [18, 'h:mm AM/PM'],
  [19, 'h:mm:ss AM/PM'],
  [20, 'h:mm'],
  [21, 'h:mm:ss'],
  [22, 'm/d/yyyy h:mm'],
  [37, '#,##0_);(#,##0)'],
  [38, '#,##0_);[Red](#,##0)'],
  [39, '#,##0.00_);(#,##0.00)'],
  [40, '#,##0.00_);[Red](#,##0.00)'],
  [41, '_(* #,##0_);_(* \\(#,##0\\);_(* "-"_);_(@_)'],
  [42, '_("$"* #,##0_);_("$"* \\(#,##0\\);_("$"* "-"_);_(@_)'],
  [43, '_(* #,##0.00_);_(* \\(#,##0.00\\);_(* "-"??_);_(@_)'],
  [44, '_("$"* #,##0.00_);_("$"* \\(#,##0.00\\);_("$"* "-"??_);_(@_)'],
  [45, 'mm:ss'],
  [46, '[h]:mm:ss'],
  [47, 'mm:ss.0'],
  [48, '##0.0E+0'],
  [49, '@'],
]);

/**
 * The code for a built-in id. Ids 23–36 and 50–58 are reserved for East Asian locales;
 * en-US Excel shows them as the nearest general, date or time format.
 */
export function builtinNumberFormat(id: number): string {
  const code = BUILTIN_NUMBER_FORMATS.get(id);
  if (code !== undefined) return code;
  if ((id >= 27 && id <= 31) || id === 36 || (id >= 50 && id <= 58)) return 'm/d/yyyy';
  if (id >= 32 && id <= 35) return 'h:mm:ss';
  return 'General';
}

/** The built-in id whose code is exactly `code`, if any (used by the writer). */
export function builtinNumberFormatId(code: string): number | undefined {
  for (const [id, c] of BUILTIN_NUMBER_FORMATS) if (c === code) return id;
  return undefined;
}
