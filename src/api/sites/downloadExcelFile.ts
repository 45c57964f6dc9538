import { ApiError } from '../outcomes.js';
import { DownloadExcelFileRequest } from '../requests.js';
import { defineMethod } from '../route.js';
import { siteApplicationById } from './resolve.js';

/** `POST /Api/Sites/DownloadExcelFile`: a published file, byte for byte, base64. */
export const downloadExcelFile = defineMethod({
  path: '/Api/Sites/DownloadExcelFile',
  auth: 'token',
  request: DownloadExcelFileRequest,
  summary: 'Returns a published file of the application, byte for byte (base64).',
  description: 'FileVersion picks an earlier published version (default: the latest).',
  handler: async (
    input,
    ctx,
  ): Promise<{ ApplicationId: string; Name: string; FileContents: string; FileVersion: number }> => {
    const app = await siteApplicationById(ctx, input.ApplicationId);
    const version = input.FileVersion ?? app.latestVersion;
    if (version > app.latestVersion) throw new ApiError('InvalidFileVersion');
    const [meta, bytes] = await Promise.all([
      ctx.deps.store.getVersion(app.id, version),
      ctx.deps.store.getVersionBytes(app.id, version),
    ]);
    // Null only when the application was deleted between the lookups.
    if (meta === null || bytes === null) throw new ApiError('InvalidApplication');
    return {
      ApplicationId: app.id,
      Name: meta.fileName,
      FileContents: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'),
      FileVersion: version,
    };
  },
});
