/** `sites`: the tenant boundary; every other row belongs to exactly one site. */
export interface SitesTable {
  id: string;
  name: string;
  /** Epoch milliseconds (every timestamp column is; see store.ts). */
  created: number;
}
