import { GetLastUpdatedDateRequest } from '../requests.js';
import { defineMethod } from '../route.js';
import { gatedApplication } from './resolve.js';

/** `POST /Api/Applications/GetLastUpdatedDate`: when the application last changed (spec §8). */
export const getLastUpdatedDate = defineMethod({
  path: '/Api/Applications/GetLastUpdatedDate',
  auth: 'tokenIfRestricted',
  request: GetLastUpdatedDateRequest,
  summary: 'Returns when the application was last published or changed (ISO-8601 UTC).',
  failureProps: { LastUpdated: null },
  handler: async (_input, ctx): Promise<{ LastUpdated: string | null }> => ({
    LastUpdated: gatedApplication(ctx).updated.toISOString(),
  }),
});
