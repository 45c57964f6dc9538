import { parseArgs } from 'node:util';
import { createApiClient } from '../auth/clients.js';
import { loadConfig } from '../config.js';
import { databaseFile } from '../server/createServer.js';
import { defaultSite } from '../server/defaultSite.js';
import { createSqliteStore } from '../store/sqlite.js';
import { UsageError } from './usage.js';

export const clientUsage = `sheetport client create [--name NAME] [--data DIR]
  Creates an API client and prints {"ClientIdentifier", "ClientSecret"} as JSON.
  The secret is shown only now; only its hash is stored.`;

/** `sheetport client create`: works on the data directory directly (the server may be running). */
export async function clientCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { name: { type: 'string', default: 'API client' }, data: { type: 'string' } },
  });
  if (positionals.length !== 1 || positionals[0] !== 'create') throw new UsageError(clientUsage);
  const config = loadConfig(process.env, values.data === undefined ? {} : { dataDir: values.data });
  const store = await createSqliteStore({ file: databaseFile(config.dataDir) });
  try {
    const site = await defaultSite(store);
    const { client, secret } = await createApiClient(store, site.id, values.name);
    process.stdout.write(
      `${JSON.stringify({ ClientIdentifier: client.identifier, ClientSecret: secret, SiteId: site.id }, null, 2)}\n`,
    );
    return 0;
  } finally {
    await store.close();
  }
}
