import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildXlsx } from '../src/workbook/xlsxBuilder.js';

/** Writes demo/loan-calculator.xlsx, the small loan calculator the README and the demo server use. */
const bytes = buildXlsx({
  sheets: [
    {
      name: 'Loan',
      cells: {
        A1: 'Loan amount',
        B1: { value: 250000, numFmt: '#,##0.00' },
        A2: 'Annual interest rate',
        B2: { value: 0.05, numFmt: '0.00%' },
        A3: 'Term (years)',
        B3: 30,
        A4: 'Start date',
        B4: { value: 45292, numFmt: 'm/d/yyyy' },
        A6: 'Monthly payment',
        B6: {
          formula: 'PMT(InterestRate/12,TermYears*12,-LoanAmount)',
          value: 1342.05405753035,
          numFmt: '#,##0.00',
        },
        A7: 'Total interest',
        B7: {
          formula: 'MonthlyPayment*TermYears*12-LoanAmount',
          value: 233139.460710926,
          numFmt: '#,##0.00',
        },
        A8: 'Last payment date',
        B8: { formula: 'EDATE(StartDate,TermYears*12-1)', value: 56219, numFmt: 'm/d/yyyy' },
      },
    },
  ],
  definedNames: [
    { name: 'LoanAmount', formula: 'Loan!$B$1' },
    { name: 'InterestRate', formula: 'Loan!$B$2' },
    { name: 'TermYears', formula: 'Loan!$B$3' },
    { name: 'StartDate', formula: 'Loan!$B$4' },
    { name: 'MonthlyPayment', formula: 'Loan!$B$6' },
    { name: 'TotalInterest', formula: 'Loan!$B$7' },
    { name: 'LastPaymentDate', formula: 'Loan!$B$8' },
  ],
});
const out = join(import.meta.dirname, '../demo/loan-calculator.xlsx');
writeFileSync(out, bytes);
console.log(`wrote ${out}`);
