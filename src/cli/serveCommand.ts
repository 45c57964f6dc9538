import { parseArgs } from 'node:util';
import { issueToken } from '../auth/tokens.js';
import { type ConfigOverrides, loadConfig } from '../config.js';
import { createServer } from '../server/createServer.js';
import { demoExamples, ensureDemo } from '../server/demo.js';
import { UsageError } from './usage.js';

export const serveUsage = `sheetport serve [--port N] [--host ADDR] [--data DIR] [--demo]
  Runs the HTTP server (settings: SHEETPORT_* environment variables, see docs/configuration.md).
  --port N      TCP port (default SHEETPORT_PORT or 8080)
  --host ADDR   listen address (default SHEETPORT_HOST or 0.0.0.0)
  --data DIR    data directory (default SHEETPORT_DATA or ./data)
  --demo        also create a demo client and the demo loan calculator, and print examples`;

/** `sheetport serve`: runs until SIGINT or SIGTERM, then shuts down gracefully. */
export async function serveCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      data: { type: 'string' },
      demo: { type: 'boolean', default: false },
    },
  });
  if (positionals.length > 0) throw new UsageError(serveUsage);
  const env: Record<string, string | undefined> = { ...process.env };
  // Flags go through the same parsing and checks as the environment.
  if (values.port !== undefined) env.SHEETPORT_PORT = values.port;
  if (values.host !== undefined) env.SHEETPORT_HOST = values.host;
  if (values.data !== undefined) env.SHEETPORT_DATA = values.data;
  const overrides: ConfigOverrides = {};
  const config = loadConfig(env, overrides);

  const server = await createServer(config);
  let url: string;
  try {
    url = await server.start();
  } catch (err) {
    await server.stop();
    throw err;
  }
  if (values.demo) {
    const demo = await ensureDemo(server.store, server.publisher, config.dataDir);
    const client = await server.store.getClientByIdentifier(demo.clientIdentifier);
    const token = client
      ? (await issueToken(server.store, client, config.tokenLifetimeSeconds)).accessToken
      : '';
    process.stdout.write(`\nsheetport is listening on ${url} (data in ${config.dataDir})\n\n`);
    process.stdout.write(demoExamples(url, demo, token));
  }

  await new Promise<void>((resolve) => {
    const shutdown = () => resolve();
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });
  server.http.log.info('shutting down');
  await server.stop();
  return 0;
}
