/**
 * The benchmark's own logic: the generated workbooks compute what a loan formula says, the
 * percentiles are nearest-rank, and the targets of issue 5 are judged on the right rows.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  applyTargets,
  batchScenario,
  formatTable,
  OPEN_SESSION,
  type Row,
  STATELESS,
} from '../../bench/report.js';
import { summarize } from '../../bench/stats.js';
import { mediumModel, smallModel } from '../../bench/workbooks.js';
import { applyInputs, readOutputs } from '../../src/engine/calculation.js';
import { IronCalcEngine } from '../../src/engine/ironcalc/ironcalcEngine.js';
import { readWorkbook } from '../../src/workbook/readWorkbook.js';

/** The remaining balance of an annuity loan after `k` monthly payments. */
function balance(amount: number, yearlyRate: number, years: number, k: number): number {
  const r = yearlyRate / 12;
  const payment = (amount * r) / (1 - (1 + r) ** -(years * 12));
  return amount * (1 + r) ** k - (payment * ((1 + r) ** k - 1)) / r;
}

describe('bench workbooks', () => {
  it('the small loan model computes a call with the annuity formulas', async () => {
    const model = smallModel();
    const wb = (await IronCalcEngine.create()).load(readWorkbook(model.bytes));
    const inputs = model.inputs(7);
    assert.deepEqual(inputs, [
      { ref: 'LoanAmount', value: 100_007 },
      { ref: 'InterestRate', value: 0.037 },
    ]);
    applyInputs(
      wb,
      inputs.map(({ ref, value }) => ({ ref, values: [[value]] })),
    );
    wb.recalc();
    const out = Object.fromEntries(
      readOutputs(wb, model.outputs, []).map((o) => [o.ref, Number(o.cells[0]?.[0]?.Value)]),
    );
    const r = 0.037 / 12;
    const payment = (100_007 * r) / (1 - (1 + r) ** -360);
    assert.ok(Math.abs((out.MonthlyPayment ?? 0) - payment) < 1e-6);
    assert.ok(Math.abs((out.TotalInterest ?? 0) - (payment * 360 - 100_007)) < 1e-4);
    assert.ok(Math.abs((out.BalanceYear5 ?? 0) - balance(100_007, 0.037, 30, 60)) < 1e-4);
    assert.ok(model.formulas >= 45 && model.formulas <= 55, `${model.formulas} formulas`);
  });

  it('the medium model has ~5,000 formulas, and every output of a call is a number', async () => {
    const model = mediumModel();
    assert.ok(model.formulas >= 4500 && model.formulas <= 5500, `${model.formulas} formulas`);
    const wb = (await IronCalcEngine.create()).load(readWorkbook(model.bytes));
    applyInputs(
      wb,
      model.inputs(3).map(({ ref, value }) => ({ ref, values: [[value]] })),
    );
    wb.recalc();
    const messages: string[] = [];
    for (const output of readOutputs(wb, model.outputs, messages))
      assert.equal(output.cells[0]?.[0]?.Type, 'Number', output.ref);
    assert.deepEqual(messages, []);
  });
});

describe('bench statistics and targets', () => {
  it('percentiles are nearest-rank', () => {
    const s = summarize(Array.from({ length: 100 }, (_, i) => 100 - i));
    assert.equal(s.p50, 50);
    assert.equal(s.p99, 99);
    assert.equal(s.max, 100);
    assert.equal(summarize([3]).p99, 3);
    assert.ok(Number.isNaN(summarize([]).p50));
  });

  const row = (over: Partial<Row>): Row => ({
    model: 'small',
    scenario: STATELESS,
    connections: 32,
    n: 100,
    throughput: 100,
    unit: 'req/s',
    p50: 1,
    p99: 2,
    ratio: 1,
    errors: 0,
    ...over,
  });

  it('judges each target on its own row and counts errors as a miss', () => {
    const rows = [
      row({ connections: 1, throughput: 5000 }),
      row({ throughput: 3200, p99: 19 }),
      row({ model: 'medium', ratio: 1.7 }),
      row({ model: 'large', ratio: 1.9, errors: 2 }),
      row({ scenario: batchScenario(10_000), connections: 1, p50: 3100 }),
      row({ model: 'medium', scenario: OPEN_SESSION, connections: 1, p50: 24 }),
    ];
    applyTargets(rows);
    assert.deepEqual(
      rows.map((r) => r.target?.ok),
      [undefined, true, true, false, false, true],
    );
    const table = formatTable({
      startedAt: '',
      durationSeconds: 0,
      machine: { node: '', cpus: 2, cpuModel: '', loadAverageAtStart: [], loadAverageAtEnd: [] },
      settings: {},
      models: [],
      rows,
      notes: [],
    });
    assert.match(table, /MET \(≥3000\/s, p99≤20ms\)/);
    assert.match(table, /MISSED \(≥1\.6× raw\); 2 errors/);
  });
});
