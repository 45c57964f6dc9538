import type { Store } from '../store/store.js';
import type { ApiClient } from '../store/types.js';
import { generateClientIdentifier, generateClientSecret, hashSecret } from './secrets.js';

/** A new API client and its secret: the only moment the secret exists in clear. */
export interface CreatedClient {
  readonly client: ApiClient;
  readonly secret: string;
}

/** Creates an API client of a site with a fresh identifier and secret (only its hash is stored). */
export async function createApiClient(
  store: Store,
  siteId: string,
  name: string,
  options: { allowImpersonation?: boolean } = {},
): Promise<CreatedClient> {
  const secret = generateClientSecret();
  const client = await store.createClient({
    siteId,
    identifier: generateClientIdentifier(),
    secretHash: await hashSecret(secret),
    name,
    allowImpersonation: options.allowImpersonation ?? false,
  });
  return { client, secret };
}
