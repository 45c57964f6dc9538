/**
 * The key a worker caches a file version's template under: application id and version
 * number. Keys never change meaning, because a published version's bytes never change.
 */

/** The cache key of one published file version. */
export function versionKey(applicationId: string, version: number): string {
  return `${applicationId}@${version}`;
}

/** The application id and version of a key, or null when it is not one. */
export function parseVersionKey(key: string): { applicationId: string; version: number } | null {
  const at = key.lastIndexOf('@');
  const version = Number(key.slice(at + 1));
  if (at <= 0 || !Number.isSafeInteger(version) || version < 1) return null;
  return { applicationId: key.slice(0, at), version };
}
