/** Builders for hand-made (often hostile) packages, and assertions shared by the workbook tests. */
import assert from 'node:assert/strict';
import { strToU8, type Zippable, zipSync } from 'fflate';
import { WorkbookError, type WorkbookErrorCode } from '../../src/workbook/index.js';

export const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
export const NS_R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

export interface RawSheet {
  readonly name: string;
  /** The complete worksheet XML, or only the `<sheetData>` content when it does not start with `<`?xml/`<worksheet`. */
  readonly xml: string;
  readonly state?: string;
}

export interface RawPackage {
  readonly sheets: readonly RawSheet[];
  readonly definedNames?: string;
  readonly workbookPr?: string;
  readonly calcPr?: string;
  readonly sharedStrings?: string;
  readonly styles?: string;
  readonly metadata?: string;
  readonly app?: string;
}

/** Wraps `<sheetData>` content in a worksheet element. */
export function worksheet(sheetData: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_R}"><sheetData>${sheetData}</sheetData></worksheet>`;
}

/** The parts of a small package; sheets are `xl/worksheets/sheetN.xml`. Edit the result to break it. */
export function packageParts(pkg: RawPackage): Record<string, string | Uint8Array> {
  const sheets = pkg.sheets
    .map(
      (s, i) =>
        `<sheet name="${s.name}" sheetId="${i + 1}"${s.state ? ` state="${s.state}"` : ''} r:id="rId${i + 1}"/>`,
    )
    .join('');
  const n = pkg.sheets.length;
  const rels = [
    ...pkg.sheets.map(
      (_, i) =>
        `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
    ),
    pkg.sharedStrings
      ? `<Relationship Id="rId${n + 1}" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>`
      : '',
    pkg.styles ? `<Relationship Id="rId${n + 2}" Type="${REL}/styles" Target="styles.xml"/>` : '',
    pkg.metadata ? `<Relationship Id="rId${n + 3}" Type="${REL}/sheetMetadata" Target="metadata.xml"/>` : '',
  ].join('');
  const parts: Record<string, string | Uint8Array> = {
    '[Content_Types].xml': '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    '_rels/.rels': `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="${REL}/extended-properties" Target="docProps/app.xml"/></Relationships>`,
    'xl/workbook.xml': `<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_R}">${pkg.workbookPr ?? ''}<sheets>${sheets}</sheets>${pkg.definedNames ? `<definedNames>${pkg.definedNames}</definedNames>` : ''}${pkg.calcPr ?? ''}</workbook>`,
    'xl/_rels/workbook.xml.rels': `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels}</Relationships>`,
  };
  pkg.sheets.forEach((s, i) => {
    parts[`xl/worksheets/sheet${i + 1}.xml`] = /^\s*<(\?xml|worksheet|\w+:worksheet)/.test(s.xml)
      ? s.xml
      : worksheet(s.xml);
  });
  if (pkg.sharedStrings) parts['xl/sharedStrings.xml'] = pkg.sharedStrings;
  if (pkg.styles) parts['xl/styles.xml'] = pkg.styles;
  if (pkg.metadata) parts['xl/metadata.xml'] = pkg.metadata;
  if (pkg.app) parts['docProps/app.xml'] = pkg.app;
  return parts;
}

/** Zips parts with fflate (strings are UTF-8 encoded). */
export function zipParts(parts: Record<string, string | Uint8Array>, level: 0 | 1 | 6 | 9 = 6): Uint8Array {
  const files: Zippable = {};
  for (const [name, content] of Object.entries(parts)) {
    files[name] = typeof content === 'string' ? strToU8(content) : content;
  }
  return zipSync(files, { level });
}

/** A one-sheet package around `sheetData` content, zipped. */
export function sheetPackage(sheetData: string, extra: Partial<RawPackage> = {}): Uint8Array {
  return zipParts(packageParts({ sheets: [{ name: 'Sheet1', xml: sheetData }], ...extra }));
}

/** Rewrites the sizes the central directory declares for `entry` (the data is left as it is). */
export function forgeSizes(
  zip: Uint8Array,
  entry: string,
  sizes: { size?: number; compressedSize?: number },
): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  let end = out.length - 22;
  while (view.getUint32(end, true) !== 0x06054b50) end--;
  let pos = view.getUint32(end + 16, true);
  for (let i = 0; i < view.getUint16(end + 10, true); i++) {
    const nameLen = view.getUint16(pos + 28, true);
    const name = new TextDecoder().decode(out.subarray(pos + 46, pos + 46 + nameLen));
    if (name === entry) {
      if (sizes.compressedSize !== undefined) view.setUint32(pos + 20, sizes.compressedSize, true);
      if (sizes.size !== undefined) view.setUint32(pos + 24, sizes.size, true);
      return out;
    }
    pos += 46 + nameLen + view.getUint16(pos + 30, true) + view.getUint16(pos + 32, true);
  }
  throw new Error(`no entry ${entry}`);
}

/** Asserts that `fn` throws a WorkbookError with `code` whose message is a complete sentence. */
export function assertWorkbookError(
  fn: () => unknown,
  code: WorkbookErrorCode,
  pattern?: RegExp,
): WorkbookError {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof WorkbookError, `expected a WorkbookError ${code}, got ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  assertSentence(caught.message);
  if (pattern) assert.match(caught.message, pattern);
  return caught;
}

/** A complete English sentence: capital first, full stop last, no leaked placeholders. */
export function assertSentence(message: string): void {
  assert.match(message, /^[A-Z][\s\S]*\.$/, `not a sentence: ${message}`);
  assert.doesNotMatch(message, /undefined|\[object|NaN/, `leaks internals: ${message}`);
}
