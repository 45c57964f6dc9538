import type { Insertable, Kysely, Transaction } from 'kysely';
import type { Database, RecordRowsTable } from '../schema/index.js';
import type { Store } from '../store.js';
import type { RecordContent, RecordFieldValue, RecordHeader, RecordTable, RecordTableRow } from '../types.js';
import { fieldRow, KIND_NUMBER, toRecordHeader } from './recordMapping.js';
import { queryRecords } from './recordQuery.js';
import { toInt } from './rows.js';

type RecordMethods = Pick<
  Store,
  | 'insertRecord'
  | 'updateRecord'
  | 'getRecordHeader'
  | 'getRecord'
  | 'deleteRecord'
  | 'queryRecords'
  | 'listRecordFieldNames'
  | 'streamRecords'
>;

type Db = Kysely<Database> | Transaction<Database>;

/** Rows per multi-row INSERT: far below SQLite's 32,766 bound parameters at 8 columns a row. */
const INSERT_CHUNK = 500;

/** Records, their primary fields and secondary tables over any kysely dialect (layout: migration 005). */
export function recordMethods(db: Kysely<Database>, now: () => Date): RecordMethods {
  return {
    async insertRecord(r) {
      const at = now().getTime();
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('records')
          .values({
            site_id: r.siteId,
            application_id: r.applicationId,
            user_name: r.userName ?? null,
            user_name_key: lowerOrNull(r.userName),
            entry_date: at,
            last_update_date: at,
            current_status_index: r.statusIndex ?? 0,
            group_id: r.groupId ?? null,
            assigned_user_name: r.assignedUserName ?? null,
            assigned_user_name_key: lowerOrNull(r.assignedUserName),
            edit_count: 0,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        const header = toRecordHeader(row);
        await writeContent(trx, header, r);
        return { ...header, fields: r.fields, tables: r.tables };
      });
    },

    async updateRecord(siteId, applicationId, recordId, expectedEditCount, changes) {
      const at = now().getTime();
      return db.transaction().execute(async (trx) => {
        // The edit count in the WHERE makes read-check-write one atomic step: of two saves that
        // read the same count, exactly one matches (row lock in PostgreSQL, one writer in SQLite).
        const row = await trx
          .updateTable('records')
          .set((eb) => ({
            last_update_date: at,
            edit_count: eb('edit_count', '+', 1),
            ...(changes.statusIndex === undefined ? {} : { current_status_index: changes.statusIndex }),
            ...(changes.groupId === undefined ? {} : { group_id: changes.groupId }),
            ...(changes.assignedUserName === undefined
              ? {}
              : {
                  assigned_user_name: changes.assignedUserName,
                  assigned_user_name_key: lowerOrNull(changes.assignedUserName),
                }),
          }))
          .where('id', '=', recordId)
          .where('site_id', '=', siteId)
          .where('application_id', '=', applicationId)
          .where('edit_count', '=', expectedEditCount)
          .returningAll()
          .executeTakeFirst();
        if (!row) {
          const exists = await headerRow(trx, siteId, applicationId, recordId);
          return exists ? 'conflict' : 'notFound';
        }
        const header = toRecordHeader(row);
        await trx.deleteFrom('record_fields').where('record_id', '=', recordId).execute();
        await trx.deleteFrom('record_rows').where('record_id', '=', recordId).execute();
        await writeContent(trx, header, changes);
        return { ...header, fields: changes.fields, tables: changes.tables };
      });
    },

    async getRecordHeader(siteId, applicationId, recordId) {
      const row = await headerRow(db, siteId, applicationId, recordId);
      return row ? toRecordHeader(row) : null;
    },

    async getRecord(siteId, applicationId, recordId) {
      const row = await headerRow(db, siteId, applicationId, recordId);
      if (!row) return null;
      const header = toRecordHeader(row);
      const [fields, tables] = await Promise.all([
        readFields(db, applicationId, [header.id]),
        readTables(db, [header.id]),
      ]);
      return { ...header, fields: fields.get(header.id) ?? [], tables: tables.get(header.id) ?? [] };
    },

    async deleteRecord(siteId, applicationId, recordId) {
      // Fields and rows go with it (FK cascades).
      const res = await db
        .deleteFrom('records')
        .where('id', '=', recordId)
        .where('site_id', '=', siteId)
        .where('application_id', '=', applicationId)
        .executeTakeFirst();
      return res.numDeletedRows > 0n;
    },

    queryRecords(siteId, query) {
      return queryRecords(db, siteId, query);
    },

    async listRecordFieldNames(siteId, applicationId) {
      const rows = await db
        .selectFrom('record_field_names as n')
        .innerJoin('applications as a', 'a.id', 'n.application_id')
        .select('n.name')
        .where('n.application_id', '=', applicationId)
        .where('a.site_id', '=', siteId)
        .orderBy('n.ordinal')
        .orderBy('n.name_key')
        .execute();
      return rows.map((r) => r.name);
    },

    async *streamRecords(siteId, applicationId, options = {}) {
      const batchSize = options.batchSize ?? 500;
      // Keyset paging on the (application_id, id) index: each batch is one short indexed read,
      // and records saved while the export runs never shift the batches.
      let after = 0;
      for (;;) {
        const rows = await db
          .selectFrom('records')
          .selectAll()
          .where('application_id', '=', applicationId)
          .where('site_id', '=', siteId)
          .where('id', '>', after)
          .orderBy('id')
          .limit(batchSize)
          .execute();
        if (rows.length === 0) return;
        const headers = rows.map(toRecordHeader);
        const ids = headers.map((h) => h.id);
        const fields = await readFields(db, applicationId, ids);
        const tables = options.tables ? await readTables(db, ids) : new Map<number, RecordTable[]>();
        for (const h of headers)
          yield { ...h, fields: fields.get(h.id) ?? [], tables: tables.get(h.id) ?? [] };
        after = ids[ids.length - 1] as number;
        if (rows.length < batchSize) return;
      }
    },
  };
}

/** Primary-field values of some records, each record's in workbook order. */
export async function readFields(
  db: Db,
  applicationId: string,
  ids: readonly number[],
): Promise<Map<number, RecordFieldValue[]>> {
  const out = new Map<number, RecordFieldValue[]>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('record_fields as f')
    .leftJoin('record_field_names as n', (j) =>
      j.on('n.application_id', '=', applicationId).onRef('n.name_key', '=', 'f.name_key'),
    )
    .select(['f.record_id', 'f.name', 'f.value_text', 'f.value_kind', 'f.value_number'])
    .where('f.record_id', 'in', ids)
    .orderBy('f.record_id')
    .orderBy('n.ordinal')
    .orderBy('f.name_key')
    .execute();
  for (const r of rows) {
    const id = toInt(r.record_id);
    appendTo(out, id, {
      name: r.name,
      value: r.value_text,
      number: toInt(r.value_kind) === KIND_NUMBER ? Number(r.value_number) : null,
    });
  }
  return out;
}

async function readTables(db: Db, ids: readonly number[]): Promise<Map<number, RecordTable[]>> {
  const out = new Map<number, RecordTable[]>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('record_rows')
    .select(['record_id', 'table_name', 'sequence_id', 'items'])
    .where('record_id', 'in', ids)
    .orderBy('record_id')
    .orderBy('table_key')
    .orderBy('sequence_id')
    .execute();
  let current: { id: number; name: string; rows: RecordTableRow[] } | undefined;
  for (const r of rows) {
    const id = toInt(r.record_id);
    if (current?.id !== id || current.name !== r.table_name) {
      current = { id, name: r.table_name, rows: [] };
      appendTo(out, id, { name: current.name, rows: current.rows });
    }
    current.rows.push({ sequenceId: toInt(r.sequence_id), items: parseItems(r.items) });
  }
  return out;
}

function headerRow(db: Db, siteId: string, applicationId: string, recordId: number) {
  return db
    .selectFrom('records')
    .selectAll()
    .where('id', '=', recordId)
    .where('site_id', '=', siteId)
    .where('application_id', '=', applicationId)
    .executeTakeFirst();
}

async function writeContent(trx: Transaction<Database>, header: RecordHeader, content: RecordContent) {
  const fields = content.fields.map((f) => fieldRow(header.id, header.applicationId, f));
  for (let i = 0; i < fields.length; i += INSERT_CHUNK)
    await trx
      .insertInto('record_fields')
      .values(fields.slice(i, i + INSERT_CHUNK))
      .execute();
  const rows: Insertable<RecordRowsTable>[] = content.tables.flatMap((t) =>
    t.rows.map((r) => ({
      record_id: header.id,
      table_name: t.name,
      table_key: t.name.toLowerCase(),
      sequence_id: r.sequenceId,
      items: JSON.stringify(r.items),
    })),
  );
  for (let i = 0; i < rows.length; i += INSERT_CHUNK)
    await trx
      .insertInto('record_rows')
      .values(rows.slice(i, i + INSERT_CHUNK))
      .execute();
  const names = fields.map((f, i) => ({
    application_id: header.applicationId,
    name_key: f.name_key,
    name: f.name,
    ordinal: i,
  }));
  // Known names are skipped by the primary key: after the first save this writes nothing.
  for (let i = 0; i < names.length; i += INSERT_CHUNK)
    await trx
      .insertInto('record_field_names')
      .values(names.slice(i, i + INSERT_CHUNK))
      .onConflict((oc) => oc.columns(['application_id', 'name_key']).doNothing())
      .execute();
}

function appendTo<T>(map: Map<number, T[]>, id: number, item: T): void {
  const list = map.get(id);
  if (list) list.push(item);
  else map.set(id, [item]);
}

function lowerOrNull(s: string | null | undefined): string | null {
  return s === undefined || s === null ? null : s.toLowerCase();
}

function parseItems(text: string): Record<string, string> {
  const v: unknown = JSON.parse(text);
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new Error('Stored record row items are not a JSON object.');
  return v as Record<string, string>;
}
