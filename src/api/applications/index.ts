import { defineSurface } from '../route.js';
import { closeDedicatedSession } from './closeDedicatedSession.js';
import { generateNamedRangeInformation } from './generateNamedRangeInformation.js';
import { getBatchResults } from './getBatchResults.js';
import { getLastUpdatedDate } from './getLastUpdatedDate.js';
import { getRecord } from './getRecord.js';
import { getRecordExtended } from './getRecordExtended.js';
import { getResult } from './getResult.js';
import { openDedicatedSession } from './openDedicatedSession.js';

/** `/Api/Applications/*`: calculations, dedicated sessions, metadata and saved records (spec §5–§8). */
export const applicationsSurface = defineSurface({
  name: 'applications',
  description: 'Calculations, dedicated sessions, workbook metadata and saved records.',
  methods: [
    getResult,
    getBatchResults,
    openDedicatedSession,
    closeDedicatedSession,
    generateNamedRangeInformation,
    getLastUpdatedDate,
    getRecord,
    getRecordExtended,
  ],
});
