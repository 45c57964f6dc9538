/**
 * The server under test: the compiled CLI (`node dist/cli/main.js serve`) in its own process,
 * as it is deployed. A separate process keeps the load generator's CPU out of the server's
 * event loop and lets /proc report the server's CPU and memory apart from the generator's.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = new URL('..', import.meta.url).pathname;
const CLI = join(ROOT, 'dist/cli/main.js');

/** A running server process. */
export interface ServerProcess {
  readonly pid: number;
  readonly url: string;
  readonly dataDir: string;
  /** An API client created in the data directory before the start. */
  readonly client: { readonly identifier: string; readonly secret: string };
  /** SIGINT (a graceful stop, which also writes --cpu-prof profiles), then removes the data. */
  stop(): Promise<void>;
}

/** How to start the server. */
export interface ServerOptions {
  /** SHEETPORT_* settings on top of the inherited environment. */
  readonly env?: Readonly<Record<string, string>>;
  /** Extra node flags, e.g. `--cpu-prof --cpu-prof-dir DIR`. */
  readonly nodeArgs?: readonly string[];
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** Creates a data directory with one API client, starts the server on loopback, waits for /healthz. */
export async function startServer(options: ServerOptions = {}): Promise<ServerProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sheetport-bench-'));
  const env = { ...process.env, ...options.env };
  const created = await run(
    process.execPath,
    [CLI, 'client', 'create', '--name', 'bench', '--data', dataDir],
    {
      env,
    },
  );
  const { ClientIdentifier, ClientSecret } = JSON.parse(created.stdout) as Record<string, string>;
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      ...(options.nodeArgs ?? []),
      CLI,
      'serve',
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
      '--data',
      dataDir,
    ],
    // Logs go to /dev/null: writing them still costs the server what it costs in production.
    { env, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The server exited (${child.exitCode}): ${stderr}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`The server did not answer /healthz within 60 s: ${stderr}`);
    }
    const up = await fetch(`${url}/healthz`).then(
      (res) => res.ok,
      () => false,
    );
    if (up) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const pid = child.pid ?? 0;
  return {
    pid,
    url,
    dataDir,
    client: { identifier: ClientIdentifier ?? '', secret: ClientSecret ?? '' },
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGINT');
        const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
        await exited(child);
        clearTimeout(timer);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
