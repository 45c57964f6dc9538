import { loadConfig } from '../config.js';
import { databaseFile } from '../server/createServer.js';
import { createSqliteStore } from '../store/sqlite.js';
import type { Store } from '../store/store.js';

/** Opens the store of `--data DIR` (or the configured data directory) for a CLI command. */
export function openStore(dataDir: string | undefined): Promise<Store> {
  const config = loadConfig(process.env, dataDir === undefined ? {} : { dataDir });
  return createSqliteStore({ file: databaseFile(config.dataDir) });
}
