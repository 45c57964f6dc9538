import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { strToU8, zipSync } from 'fflate';
import { DEFAULT_READ_LIMITS, resolveLimits } from '../../src/workbook/limits.js';
import { openZip } from '../../src/workbook/zip.js';
import { assertWorkbookError, forgeSizes } from './helpers.js';

const text = (bytes: Uint8Array | undefined): string | undefined =>
  bytes === undefined ? undefined : new TextDecoder().decode(bytes);

describe('bounded unzip', () => {
  it('lists entries with their declared sizes and inflates on demand', () => {
    const body = 'hello '.repeat(1000);
    const zip = openZip(zipSync({ 'a/b.xml': strToU8(body), 'c.txt': strToU8('x') }), DEFAULT_READ_LIMITS);
    assert.deepEqual(
      zip.entries.map((e) => [e.name, e.size]),
      [
        ['a/b.xml', 6000],
        ['c.txt', 1],
      ],
    );
    assert.equal(text(zip.read('a/b.xml')), body);
    assert.equal(zip.read('missing.xml'), undefined);
  });

  it('looks part names up case-insensitively, as OPC requires', () => {
    const zip = openZip(zipSync({ 'XL/Workbook.xml': strToU8('<w/>') }), DEFAULT_READ_LIMITS);
    assert.ok(zip.has('xl/workbook.xml'));
    assert.equal(text(zip.read('xl/WORKBOOK.xml')), '<w/>');
  });

  it('reads stored (uncompressed) entries', () => {
    const zip = openZip(zipSync({ 'a.xml': strToU8('<a/>') }, { level: 0 }), DEFAULT_READ_LIMITS);
    assert.equal(text(zip.read('a.xml')), '<a/>');
  });

  it('checks sizes before inflating anything', () => {
    const bytes = forgeSizes(zipSync({ 'a.xml': strToU8('<a/>'), 'b.xml': strToU8('<b/>') }), 'b.xml', {
      size: 500_000_000,
    });
    // openZip itself refuses: no read() call is needed to find the bomb.
    assertWorkbookError(() => openZip(bytes, DEFAULT_READ_LIMITS), 'ENTRY_TOO_LARGE');
  });

  it('exempts small entries from the ratio check', () => {
    const bytes = zipSync({ 'a.xml': new Uint8Array(500_000) }, { level: 9 });
    assert.equal(openZip(bytes, DEFAULT_READ_LIMITS).read('a.xml')?.length, 500_000);
    assertWorkbookError(() => openZip(bytes, resolveLimits({ ratioThreshold: 1000 })), 'ZIP_BOMB');
  });

  it('refuses an entry listed twice', () => {
    const one = zipSync({ 'a.xml': strToU8('<a/>'), 'b.xml': strToU8('<b/>') }, { level: 0 });
    // Rename b.xml to a.xml in both headers.
    const bytes = Buffer.from(one);
    for (let i = bytes.indexOf('b.xml'); i >= 0; i = bytes.indexOf('b.xml', i + 1)) bytes.write('a', i);
    assertWorkbookError(() => openZip(bytes, DEFAULT_READ_LIMITS), 'BAD_ZIP', /twice/);
  });

  it('never grows limits beyond Excel grid', () => {
    assert.equal(resolveLimits({ maxRows: 5_000_000 }).maxRows, 1_048_576);
    assert.equal(resolveLimits({ maxCols: 20 }).maxCols, 20);
  });
});
