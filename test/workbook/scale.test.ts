/**
 * Reading at scale stays correct: 100,000 formulas, plain and shared. How fast is a benchmark's
 * question (`npx tsx bench/readWorkbook.ts`), not a test's: timings flake on shared machines.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { type BuildCell, buildXlsx, readWorkbook } from '../../src/workbook/index.js';
import { sheetPackage } from './helpers.js';

it('reads a generated 100,000-formula workbook', (t) => {
  const cells: Record<string, BuildCell> = {};
  for (let r = 1; r <= 100_000; r++) {
    cells[`A${r}`] = r;
    cells[`B${r}`] = {
      formula: `IF(A${r}>0,SUM($A$1:A${r})*2,VLOOKUP(A${r},Data!$A$1:$C$100,2,FALSE))`,
      value: r * 2,
    };
  }
  const bytes = buildXlsx({ sheets: [{ name: 'Calc', cells }, { name: 'Data' }] });
  const start = performance.now();
  const model = readWorkbook(bytes);
  const ms = performance.now() - start;
  t.diagnostic(`read ${bytes.length} bytes, 200,000 cells (100,000 formulas) in ${Math.round(ms)} ms`);
  assert.equal(model.sheets[0]?.cells.length, 200_000);
});

it('expands 100,000 shared formulas', (t) => {
  const rows: string[] = [];
  for (let r = 1; r <= 100_000; r++) {
    const f =
      r === 1
        ? '<f t="shared" ref="B1:B100000" si="0">IF(A1&gt;0,SUM($A$1:A1)*2,Data!C1)</f>'
        : '<f t="shared" si="0"/>';
    rows.push(`<row r="${r}"><c r="A${r}"><v>${r}</v></c><c r="B${r}">${f}<v>1</v></c></row>`);
  }
  const bytes = sheetPackage(rows.join(''));
  const start = performance.now();
  const cells = readWorkbook(bytes).sheets[0]?.cells ?? [];
  const ms = performance.now() - start;
  t.diagnostic(`read 100,000 shared formulas in ${Math.round(ms)} ms`);
  assert.equal(cells[cells.length - 1]?.formula, 'IF(A100000>0,SUM($A$1:A100000)*2,Data!C100000)');
});
