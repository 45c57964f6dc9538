import { readFileSync } from 'node:fs';
import { startHarness } from '/work/main/test/server/harness.js';
import { DEMO_WORKBOOK } from '/work/main/src/server/demo.js';
const h = await startHarness();
try {
  const c = await h.client({ allowImpersonation: true });
  const { key, id } = await h.publish(readFileSync(DEMO_WORKBOOK), { accessType: 1, name: 'Loan calculator' });
  await h.server.store.createUser({ siteId: h.siteId, userName: 'ann.smith' });
  const names = await h.post('/Api/Applications/GenerateNamedRangeInformation', { ApplicationKey: key }, c.token);
  console.log(JSON.stringify(names.body.NamedRangeInfos));
  const saved = await h.post('/Api/Applications/GetResult', { ApplicationKey: key, Inputs: [{ Ref: 'LoanAmount', Value: [[{ Value: '300000' }]] }], Outputs: ['MonthlyPayment'], SaveInformation: { Save: true, UserName: 'ann.smith', SetRecordStatusIndex: 1 } }, c.token);
  console.log(JSON.stringify(saved.body));
  const upd = await h.post('/Api/Applications/GetResult', { ApplicationKey: key, Inputs: [{ Ref: 'InterestRate', Value: [[{ Value: '5.5%' }]] }], SaveInformation: { Save: true, RecordId: saved.body.RecordId } }, c.token);
  console.log(JSON.stringify(upd.body));
  console.log(JSON.stringify((await h.post('/Api/Applications/GetRecord', { ApplicationKey: key, RecordId: saved.body.RecordId, UserName: 'ann.smith' }, c.token)).body));
  console.log(JSON.stringify((await h.post('/Api/Applications/GetRecordExtended', { ApplicationKey: key, RecordId: saved.body.RecordId }, c.token)).body));
  console.log(JSON.stringify((await h.post('/Api/Sites/GetApplicationData', { ApplicationId: id, CustomColumns: ['LoanAmount', 'MonthlyPayment'], Filters: [{ Column: 'LoanAmount', Operator: 6, Value: '250000' }], SortInformation: { Column: 'MonthlyPayment', Direction: 1 }, PaginationInformation: { PageSize: 20, CurrentPageIndex: 0 } }, c.token)).body));
  console.log(JSON.stringify((await h.post('/Api/Sites/GetApplicationDataCustomColumns', { ApplicationId: id }, c.token)).body));
  console.log(key);
} finally { await h.stop({ cleanup: true }); }
