/**
 * Records in the API layer: `RecordError`s of `records/recordService.ts` become outcomes of the
 * table, and a saved record takes its wire shapes (GetRecord's `Data`, GetRecordExtended's
 * `PrimaryTable` and `SecondaryTables`).
 */
import { primaryTable } from '../records/recordContent.js';
import { RecordError, RecordService } from '../records/recordService.js';
import type { SavedRecord } from '../store/types.js';
import { UserError } from '../users/userDirectory.js';
import { ApiError } from './outcomes.js';
import type { MethodContext } from './route.js';
import { userApiError } from './users.js';

/** The records service over the server's store (stateless, so one per call is fine). */
export function recordsOf(ctx: MethodContext): RecordService {
  return new RecordService(ctx.deps.store);
}

/** The `ApiError` a `RecordError` stands for. */
export function recordApiError(err: RecordError): ApiError {
  const { kind, recordId } = err.detail;
  return kind === 'notFound'
    ? new ApiError('RecordNotFound', { recordId })
    : new ApiError('RecordConflict', { recordId });
}

/** Runs records work, turning `RecordError`s and `UserError`s into outcomes; anything else passes on. */
export async function recordsWork<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof RecordError) throw recordApiError(err);
    if (err instanceof UserError) throw userApiError(err);
    throw err;
  }
}

/** A secondary-table row on the wire. */
export interface SecondaryRow {
  Items: Record<string, string>;
  SequenceId: number;
}

/** GetRecord's `Data` and GetRecordExtended's `PrimaryTable`: system fields, then every primary field. */
export function primaryTableOf(record: SavedRecord): Record<string, string> {
  return primaryTable(record, record.fields);
}

/** GetRecordExtended's `SecondaryTables`: table name → rows in sequence order. */
export function secondaryTablesOf(record: SavedRecord): Record<string, SecondaryRow[]> {
  const out: Record<string, SecondaryRow[]> = {};
  for (const t of record.tables)
    out[t.name] = t.rows.map((r) => ({ Items: { ...r.items }, SequenceId: r.sequenceId }));
  return out;
}
