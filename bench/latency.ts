/**
 * Latency of the demo workbook through the real server: one caller, sequential calls over
 * loopback HTTP (keep-alive), against an in-process engine loop on the same workbook as the
 * baseline. Prints medians and p99s.
 *
 *   npx tsx bench/latency.ts [calls=500]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiClient } from '../src/auth/clients.js';
import { issueToken } from '../src/auth/tokens.js';
import { loadConfig } from '../src/config.js';
import { applyInputs, readOutputs } from '../src/engine/calculation.js';
import { IronCalcEngine } from '../src/engine/ironcalc/ironcalcEngine.js';
import { createServer } from '../src/server/createServer.js';
import { defaultSite } from '../src/server/defaultSite.js';
import { DEMO_WORKBOOK } from '../src/server/demo.js';
import { readWorkbook } from '../src/workbook/readWorkbook.js';

const calls = Number(process.argv[2] ?? 500);
const bytes = readFileSync(DEMO_WORKBOOK);

function summary(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return `median ${at(0.5).toFixed(3)} ms, p99 ${at(0.99).toFixed(3)} ms (n=${samples.length})`;
}

async function time(n: number, fn: (i: number) => Promise<unknown> | unknown): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    out.push(performance.now() - t);
  }
  return out;
}

// Baseline: the engine in this thread, set → recalc → read, no HTTP, no worker hop.
const engine = await IronCalcEngine.create();
const wb = engine.load(readWorkbook(bytes));
const baseline = await time(calls, (i) => {
  wb.beginScratch();
  applyInputs(wb, [{ ref: 'LoanAmount', values: [[100_000 + i]] }]);
  wb.recalc();
  readOutputs(wb, ['MonthlyPayment', 'TotalInterest'], []);
  wb.endScratch();
});

const dataDir = mkdtempSync(join(tmpdir(), 'sheetport-bench-'));
const server = await createServer(
  loadConfig({}, { port: 0, host: '127.0.0.1', dataDir, logLevel: 'silent', rateLimit: { enabled: false } }),
);
try {
  const url = await server.start();
  const site = await defaultSite(server.store);
  const { client } = await createApiClient(server.store, site.id, 'bench');
  const { accessToken } = await issueToken(server.store, client);
  const app = await server.publisher.create(
    site.id,
    { name: 'demo', accessType: 1 },
    { fileName: 'loan.xlsx', bytes },
  );
  const key = app.application.key;
  const post = async (path: string, body: object) => {
    const res = await fetch(url + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as { Success: boolean; Messages: string[]; SessionId?: string };
    if (!json.Success) throw new Error(json.Messages.join(' '));
    return json;
  };
  const getResult = (i: number, SessionId?: string) =>
    post('/Api/Applications/GetResult', {
      ApplicationKey: key,
      SessionId,
      Inputs: [{ Ref: 'LoanAmount', Value: [[{ Value: 100_000 + i }]] }],
      Outputs: ['MonthlyPayment', 'TotalInterest'],
    });

  await time(50, (i) => getResult(i)); // warm: templates load in both workers, JIT settles
  const stateless = await time(calls, (i) => getResult(i));
  const opens: string[] = [];
  const open = await time(50, async () => {
    const { SessionId } = await post('/Api/Applications/OpenDedicatedSession', { ApplicationKey: key });
    opens.push(SessionId ?? '');
  });
  const inSession = await time(calls, (i) => getResult(i, opens[i % opens.length]));

  const b = summary(baseline);
  console.log(`demo workbook (${calls} sequential calls, one client, loopback HTTP)`);
  console.log(`  engine in-process baseline:   ${b}`);
  console.log(`  GetResult stateless:          ${summary(stateless)}`);
  console.log(`  GetResult in a session:       ${summary(inSession)}`);
  console.log(`  OpenDedicatedSession:         ${summary(open)}`);
} finally {
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
