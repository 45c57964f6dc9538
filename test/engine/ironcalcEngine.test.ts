import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { applyInputs, readOutputs } from '../../src/engine/calculation.js';
import { loadContained } from '../../src/engine/containedLoad.js';
import { goalSeek } from '../../src/engine/goalSeek.js';
import { IronCalcEngine } from '../../src/engine/ironcalc/ironcalcEngine.js';
import { readWorkbook } from '../../src/workbook/readWorkbook.js';
import { buildXlsx } from '../../src/workbook/xlsxBuilder.js';

const loanXlsx = buildXlsx({
  sheets: [
    {
      name: 'Loan Inputs',
      cells: {
        A1: 'Amount',
        B1: { value: 250000, numFmt: '#,##0.00' },
        A2: 'Rate',
        B2: { value: 0.05, numFmt: '0.00%' },
        A3: 'Years',
        B3: 30,
        B4: { formula: 'PMT(B2/12,B3*12,-B1)', numFmt: '#,##0.00' },
        B5: { formula: 'B4*B3*12-B1', numFmt: '#,##0.00' },
        C1: { formula: 'SEQUENCE(3)', dynamic: true, array: 'C1:C3' },
        D1: { formula: 'B1:B3*2', array: 'D1:D3' },
        E1: { formula: 'Rates*100' },
        E2: { formula: 'Fee+1' },
        E3: { formula: 'twice(21)' },
        E5: { formula: 'B1:B3' },
        F1: { formula: 'LocalRate' },
      },
    },
    { name: 'Other', cells: { A1: 7, B1: { formula: 'LocalRate' } } },
  ],
  definedNames: [
    { name: 'LoanAmount', formula: "'Loan Inputs'!$B$1" },
    { name: 'Rate', formula: "'Loan Inputs'!$B$2" },
    { name: 'Rates', formula: "'Loan Inputs'!$B$2" },
    { name: 'MonthlyPayment', formula: "'Loan Inputs'!$B$4" },
    { name: 'Fee', formula: '0.5' },
    { name: 'twice', formula: '_xlfn.LAMBDA(_xlpm.x,_xlpm.x*2)' },
    { name: 'LocalRate', formula: 'Other!$A$1', scope: 1 },
    { name: 'LocalRate', formula: "'Loan Inputs'!$B$3", scope: 0 },
  ],
});

let engine: IronCalcEngine;
before(async () => {
  engine = await IronCalcEngine.create();
});

function load() {
  return engine.load(readWorkbook(loanXlsx));
}

describe('IronCalc adapter', () => {
  it('computes the workbook and reads wire cells with format and display text', () => {
    const wb = load();
    const messages: string[] = [];
    const [pmt, rate] = readOutputs(wb, ['MonthlyPayment', 'Rate'], messages);
    assert.deepEqual(pmt?.cells, [
      [{ Type: 'Number', Value: '1342.05405753035', Format: '#,##0.00', Text: '1,342.05' }],
    ]);
    assert.deepEqual(rate?.cells, [[{ Type: 'Number', Value: '0.05', Format: '0.00%', Text: '5.00%' }]]);
    assert.deepEqual(messages, []);
  });

  it('resolves A1 references, quoted sheet names, $ and ranges', () => {
    const wb = load();
    assert.deepEqual(wb.resolve("'Loan Inputs'!$B$1:$B$3"), {
      sheet: 0,
      range: { top: 1, left: 2, bottom: 3, right: 2 },
    });
    assert.deepEqual(wb.resolve('B4'), { sheet: 0, range: { top: 4, left: 2, bottom: 4, right: 2 } });
    assert.deepEqual(wb.resolve('other!A1'), { sheet: 1, range: { top: 1, left: 1, bottom: 1, right: 1 } });
    assert.equal(wb.resolve('Nowhere!A1'), null);
    assert.equal(wb.resolve('NoSuchName'), null);
  });

  it('resolves sheet-scoped names by the sheet they belong to', () => {
    const wb = load();
    assert.deepEqual(wb.resolve('Other!LocalRate')?.sheet, 1);
    assert.deepEqual(wb.resolve("'Loan Inputs'!LocalRate")?.range.top, 3);
    assert.deepEqual(wb.read(1, 1, 2), { kind: 'number', value: 7 });
    assert.deepEqual(wb.read(0, 1, 6), { kind: 'number', value: 30 });
  });

  it('evaluates constant names, named LAMBDAs and implicit intersection', () => {
    const wb = load();
    assert.deepEqual(wb.read(0, 1, 5), { kind: 'number', value: 5 });
    assert.deepEqual(wb.read(0, 2, 5), { kind: 'number', value: 1.5 });
    assert.deepEqual(wb.read(0, 3, 5), { kind: 'number', value: 42 });
    // A legacy formula =B1:B3 in row 5 intersects nothing: #VALUE!, as Excel shows it.
    assert.deepEqual(wb.read(0, 5, 5), { kind: 'error', value: '#VALUE!' });
  });

  it('fills dynamic and legacy array ranges', () => {
    const wb = load();
    assert.deepEqual(wb.arrayExtent(0, 1, 3), { top: 1, left: 3, bottom: 3, right: 3 });
    assert.deepEqual(wb.read(0, 3, 3), { kind: 'number', value: 3 });
    assert.deepEqual(wb.read(0, 2, 4), { kind: 'number', value: 0.1 });
  });

  it('writes typed inputs, recalculates once and reports unknown refs', () => {
    const wb = load();
    const messages = applyInputs(wb, [
      { ref: 'LoanAmount', values: [['300,000']] },
      { ref: 'rate', values: [['6%']] },
      { ref: 'Typo', values: [[1]] },
    ]);
    wb.recalc();
    assert.equal(messages.length, 1);
    assert.match(messages[0] ?? '', /'Typo'/);
    const [pmt] = readOutputs(wb, ['MonthlyPayment'], []);
    assert.equal(pmt?.cells[0]?.[0]?.Text, '1,798.65');
  });

  it('keeps a string beginning with = as text', () => {
    const wb = load();
    applyInputs(wb, [{ ref: 'Other!A1', values: [['=1+1']] }]);
    wb.recalc();
    assert.deepEqual(wb.read(1, 1, 1), { kind: 'text', value: '=1+1' });
  });

  it('scratch writes are undone, including over formulas', () => {
    const wb = load();
    wb.beginScratch();
    applyInputs(wb, [
      { ref: 'MonthlyPayment', values: [[5]] },
      { ref: 'LoanAmount', values: [[1]] },
    ]);
    wb.recalc();
    assert.deepEqual(wb.read(0, 4, 2), { kind: 'number', value: 5 });
    wb.endScratch();
    assert.equal(readOutputs(wb, ['MonthlyPayment'], [])[0]?.cells[0]?.[0]?.Value, '1342.05405753035');
  });

  it('clones are independent', () => {
    const wb = load();
    const copy = wb.clone();
    applyInputs(copy, [{ ref: 'LoanAmount', values: [[100]] }]);
    copy.recalc();
    assert.deepEqual(copy.read(0, 1, 2), { kind: 'number', value: 100 });
    assert.deepEqual(wb.read(0, 1, 2), { kind: 'number', value: 250000 });
  });

  it('clones come from a snapshot that scratch work keeps and lasting writes replace', () => {
    const wb = load();
    wb.clone().dispose(); // takes the snapshot
    wb.beginScratch();
    applyInputs(wb, [{ ref: 'LoanAmount', values: [[7]] }]);
    const midScratch = wb.clone();
    wb.endScratch();
    assert.equal(
      readOutputs(midScratch, ['LoanAmount'], [])[0]?.cells[0]?.[0]?.Value,
      '7',
      'a clone mid-scratch has the scratch state',
    );
    assert.equal(
      readOutputs(wb.clone(), ['LoanAmount'], [])[0]?.cells[0]?.[0]?.Value,
      '250000',
      'scratch left no trace',
    );
    applyInputs(wb, [{ ref: 'LoanAmount', values: [[300000]] }]);
    wb.recalc();
    const after = readOutputs(wb.clone(), ['LoanAmount', 'MonthlyPayment'], []);
    assert.equal(after[0]?.cells[0]?.[0]?.Value, '300000', 'a lasting write replaces the snapshot');
    assert.equal(after[1]?.cells[0]?.[0]?.Text, '1,610.46');
  });

  it('goal seek converges on a loan model', () => {
    const wb = load();
    const target = wb.resolve('MonthlyPayment');
    const changing = wb.resolve('LoanAmount');
    assert.ok(target && changing);
    const out = goalSeek(wb, { target, changing, targetValue: 3000, maxIterations: 1000, maxChange: 0.001 });
    assert.equal(out.success, true);
    const pmt = wb.read(0, 4, 2);
    assert.ok(pmt.kind === 'number' && Math.abs(pmt.value - 3000) <= 0.001);
    assert.ok(Math.abs(out.changingValue - 558844.85) < 0.01);
  });

  it('contains a formula that traps the engine: that cell becomes #NUM!, the rest computes', async () => {
    const bytes = buildXlsx({
      sheets: [
        {
          name: 'S',
          cells: {
            A1: 2,
            A2: { formula: 'A1*3' },
            A3: { formula: 'BINOM.INV(1E+15,0.5,0.5)' },
            A4: { formula: 'A2+1' },
          },
        },
      ],
    });
    const { workbook, trapped } = await loadContained(engine, readWorkbook(bytes));
    assert.deepEqual(
      trapped.map((t) => t.address),
      ['S!A3'],
    );
    assert.deepEqual(workbook.read(0, 3, 1), { kind: 'error', value: '#NUM!' });
    assert.deepEqual(workbook.read(0, 4, 1), { kind: 'number', value: 7 });
    // The engine recovered: other workbooks load on a fresh instance.
    assert.equal(engine.poisoned, false);
    assert.deepEqual(load().read(0, 3, 2), { kind: 'number', value: 30 });
  });
});

describe('iterative calculation', () => {
  const circular = (iterate: boolean) =>
    readWorkbook(
      buildXlsx({
        sheets: [
          {
            name: 'Model',
            cells: { A1: { formula: '0.5*A2+C1' }, A2: { formula: 'A1' }, B1: { formula: 'A1*10' }, C1: 4 },
          },
        ],
        calc: { iterate, iterateCount: 100, iterateDelta: 0.000001 },
      }),
    );

  it('converges circular references when the workbook enables iteration', () => {
    const wb = engine.load(circular(true));
    const a1 = wb.read(0, 1, 1);
    assert.ok(a1.kind === 'number' && Math.abs(a1.value - 8) < 1e-4, JSON.stringify(a1));
    const b1 = wb.read(0, 1, 2);
    assert.ok(b1.kind === 'number' && Math.abs(b1.value - 80) < 1e-3, JSON.stringify(b1));
  });

  it('iterates again after inputs change', () => {
    const wb = engine.load(circular(true));
    applyInputs(wb, [{ ref: 'C1', values: [[5]] }]);
    wb.recalc();
    const a1 = wb.read(0, 1, 1);
    assert.ok(a1.kind === 'number' && Math.abs(a1.value - 10) < 1e-4, JSON.stringify(a1));
  });

  it('leaves circular references as errors without iteration, as Excel does', () => {
    const wb = engine.load(circular(false));
    assert.equal(wb.read(0, 1, 1).kind, 'error');
  });
});
