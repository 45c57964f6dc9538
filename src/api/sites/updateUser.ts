import { updateUser as updateSiteUser } from '../../users/userDirectory.js';
import { UpdateUserRequest } from '../requests.js';
import { defineMethod } from '../route.js';
import { usersWork } from '../users.js';
import { USER_FAILURE, type UserMethodResult, userInputOf } from './createUser.js';
import { siteOf } from './resolve.js';

/** `POST /Api/Sites/UpdateUser`: changes the given fields of a user of the caller's site. */
export const updateUser = defineMethod({
  path: '/Api/Sites/UpdateUser',
  auth: 'token',
  request: UpdateUserRequest,
  summary: 'Changes a user of the caller’s site, found by UserName (ignoring case).',
  description:
    'Absent (or empty) properties stay as they are; a Password sets a new one. IsActive false ' +
    'deactivates the user: calls naming it then fail until it is reactivated.',
  failureProps: USER_FAILURE,
  handler: async (input, ctx): Promise<UserMethodResult> => {
    const siteId = siteOf(ctx);
    const user = await usersWork(() =>
      updateSiteUser(ctx.deps.store, siteId, input.UserName, userInputOf(input)),
    );
    return { UserId: user.id, MethodResponse: 'Updated.' };
  },
});
