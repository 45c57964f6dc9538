/**
 * Saving calculations as records (spec §7). Knows nothing of HTTP: failures are
 * `RecordError`s (and the users layer's `UserError`s), which the API layer turns into outcomes.
 *
 * An update is optimistic: the edit count is read when the save is prepared (before the
 * calculation) and the write succeeds only if it is unchanged, so of two saves that overlap on
 * one record exactly one wins and the other is told, instead of silently overwriting it.
 */
import type { NameValues } from '../compute/protocol.js';
import type { Store } from '../store/store.js';
import type { Application, SavedRecord } from '../store/types.js';
import { resolveActingUser } from '../users/userDirectory.js';
import { contentOfNames } from './recordContent.js';

/** Why a records operation failed. */
export type RecordErrorDetail =
  | { readonly kind: 'notFound'; readonly recordId: number }
  | { readonly kind: 'conflict'; readonly recordId: number };

/** A records failure the caller caused. */
export class RecordError extends Error {
  override readonly name = 'RecordError';
  constructor(readonly detail: RecordErrorDetail) {
    super(
      detail.kind === 'notFound'
        ? `The record ${detail.recordId} does not exist.`
        : `The record ${detail.recordId} was changed by another save; reload it and try again.`,
    );
  }
}

/** Largest RecordId: ids are 32-bit on the wire (and in PostgreSQL); larger ones name nothing. */
export const MAX_RECORD_ID = 2_147_483_647;

function existingId(recordId: number): number {
  if (!Number.isSafeInteger(recordId) || recordId < 1 || recordId > MAX_RECORD_ID)
    throw new RecordError({ kind: 'notFound', recordId });
  return recordId;
}

/** What a save asks for (SaveInformation). */
export interface SaveRequest {
  /** Absent: insert a new record; present: update this one. */
  readonly recordId?: number;
  /** The user the record is saved for; must exist and be active. */
  readonly userName?: string;
  readonly statusIndex?: number;
  readonly groupId?: number;
  /** Must name an existing, active user. */
  readonly assignedUserName?: string;
  /** For updates: the edit count read earlier; the save fails with 'conflict' if it changed. */
  readonly expectedEditCount?: number;
}

/** A finished save: the record as stored, and names not saved because they spell a system field. */
export interface SaveOutcome {
  readonly record: SavedRecord;
  readonly skippedNames: readonly string[];
}

/** Inserts and updates records; reads go to the store directly. */
export class RecordService {
  constructor(private readonly store: Store) {}

  /**
   * Checks a save before its calculation runs, so a wrong user or record costs no calculation:
   * the users exist and are active, the record to update exists in the application. Returns
   * the request with canonical user names and the record's current edit count.
   */
  async prepare(siteId: string, app: Application, request: SaveRequest): Promise<SaveRequest> {
    const user = await resolveActingUser(this.store, siteId, request.userName);
    const assigned = await resolveActingUser(this.store, siteId, request.assignedUserName);
    const prepared: SaveRequest = {
      ...request,
      userName: user?.userName,
      assignedUserName: assigned?.userName,
    };
    if (request.recordId === undefined) return prepared;
    const header = await this.store.getRecordHeader(siteId, app.id, existingId(request.recordId));
    if (header === null) throw new RecordError({ kind: 'notFound', recordId: request.recordId });
    if (request.expectedEditCount !== undefined && header.editCount !== request.expectedEditCount)
      throw new RecordError({ kind: 'conflict', recordId: request.recordId });
    return { ...prepared, expectedEditCount: header.editCount };
  }

  /**
   * Saves the names read after a calculation: inserts without `recordId`, else updates that
   * record if nobody saved it since `expectedEditCount` (read now when not given).
   */
  async save(
    siteId: string,
    app: Application,
    request: SaveRequest,
    names: readonly NameValues[],
  ): Promise<SaveOutcome> {
    const r = await this.prepare(siteId, app, request);
    const { content, skipped } = contentOfNames(names);
    if (r.recordId === undefined) {
      const record = await this.store.insertRecord({
        siteId,
        applicationId: app.id,
        userName: r.userName ?? null,
        statusIndex: r.statusIndex ?? 0,
        groupId: r.groupId ?? null,
        assignedUserName: r.assignedUserName ?? null,
        ...content,
      });
      return { record, skippedNames: skipped };
    }
    const updated = await this.store.updateRecord(siteId, app.id, r.recordId, r.expectedEditCount ?? 0, {
      ...content,
      ...(r.statusIndex === undefined ? {} : { statusIndex: r.statusIndex }),
      ...(r.groupId === undefined ? {} : { groupId: r.groupId }),
      ...(r.assignedUserName === undefined ? {} : { assignedUserName: r.assignedUserName }),
    });
    if (updated === 'notFound') throw new RecordError({ kind: 'notFound', recordId: r.recordId });
    if (updated === 'conflict') throw new RecordError({ kind: 'conflict', recordId: r.recordId });
    return { record: updated, skippedNames: skipped };
  }

  /** A record of the application with all its values; throws 'notFound'. */
  async get(siteId: string, app: Application, recordId: number): Promise<SavedRecord> {
    const record = await this.store.getRecord(siteId, app.id, existingId(recordId));
    if (record === null) throw new RecordError({ kind: 'notFound', recordId });
    return record;
  }

  /** Deletes a record of the application; throws 'notFound'. */
  async delete(siteId: string, app: Application, recordId: number): Promise<void> {
    if (!(await this.store.deleteRecord(siteId, app.id, existingId(recordId))))
      throw new RecordError({ kind: 'notFound', recordId });
  }
}
