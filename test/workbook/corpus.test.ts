/** Every Excel-saved workbook of the shared corpus must read, with a cached value on every formula cell. */
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { readWorkbookFile } from '../../src/workbook/index.js';

const root =
  process.env.SHEETPORT_CORPUS ??
  fileURLToPath(new URL('../../../shared/corpus/excel-saved', import.meta.url));

function xlsxFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return xlsxFiles(path);
    return entry.name.endsWith('.xlsx') && !entry.name.startsWith('~$') ? [path] : [];
  });
}

it('reads every corpus workbook, and every formula has a cached value', (t) => {
  if (!existsSync(root)) {
    t.skip('corpus not found');
    return;
  }
  const files = xlsxFiles(root);
  const failures: string[] = [];
  let formulas = 0;
  const start = performance.now();
  for (const file of files) {
    const name = relative(root, file);
    try {
      const model = readWorkbookFile(file);
      for (const sheet of model.sheets) {
        for (const cell of sheet.cells) {
          if (cell.formula === undefined) continue;
          formulas++;
          if (cell.value.kind === 'empty')
            failures.push(`${name} ${sheet.name}!R${cell.row}C${cell.col}: no cached value`);
        }
      }
    } catch (err) {
      failures.push(`${name}: ${(err as Error).message}`);
    }
  }
  t.diagnostic(
    `${files.length} files, ${formulas} formula cells, ${Math.round(performance.now() - start)} ms`,
  );
  assert.ok(files.length > 0, `no .xlsx files under ${root}`);
  assert.deepEqual(failures, []);
});
