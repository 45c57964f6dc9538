import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { it } from 'node:test';
import { loadContained } from '../../src/engine/containedLoad.js';
import { compareWithCached, pinVolatileCells } from '../../src/engine/fidelityCheck.js';
import { IronCalcEngine } from '../../src/engine/ironcalc/ironcalcEngine.js';
import { readWorkbookFile } from '../../src/workbook/readWorkbook.js';

/** The match rate reached on the Excel-saved corpus; a change that drops below it fails. */
const FLOOR_PERCENT = 99.4;
const corpus =
  process.env.SHEETPORT_CORPUS ?? resolve(import.meta.dirname, '../../../shared/corpus/excel-saved');

function xlsxFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? xlsxFiles(join(dir, e.name)) : e.name.endsWith('.xlsx') ? [join(dir, e.name)] : [],
  );
}

it(`matches Excel's saved values on at least ${FLOOR_PERCENT}% of the corpus formula cells`, async (t) => {
  if (!existsSync(corpus)) {
    t.skip(`corpus not found at ${corpus} (set SHEETPORT_CORPUS)`);
    return;
  }
  const engine = await IronCalcEngine.create();
  let compared = 0;
  let matched = 0;
  const files = xlsxFiles(corpus);
  for (const file of files) {
    const model = readWorkbookFile(file);
    const { workbook, trapped } = await loadContained(engine, pinVolatileCells(model));
    const report = compareWithCached(model, workbook, trapped);
    workbook.dispose();
    compared += report.compared;
    matched += report.matched;
  }
  const rate = (100 * matched) / compared;
  t.diagnostic(
    `${matched}/${compared} formula cells match (${rate.toFixed(2)}%) in ${files.length} workbooks`,
  );
  assert.ok(files.length >= 200, `expected the full corpus, found ${files.length} workbooks`);
  assert.ok(rate >= FLOOR_PERCENT, `match rate ${rate.toFixed(2)}% is below the floor ${FLOOR_PERCENT}%`);
});
