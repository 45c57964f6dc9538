/**
 * The demo that `npm start` serves: a site's client and the loan calculator kept in the repo,
 * created on first start and reused afterwards. The demo client's secret is kept in clear in
 * `demo.json` inside the data directory (mode 0600) so every start can print a working example;
 * that is why the demo is opt-in (`serve --demo`) and never part of a production start.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AccessType } from '../auth/access.js';
import { createApiClient } from '../auth/clients.js';
import type { Publisher } from '../publishing/publisher.js';
import type { Store } from '../store/store.js';
import { defaultSite } from './defaultSite.js';

/** The demo workbook shipped with the repository (same relative place from src/ and dist/). */
export const DEMO_WORKBOOK = new URL('../../demo/loan-calculator.xlsx', import.meta.url);

/** What the demo consists of; the secret is the demo client's. */
export interface DemoInfo {
  readonly clientIdentifier: string;
  readonly clientSecret: string;
  readonly applicationKey: string;
  readonly applicationId: string;
}

/** Returns the data directory's demo, creating whatever part of it is missing. */
export async function ensureDemo(store: Store, publisher: Publisher, dataDir: string): Promise<DemoInfo> {
  const file = join(dataDir, 'demo.json');
  const saved = readSaved(file);
  const site = await defaultSite(store);
  let client: Pick<DemoInfo, 'clientIdentifier' | 'clientSecret'> | undefined =
    saved && (await store.getClientByIdentifier(saved.clientIdentifier)) ? saved : undefined;
  if (!client) {
    const created = await createApiClient(store, site.id, 'demo client');
    client = { clientIdentifier: created.client.identifier, clientSecret: created.secret };
  }
  let app = saved && (await store.getApplicationById(site.id, saved.applicationId));
  if (!app) {
    const published = await publisher.create(
      site.id,
      { name: 'Loan calculator (demo)', accessType: AccessType.Restricted },
      { fileName: 'loan-calculator.xlsx', bytes: readFileSync(DEMO_WORKBOOK) },
    );
    app = published.application;
  }
  const demo: DemoInfo = {
    clientIdentifier: client.clientIdentifier,
    clientSecret: client.clientSecret,
    applicationKey: app.key,
    applicationId: app.id,
  };
  writeFileSync(file, `${JSON.stringify(demo, null, 2)}\n`, { mode: 0o600 });
  return demo;
}

function readSaved(file: string): DemoInfo | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as DemoInfo;
  } catch {
    return undefined; // first start, or a damaged file: the demo is recreated
  }
}

/** Copy-pasteable shell commands that exercise the demo: token, GetResult, a session. */
export function demoExamples(baseUrl: string, demo: DemoInfo, token: string): string {
  const url = baseUrl.replace('0.0.0.0', '127.0.0.1');
  const json = "-H 'Content-Type: application/json'";
  return `Demo client: ${demo.clientIdentifier} (secret ${demo.clientSecret}, kept in demo.json)
Demo application: Loan calculator, ApplicationKey ${demo.applicationKey}

# a token (valid 1 hour; this one was just issued)
curl -s ${url}/Api/Auth/GetToken ${json} \\
  -d '{"ClientIdentifier":"${demo.clientIdentifier}","ClientSecret":"${demo.clientSecret}"}'
TOKEN=${token}

# a calculation
curl -s ${url}/Api/Applications/GetResult ${json} -H "Authorization: Bearer $TOKEN" \\
  -d '{"ApplicationKey":"${demo.applicationKey}","Inputs":[{"Ref":"LoanAmount","Value":[[{"Value":"250000"}]]},{"Ref":"InterestRate","Value":[[{"Value":"6.5%"}]]}],"Outputs":["MonthlyPayment","TotalInterest"]}'

# a dedicated session: open, calculate twice (the first call's inputs stay), close
SESSION=$(curl -s ${url}/Api/Applications/OpenDedicatedSession ${json} -H "Authorization: Bearer $TOKEN" \\
  -d '{"ApplicationKey":"${demo.applicationKey}"}' | sed -E 's/.*"SessionId":"([^"]+)".*/\\1/')
curl -s ${url}/Api/Applications/GetResult ${json} -H "Authorization: Bearer $TOKEN" \\
  -d '{"ApplicationKey":"${demo.applicationKey}","SessionId":"'$SESSION'","Inputs":[{"Ref":"TermYears","Value":[[{"Value":15}]]}],"Outputs":["MonthlyPayment"]}'
curl -s ${url}/Api/Applications/GetResult ${json} -H "Authorization: Bearer $TOKEN" \\
  -d '{"ApplicationKey":"${demo.applicationKey}","SessionId":"'$SESSION'","Outputs":["TermYears","MonthlyPayment"]}'
curl -s ${url}/Api/Applications/CloseDedicatedSession ${json} -H "Authorization: Bearer $TOKEN" \\
  -d '{"ApplicationKey":"${demo.applicationKey}","SessionId":"'$SESSION'"}'
`;
}
