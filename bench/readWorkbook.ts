/**
 * Reader speed: median time to read a generated 100,000-formula workbook (plain formulas) over
 * a few runs, with the parse rate. `npx tsx bench/readWorkbook.ts [runs=5]`
 */
import { type BuildCell, buildXlsx, readWorkbook } from '../src/workbook/index.js';

const runs = Number(process.argv[2] ?? 5);
const cells: Record<string, BuildCell> = {};
for (let r = 1; r <= 100_000; r++) {
  cells[`A${r}`] = r;
  cells[`B${r}`] = {
    formula: `IF(A${r}>0,SUM($A$1:A${r})*2,VLOOKUP(A${r},Data!$A$1:$C$100,2,FALSE))`,
    value: r * 2,
  };
}
const bytes = buildXlsx({ sheets: [{ name: 'Calc', cells }, { name: 'Data' }] });
const times: number[] = [];
for (let i = 0; i < runs; i++) {
  const start = performance.now();
  readWorkbook(bytes);
  times.push(performance.now() - start);
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)] ?? Number.NaN;
console.log(
  `read ${(bytes.length / 1024).toFixed(0)} KiB, 200,000 cells (100,000 formulas): median ${median.toFixed(0)} ms over ${runs} runs (${((200_000 / median) * 1000).toFixed(0)} cells/s)`,
);
