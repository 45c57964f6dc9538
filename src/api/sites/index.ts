import { defineSurface } from '../route.js';
import { createApplication } from './createApplication.js';
import { deleteApplication } from './deleteApplication.js';
import { downloadExcelFile } from './downloadExcelFile.js';
import { getApplicationList } from './getApplicationList.js';
import { updateApplication } from './updateApplication.js';

/** `/Api/Sites/*`: site administration, always with a token (spec §9; applications so far). */
export const sitesSurface = defineSurface({
  name: 'sites',
  description: 'Publishing, listing, downloading and deleting the applications of the caller’s site.',
  methods: [createApplication, updateApplication, deleteApplication, getApplicationList, downloadExcelFile],
});
