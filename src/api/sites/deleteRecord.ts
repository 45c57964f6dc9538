import { siteApplication } from '../applications/resolve.js';
import { recordsOf, recordsWork } from '../records.js';
import { DeleteRecordRequest } from '../requests.js';
import { defineMethod } from '../route.js';

/** `POST /Api/Sites/DeleteRecord`: deletes a saved record with its values. */
export const deleteRecord = defineMethod({
  path: '/Api/Sites/DeleteRecord',
  auth: 'token',
  request: DeleteRecordRequest,
  summary: 'Deletes a saved record of an application of the caller’s site.',
  description: 'Afterwards GetRecord and updates of it answer “The record N does not exist.”',
  handler: async (input, ctx): Promise<Record<string, never>> => {
    const app = await siteApplication(ctx, input.ApplicationKey);
    await recordsWork(() => recordsOf(ctx).delete(app.siteId, app, input.RecordId));
    return {};
  },
});
