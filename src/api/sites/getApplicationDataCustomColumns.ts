import { GetApplicationDataCustomColumnsRequest } from '../requests.js';
import { defineMethod } from '../route.js';
import { actingUserOf } from '../users.js';
import { siteApplicationById } from './resolve.js';

/** `POST /Api/Sites/GetApplicationDataCustomColumns`: the field names GetApplicationData can use. */
export const getApplicationDataCustomColumns = defineMethod({
  path: '/Api/Sites/GetApplicationDataCustomColumns',
  auth: 'token',
  request: GetApplicationDataCustomColumnsRequest,
  summary: 'Lists the primary-field names saved in an application’s records, in workbook order.',
  description:
    'These (and the system fields ID, UserName, EntryDate, LastUpdateDate, CurrentStatusIndex, GroupId, ' +
    'AssignedUserName) are the columns GetApplicationData filters, sorts and returns. Empty until a ' +
    'record is saved. UserName, when given, must name an active user of the site.',
  failureProps: { CustomColumns: [] },
  handler: async (input, ctx): Promise<{ CustomColumns: string[] }> => {
    const app = await siteApplicationById(ctx, input.ApplicationId);
    await actingUserOf(ctx, input.UserName);
    return { CustomColumns: await ctx.deps.store.listRecordFieldNames(app.siteId, app.id) };
  },
});
