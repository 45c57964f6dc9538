import { defineSurface } from '../route.js';
import { createApplication } from './createApplication.js';
import { createUser } from './createUser.js';
import { deleteApplication } from './deleteApplication.js';
import { deleteRecord } from './deleteRecord.js';
import { deleteUser } from './deleteUser.js';
import { downloadExcelFile } from './downloadExcelFile.js';
import { getApplicationData } from './getApplicationData.js';
import { getApplicationDataCustomColumns } from './getApplicationDataCustomColumns.js';
import { getApplicationList } from './getApplicationList.js';
import { updateApplication } from './updateApplication.js';
import { updateUser } from './updateUser.js';

/** `/Api/Sites/*`: site administration, always with a token (spec §9: applications, users and records). */
export const sitesSurface = defineSurface({
  name: 'sites',
  description:
    'Publishing, listing, downloading and deleting the applications of the caller’s site, its users and saved records.',
  methods: [
    createApplication,
    updateApplication,
    deleteApplication,
    getApplicationList,
    downloadExcelFile,
    createUser,
    updateUser,
    deleteUser,
    getApplicationData,
    getApplicationDataCustomColumns,
    deleteRecord,
  ],
});
