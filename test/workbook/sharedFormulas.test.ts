import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileSharedFormula, readWorkbook } from '../../src/workbook/index.js';
import { sheetPackage } from './helpers.js';

/** Expands `formula`, written in `master` (row, col), for a cell `dr` rows and `dc` columns away. */
const shift = (formula: string, dr: number, dc: number, master: [number, number] = [2, 2]): string =>
  compileSharedFormula(formula, master[0], master[1])(master[0] + dr, master[1] + dc);

describe('shared formula expansion', () => {
  it('moves relative references', () => {
    assert.equal(shift('B1*2', 0, 0), 'B1*2');
    assert.equal(shift('B1*2', 3, 0), 'B4*2');
    assert.equal(shift('B1*2', 0, 2), 'D1*2');
    assert.equal(shift('A1+AZ9', 1, 1), 'B2+BA10');
  });

  it('keeps absolute parts and moves only the relative half of mixed references', () => {
    assert.equal(shift('$B$1+B$1+$B1', 2, 3), '$B$1+E$1+$B3');
  });

  it('moves references to other sheets and keeps the sheet', () => {
    assert.equal(shift("Data!A1+'My Sheet'!$B2+'It''s!'!C3", 1, 0), "Data!A2+'My Sheet'!$B3+'It''s!'!C4");
    assert.equal(shift('[1]Sheet1!A1+Sheet1:Sheet3!B2', 1, 1), '[1]Sheet1!B2+Sheet1:Sheet3!C3');
  });

  it('moves both ends of ranges, whole columns and whole rows', () => {
    assert.equal(shift('SUM(A1:B2)', 1, 1), 'SUM(B2:C3)');
    assert.equal(shift('SUM($A$1:A1)', 4, 0), 'SUM($A$1:A5)');
    assert.equal(shift('SUM(A:A)+SUM($B:C)', 5, 1), 'SUM(B:B)+SUM($B:D)');
    assert.equal(shift('SUM(1:1)+SUM($2:3)', 1, 5), 'SUM(2:2)+SUM($2:4)');
    assert.equal(shift('A1#', 1, 0), 'A2#');
  });

  it('leaves strings, names, functions, structured references and booleans alone', () => {
    assert.equal(
      shift('IF(TRUE,"A1"&Rate&LOG10(A1),Table1[[#This Row],[Col A1]])+R1C1+_xlfn.XLOOKUP(A1,B:B,C:C)', 1, 1),
      'IF(TRUE,"A1"&Rate&LOG10(B2),Table1[[#This Row],[Col A1]])+R1C1+_xlfn.XLOOKUP(B2,C:C,D:D)',
    );
    assert.equal(shift('LET(x,A1,x*2)', 1, 0), 'LET(x,A2,x*2)');
  });

  it('turns a reference moved off the grid into #REF!', () => {
    assert.equal(shift('A1+1', -1, 0, [1, 1]), '#REF!+1');
    assert.equal(shift('SUM(A1:B2)', 0, -1, [1, 1]), 'SUM(#REF!)');
    assert.equal(shift('Data!XFD1', 0, 1, [1, 1]), '#REF!');
    assert.equal(shift('A1048576', 1, 0, [1, 1]), '#REF!');
    assert.equal(shift('SUM(A:A)', 0, -1, [1, 1]), 'SUM(#REF!)');
    // Only the relative reference falls off; the absolute one stays.
    assert.equal(shift('$A$1+A$1', 0, -1, [1, 2]), '$A$1+#REF!');
  });

  it('expands groups while reading, whichever order the cells come in', () => {
    const xml =
      '<row r="1"><c r="C1"><f t="shared" si="0"/><v>4</v></c></row>' +
      '<row r="2"><c r="A2"><f t="shared" ref="A2:C4" si="0">B1*2+$A$1+Other!A1</f><v>2</v></c><c r="B2"><f t="shared" si="0"/><v>3</v></c></row>' +
      '<row r="3"><c r="A3"><f t="shared" si="0"/><v>3</v></c><c r="B3"><f t="shared" si="1" ref="B3:B4">SUM(A$1:A3)</f><v>1</v></c></row>' +
      '<row r="4"><c r="B4"><f t="shared" si="1"/><v>1</v></c></row>';
    const cells = readWorkbook(sheetPackage(xml)).sheets[0]?.cells ?? [];
    assert.deepEqual(
      cells.map((c) => [`${c.row},${c.col}`, c.formula]),
      [
        ['1,3', '#REF!*2+$A$1+#REF!'],
        ['2,1', 'B1*2+$A$1+Other!A1'],
        ['2,2', 'C1*2+$A$1+Other!B1'],
        ['3,1', 'B2*2+$A$1+Other!A2'],
        ['3,2', 'SUM(A$1:A3)'],
        ['4,2', 'SUM(A$1:A4)'],
      ],
    );
  });
});
