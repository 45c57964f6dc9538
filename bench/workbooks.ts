/**
 * The three benchmark workbooks, generated with the project's own xlsx writer, and the request
 * each benchmark call sends: inputs that vary with the call number (so no two calls are the
 * same unless a scenario wants them to be) and a fixed list of named outputs.
 */
import { type BuildCell, type BuildDefinedName, buildXlsx } from '../src/workbook/xlsxBuilder.js';

/** A scalar input as written on the wire (`Value` of one cell). */
export type InputScalar = number | string;

/** A generated workbook and how benchmark calls use it. */
export interface BenchModel {
  readonly name: 'small' | 'medium' | 'large';
  readonly description: string;
  /** Formula cells in the workbook. */
  readonly formulas: number;
  readonly bytes: Uint8Array;
  /** The single-cell inputs of call `i`, by defined name. */
  inputs(i: number): readonly { readonly ref: string; readonly value: InputScalar }[];
  /** The defined names every call reads. */
  readonly outputs: readonly string[];
}

type Cells = Record<string, BuildCell>;

function countFormulas(sheets: readonly Cells[]): number {
  let n = 0;
  for (const cells of sheets)
    for (const cell of Object.values(cells)) if (typeof cell === 'object' && 'formula' in cell) n++;
  return n;
}

function name(n: string, sheet: string, ref: string): BuildDefinedName {
  return { name: n, formula: `'${sheet}'!${ref}` };
}

/** ~50 formulas: a loan calculator with a yearly amortization summary. */
export function smallModel(): BenchModel {
  const loan: Cells = {
    A1: 'Loan amount',
    B1: { value: 250_000, numFmt: '#,##0.00' },
    A2: 'Annual interest rate',
    B2: { value: 0.05, numFmt: '0.00%' },
    A3: 'Term (years)',
    B3: 30,
    A4: 'Start date',
    B4: { value: 45_292, numFmt: 'm/d/yyyy' },
    A5: 'Extra monthly payment',
    B5: { value: 0, numFmt: '#,##0.00' },
    B7: { formula: 'InterestRate/12' },
    B8: { formula: 'TermYears*12' },
    B9: { formula: 'PMT(B7,B8,-LoanAmount)+ExtraPayment', numFmt: '#,##0.00' },
    B10: { formula: 'MonthlyPayment*B8', numFmt: '#,##0.00' },
    B11: { formula: 'TotalPaid-LoanAmount', numFmt: '#,##0.00' },
    B12: { formula: 'EDATE(StartDate,B8-1)', numFmt: 'm/d/yyyy' },
    B13: { formula: 'IF(TotalPaid>0,TotalInterest/TotalPaid,0)', numFmt: '0.00%' },
  };
  const years = 8;
  const schedule: Cells = { A1: 'Year', B1: 'Opening', C1: 'Interest', D1: 'Principal', E1: 'Closing' };
  for (let y = 1; y <= years; y++) {
    const r = y + 1;
    schedule[`A${r}`] = y === 1 ? { formula: '1' } : { formula: `A${r - 1}+1` };
    schedule[`B${r}`] = y === 1 ? { formula: 'LoanAmount' } : { formula: `E${r - 1}` };
    schedule[`E${r}`] = {
      formula: `MAX(0,-FV(Loan!$B$7,12*A${r},-MonthlyPayment,LoanAmount))`,
      numFmt: '#,##0.00',
    };
    schedule[`D${r}`] = { formula: `B${r}-E${r}`, numFmt: '#,##0.00' };
    schedule[`C${r}`] = { formula: `MAX(0,12*MonthlyPayment-D${r})`, numFmt: '#,##0.00' };
  }
  const last = years + 1;
  schedule[`C${last + 1}`] = { formula: `SUM(C2:C${last})`, numFmt: '#,##0.00' };
  schedule[`D${last + 1}`] = { formula: `SUM(D2:D${last})`, numFmt: '#,##0.00' };
  const bytes = buildXlsx({
    sheets: [
      { name: 'Loan', cells: loan },
      { name: 'Schedule', cells: schedule },
    ],
    definedNames: [
      name('LoanAmount', 'Loan', '$B$1'),
      name('InterestRate', 'Loan', '$B$2'),
      name('TermYears', 'Loan', '$B$3'),
      name('StartDate', 'Loan', '$B$4'),
      name('ExtraPayment', 'Loan', '$B$5'),
      name('MonthlyPayment', 'Loan', '$B$9'),
      name('TotalPaid', 'Loan', '$B$10'),
      name('TotalInterest', 'Loan', '$B$11'),
      name('PayoffDate', 'Loan', '$B$12'),
      name('BalanceYear5', 'Schedule', '$E$6'),
      name('AmortizationSummary', 'Schedule', `$A$2:$E$${last}`),
    ],
  });
  return {
    name: 'small',
    description: 'loan calculator with an 8-year amortization summary',
    formulas: countFormulas([loan, schedule]),
    bytes,
    inputs: (i) => [
      { ref: 'LoanAmount', value: 100_000 + i },
      { ref: 'InterestRate', value: 0.03 + (i % 50) / 1000 },
    ],
    outputs: ['MonthlyPayment', 'TotalInterest', 'PayoffDate', 'BalanceYear5'],
  };
}

const PRODUCTS = 50;
const REGIONS = 20;
const CATEGORIES = 10;

/**
 * ~5,000 formulas: a quote of 700 lines with a VLOOKUP and an XLOOKUP per line into other
 * sheets, INDEX/MATCH for the region. Formulas address inputs by cell, not by name: IronCalc
 * 0.8 pays per evaluation of a defined name a cost that grows with the workbook's size, which
 * would turn this into a benchmark of that one slow path (names stay for the API's inputs and
 * outputs, which sheetport resolves itself).
 */
export function mediumModel(): BenchModel {
  const products: Cells = {};
  for (let p = 1; p <= PRODUCTS; p++) {
    products[`A${p}`] = `P${String(p).padStart(4, '0')}`;
    products[`B${p}`] = `C${(p % CATEGORIES) + 1}`;
    products[`C${p}`] = 5 + ((p * 37) % 400) / 4;
    products[`D${p}`] = 0.1 + (p % 23) / 10;
  }
  const regions: Cells = {};
  for (let r = 1; r <= REGIONS; r++) {
    regions[`A${r}`] = `R${String(r).padStart(2, '0')}`;
    regions[`B${r}`] = 0.8 + r / 50;
    regions[`C${r}`] = 1 + r / 4;
  }
  const tax: Cells = {};
  for (let c = 1; c <= CATEGORIES; c++) {
    tax[`A${c}`] = `C${c}`;
    tax[`B${c}`] = (c % 4) * 0.05;
  }
  const inputs: Cells = {
    A1: 'Region',
    B1: 'R05',
    A2: 'Discount',
    B2: { value: 0.05, numFmt: '0.00%' },
    A3: 'Base quantity',
    B3: 10,
    A4: 'Price multiplier',
    B4: 1,
    A5: 'Region factor',
    B5: { formula: `INDEX(Regions!$B$1:$B$${REGIONS},MATCH($B$1,Regions!$A$1:$A$${REGIONS},0))` },
    A6: 'Shipping per kg',
    B6: { formula: `XLOOKUP($B$1,Regions!$A$1:$A$${REGIONS},Regions!$C$1:$C$${REGIONS})` },
  };
  const rows = 700;
  const lines: Cells = {};
  for (let r = 1; r <= rows; r++) {
    lines[`A${r}`] = `P${String(((r * 37) % PRODUCTS) + 1).padStart(4, '0')}`;
    lines[`B${r}`] = { formula: `Inputs!$B$3+MOD(ROW(),7)` };
    lines[`C${r}`] = { formula: `VLOOKUP(A${r},Products!$A$1:$D$${PRODUCTS},2,FALSE)` };
    lines[`D${r}`] = { formula: `XLOOKUP(C${r},Tax!$A$1:$A$${CATEGORIES},Tax!$B$1:$B$${CATEGORIES},0)` };
    lines[`E${r}`] = { formula: `(5+MOD(ROW()*37,400)/4)*Inputs!$B$4`, numFmt: '#,##0.00' };
    lines[`F${r}`] = { formula: `B${r}*E${r}*(1-Inputs!$B$2)*Inputs!$B$5`, numFmt: '#,##0.00' };
    lines[`G${r}`] = { formula: `B${r}*(0.1+MOD(ROW(),23)/10)*Inputs!$B$6`, numFmt: '#,##0.00' };
    lines[`H${r}`] = { formula: `F${r}*(1+D${r})+G${r}`, numFmt: '#,##0.00' };
  }
  const summary: Cells = {
    B1: { formula: `SUM(Lines!F1:F${rows})`, numFmt: '#,##0.00' },
    B2: { formula: `SUMPRODUCT(Lines!F1:F${rows},Lines!D1:D${rows})`, numFmt: '#,##0.00' },
    B3: { formula: `SUM(Lines!G1:G${rows})`, numFmt: '#,##0.00' },
    B4: { formula: `SUM(Lines!H1:H${rows})`, numFmt: '#,##0.00' },
    B5: { formula: `MAX(Lines!H1:H${rows})`, numFmt: '#,##0.00' },
    B6: { formula: `COUNTIF(Lines!H1:H${rows},">"&AVERAGE(Lines!H1:H${rows}))` },
    B7: { formula: `INDEX(Lines!A1:A${rows},MATCH(B5,Lines!H1:H${rows},0))` },
  };
  for (let c = 1; c <= CATEGORIES; c++) {
    summary[`D${c}`] = `C${c}`;
    summary[`E${c}`] = { formula: `SUMIF(Lines!C1:C${rows},D${c},Lines!H1:H${rows})`, numFmt: '#,##0.00' };
  }
  const bytes = buildXlsx({
    sheets: [
      { name: 'Inputs', cells: inputs },
      { name: 'Lines', cells: lines },
      { name: 'Summary', cells: summary },
      { name: 'Products', cells: products },
      { name: 'Regions', cells: regions },
      { name: 'Tax', cells: tax },
    ],
    definedNames: [
      name('Region', 'Inputs', '$B$1'),
      name('Discount', 'Inputs', '$B$2'),
      name('BaseQuantity', 'Inputs', '$B$3'),
      name('PriceMultiplier', 'Inputs', '$B$4'),
      name('NetTotal', 'Summary', '$B$1'),
      name('TaxTotal', 'Summary', '$B$2'),
      name('ShippingTotal', 'Summary', '$B$3'),
      name('GrandTotal', 'Summary', '$B$4'),
      name('LargestLine', 'Summary', '$B$5'),
      name('LinesAboveAverage', 'Summary', '$B$6'),
      name('LargestProduct', 'Summary', '$B$7'),
      name('CategoryTotals', 'Summary', `$D$1:$E$${CATEGORIES}`),
    ],
  });
  return {
    name: 'medium',
    description: `quote of ${rows} lines: VLOOKUP, XLOOKUP, INDEX/MATCH across 6 sheets`,
    formulas: countFormulas([inputs, lines, summary]),
    bytes,
    inputs: (i) => [
      { ref: 'Region', value: `R${String((i % REGIONS) + 1).padStart(2, '0')}` },
      { ref: 'PriceMultiplier', value: 1 + i / 1_000_000 },
    ],
    outputs: ['GrandTotal', 'NetTotal', 'TaxTotal', 'ShippingTotal', 'LinesAboveAverage'],
  };
}

/** ~50,000 formulas: a 10,000-position projection over two sheets, summarised with lookups. */
export function largeModel(): BenchModel {
  const rows = 10_000;
  const params: Cells = { A1: 'Factor', B1: 1.5, A2: 'Growth', B2: { value: 0.04, numFmt: '0.00%' } };
  params.A3 = 'Threshold';
  params.B3 = 1000;
  const data: Cells = {};
  const calc: Cells = {};
  for (let r = 1; r <= rows; r++) {
    data[`A${r}`] = r;
    data[`B${r}`] = (r * 7919) % 1000;
    data[`C${r}`] = { formula: `B${r}*Params!$B$1+MOD(A${r},7)` };
    data[`D${r}`] = { formula: `C${r}*(1+Params!$B$2)` };
    data[`E${r}`] = { formula: `IF(D${r}>Params!$B$3,D${r}-Params!$B$3,0)` };
    calc[`A${r}`] = { formula: `Data!D${r}-Data!E${r}/2-IF(MOD(Data!A${r},2)=0,1,0)` };
    calc[`B${r}`] = { formula: `ROUND(A${r},2)` };
  }
  const summary: Cells = {
    B1: { formula: `SUM(Calc!B1:B${rows})`, numFmt: '#,##0.00' },
    B2: { formula: `SUM(Data!E1:E${rows})`, numFmt: '#,##0.00' },
    B3: { formula: `COUNTIF(Data!E1:E${rows},">0")` },
    B4: { formula: `MAX(Calc!A1:A${rows})`, numFmt: '#,##0.00' },
    B5: { formula: `VLOOKUP(${rows / 2},Data!A1:E${rows},4,FALSE)`, numFmt: '#,##0.00' },
  };
  const bytes = buildXlsx({
    sheets: [
      { name: 'Params', cells: params },
      { name: 'Data', cells: data },
      { name: 'Calc', cells: calc },
      { name: 'Summary', cells: summary },
    ],
    definedNames: [
      name('Factor', 'Params', '$B$1'),
      name('Growth', 'Params', '$B$2'),
      name('Threshold', 'Params', '$B$3'),
      name('Total', 'Summary', '$B$1'),
      name('AboveThreshold', 'Summary', '$B$2'),
      name('CountAbove', 'Summary', '$B$3'),
      name('Largest', 'Summary', '$B$4'),
      name('MidPosition', 'Summary', '$B$5'),
    ],
  });
  return {
    name: 'large',
    description: `projection of ${rows.toLocaleString('en-US')} positions over 2 sheets, summarised with lookups`,
    formulas: countFormulas([params, data, calc, summary]),
    bytes,
    inputs: (i) => [
      { ref: 'Factor', value: 1 + i / 1_000_000 },
      { ref: 'Growth', value: (i % 100) / 1000 },
    ],
    outputs: ['Total', 'AboveThreshold', 'CountAbove', 'MidPosition'],
  };
}

/** All three models, smallest first. */
export function benchModels(): BenchModel[] {
  return [smallModel(), mediumModel(), largeModel()];
}
