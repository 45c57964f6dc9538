/**
 * GetApplicationData's wire filters, sort and columns → the store's typed record query.
 * Column names match case-insensitively: the seven system fields first, then the fields saved
 * in the application's records, then the RecordList property names (RecordId, Username,
 * LastSaveDateTime, RecordStatus) as aliases. Values are read here, once, so the store only
 * ever sees typed values and every bad one gets its own sentence.
 */
import type {
  RecordColumn,
  RecordFilter,
  RecordFilterOperator,
  RecordSystemColumn,
} from '../../store/types.js';
import { ApiError } from '../outcomes.js';
import type { GetApplicationDataRequest } from '../requests.js';

const SYSTEM: Readonly<Record<string, RecordSystemColumn>> = {
  id: 'id',
  username: 'userName',
  entrydate: 'entryDate',
  lastupdatedate: 'lastUpdateDate',
  currentstatusindex: 'statusIndex',
  groupid: 'groupId',
  assignedusername: 'assignedUserName',
};
const ALIASES: Readonly<Record<string, RecordSystemColumn>> = {
  recordid: 'id',
  lastsavedatetime: 'lastUpdateDate',
  recordstatus: 'statusIndex',
};
const INT32_MIN = -2_147_483_648;
const INT32_MAX = 2_147_483_647;
const INTEGER_COLUMNS: ReadonlySet<RecordSystemColumn> = new Set(['id', 'statusIndex', 'groupId']);
const DATE_COLUMNS: ReadonlySet<RecordSystemColumn> = new Set(['entryDate', 'lastUpdateDate']);

/** Wire operator codes (spec §9) → store operators, with their wire names for messages. */
const OPERATORS: readonly (readonly [RecordFilterOperator, string])[] = [
  ['equals', 'Equals'],
  ['notEquals', 'NotEquals'],
  ['like', 'Like'],
  ['notLike', 'NotLike'],
  ['isNull', 'IsNull'],
  ['isNotNull', 'IsNotNull'],
  ['greaterThan', 'GreaterThan'],
  ['lessThan', 'LessThan'],
];

/** Resolves wire column names against the application's saved field names. */
export class ColumnResolver {
  readonly #fields: ReadonlyMap<string, string>;

  /** `fieldNames`: the names saved in the application's records (listRecordFieldNames). */
  constructor(fieldNames: readonly string[]) {
    this.#fields = new Map(fieldNames.map((n) => [n.toLowerCase(), n]));
  }

  /** The column a wire name means; RecordColumnUnknown when it is none. */
  column(raw: string): RecordColumn {
    const key = raw.trim().toLowerCase();
    const system = SYSTEM[key];
    if (system) return { system };
    const field = this.#fields.get(key);
    if (field !== undefined) return { field };
    const alias = ALIASES[key];
    if (alias) return { system: alias };
    throw new ApiError('RecordColumnUnknown', { column: raw });
  }

  /** The store filters of a request's `Filters`. */
  filters(filters: GetApplicationDataRequest['Filters']): RecordFilter[] {
    return filters.map((f) => this.filter(f.Column, f.Operator, f.Value));
  }

  /** One wire filter (column name, operator code 0–7, Value) as a typed store filter; ApiErrors for bad ones. */
  filter(columnName: string, code: number, value: string | undefined): RecordFilter {
    const column = this.column(columnName);
    const entry = OPERATORS[code];
    if (entry === undefined) throw new Error(`Filter operator ${code} passed the binder.`);
    const [operator, wireName] = entry;
    // Equals/NotEquals with no value (the binder reads "" as none) mean blank / not blank.
    if (value === undefined) {
      if (operator === 'equals') return { column, operator: 'isNull' };
      if (operator === 'notEquals') return { column, operator: 'isNotNull' };
      if (operator !== 'isNull' && operator !== 'isNotNull')
        throw new ApiError('FilterValueMissing', { column: columnName, operator: wireName });
      return { column, operator };
    }
    if (operator === 'isNull' || operator === 'isNotNull') return { column, operator };
    if ('field' in column) {
      const number = invariantNumber(value);
      return number === undefined
        ? { column, operator, text: value }
        : { column, operator, text: value, number };
    }
    const system = column.system;
    if (!INTEGER_COLUMNS.has(system) && !DATE_COLUMNS.has(system)) return { column, operator, text: value };
    if (operator === 'like' || operator === 'notLike')
      throw new ApiError('FilterOperatorNotForColumn', { column: columnName, operator: wireName });
    if (INTEGER_COLUMNS.has(system)) {
      // 32-bit, as the columns are in PostgreSQL: a larger number could not be compared there.
      const t = value.trim();
      const n = /^[+-]?\d{1,10}$/.test(t) ? Number(t) : Number.NaN;
      if (!(n >= INT32_MIN && n <= INT32_MAX))
        throw new ApiError('FilterValueNotNumber', { column: columnName, value });
      return { column, operator, number: n };
    }
    const range = instantRange(value);
    if (range === undefined) throw new ApiError('FilterValueNotDate', { column: columnName, value });
    return { column, operator, number: range.from, until: range.until };
  }
}

/** A number written the invariant way (`1798.65`, `-2`, `1E-07`), or undefined. */
export function invariantNumber(text: string): number | undefined {
  const t = text.trim();
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(t)) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,3})?)?)?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * The instants an ISO-8601 date or time stands for, as epoch ms `[from, until)`: a whole day
 * for `2025-01-31`, a minute for `2025-01-31T14:30`, and so on down to the millisecond. Times
 * without a zone are UTC, as every date sheetport writes.
 */
export function instantRange(text: string): { from: number; until: number } | undefined {
  const m = ISO.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, ms, zone] = m;
  const iso = `${y}-${mo}-${d}T${h ?? '00'}:${mi ?? '00'}:${s ?? '00'}${ms ?? ''}${zone ?? 'Z'}`;
  const from = Date.parse(iso);
  if (Number.isNaN(from) || new Date(Date.parse(`${y}-${mo}-${d}T00:00:00Z`)).getUTCDate() !== Number(d))
    return undefined;
  const unit = ms !== undefined ? 1 : s !== undefined ? 1000 : mi !== undefined ? 60_000 : 86_400_000;
  return { from, until: from + unit };
}
