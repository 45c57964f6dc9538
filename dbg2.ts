import { readWorkbookFile } from './src/workbook/readWorkbook.js';
import { createIronRuntime } from './src/engine/ironcalc/wasmRuntime.js';
import { FormulaRewriter } from './src/engine/ironcalc/formulaRewrite.js';
const m = readWorkbookFile('/tmp/large.xlsx');
const rt = await createIronRuntime();
const model = rt.newModel(); model.newSheet(); model.renameSheet(0,'Data'); model.renameSheet(1,'Calc');
model.pauseEvaluation();
const rw = new FormulaRewriter(m.definedNames, []);
let t = performance.now();
const inputs: [number, number, number, string][] = [];
m.sheets.forEach((s, i) => { for (const c of s.cells) inputs.push([i, c.row, c.col, c.formula ? '=' + rw.rewrite(c.formula, true) : String((c.value as any).value)]); });
console.log('prep', performance.now() - t); t = performance.now();
let k = 0;
for (const [s, r, c, v] of inputs) { model.setUserInput(s, r, c, v); if (++k % 25000 === 0) console.log(k, (performance.now() - t).toFixed(0)); }
console.log('set', performance.now() - t);
