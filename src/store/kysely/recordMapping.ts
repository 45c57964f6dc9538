import type { Insertable, Selectable } from 'kysely';
import type { RecordFieldsTable, RecordsTable } from '../schema/index.js';
import type { RecordFieldValue, RecordHeader } from '../types.js';
import { toDate, toInt } from './rows.js';

// Row ↔ domain mapping of records, shared by the record methods and the listing query.

/** A records row → RecordHeader. */
export function toRecordHeader(r: Selectable<RecordsTable>): RecordHeader {
  return {
    id: toInt(r.id),
    siteId: r.site_id,
    applicationId: r.application_id,
    userName: r.user_name,
    entryDate: toDate(r.entry_date),
    lastUpdateDate: toDate(r.last_update_date),
    statusIndex: toInt(r.current_status_index),
    groupId: r.group_id === null ? null : toInt(r.group_id),
    assignedUserName: r.assigned_user_name,
    editCount: toInt(r.edit_count),
  };
}

/** `value_kind` codes (see migration 005). */
export const KIND_BLANK = 0;
export const KIND_NUMBER = 1;
export const KIND_TEXT = 2;

/** The stored form of one primary value. */
export function fieldRow(
  recordId: number,
  applicationId: string,
  f: RecordFieldValue,
): Insertable<RecordFieldsTable> {
  const numeric = f.number !== null && Number.isFinite(f.number);
  const kind = f.value === '' ? KIND_BLANK : numeric ? KIND_NUMBER : KIND_TEXT;
  return {
    record_id: recordId,
    application_id: applicationId,
    name: f.name,
    name_key: f.name.toLowerCase(),
    value_text: f.value,
    value_key: f.value.toLowerCase(),
    value_kind: kind,
    value_number: kind === KIND_NUMBER ? (f.number as number) : 0,
  };
}
