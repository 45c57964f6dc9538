import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type CellModel, readWorkbook } from '../../src/workbook/index.js';
import { NS_MAIN, NS_R, packageParts, sheetPackage, zipParts } from './helpers.js';

const cellsOf = (bytes: Uint8Array, sheet = 0): readonly CellModel[] =>
  readWorkbook(bytes).sheets[sheet]?.cells ?? [];
const at = (cells: readonly CellModel[], row: number, col: number): CellModel | undefined =>
  cells.find((c) => c.row === row && c.col === col);

const STYLES =
  '<styleSheet><numFmts><numFmt numFmtId="164" formatCode="0.000"/></numFmts><cellXfs><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/></cellXfs></styleSheet>';

describe('worksheet cells', () => {
  it('reads every value type', () => {
    const cells = cellsOf(
      sheetPackage(
        '<row r="1"><c r="A1"><v>1.5</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="b"><v>1</v></c><c r="D1" t="b"><v>0</v></c>' +
          '<c r="E1" t="e"><v>#DIV/0!</v></c><c r="F1" t="inlineStr"><is><t>inline</t></is></c><c r="G1" t="d"><v>2024-01-15T12:00:00</v></c>' +
          '<c r="H1" t="str"><f>"a"&amp;"b"</f><v>ab</v></c><c r="I1" t="inlineStr"><is><r><t>ri</t></r><r><t>ch</t></r><rPh><t>x</t></rPh></is></c>' +
          '<c r="J1" s="1"/><c r="K1"><v></v></c><c r="L1" t="n"><v>-1E-3</v></c></row>',
        { sharedStrings: '<sst><si><t>zero</t></si><si><t>one</t></si></sst>' },
      ),
    );
    assert.deepEqual(
      cells.map((c) => [c.col, c.value]),
      [
        [1, { kind: 'number', value: 1.5 }],
        [2, { kind: 'text', value: 'one' }],
        [3, { kind: 'boolean', value: true }],
        [4, { kind: 'boolean', value: false }],
        [5, { kind: 'error', value: '#DIV/0!' }],
        [6, { kind: 'text', value: 'inline' }],
        [7, { kind: 'number', value: 45306.5 }],
        [8, { kind: 'text', value: 'ab' }],
        [9, { kind: 'text', value: 'rich' }],
        [12, { kind: 'number', value: -0.001 }],
      ],
    );
    assert.equal(at(cells, 1, 8)?.formula, '"a"&"b"');
  });

  it('resolves number formats through styles', () => {
    const cells = cellsOf(
      sheetPackage(
        '<row r="1"><c r="A1"><v>1</v></c><c r="B1" s="1"><v>45000</v></c><c r="C1" s="2"><v>1</v></c><c r="D1" s="9"><v>1</v></c></row>',
        {
          styles: STYLES,
        },
      ),
    );
    assert.deepEqual(
      cells.map((c) => c.numFmt),
      ['General', 'm/d/yyyy', '0.000', 'General'],
    );
  });

  it('gives cells without r the next column and rows without r the next row', () => {
    const cells = cellsOf(
      sheetPackage(
        '<row><c><v>1</v></c><c><v>2</v></c></row><row r="3"><c r="B3"><v>3</v></c><c><v>4</v></c></row><row><c><v>5</v></c></row>',
      ),
    );
    assert.deepEqual(
      cells.map((c) => [c.row, c.col, c.value.kind === 'number' ? c.value.value : null]),
      [
        [1, 1, 1],
        [1, 2, 2],
        [3, 2, 3],
        [3, 3, 4],
        [4, 1, 5],
      ],
    );
  });

  it('returns cells in row-major order even when the file does not, later duplicates winning', () => {
    const cells = cellsOf(
      sheetPackage(
        '<row r="2"><c r="B2"><v>1</v></c><c r="A2"><v>2</v></c></row><row r="1"><c r="C1"><v>3</v></c><c r="C1"><v>4</v></c></row>',
      ),
    );
    assert.deepEqual(
      cells.map((c) => [c.row, c.col, c.value.kind === 'number' ? c.value.value : null]),
      [
        [1, 3, 4],
        [2, 1, 2],
        [2, 2, 1],
      ],
    );
  });

  it('strips a leading = and keeps _xlfn. prefixes', () => {
    const cells = cellsOf(
      sheetPackage(
        '<row r="1"><c r="A1"><f>=1+1</f><v>2</v></c><c r="B1"><f>_xlfn.XLOOKUP(1,A:A,A:A)</f><v>1</v></c><c r="C1"><f>NOW()</f></c></row>',
      ),
    );
    assert.deepEqual(
      cells.map((c) => [c.formula, c.value.kind]),
      [
        ['1+1', 'number'],
        ['_xlfn.XLOOKUP(1,A:A,A:A)', 'number'],
        ['NOW()', 'empty'],
      ],
    );
  });

  it('ignores formulas outside sheetData (conditional formats, validations)', () => {
    const xml = `<worksheet xmlns="${NS_MAIN}" xmlns:x14="x14" xmlns:xm="xm"><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>
      <extLst><ext><x14:conditionalFormattings><x14:conditionalFormatting><x14:cfRule><xm:f>A1&gt;0</xm:f></x14:cfRule></x14:conditionalFormatting></x14:conditionalFormattings></ext></extLst></worksheet>`;
    const cells = cellsOf(zipParts(packageParts({ sheets: [{ name: 'S', xml }] })));
    assert.deepEqual(cells, [{ row: 1, col: 1, value: { kind: 'number', value: 1 }, numFmt: 'General' }]);
  });

  it('reads prefixed (x:) strict-style worksheets', () => {
    const xml = `<x:worksheet xmlns:x="http://purl.oclc.org/ooxml/spreadsheetml/main" xmlns:r="${NS_R}"><x:sheetData><x:row r="1"><x:c r="A1"><x:f>1+2</x:f><x:v>3</x:v></x:c></x:row></x:sheetData></x:worksheet>`;
    const cells = cellsOf(zipParts(packageParts({ sheets: [{ name: 'S', xml }] })));
    assert.deepEqual(cells, [
      { row: 1, col: 1, formula: '1+2', value: { kind: 'number', value: 3 }, numFmt: 'General' },
    ]);
  });

  it('marks legacy and dynamic array formulas', () => {
    const metadata =
      '<metadata xmlns:xda="x"><metadataTypes count="1"><metadataType name="XLDAPR"/></metadataTypes><futureMetadata name="XLDAPR" count="1"><bk><extLst><ext uri="u"><xda:dynamicArrayProperties fDynamic="1"/></ext></extLst></bk></futureMetadata><cellMetadata count="1"><bk><rc t="1" v="0"/></bk></cellMetadata></metadata>';
    const cells = cellsOf(
      sheetPackage(
        '<row r="1"><c r="A1" cm="1"><f t="array" ref="A1:A3">SEQUENCE(3)</f><v>1</v></c><c r="B1"><f t="array" ref="B1:C2">A1:B2*2</f><v>2</v></c><c r="C1"><v>4</v></c><c r="D1"><f t="array" ref="D1">SUM(A1:A3*1)</f><v>6</v></c></row><row r="2"><c r="A2"><v>2</v></c></row>',
        { metadata },
      ),
    );
    assert.deepEqual(at(cells, 1, 1)?.array, {
      kind: 'dynamic',
      range: { top: 1, left: 1, bottom: 3, right: 1 },
    });
    assert.deepEqual(at(cells, 1, 2)?.array, {
      kind: 'legacy',
      range: { top: 1, left: 2, bottom: 2, right: 3 },
    });
    assert.deepEqual(at(cells, 1, 4)?.array, {
      kind: 'legacy',
      range: { top: 1, left: 4, bottom: 1, right: 4 },
    });
    assert.equal(at(cells, 1, 3)?.formula, undefined);
    assert.equal(at(cells, 2, 1)?.array, undefined);
  });

  it('treats a cm without dynamic metadata as a legacy array', () => {
    const cells = cellsOf(
      sheetPackage('<row r="1"><c r="A1" cm="1"><f t="array" ref="A1:A2">{1;2}</f><v>1</v></c></row>'),
    );
    assert.equal(at(cells, 1, 1)?.array?.kind, 'legacy');
  });

  it('keeps the cached values of a data table but no formula', () => {
    const cells = cellsOf(
      sheetPackage(
        '<row r="2"><c r="B2"><f t="dataTable" ref="B2:B3" dt2D="0" dtr="0" r1="A1"/><v>7</v></c></row>',
      ),
    );
    assert.deepEqual(cells, [{ row: 2, col: 2, value: { kind: 'number', value: 7 }, numFmt: 'General' }]);
  });
});
