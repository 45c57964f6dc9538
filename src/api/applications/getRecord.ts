import { requireImpersonation } from '../impersonation.js';
import { primaryTableOf, recordsOf, recordsWork } from '../records.js';
import { GetRecordRequest } from '../requests.js';
import { defineMethod } from '../route.js';
import { actingUserOf } from '../users.js';
import { siteApplication } from './resolve.js';

/** `POST /Api/Applications/GetRecord`: a saved record's primary table as `Data` (spec §7). */
export const getRecord = defineMethod({
  path: '/Api/Applications/GetRecord',
  auth: 'token',
  request: GetRecordRequest,
  summary: 'Returns a saved record: its system fields and every single-cell name, as text.',
  description:
    'Needs a token whose API client allows impersonation; UserName, when given, must name an active ' +
    'user of the site. Data holds ID, UserName, EntryDate, LastUpdateDate (ISO-8601 UTC), ' +
    'CurrentStatusIndex, GroupId, AssignedUserName, then each primary field with its saved Value.',
  failureProps: { Data: null },
  handler: async (input, ctx): Promise<{ Data: Record<string, string> | null }> => {
    requireImpersonation(ctx.principal);
    const app = await siteApplication(ctx, input.ApplicationKey);
    await actingUserOf(ctx, input.UserName);
    const record = await recordsWork(() => recordsOf(ctx).get(app.siteId, app, input.RecordId));
    return { Data: primaryTableOf(record) };
  },
});
