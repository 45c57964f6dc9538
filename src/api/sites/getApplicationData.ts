import { systemValues } from '../../records/recordContent.js';
import type { RecordHeader, RecordQuery } from '../../store/types.js';
import { ApiError } from '../outcomes.js';
import { GetApplicationDataRequest } from '../requests.js';
import { defineMethod } from '../route.js';
import { actingUserOf } from '../users.js';
import { ColumnResolver } from './recordListing.js';
import { siteApplicationById } from './resolve.js';

/** Most records one page may hold; also the page size when PaginationInformation is absent. */
export const MAX_PAGE_SIZE = 1000;

/** One entry of `RecordList`. */
export interface RecordListEntry {
  ApplicationId: string;
  ApplicationName: string;
  Username: string;
  /** ISO-8601 UTC. */
  LastSaveDateTime: string;
  RecordStatus: number;
  RecordId: number;
  /** Each requested custom column → its value ('' when the record has none). */
  CustomColumnInformation: Record<string, string>;
}

/** `POST /Api/Sites/GetApplicationData`: one filtered, sorted page of an application's records. */
export const getApplicationData = defineMethod({
  path: '/Api/Sites/GetApplicationData',
  auth: 'token',
  request: GetApplicationDataRequest,
  summary: 'Lists an application’s saved records: filtered, sorted and paged in the database.',
  description:
    'Columns are system fields (ID, UserName, EntryDate, LastUpdateDate, CurrentStatusIndex, GroupId, ' +
    'AssignedUserName) or saved field names, matched ignoring case. Operators: 0 Equals, 1 NotEquals, ' +
    '2 Like (contains), 3 NotLike, 4 IsNull (blank), 5 IsNotNull, 6 GreaterThan, 7 LessThan; text compares ' +
    'ignoring case, numbers as numbers, dates as ISO-8601 (a date alone means that whole UTC day). ' +
    'Blanks sort first ascending. CurrentPageIndex counts from 0; PageSize is at most 1000 (the default). ' +
    'UserName, when given, must name an active user; it does not narrow the list (filter on UserName).',
  failureProps: { RecordList: [], FilteredRecordCount: 0 },
  handler: async (input, ctx): Promise<{ RecordList: RecordListEntry[]; FilteredRecordCount: number }> => {
    const app = await siteApplicationById(ctx, input.ApplicationId);
    await actingUserOf(ctx, input.UserName);
    const pageSize = input.PaginationInformation?.PageSize ?? MAX_PAGE_SIZE;
    if (pageSize > MAX_PAGE_SIZE) throw new ApiError('PageSizeTooLarge', { pageSize, limit: MAX_PAGE_SIZE });
    const store = ctx.deps.store;
    const fieldNames = await store.listRecordFieldNames(app.siteId, app.id);
    // No record saved any field yet: nothing can match, and no column name can be checked.
    if (fieldNames.length === 0) {
      const { total } = await store.queryRecords(app.siteId, { applicationId: app.id, page: 0, pageSize: 1 });
      if (total === 0) return { RecordList: [], FilteredRecordCount: 0 };
    }
    const columns = new ColumnResolver(fieldNames);
    const custom = input.CustomColumns.map((name) => ({ name, column: columns.column(name) }));
    const sort = input.SortInformation;
    const query: RecordQuery = {
      applicationId: app.id,
      filters: columns.filters(input.Filters),
      ...(sort ? { sort: { column: columns.column(sort.Column), descending: sort.Direction === 1 } } : {}),
      page: input.PaginationInformation?.CurrentPageIndex ?? 0,
      pageSize,
      fields: custom.flatMap((c) => ('field' in c.column ? [c.column.field] : [])),
    };
    const { rows, total } = await store.queryRecords(app.siteId, query);
    return {
      RecordList: rows.map(({ header, values }) => ({
        ApplicationId: app.id,
        ApplicationName: app.name,
        Username: header.userName ?? '',
        LastSaveDateTime: header.lastUpdateDate.toISOString(),
        RecordStatus: header.statusIndex,
        RecordId: header.id,
        CustomColumnInformation: customValues(custom, header, values),
      })),
      FilteredRecordCount: total,
    };
  },
});

function customValues(
  custom: readonly { name: string; column: ReturnType<ColumnResolver['column']> }[],
  header: RecordHeader,
  values: Readonly<Record<string, string>>,
): Record<string, string> {
  const system = systemValues(header);
  const out: Record<string, string> = {};
  for (const { name, column } of custom) {
    if ('field' in column) out[name] = values[column.field] ?? '';
    else out[name] = system[SYSTEM_WIRE[column.system]];
  }
  return out;
}

/** Store system column → its field name in `systemValues`. */
const SYSTEM_WIRE = {
  id: 'ID',
  userName: 'UserName',
  entryDate: 'EntryDate',
  lastUpdateDate: 'LastUpdateDate',
  statusIndex: 'CurrentStatusIndex',
  groupId: 'GroupId',
  assignedUserName: 'AssignedUserName',
} as const;
