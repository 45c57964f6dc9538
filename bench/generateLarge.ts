import { writeFileSync } from 'node:fs';
import { buildXlsx } from '../src/workbook/xlsxBuilder.js';

/** Writes a workbook with N formulas (default 100,000): a chain of lookups, sums and cross-sheet refs. */
const n = Number(process.argv[3] ?? 100_000);
const out = process.argv[2] ?? 'large.xlsx';
const rows = n / 2;
const data: Record<string, unknown> = { A1: 1.5 };
const calc: Record<string, unknown> = {};
for (let r = 1; r <= rows; r++) {
  data[`B${r}`] = r;
  data[`C${r}`] = { formula: `B${r}*Data!$A$1+MOD(B${r},7)` };
  calc[`A${r}`] = { formula: `Data!C${r}*2-IF(MOD(Data!B${r},2)=0,1,0)` };
}
calc.C1 = { formula: `SUM(A1:A${rows})` };
calc.C2 = { formula: `VLOOKUP(${Math.floor(rows / 2)},Data!B1:C${rows},2,FALSE)` };
writeFileSync(
  out,
  buildXlsx({
    sheets: [
      { name: 'Data', cells: data as never },
      { name: 'Calc', cells: calc as never },
    ],
    definedNames: [
      { name: 'Factor', formula: 'Data!$A$1' },
      { name: 'Total', formula: 'Calc!$C$1' },
    ],
  }),
);
console.log(`wrote ${out} with ${n + 2} formulas`);
