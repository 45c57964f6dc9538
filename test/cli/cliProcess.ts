/** The CLI as a process, for tests: one-shot commands and a running `serve`. */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const cli = join(import.meta.dirname, '../../src/cli/main.ts');

/** Runs one CLI command through tsx; rejects (with code and stderr) on a non-zero exit. */
export function sheetport(...args: string[]) {
  return run(process.execPath, ['--import', 'tsx', cli, ...args], { encoding: 'utf8' });
}

/** A `sheetport serve` process on a free loopback port. */
export interface ServeProcess {
  readonly url: string;
  /** POSTs JSON (with a bearer token if given) and returns the parsed answer. */
  // biome-ignore lint/suspicious/noExplicitAny: wire JSON read by the assertions
  post(path: string, body: object, token?: string): Promise<any>;
  /** Sends SIGTERM and asserts a graceful exit (status 0). */
  stop(): Promise<void>;
}

/** Starts `sheetport serve --data DIR` and resolves once it listens. */
export async function startServe(dataDir: string): Promise<ServeProcess> {
  const server = spawn(
    process.execPath,
    ['--import', 'tsx', cli, 'serve', '--port', '0', '--host', '127.0.0.1', '--data', dataDir],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<number | null>((resolve) => server.on('exit', resolve));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    server.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    void exited.then((code) => reject(new Error(`serve exited with ${code}: ${out}`)));
  });
  return {
    url,
    async post(path, body, token) {
      const res = await fetch(url + path, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify(body),
      });
      return res.json();
    },
    async stop() {
      server.kill('SIGTERM');
      assert.equal(await exited, 0, 'a graceful shutdown exits 0');
    },
  };
}
