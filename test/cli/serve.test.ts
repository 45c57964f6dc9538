/**
 * `sheetport client create`, `publish` and `serve` as processes on one data directory: what the
 * CLI writes there is what the server then answers with, over real HTTP.
 */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';

const run = promisify(execFile);
const cli = join(import.meta.dirname, '../../src/cli/main.ts');
const demoWorkbook = join(import.meta.dirname, '../../demo/loan-calculator.xlsx');

function sheetport(...args: string[]) {
  return run(process.execPath, ['--import', 'tsx', cli, ...args], { encoding: 'utf8' });
}

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

    const server = spawn(
      process.execPath,
      ['--import', 'tsx', cli, 'serve', '--port', '0', '--host', '127.0.0.1', '--data', data],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        server.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (m?.[1]) resolve(m[1]);
        });
        server.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
      });
      const post = async (path: string, body: object, token?: string) => {
        const res = await fetch(url + path, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
          body: JSON.stringify(body),
        });
        // biome-ignore lint/suspicious/noExplicitAny: wire JSON read by the assertions
        return (await res.json()) as any;
      };
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
      const exited = new Promise((resolve) => server.on('exit', resolve));
      server.kill('SIGTERM');
      assert.equal(await exited, 0, 'a graceful shutdown exits 0');
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
