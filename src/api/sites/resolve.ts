/**
 * What the `/Api/Sites/*` application methods share: the caller's site, the site's application
 * by ApplicationId, checks of the caller-supplied metadata, and turning publishing failures into
 * outcomes of the table.
 */
import { ComputeError } from '../../compute/pool.js';
import { PublishError } from '../../publishing/publisher.js';
import type { Application } from '../../store/types.js';
import { ApiError } from '../outcomes.js';
import type { MethodContext } from '../route.js';

/** The ApplicationId a failed create or update answers with: .NET's empty Guid, as for SessionId. */
export const EMPTY_APPLICATION_ID = '00000000-0000-0000-0000-000000000000';

/** Longest ApplicationName accepted. */
export const MAX_NAME_LENGTH = 200;
/** Longest FileName accepted (after directories are stripped); most file systems allow 255. */
export const MAX_FILE_NAME_LENGTH = 255;
/** Longest Notes accepted. */
export const MAX_NOTES_LENGTH = 10_000;

// C0 controls and DEL: they break logs, headers and file names, and no real name contains them.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;

/** The caller's site; `auth: 'token'` guarantees a principal, this only narrows the type. */
export function siteOf(ctx: MethodContext): string {
  if (ctx.principal === null) throw new ApiError('InvalidToken');
  return ctx.principal.siteId;
}

/** ApplicationIds are stored lowercase; .NET clients may send an uppercase or padded Guid. */
export function applicationIdOf(raw: string): string {
  return raw.trim().toLowerCase();
}

/** The caller's site's application; unknown and another site's answer the same (spec §3). */
export async function siteApplicationById(ctx: MethodContext, rawId: string): Promise<Application> {
  const app = await ctx.deps.store.getApplicationById(siteOf(ctx), applicationIdOf(rawId));
  if (app === null) throw new ApiError('InvalidApplication');
  return app;
}

/** ApplicationName trimmed; 1 to 200 characters, no control characters. */
export function checkedName(raw: string): string {
  const name = raw.trim();
  if (name === '' || name.length > MAX_NAME_LENGTH || CONTROL.test(name)) {
    throw new ApiError('PropertyInvalid', {
      property: 'ApplicationName',
      expected: `a name of 1 to ${MAX_NAME_LENGTH} characters without control characters`,
    });
  }
  return name;
}

/**
 * FileName without any directories (browsers send `C:\fakepath\Loan.xlsx`; DownloadExcelFile
 * returns it as `Name`, which clients save, so it must not carry a path). Any extension is
 * accepted: the name is only metadata, and the content alone decides whether it is a workbook.
 */
export function checkedFileName(raw: string): string {
  const name = (raw.split(/[\\/]/).pop() ?? '').trim();
  if (name === '' || name.length > MAX_FILE_NAME_LENGTH || CONTROL.test(name)) {
    throw new ApiError('PropertyInvalid', {
      property: 'FileName',
      expected: `a file name such as Loan.xlsx, of at most ${MAX_FILE_NAME_LENGTH} characters without control characters`,
    });
  }
  return name;
}

/** Notes as sent (newlines allowed), at most 10,000 characters. */
export function checkedNotes(raw: string | undefined): string | undefined {
  if (raw !== undefined && raw.length > MAX_NOTES_LENGTH) {
    throw new ApiError('PropertyInvalid', {
      property: 'Notes',
      expected: `text of at most ${MAX_NOTES_LENGTH.toLocaleString('en-US')} characters`,
    });
  }
  return raw;
}

/**
 * Runs a publication, turning a file that cannot be published into `WorkbookRejected` (its
 * message names the problem) or `WorkbookUnloadable`; anything else is a bug (500).
 */
export async function publishing<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof PublishError) throw new ApiError('WorkbookRejected', { reason: err.message });
    // The publisher passes only BAD_WORKBOOK and TIMEOUT on as PublishError; a trap that even the
    // contained load could not isolate is still the file's fault, not ours.
    if (err instanceof ComputeError && err.code === 'TRAP') throw new ApiError('WorkbookUnloadable');
    throw err;
  }
}

/** Puts each publish warning into Messages; Success stays true. */
export function reportWarnings(ctx: MethodContext, warnings: readonly string[]): void {
  for (const message of warnings) ctx.notice('PublishWarning', { message });
}
