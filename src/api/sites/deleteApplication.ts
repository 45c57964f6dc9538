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
    // The store cascades to versions, sessions and session logs; the workers' models of those
    // sessions are then freed (listed first: afterwards no row leads to them).
    const siteId = siteOf(ctx);
    const applicationId = applicationIdOf(input.ApplicationId);
    const app = await ctx.deps.store.getApplicationById(siteId, applicationId);
    const sessions = app ? await ctx.deps.store.listOpenSessionIds({ applicationId }) : [];
    if (!app || !(await ctx.deps.store.deleteApplication(siteId, applicationId)))
      throw new ApiError('InvalidApplication');
    for (const id of sessions) await ctx.deps.compute.dropSession(id);
    return {};
  },
});
