/** Unit tests for the small parts: relationships, workbook.xml, shared strings, styles, metadata, app.xml. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseApplication } from '../../src/workbook/appProps.js';
import { parseDynamicArrayMetadata } from '../../src/workbook/metadata.js';
import { builtinNumberFormat } from '../../src/workbook/numberFormats.js';
import { decodeOoxmlString, encodeOoxmlString } from '../../src/workbook/ooxmlString.js';
import { parseRelationships, relsPartFor, resolveTarget } from '../../src/workbook/relationships.js';
import { isoToSerial } from '../../src/workbook/serialDate.js';
import { parseSharedStrings } from '../../src/workbook/sharedStrings.js';
import { parseStyles } from '../../src/workbook/styles.js';
import { parseWorkbookPart } from '../../src/workbook/workbookPart.js';
import { NS_MAIN } from './helpers.js';

describe('relationships', () => {
  it('finds the rels part of a part', () => {
    assert.equal(relsPartFor(''), '_rels/.rels');
    assert.equal(relsPartFor('xl/workbook.xml'), 'xl/_rels/workbook.xml.rels');
  });

  it('resolves relative, parent and absolute targets', () => {
    assert.equal(resolveTarget('xl/workbook.xml', 'worksheets/sheet1.xml'), 'xl/worksheets/sheet1.xml');
    assert.equal(resolveTarget('xl/workbook.xml', '/xl/worksheets/sheet1.xml'), 'xl/worksheets/sheet1.xml');
    assert.equal(resolveTarget('xl/worksheets/sheet1.xml', '../drawings/d.xml'), 'xl/drawings/d.xml');
    assert.equal(resolveTarget('', 'xl/workbook.xml'), 'xl/workbook.xml');
    assert.equal(resolveTarget('xl/workbook.xml', './a\\b.xml'), 'xl/a/b.xml');
  });

  it('parses relationships and keeps external targets as written', () => {
    const rels = parseRelationships(
      '<Relationships><Relationship Id="rId1" Type="http://purl.oclc.org/ooxml/officeDocument/relationships/worksheet" Target="/xl/ws/s.xml"/>' +
        '<Relationship Id="rId2" Type="t/hyperlink" Target="https://example.com/a" TargetMode="External"/></Relationships>',
      'xl/_rels/workbook.xml.rels',
      'xl/workbook.xml',
    );
    assert.deepEqual(rels, [
      {
        id: 'rId1',
        type: 'http://purl.oclc.org/ooxml/officeDocument/relationships/worksheet',
        target: 'xl/ws/s.xml',
        external: false,
      },
      { id: 'rId2', type: 't/hyperlink', target: 'https://example.com/a', external: true },
    ]);
  });
});

describe('workbook.xml', () => {
  it('reads sheets, states, names, date system and calculation settings', () => {
    const book = parseWorkbookPart(
      `<workbook xmlns="${NS_MAIN}" xmlns:r="r"><workbookPr date1904="true"/><sheets>` +
        '<sheet name="A" sheetId="3" r:id="rId7"/><sheet name="B" sheetId="1" state="hidden" r:id="rId1"/><sheet name="C" sheetId="2" state="veryHidden" r:id="rId2"/></sheets>' +
        '<definedNames><definedName name="_xlnm.Print_Area" localSheetId="1" hidden="1">B!$A$1:$C$3</definedName><definedName name="Rate">=0.05</definedName></definedNames>' +
        '<calcPr calcId="191029" iterate="1" iterateCount="20" iterateDelta="1E-4"/></workbook>',
      'xl/workbook.xml',
    );
    assert.deepEqual(book.sheets, [
      { name: 'A', state: 'visible', relId: 'rId7' },
      { name: 'B', state: 'hidden', relId: 'rId1' },
      { name: 'C', state: 'veryHidden', relId: 'rId2' },
    ]);
    assert.deepEqual(book.definedNames, [
      { name: '_xlnm.Print_Area', localSheetId: 1, hidden: true, formula: 'B!$A$1:$C$3' },
      { name: 'Rate', localSheetId: null, hidden: false, formula: '0.05' },
    ]);
    assert.equal(book.date1904, true);
    assert.deepEqual(book.calc, { iterate: true, iterateCount: 20, iterateDelta: 0.0001 });
  });

  it("uses Excel's calculation defaults", () => {
    const plain = parseWorkbookPart('<workbook><sheets/></workbook>', 'w');
    assert.deepEqual(plain.calc, { iterate: false, iterateCount: 100, iterateDelta: 0.001 });
    assert.equal(plain.date1904, false);
    const partial = parseWorkbookPart('<workbook><calcPr iterate="true"/></workbook>', 'w');
    assert.deepEqual(partial.calc, { iterate: true, iterateCount: 100, iterateDelta: 0.001 });
  });
});

describe('shared strings', () => {
  it('flattens rich text, ignores phonetic runs and keeps whitespace', () => {
    const strings = parseSharedStrings(
      '<sst><si><t>plain</t></si><si><r><rPr><b/></rPr><t>bold</t></r><r><t xml:space="preserve"> and </t></r><r><t>more</t></r></si>' +
        '<si><t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh><phoneticPr fontId="1"/></si><si><t/></si><si><t>a&amp;b</t></si></sst>',
      'xl/sharedStrings.xml',
    );
    assert.deepEqual(strings, ['plain', 'bold and more', '東京', '', 'a&b']);
  });

  it('decodes _xHHHH_ escapes', () => {
    const strings = parseSharedStrings(
      '<sst><si><t>a_x000D__x000A_b</t></si><si><t>_x005F_x000D_</t></si></sst>',
      's',
    );
    assert.deepEqual(strings, ['a\r\nb', '_x000D_']);
  });

  it('round-trips the escapes', () => {
    for (const s of ['a\rb', 'tab\there', '_x000D_', 'bell\u0007', 'plain']) {
      assert.equal(decodeOoxmlString(encodeOoxmlString(s)), s);
    }
  });
});

describe('styles', () => {
  it('maps cell styles to format codes: built-in and custom, ignoring other xf lists', () => {
    const codes = parseStyles(
      '<styleSheet><numFmts count="2"><numFmt numFmtId="164" formatCode="0.000"/><numFmt numFmtId="165" formatCode="&quot;$&quot;#,##0"/></numFmts>' +
        '<cellStyleXfs><xf numFmtId="10"/></cellStyleXfs>' +
        '<cellXfs><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="9"/><xf numFmtId="165"/><xf/><xf numFmtId="200"/></cellXfs>' +
        '<dxfs><dxf><numFmt numFmtId="166" formatCode="x"/></dxf></dxfs></styleSheet>',
      'xl/styles.xml',
    );
    assert.deepEqual(codes, ['General', 'm/d/yyyy', '0.000', '0%', '"$"#,##0', 'General', 'General']);
  });

  it("knows Excel's built-in formats", () => {
    const expected: [number, string][] = [
      [0, 'General'],
      [3, '#,##0'],
      [4, '#,##0.00'],
      [9, '0%'],
      [10, '0.00%'],
      [14, 'm/d/yyyy'],
      [22, 'm/d/yyyy h:mm'],
      [37, '#,##0_);(#,##0)'],
      [40, '#,##0.00_);[Red](#,##0.00)'],
      [44, '_("$"* #,##0.00_);_("$"* \\(#,##0.00\\);_("$"* "-"??_);_(@_)'],
      [49, '@'],
    ];
    for (const [id, code] of expected) assert.equal(builtinNumberFormat(id), code, `id ${id}`);
  });
});

describe('metadata.xml', () => {
  it('finds the cm values of dynamic arrays', () => {
    const dynamic = parseDynamicArrayMetadata(
      '<metadata xmlns:xda="x"><metadataTypes count="2"><metadataType name="XLRICHVALUE"/><metadataType name="XLDAPR"/></metadataTypes>' +
        '<futureMetadata name="XLDAPR" count="2"><bk><extLst><ext uri="u"><xda:dynamicArrayProperties fDynamic="0"/></ext></extLst></bk>' +
        '<bk><extLst><ext uri="u"><xda:dynamicArrayProperties fDynamic="1" fCollapsed="0"/></ext></extLst></bk></futureMetadata>' +
        '<cellMetadata count="3"><bk><rc t="2" v="0"/></bk><bk><rc t="2" v="1"/></bk><bk><rc t="1" v="1"/></bk></cellMetadata></metadata>',
      'xl/metadata.xml',
    );
    assert.deepEqual([...dynamic], [2]);
  });
});

describe('docProps/app.xml', () => {
  it('reads the application name', () => {
    assert.equal(
      parseApplication(
        '<Properties><Application>Microsoft Excel</Application><AppVersion>16.0</AppVersion></Properties>',
        'a',
      ),
      'Microsoft Excel',
    );
    assert.equal(parseApplication('<Properties/>', 'a'), undefined);
  });
});

describe('ISO dates (t="d")', () => {
  it('converts to serials in both date systems', () => {
    assert.equal(isoToSerial('1900-01-01', false), 1);
    assert.equal(isoToSerial('1900-02-28', false), 59);
    assert.equal(isoToSerial('1900-03-01', false), 61);
    assert.equal(isoToSerial('2024-01-15T12:00:00Z', false), 45306.5);
    assert.equal(isoToSerial('1904-01-02', true), 1);
    assert.equal(isoToSerial('2024-01-15', true), 45306 - 1462);
    assert.equal(isoToSerial('T06:00:00', false), 0.25);
    assert.equal(isoToSerial('not a date', false), undefined);
  });
});
