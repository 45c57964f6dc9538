/**
 * `sheetport client create`, `publish` and `serve` as processes on one data directory: what the
 * CLI writes there is what the server then answers with, over real HTTP.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sheetport, startServe } from './cliProcess.js';

const demoWorkbook = join(import.meta.dirname, '../../demo/loan-calculator.xlsx');

describe('CLI: client create, publish, serve', () => {
  let data: string;
  before(() => {
    data = mkdtempSync(join(tmpdir(), 'sheetport-serve-'));
  });
  after(() => {
    rmSync(data, { recursive: true, force: true });
  });

  it('creates a client and publishes a workbook that the server then calculates', async () => {
    const client = JSON.parse(
      (await sheetport('client', 'create', '--name', 'robot', '--data', data)).stdout,
    );
    assert.match(client.ClientIdentifier, /^[0-9a-f]{32}$/);
    assert.match(client.ClientSecret, /^[A-Za-z0-9_-]{43}$/);

    const published = JSON.parse(
      (await sheetport('publish', demoWorkbook, '--name', 'Loan', '--access', 'restricted', '--data', data))
        .stdout,
    );
    assert.match(published.ApplicationKey, /^[0-9a-f]{32}$/);
    assert.match(published.ApplicationId, /^[0-9a-f-]{36}$/);
    assert.deepEqual(published.Messages, []);

    const server = await startServe(data);
    const { url, post } = server;
    try {
      const token = await post('/Api/Auth/GetToken', {
        ClientIdentifier: client.ClientIdentifier,
        ClientSecret: client.ClientSecret,
      });
      assert.equal(token.Success, true);
      const result = await post(
        '/Api/Applications/GetResult',
        {
          ApplicationKey: published.ApplicationKey,
          Inputs: [{ Ref: 'LoanAmount', Value: [[{ Value: 300000 }]] }],
          Outputs: ['MonthlyPayment'],
        },
        token.AccessToken,
      );
      assert.equal(result.Outputs[0].Value[0][0].Text, '1,610.46');
      const health = await fetch(`${url}/healthz`);
      assert.deepEqual(await health.json(), { status: 'ok' });
      const docs = (await (await fetch(`${url}/openapi.json`)).json()) as { paths: Record<string, unknown> };
      assert.ok(docs.paths['/Api/Applications/GetResult'], 'GetResult is documented');
    } finally {
      await server.stop();
    }
  });

  it('refuses a bad file and a bad flag with a clear message', async () => {
    await assert.rejects(
      sheetport('publish', join(data, 'missing.xlsx'), '--data', data),
      (err: { stderr: string; code: number }) => {
        assert.equal(err.code, 1);
        assert.match(err.stderr, /^Cannot read .*missing\.xlsx: no such file\.\n$/);
        return true;
      },
    );
    await assert.rejects(
      sheetport('publish', demoWorkbook, '--access', 'public', '--data', data),
      (err: { stderr: string; code: number }) => {
        assert.equal(err.code, 2);
        assert.match(err.stderr, /--access must be unrestricted or restricted/);
        return true;
      },
    );
    await assert.rejects(
      sheetport('serve', '--port', 'eighty', '--data', data),
      (err: { stderr: string; code: number }) => {
        assert.equal(err.code, 2);
        assert.match(err.stderr, /SHEETPORT_PORT must be an integer from 0 to 65535 \(got "eighty"\)\./);
        return true;
      },
    );
  });
});
