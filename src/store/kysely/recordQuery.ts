/**
 * GetApplicationData's listing as SQL: filters, sort and paging run in the database, on the
 * indexes of migration 005, so page 1 of 100,000 records reads about a page of rows.
 *
 * Semantics (the same in every dialect):
 * - Text compares ignoring case; numbers compare as numbers; a primary field's blank value and
 *   a field the record does not have are both "null".
 * - Order: blanks first, then numbers, then text ascending (exactly reversed descending); ties
 *   by record id in the same direction, so pages never overlap.
 * - NotEquals and NotLike keep records whose value is blank (anything not equal).
 */
import {
  type Expression,
  type ExpressionBuilder,
  type Kysely,
  type OrderByDirection,
  type SelectQueryBuilder,
  type SqlBool,
  sql,
} from 'kysely';
import type { Database } from '../schema/index.js';
import type { RecordFilter, RecordListItem, RecordQuery, RecordSystemColumn } from '../types.js';
import { KIND_BLANK, KIND_NUMBER, KIND_TEXT, toRecordHeader } from './recordMapping.js';
import { toInt } from './rows.js';

type Tables = Database & { r: Database['records'] };
type Eb = ExpressionBuilder<Tables, 'r'>;
type FieldEb = ExpressionBuilder<Database & { f: Database['record_fields'] }, 'f'>;
type Listing = SelectQueryBuilder<Tables, 'r', object>;

/** Columns of `records` behind each system column; the text ones use their lowercased twin. */
const SYSTEM: Readonly<Record<RecordSystemColumn, keyof Database['records']>> = {
  id: 'id',
  userName: 'user_name_key',
  entryDate: 'entry_date',
  lastUpdateDate: 'last_update_date',
  statusIndex: 'current_status_index',
  groupId: 'group_id',
  assignedUserName: 'assigned_user_name_key',
};
const TEXT_COLUMNS: ReadonlySet<RecordSystemColumn> = new Set(['userName', 'assignedUserName']);
const DATE_COLUMNS: ReadonlySet<RecordSystemColumn> = new Set(['entryDate', 'lastUpdateDate']);

/** One page and the filtered total (see the file comment). */
export async function queryRecords(
  db: Kysely<Database>,
  siteId: string,
  q: RecordQuery,
): Promise<{ rows: RecordListItem[]; total: number }> {
  const matches = (eb: Eb, probeOnly = false) =>
    eb.and([
      eb('r.application_id', '=', q.applicationId),
      // Site scoping through the application, evaluated once: a `r.site_id` test would read
      // every records row instead of counting on the (application_id, id) index alone.
      eb.exists(
        eb
          .selectFrom('applications as a')
          .select('a.id')
          .where('a.id', '=', q.applicationId)
          .where('a.site_id', '=', siteId),
      ),
      ...(q.filters ?? []).map((f) => filterOf(eb, q.applicationId, f, probeOnly)),
    ]);
  const filtered: Listing = db.selectFrom('records as r').where(matches);
  const total = await countMatches(db, siteId, q, filtered);
  const offset = q.page * q.pageSize;
  if (offset >= total) return { rows: [], total };

  const column = q.sort?.column;
  const nameKey = column && 'field' in column ? column.field.toLowerCase() : undefined;
  const walk =
    nameKey !== undefined &&
    (await walkFieldIndex(db, q.applicationId, nameKey, {
      total,
      end: offset + q.pageSize,
      unfiltered: !q.filters?.length,
    }));
  const page =
    walk && nameKey !== undefined
      ? byFieldIndex(db, q, nameKey, matches)
      : sorted(filtered, q).selectAll('r');
  const rows = await page.limit(q.pageSize).offset(offset).execute();
  const headers = rows.map(toRecordHeader);
  const values = await requestedValues(
    db,
    q,
    headers.map((h) => h.id),
  );
  return { rows: headers.map((header) => ({ header, values: values.get(header.id) ?? {} })), total };
}

/**
 * FilteredRecordCount. The common single filter on a field (Equals, Like, GreaterThan...) is
 * counted on the record_fields_value range alone: one row per record and name (the primary
 * key), so the rows are the records, without collecting their ids first.
 */
async function countMatches(db: Kysely<Database>, siteId: string, q: RecordQuery, filtered: Listing) {
  const only = q.filters?.length === 1 ? q.filters[0] : undefined;
  const field = only && 'field' in only.column ? fieldCondition(only) : undefined;
  const counted =
    only && 'field' in only.column && field && !field.negated
      ? await db
          .selectFrom('record_fields as f')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('f.application_id', '=', q.applicationId)
          .where('f.name_key', '=', only.column.field.toLowerCase())
          .where(field.cond)
          .where((eb) =>
            eb.exists(
              eb
                .selectFrom('applications as a')
                .select('a.id')
                .where('a.id', '=', q.applicationId)
                .where('a.site_id', '=', siteId),
            ),
          )
          .executeTakeFirstOrThrow()
      : await filtered.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return toInt(counted.n as number | string | bigint);
}

/**
 * Whether a page sorted on a field is best read by walking the record_fields_value index in
 * order (stopping after the page) rather than sorting every match. Only valid when every record
 * has the field (records saved before a workbook version added the name lack it, and must sort
 * as blanks); worth it when the walk, which skips non-matching records, passes fewer entries than
 * there are matches to sort: (offset + pageSize) × records / matches < matches. Deciding here
 * instead of leaving it to the planner keeps the plan right with or without ANALYZE statistics.
 */
async function walkFieldIndex(
  db: Kysely<Database>,
  applicationId: string,
  nameKey: string,
  page: { total: number; end: number; unfiltered: boolean },
): Promise<boolean> {
  const countOf = (qb: { executeTakeFirstOrThrow(): Promise<{ n: unknown }> }) =>
    qb.executeTakeFirstOrThrow().then((r) => toInt(r.n as number | string | bigint));
  // Counts on covering indexes: a few ms at 100,000 records; the unfiltered total is the first.
  const [records, fields] = await Promise.all([
    page.unfiltered
      ? page.total
      : countOf(
          db
            .selectFrom('records')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('application_id', '=', applicationId),
        ),
    countOf(
      db
        .selectFrom('record_fields')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('application_id', '=', applicationId)
        .where('name_key', '=', nameKey),
    ),
  ]);
  return records === fields && (page.end * records) / page.total < page.total;
}

/**
 * The page in the field's index order: value kind, number, text, then record id. CROSS JOIN
 * keeps record_fields the outer loop in SQLite (its documented join-order hint); elsewhere it
 * is an inner join like any other.
 */
function byFieldIndex(
  db: Kysely<Database>,
  q: RecordQuery,
  nameKey: string,
  matches: (eb: Eb, probeOnly: boolean) => Expression<SqlBool>,
) {
  const dir: OrderByDirection = q.sort?.descending ? 'desc' : 'asc';
  return db
    .selectFrom('record_fields as s')
    .crossJoin('records as r')
    .whereRef('r.id', '=', 's.record_id')
    .where('s.application_id', '=', q.applicationId)
    .where('s.name_key', '=', nameKey)
    .where((eb) => matches(eb as unknown as Eb, true))
    .orderBy('s.value_kind', dir)
    .orderBy('s.value_number', dir)
    .orderBy('s.value_key', dir)
    .orderBy('s.record_id', dir)
    .selectAll('r');
}

function sorted(listing: Listing, q: RecordQuery): Listing {
  const dir: OrderByDirection = q.sort?.descending ? 'desc' : 'asc';
  const column = q.sort?.column ?? { system: 'id' as const };
  if ('system' in column) {
    const col = `r.${SYSTEM[column.system]}` as const;
    let out = listing;
    // Nullable columns: blanks first ascending, last descending, in every dialect.
    if (column.system === 'userName' || column.system === 'assignedUserName' || column.system === 'groupId')
      out = out.orderBy(sql`case when ${sql.ref(col)} is null then 0 else 1 end`, dir);
    out = out.orderBy(sql.ref(col), dir);
    return column.system === 'id' ? out : out.orderBy('r.id', dir);
  }
  // A record without the field sorts as blank (kind 0), like a blank value.
  return listing
    .leftJoin('record_fields as s', (j) =>
      j.onRef('s.record_id', '=', 'r.id').on('s.name_key', '=', column.field.toLowerCase()),
    )
    .orderBy((eb) => eb.fn.coalesce('s.value_kind', eb.lit(KIND_BLANK)), dir)
    .orderBy((eb) => eb.fn.coalesce('s.value_number', eb.lit(0)), dir)
    .orderBy((eb) => eb.fn.coalesce('s.value_key', eb.val('')), dir)
    .orderBy('r.id', dir) as unknown as Listing;
}

/**
 * `probeOnly`: the filter only tests rows the index walk reaches. Written `+r.id in (...)`, the
 * id is an expression, so SQLite cannot turn the filter into the loop that drives the query
 * (through r.id = s.record_id) and sort its result; in other dialects it is the same test.
 */
function filterOf(eb: Eb, applicationId: string, f: RecordFilter, probeOnly: boolean): Expression<SqlBool> {
  return 'system' in f.column
    ? systemFilter(eb, f.column.system, f)
    : fieldFilter(eb, applicationId, f.column.field.toLowerCase(), f, probeOnly);
}

/**
 * What a primary-field filter tests on the field's rows, and whether records match when a row
 * does (`in`) or when none does (`not in`: NotEquals, NotLike, IsNull keep blanks and missing).
 */
function fieldCondition(f: RecordFilter): { negated: boolean; cond: (fb: FieldEb) => Expression<SqlBool> } {
  const key = (f.text ?? '').toLowerCase();
  const textIs = (fb: FieldEb, op: '=' | '>' | '<') =>
    fb.and([fb('f.value_kind', '=', KIND_TEXT), fb('f.value_number', '=', 0), fb('f.value_key', op, key)]);
  const numberIs = (fb: FieldEb, op: '=' | '>' | '<', n: number) =>
    fb.and([fb('f.value_kind', '=', KIND_NUMBER), fb('f.value_number', op, n)]);
  const equals = (fb: FieldEb) =>
    f.number === undefined ? textIs(fb, '=') : fb.or([numberIs(fb, '=', f.number), textIs(fb, '=')]);
  const like = (fb: FieldEb) =>
    fb.and([
      fb('f.value_kind', '>', KIND_BLANK),
      sql<SqlBool>`f.value_key like ${containsPattern(key)} escape '\\'`,
    ]);
  const present = (fb: FieldEb) => fb('f.value_kind', '>', KIND_BLANK);
  const compare = (op: '>' | '<') => (fb: FieldEb) =>
    f.number === undefined ? textIs(fb, op) : numberIs(fb, op, f.number);
  switch (f.operator) {
    case 'equals':
      return { negated: false, cond: equals };
    case 'notEquals':
      return { negated: true, cond: equals };
    case 'like':
      return { negated: false, cond: like };
    case 'notLike':
      return { negated: true, cond: like };
    case 'isNull':
      return { negated: true, cond: present };
    case 'isNotNull':
      return { negated: false, cond: present };
    case 'greaterThan':
      return { negated: false, cond: compare('>') };
    case 'lessThan':
      return { negated: false, cond: compare('<') };
  }
}

/** A primary-field filter: `r.id [not] in (ids whose field matches)`, a range on record_fields_value. */
function fieldFilter(
  eb: Eb,
  applicationId: string,
  nameKey: string,
  f: RecordFilter,
  probeOnly: boolean,
): Expression<SqlBool> {
  const id = probeOnly ? sql<number>`+${sql.ref('r.id')}` : sql.ref<number>('r.id');
  const { negated, cond } = fieldCondition(f);
  const ids = eb
    .selectFrom('record_fields as f')
    .select('f.record_id')
    .where('f.application_id', '=', applicationId)
    .where('f.name_key', '=', nameKey)
    .where(cond);
  return eb(id, negated ? 'not in' : 'in', ids);
}

/** A system-column filter on the records row itself. */
function systemFilter(eb: Eb, column: RecordSystemColumn, f: RecordFilter): Expression<SqlBool> {
  const ref = sql.ref(`r.${SYSTEM[column]}`);
  if (f.operator === 'isNull') return blankOf(eb, column);
  if (f.operator === 'isNotNull') return eb.not(blankOf(eb, column));
  if (TEXT_COLUMNS.has(column)) {
    const key = (f.text ?? '').toLowerCase();
    const orBlank = (e: Expression<SqlBool>) => eb.or([blankOf(eb, column), e]);
    switch (f.operator) {
      case 'equals':
        return eb(ref, '=', key);
      case 'notEquals':
        return orBlank(eb(ref, '<>', key));
      case 'like':
        return sql<SqlBool>`${ref} like ${containsPattern(key)} escape '\\'`;
      case 'notLike':
        return orBlank(sql<SqlBool>`not (${ref} like ${containsPattern(key)} escape '\\')`);
      case 'greaterThan':
        return eb(ref, '>', key);
      case 'lessThan':
        return eb(ref, '<', key);
    }
  }
  const n = f.number;
  if (n === undefined || f.operator === 'like' || f.operator === 'notLike')
    throw new Error(`A ${f.operator} filter on ${column} needs a number and a comparison operator.`);
  // A date value stands for the instants [from, until): a whole day, or one millisecond.
  const from = n;
  const until = DATE_COLUMNS.has(column) ? (f.until ?? n + 1) : n + 1;
  const integral = !DATE_COLUMNS.has(column);
  switch (f.operator) {
    case 'equals':
      return integral ? eb(ref, '=', n) : eb.and([eb(ref, '>=', from), eb(ref, '<', until)]);
    case 'notEquals':
      return eb.or([
        eb(ref, 'is', null),
        integral ? eb(ref, '<>', n) : eb.or([eb(ref, '<', from), eb(ref, '>=', until)]),
      ]);
    case 'greaterThan':
      return integral ? eb(ref, '>', n) : eb(ref, '>=', until);
    case 'lessThan':
      return eb(ref, '<', from);
  }
}

function blankOf(eb: Eb, column: RecordSystemColumn): Expression<SqlBool> {
  const ref = sql.ref(`r.${SYSTEM[column]}`);
  return TEXT_COLUMNS.has(column) ? eb.or([eb(ref, 'is', null), eb(ref, '=', '')]) : eb(ref, 'is', null);
}

/** `%text%` with LIKE's own wildcards in the text taken literally (escape character `\`). */
function containsPattern(lowered: string): string {
  return `%${lowered.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The requested primary fields of the page's records: one indexed read by (record_id, name_key). */
async function requestedValues(
  db: Kysely<Database>,
  q: RecordQuery,
  ids: readonly number[],
): Promise<Map<number, Record<string, string>>> {
  const out = new Map<number, Record<string, string>>();
  const wanted = new Map<string, string[]>();
  for (const name of q.fields ?? []) {
    const key = name.toLowerCase();
    wanted.set(key, [...(wanted.get(key) ?? []), name]);
  }
  if (ids.length === 0 || wanted.size === 0) return out;
  for (const id of ids) {
    const blank: Record<string, string> = {};
    for (const names of wanted.values()) for (const n of names) blank[n] = '';
    out.set(id, blank);
  }
  const rows = await db
    .selectFrom('record_fields')
    .select(['record_id', 'name_key', 'value_text'])
    .where('record_id', 'in', ids)
    .where('name_key', 'in', [...wanted.keys()])
    .execute();
  for (const r of rows) {
    const target = out.get(toInt(r.record_id));
    for (const name of wanted.get(r.name_key) ?? []) if (target) target[name] = r.value_text;
  }
  return out;
}
