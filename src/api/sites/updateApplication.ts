import type { PublishFile } from '../../publishing/publisher.js';
import type { AccessTypeCode, ApplicationChanges } from '../../store/types.js';
import { ApiError } from '../outcomes.js';
import { UpdateApplicationRequest } from '../requests.js';
import { defineMethod } from '../route.js';
import type { PublishedApplication } from './createApplication.js';
import {
  checkedFileName,
  checkedName,
  checkedNotes,
  EMPTY_APPLICATION_ID,
  publishing,
  reportWarnings,
  siteApplicationById,
  siteOf,
} from './resolve.js';

/** `POST /Api/Sites/UpdateApplication`: changes metadata; a FileContent publishes the next version. */
export const updateApplication = defineMethod({
  path: '/Api/Sites/UpdateApplication',
  auth: 'token',
  request: UpdateApplicationRequest,
  summary: 'Changes an application; with FileContent, publishes the file as its next version.',
  description:
    'Absent properties stay as they are. Earlier file versions stay available through FileVersion ' +
    'and to sessions opened on them. FileName is the new version’s name; without FileContent it is ' +
    'ignored (a published file keeps its name), and without FileName the new file keeps the previous one.',
  failureProps: { ApplicationKey: null, ApplicationId: EMPTY_APPLICATION_ID },
  handler: async (input, ctx): Promise<PublishedApplication> => {
    const siteId = siteOf(ctx);
    const changes: { -readonly [K in keyof ApplicationChanges]: ApplicationChanges[K] } = {};
    if (input.ApplicationName !== undefined) changes.name = checkedName(input.ApplicationName);
    if (input.AccessType !== undefined) changes.accessType = input.AccessType as AccessTypeCode;
    if (input.Notes !== undefined) changes.notes = checkedNotes(input.Notes);
    const fileName =
      input.FileContent !== undefined && input.FileName !== undefined
        ? checkedFileName(input.FileName)
        : undefined;

    const app = await siteApplicationById(ctx, input.ApplicationId);
    let file: PublishFile | undefined;
    if (input.FileContent !== undefined) {
      const previous = fileName ?? (await ctx.deps.store.latestVersion(app.id))?.fileName;
      if (previous === undefined) throw new ApiError('InvalidApplication'); // deleted meanwhile
      file = { fileName: previous, bytes: input.FileContent };
    }

    const published = await publishing(() => ctx.deps.publisher.update(siteId, app.id, changes, file));
    if (published === null) throw new ApiError('InvalidApplication'); // deleted meanwhile
    reportWarnings(ctx, published.warnings);
    return {
      ApplicationKey: published.application.key,
      ApplicationId: published.application.id,
      FileVersion: published.version.version,
    };
  },
});
