import { createUser as createSiteUser, type UserInput } from '../../users/userDirectory.js';
import { CreateUserRequest, type UpdateUserRequest } from '../requests.js';
import { defineMethod } from '../route.js';
import { usersWork } from '../users.js';
import { EMPTY_APPLICATION_ID, siteOf } from './resolve.js';

/**
 * What CreateUser, UpdateUser and DeleteUser answer (spec §9). **decision**: the original's
 * MethodResponse text is not documented, so it is one word saying what happened — `Created.`,
 * `Updated.` or `Deleted.` — and `Failed.` on a failed answer, whose reason is in Messages
 * (clients should read Success and Messages; MethodResponse is for people reading logs).
 */
export interface UserMethodResult {
  /** The user's GUID; the empty Guid on failure. */
  UserId: string;
  MethodResponse: string;
}

/** The failed answer's own properties, shared by the three users methods. */
export const USER_FAILURE: Readonly<UserMethodResult> = Object.freeze({
  UserId: EMPTY_APPLICATION_ID,
  MethodResponse: 'Failed.',
});

/** The wire's user fields as the users directory takes them. */
export function userInputOf(input: Omit<UpdateUserRequest, 'UserName'>): UserInput {
  return {
    firstName: input.FirstName,
    lastName: input.LastName,
    emailAddress: input.EmailAddress,
    password: input.Password,
    roleId: input.RoleId,
    groupIds: input.GroupId,
    isActive: input.IsActive,
  };
}

/** `POST /Api/Sites/CreateUser`: adds a user to the caller's site. */
export const createUser = defineMethod({
  path: '/Api/Sites/CreateUser',
  auth: 'token',
  request: CreateUserRequest,
  summary: 'Creates a user of the caller’s site.',
  description:
    'UserName (1–100 characters) is unique per site ignoring case. Password, when given, must be ' +
    'at least 8 characters; only its scrypt hash is stored. IsActive defaults to true.',
  failureProps: USER_FAILURE,
  handler: async (input, ctx): Promise<UserMethodResult> => {
    const siteId = siteOf(ctx);
    const user = await usersWork(() =>
      createSiteUser(ctx.deps.store, siteId, input.UserName, userInputOf(input)),
    );
    return { UserId: user.id, MethodResponse: 'Created.' };
  },
});
