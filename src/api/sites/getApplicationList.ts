import type { AccessTypeCode } from '../../store/types.js';
import { GetApplicationListRequest } from '../requests.js';
import { defineMethod } from '../route.js';
import { actingUserOf } from '../users.js';
import { siteOf } from './resolve.js';

/**
 * SpreadsheetWeb distinguishes "Web Application" (a UI over the workbook), "Web Service" (its
 * calculation logic called by other programs) and "Dashboard Report". Every sheetport
 * application is the second kind, so the type is this one constant.
 */
export const APPLICATION_TYPE = 'Web Service';

/** One entry of `ApplicationList`: the original's three properties, then harmless extras. */
export interface ApplicationListItem {
  ApplicationId: string;
  ApplicationName: string;
  ApplicationType: string;
  ApplicationKey: string;
  AccessType: AccessTypeCode;
  /** The newest file version. */
  FileVersion: number;
  Notes: string;
  /** ISO-8601 UTC. */
  Created: string;
  /** Last publication or metadata change, ISO-8601 UTC (as GetLastUpdatedDate). */
  LastUpdated: string;
}

/** `POST /Api/Sites/GetApplicationList`: the applications of the caller's site, by name. */
export const getApplicationList = defineMethod({
  path: '/Api/Sites/GetApplicationList',
  auth: 'token',
  request: GetApplicationListRequest,
  summary: 'Lists the applications of the caller’s site, ordered by name.',
  description:
    'UserName, when given, must name an active user of the site; sheetport has no per-user ' +
    'application rights yet, so the list is the same for every user.',
  failureProps: { ApplicationList: [] },
  handler: async (input, ctx): Promise<{ ApplicationList: ApplicationListItem[] }> => {
    await actingUserOf(ctx, input.UserName);
    const apps = await ctx.deps.store.listApplications(siteOf(ctx));
    return {
      ApplicationList: apps.map((a) => ({
        ApplicationId: a.id,
        ApplicationName: a.name,
        ApplicationType: APPLICATION_TYPE,
        ApplicationKey: a.key,
        AccessType: a.accessType,
        FileVersion: a.latestVersion,
        Notes: a.notes,
        Created: a.created.toISOString(),
        LastUpdated: a.updated.toISOString(),
      })),
    };
  },
});
