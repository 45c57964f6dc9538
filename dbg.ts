import { readWorkbookFile } from './src/workbook/readWorkbook.js';
import { IronCalcEngine } from './src/engine/ironcalc/ironcalcEngine.js';
const m = readWorkbookFile('/tmp/large.xlsx');
const e = await IronCalcEngine.create(); let t = performance.now();
const wb = e.load(m); console.log('load', performance.now()-t);
