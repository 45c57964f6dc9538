import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable, Updateable } from 'kysely';
import type { Database, UsersTable } from '../schema/index.js';
import type { Store } from '../store.js';
import type { User, UserChanges } from '../types.js';
import { flag, toDate, toInt } from './rows.js';

type UserMethods = Pick<Store, 'createUser' | 'getUserByName' | 'updateUser' | 'deleteUser'>;

// Every column but the password hash, which never leaves the store through these methods.
const userColumns = [
  'id',
  'site_id',
  'user_name',
  'first_name',
  'last_name',
  'email_address',
  'role_id',
  'group_ids',
  'is_active',
  'created',
  'updated',
] as const;

/** The case-insensitive key a user name is unique and looked up by. */
export function userNameKey(userName: string): string {
  return userName.toLowerCase();
}

/** Users of a site over any kysely dialect. */
export function userMethods(db: Kysely<Database>, now: () => Date): UserMethods {
  return {
    async createUser(u) {
      const at = now().getTime();
      const row = {
        id: randomUUID(),
        site_id: u.siteId,
        user_name: u.userName,
        user_name_key: userNameKey(u.userName),
        first_name: u.firstName ?? '',
        last_name: u.lastName ?? '',
        email_address: u.emailAddress ?? '',
        password_hash: u.passwordHash ?? null,
        role_id: u.roleId ?? null,
        group_ids: JSON.stringify(u.groupIds ?? []),
        is_active: flag(u.isActive ?? true),
        created: at,
        updated: at,
      };
      // ON CONFLICT on the unique (site_id, user_name_key) index: a taken name is an answer,
      // not an exception, and two concurrent creates cannot both win (SQLite and PostgreSQL).
      const res = await db
        .insertInto('users')
        .values(row)
        .onConflict((oc) => oc.columns(['site_id', 'user_name_key']).doNothing())
        .returning('id')
        .executeTakeFirst();
      return res ? toUser(row) : null;
    },

    async getUserByName(siteId, userName) {
      const r = await db
        .selectFrom('users')
        .select(userColumns)
        .where('site_id', '=', siteId)
        .where('user_name_key', '=', userNameKey(userName))
        .executeTakeFirst();
      return r ? toUser(r) : null;
    },

    async updateUser(siteId, userName, changes) {
      const r = await db
        .updateTable('users')
        .set({ ...changesToRow(changes), updated: now().getTime() })
        .where('site_id', '=', siteId)
        .where('user_name_key', '=', userNameKey(userName))
        .returning(userColumns)
        .executeTakeFirst();
      return r ? toUser(r) : null;
    },

    async deleteUser(siteId, userName) {
      const res = await db
        .deleteFrom('users')
        .where('site_id', '=', siteId)
        .where('user_name_key', '=', userNameKey(userName))
        .executeTakeFirst();
      return res.numDeletedRows > 0n;
    },
  };
}

function changesToRow(c: UserChanges): Updateable<UsersTable> {
  const row: Updateable<UsersTable> = {};
  if (c.firstName !== undefined) row.first_name = c.firstName;
  if (c.lastName !== undefined) row.last_name = c.lastName;
  if (c.emailAddress !== undefined) row.email_address = c.emailAddress;
  if (c.passwordHash !== undefined) row.password_hash = c.passwordHash;
  if (c.roleId !== undefined) row.role_id = c.roleId;
  if (c.groupIds !== undefined) row.group_ids = JSON.stringify(c.groupIds);
  if (c.isActive !== undefined) row.is_active = flag(c.isActive);
  return row;
}

/** A users row without its password hash. */
function toUser(r: Omit<Selectable<UsersTable>, 'password_hash' | 'user_name_key'>): User {
  return {
    id: r.id,
    siteId: r.site_id,
    userName: r.user_name,
    firstName: r.first_name,
    lastName: r.last_name,
    emailAddress: r.email_address,
    roleId: r.role_id === null ? null : toInt(r.role_id),
    groupIds: parseGroupIds(r.group_ids),
    isActive: toInt(r.is_active) === 1,
    created: toDate(r.created),
    updated: toDate(r.updated),
  };
}

function parseGroupIds(text: string): number[] {
  const v: unknown = JSON.parse(text);
  if (!Array.isArray(v) || !v.every((g) => Number.isInteger(g))) {
    throw new Error('Stored user group ids are not a JSON array of integers.');
  }
  return v;
}
