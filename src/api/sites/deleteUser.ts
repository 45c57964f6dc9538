import { deleteUser as deleteSiteUser } from '../../users/userDirectory.js';
import { DeleteUserRequest } from '../requests.js';
import { defineMethod } from '../route.js';
import { usersWork } from '../users.js';
import { USER_FAILURE, type UserMethodResult } from './createUser.js';
import { siteOf } from './resolve.js';

/** `POST /Api/Sites/DeleteUser`: removes a user of the caller's site. */
export const deleteUser = defineMethod({
  path: '/Api/Sites/DeleteUser',
  auth: 'token',
  request: DeleteUserRequest,
  summary: 'Deletes a user of the caller’s site, found by UserName (ignoring case).',
  description: 'UserId is the deleted user’s id. The name is free for a new user afterwards.',
  failureProps: USER_FAILURE,
  handler: async (input, ctx): Promise<UserMethodResult> => {
    const siteId = siteOf(ctx);
    const user = await usersWork(() => deleteSiteUser(ctx.deps.store, siteId, input.UserName));
    return { UserId: user.id, MethodResponse: 'Deleted.' };
  },
});
