/**
 * Users in the API layer: `UserError`s of `users/userDirectory.ts` become outcomes of the
 * table, and `actingUserOf` resolves the `UserName` a method acts for.
 */
import type { User } from '../store/types.js';
import { resolveActingUser, UserError } from '../users/userDirectory.js';
import { ApiError } from './outcomes.js';
import type { MethodContext } from './route.js';

/** The `ApiError` a `UserError` stands for. */
export function userApiError(err: UserError): ApiError {
  const d = err.detail;
  switch (d.kind) {
    case 'unknown':
      return new ApiError('UnknownUser', { userName: d.userName });
    case 'inactive':
      return new ApiError('InactiveUser', { userName: d.userName });
    case 'taken':
      return new ApiError('UserNameTaken', { userName: d.userName });
    case 'invalid':
      return new ApiError('PropertyInvalid', { property: d.field, expected: d.expected });
  }
}

/** Runs users work, turning a `UserError` into its outcome; anything else passes on. */
export async function usersWork<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw err instanceof UserError ? userApiError(err) : err;
  }
}

/**
 * The active user that a request's `UserName` names, or null when it names nobody. Users are
 * looked up in the caller's site, or, for an anonymous call to an unrestricted application,
 * in the application's site. An unknown or inactive user fails the request (UnknownUser /
 * InactiveUser).
 */
export async function actingUserOf(ctx: MethodContext, userName: string | undefined): Promise<User | null> {
  const siteId = ctx.principal?.siteId ?? ctx.access?.application?.siteId;
  if (siteId === undefined) {
    if (userName === undefined || userName.trim() === '') return null;
    throw new ApiError('UnknownUser', { userName: userName.trim() });
  }
  return usersWork(() => resolveActingUser(ctx.deps.store, siteId, userName));
}
