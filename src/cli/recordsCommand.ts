import { parseArgs } from 'node:util';
import { type ExportFormat, exportRecords } from '../records/recordExport.js';
import { openStore } from './openStore.js';
import { UsageError } from './usage.js';

export const recordsUsage = `sheetport records export --app KEY [--format csv|json] [--data DIR]
  Writes every saved record of the application to stdout, streamed: system fields
  (ID, UserName, EntryDate, LastUpdateDate, CurrentStatusIndex, GroupId, AssignedUserName)
  then each primary field. csv (default): RFC 4180 with a header row; json: one array of
  {"Field": "value"} objects.`;

/** `sheetport records export`: reads the data directory directly (the server may be running). */
export async function recordsCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      app: { type: 'string' },
      format: { type: 'string', default: 'csv' },
      data: { type: 'string' },
    },
  });
  if (positionals.length !== 1 || positionals[0] !== 'export') throw new UsageError(recordsUsage);
  if (values.app === undefined) throw new UsageError('records export needs --app KEY (the ApplicationKey).');
  const format = values.format;
  if (format !== 'csv' && format !== 'json')
    throw new UsageError(`--format must be csv or json, not '${format}'.`);
  const store = await openStore(values.data);
  try {
    const app = await store.getApplicationByKey(values.app.trim().toLowerCase(), null);
    if (app === null) {
      process.stderr.write(`No application has the key '${values.app}'.\n`);
      return 1;
    }
    await exportRecords(store, app, format as ExportFormat, process.stdout);
    return 0;
  } finally {
    await store.close();
  }
}
