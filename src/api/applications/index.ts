import { defineSurface } from '../route.js';
import { closeDedicatedSession } from './closeDedicatedSession.js';
import { generateNamedRangeInformation } from './generateNamedRangeInformation.js';
import { getBatchResults } from './getBatchResults.js';
import { getLastUpdatedDate } from './getLastUpdatedDate.js';
import { getResult } from './getResult.js';
import { openDedicatedSession } from './openDedicatedSession.js';

/** `/Api/Applications/*`: calculations, dedicated sessions and metadata (spec §5, §6, §8). */
export const applicationsSurface = defineSurface({
  name: 'applications',
  description: 'Calculations, dedicated sessions and workbook metadata.',
  methods: [
    getResult,
    getBatchResults,
    openDedicatedSession,
    closeDedicatedSession,
    generateNamedRangeInformation,
    getLastUpdatedDate,
  ],
});
