import { ApiError } from '../outcomes.js';
import { DeleteApplicationRequest } from '../requests.js';
import { defineMethod } from '../route.js';
import { applicationIdOf, siteOf } from './resolve.js';

/** `POST /Api/Sites/DeleteApplication`: removes an application with all its versions and sessions. */
export const deleteApplication = defineMethod({
  path: '/Api/Sites/DeleteApplication',
  auth: 'token',
  request: DeleteApplicationRequest,
  summary: 'Deletes an application, every file version of it and its dedicated sessions.',
  description:
    'Afterwards its ApplicationKey answers “The requested application is invalid.” and its open ' +
    'sessions answer “The requested session is invalid.”',
  handler: async (input, ctx): Promise<Record<string, never>> => {
    // The store cascades to versions, sessions and session logs. Session models that workers
    // still hold become unreachable caches (no row leads to them); they are not dropped here
    // because the Store offers no list of an application's session ids to drop them by.
    const deleted = await ctx.deps.store.deleteApplication(siteOf(ctx), applicationIdOf(input.ApplicationId));
    if (!deleted) throw new ApiError('InvalidApplication');
    return {};
  },
});
