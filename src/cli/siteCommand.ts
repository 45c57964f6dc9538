import { parseArgs } from 'node:util';
import type { Site } from '../store/types.js';
import { openStore } from './openStore.js';
import { UsageError } from './usage.js';

export const siteUsage = `sheetport site create --name NAME [--data DIR]
  Creates a site (a tenant with its own clients, users and applications); prints
  {"SiteId", "Name"} as JSON. Give the SiteId to \`sheetport client create --site\`.
sheetport site list [--data DIR]
  Prints every site as JSON, oldest first (the oldest is the default site).`;

/** Longest site name accepted. */
export const MAX_SITE_NAME_LENGTH = 200;

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;

/** `sheetport site create|list`: works on the data directory directly (the server may be running). */
export async function siteCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { name: { type: 'string' }, data: { type: 'string' } },
  });
  const [action, ...extra] = positionals;
  if (extra.length > 0 || (action !== 'create' && action !== 'list')) throw new UsageError(siteUsage);
  if (action === 'list' && values.name !== undefined) throw new UsageError('site list takes no --name.');
  const name = action === 'create' ? checkedSiteName(values.name) : '';
  const store = await openStore(values.data);
  try {
    if (action === 'create') {
      print(siteJson(await store.createSite(name)));
    } else {
      print((await store.listSites()).map((s) => ({ ...siteJson(s), Created: s.created.toISOString() })));
    }
    return 0;
  } finally {
    await store.close();
  }
}

function checkedSiteName(raw: string | undefined): string {
  if (raw === undefined) throw new UsageError('site create needs --name NAME.');
  const name = raw.trim();
  if (name === '' || name.length > MAX_SITE_NAME_LENGTH || CONTROL.test(name)) {
    throw new UsageError(
      `--name must be 1 to ${MAX_SITE_NAME_LENGTH} characters without control characters.`,
    );
  }
  return name;
}

function siteJson(site: Site): { SiteId: string; Name: string } {
  return { SiteId: site.id, Name: site.name };
}

function print(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
