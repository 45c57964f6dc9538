import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely, Updateable } from 'kysely';
import type { ApplicationsTable, Database } from '../schema/index.js';
import type { Store } from '../store.js';
import type { ApplicationChanges, NewVersionFile } from '../types.js';
import { toApplication, toVersion, versionColumns } from './rows.js';

type ApplicationMethods = Pick<
  Store,
  | 'createApplication'
  | 'addVersion'
  | 'updateApplication'
  | 'getApplicationByKey'
  | 'getApplicationById'
  | 'listApplications'
  | 'deleteApplication'
  | 'getVersion'
  | 'latestVersion'
  | 'getVersionBytes'
>;

/** Applications and their versions over any kysely dialect. */
export function applicationMethods(db: Kysely<Database>, now: () => Date): ApplicationMethods {
  return {
    async createApplication(app, file) {
      const at = now().getTime();
      const row = {
        id: randomUUID(),
        site_id: app.siteId,
        key: randomBytes(16).toString('hex'),
        name: app.name,
        access_type: app.accessType,
        notes: app.notes ?? '',
        created: at,
        updated: at,
        latest_version: 1,
        session_expiry_minutes: app.sessionExpiryMinutes ?? null,
        max_sessions: app.maxSessions ?? null,
      };
      const version = versionRow(row.id, 1, file, at);
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('applications').values(row).execute();
        await trx.insertInto('application_versions').values(version).execute();
      });
      return { application: toApplication(row), version: toVersion(version) };
    },

    async addVersion(siteId, applicationId, file, changes) {
      const at = now().getTime();
      return db.transaction().execute(async (trx) => {
        // Allocating the number with UPDATE ... RETURNING row-locks the application, so
        // concurrent publishers get distinct numbers on PostgreSQL too.
        const app = await trx
          .updateTable('applications')
          .set((eb) => ({
            ...changesToRow(changes),
            latest_version: eb('latest_version', '+', 1),
            updated: at,
          }))
          .where('id', '=', applicationId)
          .where('site_id', '=', siteId)
          .returningAll()
          .executeTakeFirst();
        if (!app) return null;
        const version = versionRow(app.id, Number(app.latest_version), file, at);
        await trx.insertInto('application_versions').values(version).execute();
        return { application: toApplication(app), version: toVersion(version) };
      });
    },

    async updateApplication(siteId, applicationId, changes) {
      const r = await db
        .updateTable('applications')
        .set({ ...changesToRow(changes), updated: now().getTime() })
        .where('id', '=', applicationId)
        .where('site_id', '=', siteId)
        .returningAll()
        .executeTakeFirst();
      return r ? toApplication(r) : null;
    },

    async getApplicationByKey(key, siteId) {
      let q = db.selectFrom('applications').selectAll().where('key', '=', key);
      if (siteId !== null) q = q.where('site_id', '=', siteId);
      const r = await q.executeTakeFirst();
      return r ? toApplication(r) : null;
    },

    async getApplicationById(siteId, applicationId) {
      const r = await db
        .selectFrom('applications')
        .selectAll()
        .where('id', '=', applicationId)
        .where('site_id', '=', siteId)
        .executeTakeFirst();
      return r ? toApplication(r) : null;
    },

    async listApplications(siteId) {
      const rows = await db
        .selectFrom('applications')
        .selectAll()
        .where('site_id', '=', siteId)
        .orderBy('name')
        .orderBy('id')
        .execute();
      return rows.map(toApplication);
    },

    async deleteApplication(siteId, applicationId) {
      // Hard delete: versions, their sessions and session logs go with it (FK cascades),
      // so no query ever needs a "deleted" filter and deleted files do not linger.
      const res = await db
        .deleteFrom('applications')
        .where('id', '=', applicationId)
        .where('site_id', '=', siteId)
        .executeTakeFirst();
      return res.numDeletedRows > 0n;
    },

    async getVersion(applicationId, version) {
      const r = await db
        .selectFrom('application_versions')
        .select(versionColumns)
        .where('application_id', '=', applicationId)
        .where('version', '=', version)
        .executeTakeFirst();
      return r ? toVersion(r) : null;
    },

    async latestVersion(applicationId) {
      const r = await db
        .selectFrom('application_versions')
        .select(versionColumns)
        .where('application_id', '=', applicationId)
        .orderBy('version', 'desc')
        .limit(1)
        .executeTakeFirst();
      return r ? toVersion(r) : null;
    },

    async getVersionBytes(applicationId, version) {
      const r = await db
        .selectFrom('application_versions')
        .select('bytes')
        .where('application_id', '=', applicationId)
        .where('version', '=', version)
        .executeTakeFirst();
      return r ? r.bytes : null;
    },
  };
}

function versionRow(applicationId: string, version: number, file: NewVersionFile, at: number) {
  // Buffer view without copying: drivers (better-sqlite3, pg) bind Buffers as BLOB/bytea.
  const bytes = Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength);
  return {
    application_id: applicationId,
    version,
    file_name: file.fileName,
    bytes,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    size: bytes.byteLength,
    created: at,
    warnings: JSON.stringify(file.warnings ?? []),
  };
}

function changesToRow(c: ApplicationChanges | undefined): Updateable<ApplicationsTable> {
  const row: Updateable<ApplicationsTable> = {};
  if (!c) return row;
  if (c.name !== undefined) row.name = c.name;
  if (c.accessType !== undefined) row.access_type = c.accessType;
  if (c.notes !== undefined) row.notes = c.notes;
  if (c.sessionExpiryMinutes !== undefined) row.session_expiry_minutes = c.sessionExpiryMinutes;
  if (c.maxSessions !== undefined) row.max_sessions = c.maxSessions;
  return row;
}
