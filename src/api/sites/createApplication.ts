import type { AccessTypeCode } from '../../store/types.js';
import { CreateApplicationRequest } from '../requests.js';
import { defineMethod } from '../route.js';
import {
  checkedFileName,
  checkedName,
  checkedNotes,
  EMPTY_APPLICATION_ID,
  publishing,
  reportWarnings,
  siteOf,
} from './resolve.js';

/** What CreateApplication and UpdateApplication answer; a failure has a null key and the empty Guid. */
export interface PublishedApplication {
  ApplicationKey: string | null;
  ApplicationId: string;
  /** The file version now current (1 after a create); additive to the original's answer. */
  FileVersion?: number;
}

/** `POST /Api/Sites/CreateApplication`: publishes a workbook as a new application (spec §9). */
export const createApplication = defineMethod({
  path: '/Api/Sites/CreateApplication',
  auth: 'token',
  request: CreateApplicationRequest,
  summary: 'Publishes an .xlsx workbook as a new application (file version 1).',
  description:
    'The file is read under the workbook limits and recalculated before anything is stored. ' +
    'Cells where the engine disagrees with the values Excel saved in the file are listed in ' +
    'Messages; Success stays true.',
  failureProps: { ApplicationKey: null, ApplicationId: EMPTY_APPLICATION_ID },
  handler: async (input, ctx): Promise<PublishedApplication> => {
    const siteId = siteOf(ctx);
    // Cheap checks first: a bad name must not cost a workbook load.
    const name = checkedName(input.ApplicationName);
    const fileName = checkedFileName(input.FileName);
    const notes = checkedNotes(input.Notes);
    const published = await publishing(() =>
      ctx.deps.publisher.create(
        siteId,
        { name, accessType: input.AccessType as AccessTypeCode, notes },
        { fileName, bytes: input.FileContent },
      ),
    );
    reportWarnings(ctx, published.warnings);
    return {
      ApplicationKey: published.application.key,
      ApplicationId: published.application.id,
      FileVersion: published.version.version,
    };
  },
});
