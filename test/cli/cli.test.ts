import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { buildXlsx } from '../../src/workbook/xlsxBuilder.js';

const run = promisify(execFile);
const cli = join(import.meta.dirname, '../../src/cli/main.ts');
let dir: string;
let file: string;

function sheetport(...args: string[]) {
  return run(process.execPath, ['--import', 'tsx', cli, ...args], { encoding: 'utf8' });
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'sheetport-cli-'));
  file = join(dir, 'loan.xlsx');
  writeFileSync(
    file,
    buildXlsx({
      sheets: [
        {
          name: 'Loan',
          cells: {
            B1: { value: 250000, numFmt: '#,##0.00' },
            B2: { value: 0.05, numFmt: '0.00%' },
            B3: { formula: 'PMT(B2/12,360,-B1)', value: 1342.05405753035, numFmt: '#,##0.00' },
            C1: { formula: 'SEQUENCE(2)', dynamic: true, array: 'C1:C2', value: 1 },
            C2: { value: 2 },
            D1: { formula: 'B3*2', value: 999 },
          },
        },
      ],
      definedNames: [
        { name: 'Amount', formula: 'Loan!$B$1' },
        { name: 'Payment', formula: 'Loan!$B$3' },
      ],
    }),
  );
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('sheetport CLI', () => {
  it('eval sets inputs and prints outputs as JSON', async () => {
    const { stdout } = await sheetport('eval', file, '--set', 'Amount=300000', '--get', 'Payment', '--json');
    const out = JSON.parse(stdout);
    assert.deepEqual(out.outputs.Payment, [
      [{ Type: 'Number', Value: '1610.46486903642', Format: '#,##0.00', Text: '1,610.46' }],
    ]);
  });

  it('eval --all --json lists every formula cell and spilled cell', async () => {
    const { stdout } = await sheetport('eval', file, '--all', '--json');
    const { cells } = JSON.parse(stdout);
    assert.deepEqual(Object.keys(cells).sort(), ['Loan!B3', 'Loan!C1', 'Loan!C2', 'Loan!D1']);
    assert.equal(cells['Loan!C2'].Value, '2');
  });

  it('check reports the match rate and the differing cell', async () => {
    const { stdout } = await sheetport('check', file);
    assert.match(stdout, /3\/4 \(75\.00%\)/);
    assert.match(stdout, /Loan!D1 {2}=B3\*2 {2}expected 999 {2}got 2684\.1081150607/);
    await assert.rejects(
      sheetport('check', file, '--min-rate', '90'),
      (err: { code: number }) => err.code === 1,
    );
  });

  it('answers a missing file with a clear message, not a stack trace', async () => {
    await assert.rejects(
      sheetport('eval', join(dir, 'missing.xlsx')),
      (err: { code: number; stderr: string }) => {
        assert.equal(err.code, 1);
        assert.match(err.stderr, /^Cannot read .*missing\.xlsx: no such file\.\n$/);
        return true;
      },
    );
  });

  it('rejects a file that is not a workbook with a clear message', async () => {
    const bad = join(dir, 'bad.xlsx');
    writeFileSync(bad, 'not a zip');
    await assert.rejects(sheetport('eval', bad, '--get', 'A1'), (err: { code: number; stderr: string }) => {
      assert.equal(err.code, 1);
      assert.match(err.stderr, /not a zip/i);
      return true;
    });
  });
});
