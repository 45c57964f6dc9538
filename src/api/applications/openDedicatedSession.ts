import { OpenDedicatedSessionRequest } from '../requests.js';
import { defineMethod } from '../route.js';
import { principalOf, siteApplication, translated } from './resolve.js';

/** The SessionId a failed open answers with (spec §6). */
export const EMPTY_SESSION_ID = '00000000-0000-0000-0000-000000000000';

/** `POST /Api/Applications/OpenDedicatedSession`: a private, stateful, durable copy of the workbook. */
export const openDedicatedSession = defineMethod({
  path: '/Api/Applications/OpenDedicatedSession',
  auth: 'token',
  request: OpenDedicatedSessionRequest,
  summary: 'Opens a dedicated session on the application’s latest version.',
  description:
    'GetResult and GetBatchResults with the returned SessionId run against the session; inputs written ' +
    'by GetResult stay. Sessions survive restarts and expire after an idle time.',
  failureProps: { SessionId: EMPTY_SESSION_ID },
  handler: async (input, ctx) => {
    const app = await siteApplication(ctx, input.ApplicationKey);
    const session = await translated(ctx, () => ctx.deps.sessions.open(principalOf(ctx), app));
    return { SessionId: session.id };
  },
});
