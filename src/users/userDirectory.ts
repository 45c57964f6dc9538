/**
 * The users of a site: checks what callers send, hashes passwords, and resolves the user a
 * call acts for. Knows nothing of HTTP: failures are `UserError`s, which the API layer turns
 * into outcomes (`api/users.ts`) and the CLI into one-line messages.
 */
import { hashSecret } from '../auth/secrets.js';
import type { Store } from '../store/store.js';
import type { User, UserChanges } from '../store/types.js';

/** Longest UserName, FirstName and LastName accepted. */
export const MAX_USER_NAME_LENGTH = 100;
/** Shortest password accepted. */
export const MIN_PASSWORD_LENGTH = 8;
/** Longest password accepted: bounds the hashing work one request can ask for. */
export const MAX_PASSWORD_LENGTH = 1024;
/** Longest email address (RFC 5321's path limit). */
export const MAX_EMAIL_LENGTH = 254;
/** Most groups one user can be in. */
export const MAX_GROUPS = 1000;

/** A user property, named as on the wire (spec §9), so messages can name what was wrong. */
export type UserField =
  | 'UserName'
  | 'FirstName'
  | 'LastName'
  | 'EmailAddress'
  | 'Password'
  | 'RoleId'
  | 'GroupId';

/** Why a users operation failed. */
export type UserErrorDetail =
  | { readonly kind: 'unknown'; readonly userName: string }
  | { readonly kind: 'inactive'; readonly userName: string }
  | { readonly kind: 'taken'; readonly userName: string }
  | { readonly kind: 'invalid'; readonly field: UserField; readonly expected: string };

/** A users failure the caller caused; `detail.kind` says which. */
export class UserError extends Error {
  override readonly name = 'UserError';
  readonly detail: UserErrorDetail;

  constructor(detail: UserErrorDetail) {
    super(describe(detail));
    this.detail = detail;
  }

  /** 'unknown' | 'inactive' | 'taken' | 'invalid'. */
  get kind(): UserErrorDetail['kind'] {
    return this.detail.kind;
  }
}

function describe(d: UserErrorDetail): string {
  switch (d.kind) {
    case 'unknown':
      return `The user '${d.userName}' does not exist on this site.`;
    case 'inactive':
      return `The user '${d.userName}' is not active.`;
    case 'taken':
      return `The user name '${d.userName}' is already taken on this site.`;
    case 'invalid':
      return `The property '${d.field}' must be ${d.expected}.`;
  }
}

/** What a caller may set on a user; absent fields are left alone (update) or defaulted (create). */
export interface UserInput {
  readonly firstName?: string | undefined;
  readonly lastName?: string | undefined;
  readonly emailAddress?: string | undefined;
  /** In clear; only its scrypt hash is stored. */
  readonly password?: string | undefined;
  readonly roleId?: number | undefined;
  readonly groupIds?: readonly number[] | undefined;
  readonly isActive?: boolean | undefined;
}

// C0 controls and DEL: they break logs and messages, and no real name contains them.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;
// A shape check, not RFC 5322: one @, something on each side, a dot in the domain, no spaces.
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/** A UserName trimmed and checked: 1 to 100 characters, no control characters. */
export function checkedUserName(raw: string): string {
  const name = raw.trim();
  if (name === '' || name.length > MAX_USER_NAME_LENGTH || CONTROL.test(name)) {
    throw invalid('UserName', `a name of 1 to ${MAX_USER_NAME_LENGTH} characters without control characters`);
  }
  return name;
}

/** Creates a user of a site; throws `UserError` ('taken', 'invalid'). */
export async function createUser(
  store: Store,
  siteId: string,
  userName: string,
  input: UserInput,
): Promise<User> {
  const name = checkedUserName(userName);
  const changes = await checkedChanges(input);
  const user = await store.createUser({ siteId, userName: name, ...changes });
  if (user === null) throw new UserError({ kind: 'taken', userName: name });
  return user;
}

/** Changes the given fields of a site's user; throws `UserError` ('unknown', 'invalid'). */
export async function updateUser(
  store: Store,
  siteId: string,
  userName: string,
  input: UserInput,
): Promise<User> {
  const name = lookupName(userName);
  const changes = await checkedChanges(input);
  const user = await store.updateUser(siteId, name, changes);
  if (user === null) throw new UserError({ kind: 'unknown', userName: name });
  return user;
}

/** Deletes a site's user and returns it as it was; throws `UserError` ('unknown'). */
export async function deleteUser(store: Store, siteId: string, userName: string): Promise<User> {
  const name = lookupName(userName);
  const user = await store.getUserByName(siteId, name);
  // A concurrent delete between the two steps answers 'unknown', as it would a moment later.
  if (user === null || !(await store.deleteUser(siteId, name))) {
    throw new UserError({ kind: 'unknown', userName: name });
  }
  return user;
}

/**
 * The user a call acts for (the `UserName` of GetApplicationList, SaveInformation, GetRecord...):
 * null when the caller named nobody; the active user otherwise. Throws `UserError` 'unknown'
 * for a name the site does not have and 'inactive' for a deactivated user.
 */
export async function resolveActingUser(
  store: Store,
  siteId: string,
  userName: string | undefined,
): Promise<User | null> {
  if (userName === undefined || userName.trim() === '') return null;
  const name = lookupName(userName);
  const user = await store.getUserByName(siteId, name);
  if (user === null) throw new UserError({ kind: 'unknown', userName: name });
  if (!user.isActive) throw new UserError({ kind: 'inactive', userName: user.userName });
  return user;
}

// A name that could never have been created cannot name a user: it is unknown, not malformed.
function lookupName(raw: string): string {
  return raw.trim();
}

async function checkedChanges(input: UserInput): Promise<UserChanges> {
  const password = input.password === undefined ? undefined : checkedPassword(input.password);
  const changes: { -readonly [K in keyof UserChanges]: UserChanges[K] } = {};
  if (input.firstName !== undefined) changes.firstName = checkedPersonName('FirstName', input.firstName);
  if (input.lastName !== undefined) changes.lastName = checkedPersonName('LastName', input.lastName);
  if (input.emailAddress !== undefined) changes.emailAddress = checkedEmail(input.emailAddress);
  if (input.roleId !== undefined) changes.roleId = checkedRoleId(input.roleId);
  if (input.groupIds !== undefined) changes.groupIds = checkedGroupIds(input.groupIds);
  if (input.isActive !== undefined) changes.isActive = input.isActive;
  // Hash last: a request with another bad field should not cost ~50 ms of scrypt first.
  if (password !== undefined) changes.passwordHash = await hashSecret(password);
  return changes;
}

function checkedPersonName(field: 'FirstName' | 'LastName', raw: string): string {
  const name = raw.trim();
  if (name.length > MAX_USER_NAME_LENGTH || CONTROL.test(name)) {
    throw invalid(field, `a name of at most ${MAX_USER_NAME_LENGTH} characters without control characters`);
  }
  return name;
}

function checkedEmail(raw: string): string {
  const email = raw.trim();
  if (email.length > MAX_EMAIL_LENGTH || !EMAIL.test(email)) {
    throw invalid('EmailAddress', 'an email address such as ann@example.com');
  }
  return email;
}

function checkedPassword(password: string): string {
  if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
    throw invalid('Password', `${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters long`);
  }
  return password;
}

function checkedRoleId(roleId: number): number {
  if (!Number.isSafeInteger(roleId) || roleId < 0) throw invalid('RoleId', 'a whole number of 0 or more');
  return roleId;
}

function checkedGroupIds(groupIds: readonly number[]): number[] {
  if (groupIds.length > MAX_GROUPS || !groupIds.every((g) => Number.isSafeInteger(g) && g >= 0)) {
    throw invalid('GroupId', `a list of at most ${MAX_GROUPS} whole numbers of 0 or more`);
  }
  return [...new Set(groupIds)];
}

function invalid(field: UserField, expected: string): UserError {
  return new UserError({ kind: 'invalid', field, expected });
}
