import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { unzipSync } from 'fflate';
import { classifyDefinedName } from '../../src/workbook/definedNames.js';
import { type BuildSpec, buildXlsx, readWorkbook, type WorkbookModel } from '../../src/workbook/index.js';
import { packageParts, zipParts } from './helpers.js';

const SPEC: BuildSpec = {
  sheets: [
    {
      name: 'Inputs',
      cells: {
        A1: 'Rate',
        B1: { value: 0.05, numFmt: '0.00%' },
        A2: 'Start',
        B2: { value: 45000, numFmt: 'm/d/yyyy' },
        A3: true,
        B3: { value: { error: '#N/A' } },
        C1: ' padded ',
        C2: 'line\nbreak & <tag>',
        C3: 'cr\r_x000D_',
        D1: -1.5e-7,
        D2: { value: 1234.5, numFmt: '#,##0.000 "units"' },
        A4: 'Rate',
      },
    },
    {
      name: 'Calc',
      state: 'hidden',
      cells: {
        A1: { formula: '=Inputs!B1*12', value: 0.6 },
        A2: { formula: 'A1&"x"', value: '0.6x' },
        A3: { formula: 'ISNA(Inputs!B3)', value: true },
        A4: { formula: '1/0', value: { error: '#DIV/0!' } },
        B1: { formula: '_xlfn.SEQUENCE(3)', value: 1, dynamic: true, array: 'B1:B3' },
        B2: 2,
        B3: 3,
        C1: { formula: 'TRANSPOSE(B1:B2)', array: 'C1:D1', value: 1 },
        D1: 2,
        E1: { formula: 'NOW()', numFmt: 'yyyy-mm-dd hh:mm' },
      },
    },
    { name: "It's very hidden", state: 'veryHidden' },
  ],
  definedNames: [
    { name: 'Rate', formula: 'Inputs!$B$1' },
    { name: 'Local', formula: 'Calc!$A$1:$A$4', scope: 1, hidden: true },
    { name: 'Tax', formula: '0.2' },
    { name: 'Annual', formula: 'Inputs!$B$1*12' },
  ],
  date1904: true,
  calc: { iterate: true, iterateCount: 50, iterateDelta: 0.01 },
  application: 'Microsoft Excel',
};

const num = (value: number) => ({ kind: 'number', value }) as const;
const txt = (value: string) => ({ kind: 'text', value }) as const;

const EXPECTED: WorkbookModel = {
  sheets: [
    {
      name: 'Inputs',
      state: 'visible',
      cells: [
        { row: 1, col: 1, value: txt('Rate'), numFmt: 'General' },
        { row: 1, col: 2, value: num(0.05), numFmt: '0.00%' },
        { row: 1, col: 3, value: txt(' padded '), numFmt: 'General' },
        { row: 1, col: 4, value: num(-1.5e-7), numFmt: 'General' },
        { row: 2, col: 1, value: txt('Start'), numFmt: 'General' },
        { row: 2, col: 2, value: num(45000), numFmt: 'm/d/yyyy' },
        { row: 2, col: 3, value: txt('line\nbreak & <tag>'), numFmt: 'General' },
        { row: 2, col: 4, value: num(1234.5), numFmt: '#,##0.000 "units"' },
        { row: 3, col: 1, value: { kind: 'boolean', value: true }, numFmt: 'General' },
        { row: 3, col: 2, value: { kind: 'error', value: '#N/A' }, numFmt: 'General' },
        { row: 3, col: 3, value: txt('cr\r_x000D_'), numFmt: 'General' },
        { row: 4, col: 1, value: txt('Rate'), numFmt: 'General' },
      ],
    },
    {
      name: 'Calc',
      state: 'hidden',
      cells: [
        { row: 1, col: 1, formula: 'Inputs!B1*12', value: num(0.6), numFmt: 'General' },
        {
          row: 1,
          col: 2,
          formula: '_xlfn.SEQUENCE(3)',
          array: { kind: 'dynamic', range: { top: 1, left: 2, bottom: 3, right: 2 } },
          value: num(1),
          numFmt: 'General',
        },
        {
          row: 1,
          col: 3,
          formula: 'TRANSPOSE(B1:B2)',
          array: { kind: 'legacy', range: { top: 1, left: 3, bottom: 1, right: 4 } },
          value: num(1),
          numFmt: 'General',
        },
        { row: 1, col: 4, value: num(2), numFmt: 'General' },
        { row: 1, col: 5, formula: 'NOW()', value: { kind: 'empty' }, numFmt: 'yyyy-mm-dd hh:mm' },
        { row: 2, col: 1, formula: 'A1&"x"', value: txt('0.6x'), numFmt: 'General' },
        { row: 2, col: 2, value: num(2), numFmt: 'General' },
        {
          row: 3,
          col: 1,
          formula: 'ISNA(Inputs!B3)',
          value: { kind: 'boolean', value: true },
          numFmt: 'General',
        },
        { row: 3, col: 2, value: num(3), numFmt: 'General' },
        { row: 4, col: 1, formula: '1/0', value: { kind: 'error', value: '#DIV/0!' }, numFmt: 'General' },
      ],
    },
    { name: "It's very hidden", state: 'veryHidden', cells: [] },
  ],
  definedNames: [
    { name: 'Rate', scope: null, formula: 'Inputs!$B$1', kind: 'reference', hidden: false },
    { name: 'Local', scope: 1, formula: 'Calc!$A$1:$A$4', kind: 'reference', hidden: true },
    { name: 'Tax', scope: null, formula: '0.2', kind: 'constant', hidden: false },
    { name: 'Annual', scope: null, formula: 'Inputs!$B$1*12', kind: 'formula', hidden: false },
  ],
  date1904: true,
  calc: { iterate: true, iterateCount: 50, iterateDelta: 0.01 },
  application: 'Microsoft Excel',
};

describe('readWorkbook', () => {
  it('reads back exactly what xlsxBuilder wrote', () => {
    assert.deepEqual(readWorkbook(buildXlsx(SPEC)), EXPECTED);
  });

  it('builds a complete package', () => {
    const files = unzipSync(buildXlsx(SPEC));
    const types = new TextDecoder().decode(files['[Content_Types].xml']);
    for (const part of [
      '/xl/workbook.xml',
      '/xl/worksheets/sheet3.xml',
      '/xl/styles.xml',
      '/xl/sharedStrings.xml',
      '/xl/metadata.xml',
    ]) {
      assert.ok(types.includes(`PartName="${part}"`), part);
    }
    const styles = new TextDecoder().decode(files['xl/styles.xml']);
    assert.match(styles, /<numFmt numFmtId="164" formatCode="#,##0.000 &quot;units&quot;"\/>/);
    assert.match(styles, /<xf numFmtId="10" /);
    // Formulas without a cached value ask Excel to recalculate on open.
    assert.match(new TextDecoder().decode(files['xl/workbook.xml']), /fullCalcOnLoad="1"/);
  });

  it('uses defaults for a minimal workbook', () => {
    const model = readWorkbook(buildXlsx({ sheets: [{ name: 'Only' }] }));
    assert.deepEqual(model, {
      sheets: [{ name: 'Only', state: 'visible', cells: [] }],
      definedNames: [],
      date1904: false,
      calc: { iterate: false, iterateCount: 100, iterateDelta: 0.001 },
      application: 'sheetport',
    });
  });

  it('follows relationships instead of assuming paths (absolute targets, odd names)', () => {
    const parts = packageParts({ sheets: [{ name: 'S', xml: '<row r="1"><c r="A1"><v>7</v></c></row>' }] });
    parts['custom/book.xml'] = parts['xl/workbook.xml'] ?? '';
    parts['custom/_rels/book.xml.rels'] =
      '<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/data/my%20sheet.xml"/></Relationships>';
    parts['data/my sheet.xml'] = parts['xl/worksheets/sheet1.xml'] ?? '';
    parts['_rels/.rels'] =
      '<Relationships><Relationship Id="rId1" Type="http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument" Target="custom/book.xml"/></Relationships>';
    for (const old of ['xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/worksheets/sheet1.xml'])
      delete parts[old];
    const model = readWorkbook(zipParts(parts));
    assert.deepEqual(model.sheets[0]?.cells, [
      { row: 1, col: 1, value: { kind: 'number', value: 7 }, numFmt: 'General' },
    ]);
    assert.equal(model.application, undefined);
  });

  it('keeps chart sheets in place so sheet-scoped names point at the right sheet', () => {
    const parts = packageParts({
      sheets: [
        { name: 'Chart', xml: '' },
        { name: 'Data', xml: '<row r="1"><c r="A1"><v>1</v></c></row>' },
      ],
      definedNames:
        '<definedName name="x" localSheetId="1">Data!$A$1</definedName><definedName name="bad" localSheetId="9">1</definedName>',
    });
    parts['xl/_rels/workbook.xml.rels'] = (parts['xl/_rels/workbook.xml.rels'] as string).replace(
      'relationships/worksheet" Target="worksheets/sheet1.xml"',
      'relationships/chartsheet" Target="chartsheets/sheet1.xml"',
    );
    delete parts['xl/worksheets/sheet1.xml'];
    const model = readWorkbook(zipParts(parts));
    assert.deepEqual(
      model.sheets.map((s) => [s.name, s.cells.length]),
      [
        ['Chart', 0],
        ['Data', 1],
      ],
    );
    // Names scoped to a sheet that does not exist are dropped.
    assert.deepEqual(
      model.definedNames.map((n) => [n.name, n.scope]),
      [['x', 1]],
    );
  });

  it('reads the 1904 date system and iterative calculation from raw XML', () => {
    const model = readWorkbook(
      zipParts(
        packageParts({
          sheets: [{ name: 'S', xml: '<row r="1"><c r="A1" t="d"><v>1904-01-03</v></c></row>' }],
          workbookPr: '<workbookPr date1904="1"/>',
          calcPr: '<calcPr iterate="1"/>',
        }),
      ),
    );
    assert.equal(model.date1904, true);
    assert.deepEqual(model.calc, { iterate: true, iterateCount: 100, iterateDelta: 0.001 });
    assert.deepEqual(model.sheets[0]?.cells[0]?.value, { kind: 'number', value: 2 });
  });
});

describe('defined name kinds', () => {
  it('tells references, constants and formulas apart', () => {
    const cases: [string, string][] = [
      ['Sheet1!$A$1', 'reference'],
      ["'My Sheet'!$A$1:$C$10", 'reference'],
      ['Sheet1!$A:$A', 'reference'],
      ['$A$1', 'reference'],
      ['0.05', 'constant'],
      ['-5', 'constant'],
      ['"text"', 'constant'],
      ['TRUE', 'constant'],
      ['#N/A', 'constant'],
      ['{1,2;3,4}', 'constant'],
      ['Sheet1!$A$1*12', 'formula'],
      ['Sheet1!$1:$2,Sheet1!$A:$A', 'formula'],
      ['OFFSET(Sheet1!$A$1,0,0,COUNTA(Sheet1!$A:$A),1)', 'formula'],
      ['OtherName', 'formula'],
      ['Sheet1!#REF!', 'formula'],
      ['Table1[Col]', 'formula'],
    ];
    for (const [formula, kind] of cases) assert.equal(classifyDefinedName(formula), kind, formula);
  });
});
