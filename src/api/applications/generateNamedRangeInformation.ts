import type { NamedRangeInfo } from '../../compute/protocol.js';
import { versionKey } from '../../sessions/versionKey.js';
import { GenerateNamedRangeInformationRequest } from '../requests.js';
import { defineMethod } from '../route.js';
import { gatedApplication, translated } from './resolve.js';

/** `POST /Api/Applications/GenerateNamedRangeInformation`: the workbook's defined names (spec §8). */
export const generateNamedRangeInformation = defineMethod({
  path: '/Api/Applications/GenerateNamedRangeInformation',
  auth: 'tokenIfRestricted',
  request: GenerateNamedRangeInformationRequest,
  summary: 'Lists the defined names of the latest version with their place and shape.',
  description: 'Type: 0 single cell, 1 list (one row or column), 2 table.',
  failureProps: { LastUpdated: null, NamedRangeInfos: [] },
  handler: async (
    _input,
    ctx,
  ): Promise<{ LastUpdated: string | null; NamedRangeInfos: NamedRangeInfo[] }> => {
    const app = gatedApplication(ctx);
    const infos = await translated(ctx, () =>
      ctx.deps.compute.namedRanges(versionKey(app.id, app.latestVersion)),
    );
    return { LastUpdated: app.updated.toISOString(), NamedRangeInfos: infos };
  },
});
