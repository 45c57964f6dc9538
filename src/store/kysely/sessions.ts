import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../schema/index.js';
import type { Store } from '../store.js';
import { toDate, toInt, toSession } from './rows.js';

type SessionMethods = Pick<
  Store,
  | 'createSession'
  | 'getSession'
  | 'touchSession'
  | 'appendSessionInput'
  | 'listSessionInputs'
  | 'closeSession'
  | 'countOpenSessions'
  | 'countAllOpenSessions'
  | 'listOpenSessionIds'
  | 'listExpiredSessions'
  | 'closeExpired'
  | 'deleteClosedSessions'
>;

/** Default page size of listExpiredSessions: a sweep works in bounded batches. */
const EXPIRED_BATCH = 1000;

/** Dedicated sessions and their input logs over any kysely dialect. */
export function sessionMethods(db: Kysely<Database>, now: () => Date): SessionMethods {
  return {
    async createSession(s) {
      if (!Number.isSafeInteger(s.idleTimeoutMs) || s.idleTimeoutMs <= 0) {
        throw new RangeError(
          `Session idle timeout must be a positive integer of ms, not ${s.idleTimeoutMs}.`,
        );
      }
      const id = randomUUID();
      const at = now().getTime();
      // INSERT ... SELECT: the row exists only if application, version and owner client all
      // belong to the given site, checked in the same statement that inserts (no race with
      // a concurrent delete, no read-then-write transaction). Parameters are cast so that
      // PostgreSQL types them as bigint rather than text in a select list.
      const inserted = await db
        .insertInto('sessions')
        .columns([
          'id',
          'application_id',
          'version',
          'owner_client_id',
          'site_id',
          'created',
          'last_used',
          'idle_timeout_ms',
          'expires_at',
          'input_count',
        ])
        .expression((eb) =>
          eb
            .selectFrom('application_versions as v')
            .innerJoin('applications as a', 'a.id', 'v.application_id')
            .innerJoin('api_clients as c', 'c.site_id', 'a.site_id')
            .select([
              eb.cast<string>(eb.val(id), 'text').as('id'),
              'v.application_id',
              'v.version',
              'c.id as owner_client_id',
              'a.site_id',
              eb.cast<number>(eb.val(at), 'bigint').as('created'),
              eb.cast<number>(eb.val(at), 'bigint').as('last_used'),
              eb.cast<number>(eb.val(s.idleTimeoutMs), 'bigint').as('idle_timeout_ms'),
              eb.cast<number>(eb.val(at + s.idleTimeoutMs), 'bigint').as('expires_at'),
              eb.cast<number>(eb.val(0), 'integer').as('input_count'),
            ])
            .where('a.id', '=', s.applicationId)
            .where('a.site_id', '=', s.siteId)
            .where('v.version', '=', s.version)
            .where('c.id', '=', s.ownerClientId),
        )
        .returning('id')
        .executeTakeFirst();
      if (!inserted) return null;
      return {
        id,
        applicationId: s.applicationId,
        version: s.version,
        ownerClientId: s.ownerClientId,
        siteId: s.siteId,
        created: new Date(at),
        lastUsed: new Date(at),
        idleTimeoutMs: s.idleTimeoutMs,
        expiresAt: new Date(at + s.idleTimeoutMs),
        inputCount: 0,
        closedAt: null,
      };
    },

    async getSession(sessionId) {
      const r = await db.selectFrom('sessions').selectAll().where('id', '=', sessionId).executeTakeFirst();
      return r ? toSession(r) : null;
    },

    async touchSession(sessionId, at) {
      const ms = at.getTime();
      const res = await db
        .updateTable('sessions')
        .set((eb) => ({
          last_used: ms,
          expires_at: eb(eb.cast<number>(eb.val(ms), 'bigint'), '+', eb.ref('idle_timeout_ms')),
        }))
        .where('id', '=', sessionId)
        .where('closed_at', 'is', null)
        .executeTakeFirst();
      return res.numUpdatedRows > 0n;
    },

    async appendSessionInput(sessionId, inputsJson) {
      const at = now().getTime();
      return db.transaction().execute(async (trx) => {
        // The counter bump comes first: it is a write, so SQLite takes its write lock at
        // once (waiting on busy_timeout) and PostgreSQL row-locks the session, which
        // serialises concurrent appenders; the returned value is this entry's sequence.
        const r = await trx
          .updateTable('sessions')
          .set((eb) => ({ input_count: eb('input_count', '+', 1) }))
          .where('id', '=', sessionId)
          .where('closed_at', 'is', null)
          .returning('input_count')
          .executeTakeFirst();
        if (!r) return null;
        const seq = toInt(r.input_count);
        await trx
          .insertInto('session_inputs')
          .values({ session_id: sessionId, seq, inputs: inputsJson, created: at })
          .execute();
        return seq;
      });
    },

    async listSessionInputs(sessionId) {
      const rows = await db
        .selectFrom('session_inputs')
        .select(['seq', 'inputs', 'created'])
        .where('session_id', '=', sessionId)
        .orderBy('seq')
        .execute();
      return rows.map((r) => ({ seq: toInt(r.seq), inputsJson: r.inputs, created: toDate(r.created) }));
    },

    async closeSession(sessionId, ownerClientId) {
      let q = db
        .updateTable('sessions')
        .set({ closed_at: now().getTime() })
        .where('id', '=', sessionId)
        .where('closed_at', 'is', null);
      if (ownerClientId !== undefined) q = q.where('owner_client_id', '=', ownerClientId);
      const res = await q.executeTakeFirst();
      return res.numUpdatedRows > 0n;
    },

    async listOpenSessionIds(filter) {
      let q = db.selectFrom('sessions').select('id').where('closed_at', 'is', null);
      q =
        'clientId' in filter
          ? q.where('owner_client_id', '=', filter.clientId)
          : q.where('application_id', '=', filter.applicationId);
      return (await q.execute()).map((r) => r.id);
    },

    async countOpenSessions(filter) {
      let q = db
        .selectFrom('sessions')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('closed_at', 'is', null);
      q =
        'clientId' in filter
          ? q.where('owner_client_id', '=', filter.clientId)
          : q.where('application_id', '=', filter.applicationId);
      const r = await q.executeTakeFirstOrThrow();
      return toInt(r.n);
    },

    async countAllOpenSessions() {
      // The partial indexes over open rows answer this without reading closed history.
      const r = await db
        .selectFrom('sessions')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('closed_at', 'is', null)
        .executeTakeFirstOrThrow();
      return toInt(r.n);
    },

    async listExpiredSessions(at, limit = EXPIRED_BATCH) {
      const rows = await db
        .selectFrom('sessions')
        .selectAll()
        .where('closed_at', 'is', null)
        .where('expires_at', '<=', at.getTime())
        .orderBy('expires_at')
        .limit(limit)
        .execute();
      return rows.map(toSession);
    },

    async closeExpired(at) {
      // The condition is re-evaluated by the UPDATE itself, so a session touched after a
      // listExpiredSessions call is not closed by a stale list.
      const rows = await db
        .updateTable('sessions')
        .set({ closed_at: now().getTime() })
        .where('closed_at', 'is', null)
        .where('expires_at', '<=', at.getTime())
        .returning('id')
        .execute();
      return rows.map((r) => r.id);
    },

    async deleteClosedSessions(before) {
      const res = await db
        .deleteFrom('sessions')
        .where('closed_at', 'is not', null)
        .where('closed_at', '<=', before.getTime())
        .executeTakeFirst();
      return Number(res.numDeletedRows);
    },
  };
}
