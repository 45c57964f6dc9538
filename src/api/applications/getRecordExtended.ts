import { requireImpersonation } from '../impersonation.js';
import { primaryTableOf, recordsOf, recordsWork, type SecondaryRow, secondaryTablesOf } from '../records.js';
import { GetRecordRequest } from '../requests.js';
import { defineMethod } from '../route.js';
import { actingUserOf } from '../users.js';
import { siteApplication } from './resolve.js';

/** `POST /Api/Applications/GetRecordExtended`: a saved record with its secondary tables (spec §7). */
export const getRecordExtended = defineMethod({
  path: '/Api/Applications/GetRecordExtended',
  auth: 'token',
  request: GetRecordRequest,
  summary: 'Returns a saved record: its primary table and every secondary table (multi-cell name).',
  description:
    'Needs a token whose API client allows impersonation; UserName, when given, must name an active ' +
    'user of the site. PrimaryTable is GetRecord’s Data; SecondaryTables maps each multi-cell name to ' +
    'its rows, one per range row: {Items: {Column1, Column2, ...}, SequenceId} with SequenceId from 1.',
  failureProps: { PrimaryTable: null, SecondaryTables: null },
  handler: async (
    input,
    ctx,
  ): Promise<{
    PrimaryTable: Record<string, string> | null;
    SecondaryTables: Record<string, SecondaryRow[]> | null;
  }> => {
    requireImpersonation(ctx.principal);
    const app = await siteApplication(ctx, input.ApplicationKey);
    await actingUserOf(ctx, input.UserName);
    const record = await recordsWork(() => recordsOf(ctx).get(app.siteId, app, input.RecordId));
    return { PrimaryTable: primaryTableOf(record), SecondaryTables: secondaryTablesOf(record) };
  },
});
