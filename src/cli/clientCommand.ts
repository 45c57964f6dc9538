import { parseArgs } from 'node:util';
import { createApiClient } from '../auth/clients.js';
import { defaultSite } from '../server/defaultSite.js';
import { openStore } from './openStore.js';
import { UsageError } from './usage.js';

export const clientUsage = `sheetport client create [--site ID] [--impersonation] [--name NAME] [--data DIR]
  Creates an API client and prints {"ClientIdentifier", "ClientSecret", "SiteId",
  "AllowImpersonation"} as JSON. The secret is shown only now; only its hash is stored.
  --site           the site the client belongs to (default: the oldest site; see \`sheetport site list\`)
  --impersonation  the client may act for users (GetRecord, GetRecordExtended)`;

/** `sheetport client create`: works on the data directory directly (the server may be running). */
export async function clientCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      name: { type: 'string', default: 'API client' },
      site: { type: 'string' },
      impersonation: { type: 'boolean', default: false },
      data: { type: 'string' },
    },
  });
  if (positionals.length !== 1 || positionals[0] !== 'create') throw new UsageError(clientUsage);
  const store = await openStore(values.data);
  try {
    // Site ids are stored lowercase; a pasted uppercase GUID should still find its site.
    const site =
      values.site === undefined
        ? await defaultSite(store)
        : await store.getSite(values.site.trim().toLowerCase());
    if (site === null) {
      process.stderr.write(
        `There is no site with the id '${values.site}'; \`sheetport site list\` shows the sites.\n`,
      );
      return 1;
    }
    const { client, secret } = await createApiClient(store, site.id, values.name, {
      allowImpersonation: values.impersonation,
    });
    const out = {
      ClientIdentifier: client.identifier,
      ClientSecret: secret,
      SiteId: site.id,
      AllowImpersonation: client.allowImpersonation,
    };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return 0;
  } finally {
    await store.close();
  }
}
