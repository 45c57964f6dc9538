/** Every hostile or broken file we know of, built here with fflate, must fail with a clear WorkbookError. */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { strToU8 } from 'fflate';
import { buildXlsx, readWorkbook } from '../../src/workbook/index.js';
import { assertWorkbookError, forgeSizes, packageParts, sheetPackage, zipParts } from './helpers.js';

const SHEET = 'xl/worksheets/sheet1.xml';
const basic = () =>
  packageParts({ sheets: [{ name: 'Sheet1', xml: '<row r="1"><c r="A1"><v>1</v></c></row>' }] });

describe('hostile and broken files', () => {
  describe('not a zip', () => {
    it('random bytes', () => {
      assertWorkbookError(() => readWorkbook(randomBytes(4096)), 'NOT_ZIP', /not a zip archive/);
    });
    it('an empty file', () => {
      assertWorkbookError(() => readWorkbook(new Uint8Array(0)), 'NOT_ZIP', /empty/);
    });
    it('a text file', () => {
      assertWorkbookError(() => readWorkbook(strToU8('name,amount\nrent,1200\n')), 'NOT_ZIP');
    });
    it('a truncated zip', () => {
      const zip = zipParts(basic());
      assertWorkbookError(() => readWorkbook(zip.subarray(0, zip.length - 30)), 'BAD_ZIP', /damaged/);
    });
    it('an empty zip', () => {
      assertWorkbookError(() => readWorkbook(zipParts({})), 'NOT_ZIP', /empty/);
    });
  });

  describe('OLE containers', () => {
    const ole = (stream: string): Uint8Array => {
      const bytes = new Uint8Array(2048);
      bytes.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
      bytes.set(Buffer.from(stream, 'utf16le'), 1024);
      return bytes;
    };
    it('a password-protected (encrypted) workbook', () => {
      assertWorkbookError(() => readWorkbook(ole('EncryptedPackage')), 'ENCRYPTED', /password/);
    });
    it('a legacy .xls workbook', () => {
      assertWorkbookError(() => readWorkbook(ole('Workbook')), 'LEGACY_XLS', /\.xls\b/);
    });
    it('a zip entry with the encryption flag', () => {
      const zip = zipParts(basic());
      const view = new DataView(zip.buffer);
      let end = zip.length - 22;
      while (view.getUint32(end, true) !== 0x06054b50) end--;
      const cd = view.getUint32(end + 16, true);
      view.setUint16(cd + 8, view.getUint16(cd + 8, true) | 1, true);
      assertWorkbookError(() => readWorkbook(zip), 'ENCRYPTED');
    });
  });

  describe('zip bombs', () => {
    it('a highly compressible entry that really is huge is refused by its ratio before inflating', () => {
      const parts = basic();
      parts['xl/media/padding.bin'] = new Uint8Array(20 * 1024 * 1024);
      const zip = zipParts(parts, 9);
      assert.ok(zip.length < 200_000);
      assertWorkbookError(() => readWorkbook(zip), 'ZIP_BOMB', /padding\.bin.*zip bomb/);
    });
    it('an entry that declares a huge size is refused without inflating', () => {
      const zip = forgeSizes(zipParts(basic()), SHEET, { size: 300 * 1024 * 1024 });
      assertWorkbookError(() => readWorkbook(zip), 'ENTRY_TOO_LARGE', /sheet1\.xml/);
    });
    it('entries that together declare too much are refused', () => {
      const parts = basic();
      for (let i = 0; i < 3; i++) parts[`xl/media/image${i}.bin`] = randomBytes(400_000);
      assertWorkbookError(
        () => readWorkbook(zipParts(parts, 0), { maxTotalUncompressed: 1_000_000 }),
        'TOO_LARGE',
      );
    });
    it('too many entries (default limit 10,000)', () => {
      const parts = basic();
      for (let i = 0; i < 10_001; i++) parts[`xl/junk/${i}.xml`] = '';
      assertWorkbookError(() => readWorkbook(zipParts(parts, 0)), 'TOO_MANY_ENTRIES', /10,000/);
    });
    it('an entry whose header lies about its size', () => {
      const parts = basic();
      parts[SHEET] = `<worksheet><sheetData>${'<row/>'.repeat(200_000)}</sheetData></worksheet>`;
      const zip = forgeSizes(zipParts(parts), SHEET, { size: 1000 });
      assertWorkbookError(
        () => readWorkbook(zip),
        'ZIP_BOMB',
        /more than the 1,000 bytes its header declares/,
      );
    });
    it('an entry shorter than its header declares', () => {
      const zip = forgeSizes(zipParts(basic()), SHEET, { size: 100_000 });
      assertWorkbookError(() => readWorkbook(zip), 'BAD_ZIP');
    });
  });

  describe('XML attacks', () => {
    it('billion laughs in workbook.xml', () => {
      const parts = basic();
      parts['xl/workbook.xml'] =
        `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">]>` +
        '<workbook><sheets><sheet name="&lol2;" sheetId="1" r:id="rId1"/></sheets></workbook>';
      assertWorkbookError(() => readWorkbook(zipParts(parts)), 'DTD_FORBIDDEN', /xl\/workbook\.xml/);
    });
    it('an external entity in a sheet', () => {
      const parts = basic();
      parts[SHEET] =
        '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row></sheetData></worksheet>';
      assertWorkbookError(() => readWorkbook(zipParts(parts)), 'DTD_FORBIDDEN', /sheet1\.xml/);
    });
    it('a DTD in shared strings', () => {
      const zip = sheetPackage('', {
        sharedStrings: '<!DOCTYPE sst [<!ENTITY a "b">]><sst><si><t>&a;</t></si></sst>',
      });
      assertWorkbookError(() => readWorkbook(zip), 'DTD_FORBIDDEN');
    });
    it('malformed XML (an unclosed tag)', () => {
      const parts = basic();
      parts[SHEET] = '<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></sheetData></worksheet>';
      assertWorkbookError(() => readWorkbook(zipParts(parts)), 'BAD_XML', /sheet1\.xml.*<row>/);
    });
  });

  describe('missing parts', () => {
    it('no workbook.xml', () => {
      const parts = basic();
      delete parts['xl/workbook.xml'];
      assertWorkbookError(() => readWorkbook(zipParts(parts)), 'MISSING_PART', /workbook/);
    });
    it('no workbook.xml and no package relationships', () => {
      assertWorkbookError(() => readWorkbook(zipParts({ 'hello.txt': 'hi' })), 'MISSING_PART');
    });
    it('a sheet whose part is missing', () => {
      const parts = packageParts({
        sheets: [
          { name: 'One', xml: '' },
          { name: 'Two', xml: '' },
        ],
      });
      delete parts['xl/worksheets/sheet2.xml'];
      assertWorkbookError(() => readWorkbook(zipParts(parts)), 'MISSING_PART', /sheet2\.xml.*"Two"/);
    });
    it('a sheet whose relationship is missing', () => {
      const parts = basic();
      parts['xl/_rels/workbook.xml.rels'] = '<Relationships/>';
      assertWorkbookError(() => readWorkbook(zipParts(parts)), 'MISSING_PART', /"Sheet1"/);
    });
    it('no workbook relationships part', () => {
      const parts = basic();
      delete parts['xl/_rels/workbook.xml.rels'];
      assertWorkbookError(() => readWorkbook(zipParts(parts)), 'MISSING_PART', /workbook\.xml\.rels/);
    });
    it('an .xlsb or .ods file says what it is', () => {
      assertWorkbookError(
        () => readWorkbook(zipParts({ 'xl/workbook.bin': 'x' })),
        'UNSUPPORTED_FORMAT',
        /xlsb/,
      );
      assertWorkbookError(
        () =>
          readWorkbook(
            zipParts({ mimetype: 'application/vnd.oasis.opendocument.spreadsheet', 'content.xml': '<a/>' }),
          ),
        'UNSUPPORTED_FORMAT',
        /OpenDocument/,
      );
    });
  });

  describe('size limits', () => {
    it('a cell in column XFE', () => {
      const zip = sheetPackage('<row r="1"><c r="XFE1"><v>1</v></c></row>');
      assertWorkbookError(() => readWorkbook(zip), 'TOO_LARGE', /XFE1/);
    });
    it('a cell in row 1,048,577', () => {
      const zip = sheetPackage('<row r="1048577"><c r="A1048577"><v>1</v></c></row>');
      assertWorkbookError(() => readWorkbook(zip), 'TOO_LARGE', /1048577/);
    });
    it('a full-grid <dimension> alone is fine', () => {
      const xml =
        '<worksheet><dimension ref="A1:XFD1048576"/><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>';
      const parts = basic();
      parts[SHEET] = xml;
      assert.equal(readWorkbook(zipParts(parts)).sheets[0]?.cells.length, 1);
    });
    it('too many cells, counted across sheets', () => {
      const row = '<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c></row>';
      const zip = zipParts(
        packageParts({
          sheets: [
            { name: 'A', xml: row },
            { name: 'B', xml: row },
          ],
        }),
      );
      assert.equal(readWorkbook(zip, { maxCells: 4 }).sheets.length, 2);
      assertWorkbookError(() => readWorkbook(zip, { maxCells: 3 }), 'TOO_MANY_CELLS', /3 cells/);
    });
    it('too many sheets', () => {
      const bytes = buildXlsx({ sheets: [{ name: 'A' }, { name: 'B' }, { name: 'C' }] });
      assertWorkbookError(() => readWorkbook(bytes, { maxSheets: 2 }), 'TOO_MANY_SHEETS');
    });
    it('a formula longer than the limit', () => {
      const bytes = buildXlsx({ sheets: [{ name: 'A', cells: { A1: { formula: `1${'+1'.repeat(50)}` } } }] });
      assertWorkbookError(() => readWorkbook(bytes, { maxFormulaLength: 100 }), 'FORMULA_TOO_LONG', /A1/);
    });
    it('a narrower grid than Excel is configurable', () => {
      const bytes = buildXlsx({ sheets: [{ name: 'A', cells: { C10: 1 } }] });
      assertWorkbookError(() => readWorkbook(bytes, { maxRows: 9 }), 'TOO_LARGE', /9 rows/);
    });
  });

  describe('damaged content', () => {
    it('a shared string index out of range', () => {
      const zip = sheetPackage('<row r="1"><c r="A1" t="s"><v>5</v></c></row>', { sharedStrings: '<sst/>' });
      assertWorkbookError(() => readWorkbook(zip), 'CORRUPT', /shared string/);
    });
    it('a cell reference that is not A1', () => {
      assertWorkbookError(
        () => readWorkbook(sheetPackage('<row r="1"><c r="1A"><v>1</v></c></row>')),
        'CORRUPT',
      );
    });
    it('a shared formula with no master', () => {
      const zip = sheetPackage('<row r="1"><c r="A1"><f t="shared" si="7"/><v>1</v></c></row>');
      assertWorkbookError(() => readWorkbook(zip), 'CORRUPT', /shared formula 7/);
    });
    it('a number cell holding text', () => {
      assertWorkbookError(
        () => readWorkbook(sheetPackage('<row r="1"><c r="A1"><v>abc</v></c></row>')),
        'CORRUPT',
      );
    });
  });
});
