import { ApiError } from '../outcomes.js';
import { CloseDedicatedSessionRequest } from '../requests.js';
import { defineMethod } from '../route.js';
import { principalOf, sessionIdOf, siteApplication } from './resolve.js';

/** `POST /Api/Applications/CloseDedicatedSession`: frees a session; closing twice is an invalid session. */
export const closeDedicatedSession = defineMethod({
  path: '/Api/Applications/CloseDedicatedSession',
  auth: 'token',
  request: CloseDedicatedSessionRequest,
  summary: 'Closes a dedicated session.',
  handler: async (input, ctx) => {
    const app = await siteApplication(ctx, input.ApplicationKey);
    const closed = await ctx.deps.sessions.close(sessionIdOf(input.SessionId), principalOf(ctx), app);
    if (!closed) throw new ApiError('InvalidSession');
    return {};
  },
});
