import type { Store } from '../store/store.js';
import type { Site } from '../store/types.js';

/** The name of the site a fresh data directory gets. */
export const DEFAULT_SITE_NAME = 'Default';

/**
 * The site that CLI commands without `--site` act on: the oldest one, created on first use.
 * A single-tenant install never needs to know that sites exist.
 */
export async function defaultSite(store: Store): Promise<Site> {
  const [oldest] = await store.listSites();
  return oldest ?? store.createSite(DEFAULT_SITE_NAME);
}
