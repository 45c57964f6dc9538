/** A quote workbook for record tests: single-cell names of every kind and a multi-row named range. */
import type { BuildSpec } from '../../src/workbook/xlsxBuilder.js';

/** Single-cell names (one of them sheet-scoped), and `Schedule`, a 3 × 3 range of numbers and text. */
export const QUOTE_WORKBOOK: BuildSpec = {
  sheets: [
    {
      name: 'Quote',
      cells: {
        A1: 'Customer',
        B1: 'Ann Lee',
        B2: { value: 200000, numFmt: '#,##0.00' },
        B3: { value: 0.05, numFmt: '0.00%' },
        B4: 30,
        B5: { formula: '-PMT(B3/12,B4*12,B2)', value: 1073.64324602428, numFmt: '#,##0.00' },
        B6: { formula: 'B2<500000', value: true },
        // B7 stays blank: the Notes name.
        B8: 99,
        D1: 1,
        E1: { formula: 'ROUND(B5*12*D1,2)', value: 12883.72 },
        F1: { formula: '"Year "&D1', value: 'Year 1' },
        D2: 2,
        E2: { formula: 'ROUND(B5*12*D2,2)', value: 25767.44 },
        F2: { formula: '"Year "&D2', value: 'Year 2' },
        D3: 3,
        E3: { formula: 'ROUND(B5*12*D3,2)', value: 38651.16 },
        F3: { formula: '"Year "&D3', value: 'Year 3' },
      },
    },
  ],
  definedNames: [
    { name: 'Customer', formula: 'Quote!$B$1' },
    { name: 'LoanAmount', formula: 'Quote!$B$2' },
    { name: 'InterestRate', formula: 'Quote!$B$3' },
    { name: 'TermYears', formula: 'Quote!$B$4' },
    { name: 'MonthlyPayment', formula: 'Quote!$B$5' },
    { name: 'Approved', formula: 'Quote!$B$6' },
    { name: 'Notes', formula: 'Quote!$B$7' },
    { name: 'Fee', formula: 'Quote!$B$8', scope: 0 },
    { name: 'Schedule', formula: 'Quote!$D$1:$F$3' },
  ],
};

/** One input cell as GetResult takes it. */
export const input = (Ref: string, value: unknown) => ({ Ref, Value: [[{ Value: value }]] });
