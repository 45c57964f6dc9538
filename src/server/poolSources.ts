/**
 * The compute pool's sources backed by the store: version bytes by version key and session
 * logs by session id. This is the only place that knows how log entries are serialized.
 */
import type { PoolSources } from '../compute/pool.js';
import type { SessionLogEntry } from '../compute/protocol.js';
import { parseVersionKey } from '../sessions/versionKey.js';
import type { Store } from '../store/store.js';

/** PoolSources reading from `store`. */
export function storePoolSources(store: Store): PoolSources {
  return {
    async versionBytes(key) {
      const parsed = parseVersionKey(key);
      const bytes = parsed && (await store.getVersionBytes(parsed.applicationId, parsed.version));
      if (!bytes) throw new Error(`No published file for version key ${key}.`);
      return bytes;
    },
    async sessionLog(sessionId) {
      const entries = await store.listSessionInputs(sessionId);
      return entries.map((e) => JSON.parse(e.inputsJson) as SessionLogEntry);
    },
  };
}
