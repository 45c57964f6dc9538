import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { AccessType } from '../auth/access.js';
import { loadConfig } from '../config.js';
import { PublishError } from '../publishing/publisher.js';
import { createCore } from '../server/createServer.js';
import { defaultSite } from '../server/defaultSite.js';
import { UsageError } from './usage.js';

export const publishUsage = `sheetport publish FILE.xlsx [--name NAME] [--access unrestricted|restricted] [--data DIR]
  Checks and publishes a workbook as a new application; prints {"ApplicationKey", "ApplicationId"}
  as JSON. Cells where the engine disagrees with Excel's saved values are listed in "Messages".
  --access      restricted (default: calls need a token) or unrestricted`;

const ACCESS: Readonly<Record<string, 0 | 1>> = {
  unrestricted: AccessType.Unrestricted,
  restricted: AccessType.Restricted,
};

/** `sheetport publish`: works on the data directory directly (the server may be running). */
export async function publishCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      access: { type: 'string', default: 'restricted' },
      data: { type: 'string' },
    },
  });
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new UsageError(publishUsage);
  const accessType = ACCESS[values.access.toLowerCase()];
  if (accessType === undefined)
    throw new UsageError(`--access must be unrestricted or restricted, got "${values.access}".`);
  const bytes = readFileSync(file);
  const config = loadConfig(process.env, {
    workerCount: 1,
    ...(values.data === undefined ? {} : { dataDir: values.data }),
  });
  const core = await createCore(config);
  try {
    const site = await defaultSite(core.store);
    const fileName = basename(file);
    const name = values.name ?? fileName.replace(/\.xls[xm]$/i, '');
    const published = await core.publisher.create(site.id, { name, accessType }, { fileName, bytes });
    const out = {
      ApplicationKey: published.application.key,
      ApplicationId: published.application.id,
      Messages: published.warnings,
    };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return 0;
  } catch (err) {
    if (!(err instanceof PublishError)) throw err;
    process.stderr.write(`${err.message}\n`);
    return 1;
  } finally {
    await core.compute.close();
    await core.store.close();
  }
}
