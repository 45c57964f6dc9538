import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../schema/index.js';
import type { Store } from '../store.js';
import { flag, toClient, toDate, toInt, toSite, toToken } from './rows.js';

type AccountMethods = Pick<
  Store,
  | 'createSite'
  | 'getSite'
  | 'listSites'
  | 'createClient'
  | 'getClientByIdentifier'
  | 'getClient'
  | 'setClientDisabled'
  | 'insertToken'
  | 'findTokenByHash'
  | 'revokeToken'
  | 'deleteExpiredTokens'
>;

const clientColumns = [
  'api_clients.id',
  'api_clients.site_id',
  'api_clients.identifier',
  'api_clients.name',
  'api_clients.allow_impersonation',
  'api_clients.created',
  'api_clients.disabled',
] as const;

/** Sites, API clients and tokens over any kysely dialect. */
export function accountMethods(db: Kysely<Database>, now: () => Date): AccountMethods {
  return {
    async createSite(name) {
      const row = { id: randomUUID(), name, created: now().getTime() };
      await db.insertInto('sites').values(row).execute();
      return toSite(row);
    },

    async getSite(id) {
      const r = await db.selectFrom('sites').selectAll().where('id', '=', id).executeTakeFirst();
      return r ? toSite(r) : null;
    },

    async listSites() {
      const rows = await db.selectFrom('sites').selectAll().orderBy('created').orderBy('id').execute();
      return rows.map(toSite);
    },

    async createClient(c) {
      const row = {
        id: randomUUID(),
        site_id: c.siteId,
        identifier: c.identifier,
        secret_hash: c.secretHash,
        name: c.name,
        allow_impersonation: flag(c.allowImpersonation),
        created: now().getTime(),
        disabled: 0,
      };
      await db.insertInto('api_clients').values(row).execute();
      return toClient(row);
    },

    async getClientByIdentifier(identifier) {
      const r = await db
        .selectFrom('api_clients')
        .selectAll()
        .where('identifier', '=', identifier)
        .executeTakeFirst();
      return r ? { ...toClient(r), secretHash: r.secret_hash } : null;
    },

    async getClient(siteId, clientId) {
      const r = await db
        .selectFrom('api_clients')
        .select(clientColumns)
        .where('id', '=', clientId)
        .where('site_id', '=', siteId)
        .executeTakeFirst();
      return r ? toClient(r) : null;
    },

    async setClientDisabled(siteId, clientId, disabled) {
      const res = await db
        .updateTable('api_clients')
        .set({ disabled: flag(disabled) })
        .where('id', '=', clientId)
        .where('site_id', '=', siteId)
        .executeTakeFirst();
      return res.numUpdatedRows > 0n;
    },

    async insertToken(t) {
      const row = {
        id: randomUUID(),
        client_id: t.clientId,
        site_id: t.siteId,
        token_hash: t.tokenHash,
        issued: t.issued.getTime(),
        expires: t.expires.getTime(),
        revoked: 0,
      };
      await db.insertInto('tokens').values(row).execute();
      return toToken(row);
    },

    async findTokenByHash(tokenHash) {
      // One statement: unique-index probe on token_hash, primary-key probe on the client.
      const r = await db
        .selectFrom('tokens')
        .innerJoin('api_clients', 'api_clients.id', 'tokens.client_id')
        .select([
          'tokens.id as token_id',
          'tokens.site_id as token_site_id',
          'tokens.issued',
          'tokens.expires',
          'tokens.revoked',
          ...clientColumns,
        ])
        .where('tokens.token_hash', '=', tokenHash)
        .executeTakeFirst();
      if (!r) return null;
      return {
        token: {
          id: r.token_id,
          clientId: r.id,
          siteId: r.token_site_id,
          tokenHash,
          issued: toDate(r.issued),
          expires: toDate(r.expires),
          revoked: toInt(r.revoked) === 1,
        },
        client: toClient(r),
      };
    },

    async revokeToken(tokenHash) {
      const res = await db
        .updateTable('tokens')
        .set({ revoked: 1 })
        .where('token_hash', '=', tokenHash)
        .where('revoked', '=', 0)
        .executeTakeFirst();
      return res.numUpdatedRows > 0n;
    },

    async deleteExpiredTokens(before) {
      const res = await db.deleteFrom('tokens').where('expires', '<=', before.getTime()).executeTakeFirst();
      return Number(res.numDeletedRows);
    },
  };
}
