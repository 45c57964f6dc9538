/**
 * A real sheetport for HTTP tests: real SQLite in a temp directory, real worker threads, real
 * loopback HTTP on a random port. Seeding goes through the same services the CLI uses.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiClient } from '../../src/auth/clients.js';
import { issueToken } from '../../src/auth/tokens.js';
import { type ConfigOverrides, loadConfig } from '../../src/config.js';
import { createServer, type SheetportServer } from '../../src/server/createServer.js';
import { defaultSite } from '../../src/server/defaultSite.js';
import type { AccessTypeCode } from '../../src/store/types.js';
import { type BuildSpec, buildXlsx } from '../../src/workbook/xlsxBuilder.js';

/** A running test server and helpers to seed and call it. */
export interface Harness {
  readonly server: SheetportServer;
  readonly url: string;
  readonly dataDir: string;
  /** The default site's id. */
  readonly siteId: string;
  /** POSTs JSON (or a raw string) and returns status, headers and the parsed body. */
  post(path: string, body: unknown, token?: string): Promise<Reply>;
  /** Creates an API client; returns its identifier, secret and a fresh token. */
  client(options?: { siteId?: string; allowImpersonation?: boolean }): Promise<TestClient>;
  /** Publishes a workbook directly through the publisher; returns key and id. */
  publish(
    workbook: BuildSpec | Uint8Array,
    options?: { siteId?: string; name?: string; accessType?: AccessTypeCode },
  ): Promise<{ key: string; id: string; warnings: readonly string[] }>;
  /** Stops the server (keeps the data directory unless `cleanup`). */
  stop(options?: { cleanup?: boolean }): Promise<void>;
}

export interface TestClient {
  readonly identifier: string;
  readonly secret: string;
  readonly clientId: string;
  readonly siteId: string;
  readonly token: string;
}

export interface Reply {
  readonly status: number;
  readonly headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: test convenience for reading wire JSON
  readonly body: any;
}

/** Starts a server on a random loopback port; `dataDir` reuses an earlier server's data (restart). */
export async function startHarness(
  overrides: ConfigOverrides = {},
  options: { dataDir?: string } = {},
): Promise<Harness> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'sheetport-test-'));
  const config = loadConfig(
    {},
    {
      port: 0,
      host: '127.0.0.1',
      dataDir,
      logLevel: 'silent',
      workerCount: 2,
      rateLimit: { enabled: false },
      ...overrides,
    },
  );
  const server = await createServer(config);
  const url = await server.start();
  const site = await defaultSite(server.store);

  const harness: Harness = {
    server,
    url,
    dataDir,
    siteId: site.id,
    async post(path, body, token) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (token !== undefined) headers.authorization = `Bearer ${token}`;
      const res = await fetch(`${url}${path}`, {
        method: 'POST',
        headers,
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, headers: res.headers, body: text === '' ? undefined : JSON.parse(text) };
    },
    async client(opts = {}) {
      const siteId = opts.siteId ?? site.id;
      const { client, secret } = await createApiClient(server.store, siteId, 'test client', {
        allowImpersonation: opts.allowImpersonation ?? false,
      });
      const { accessToken } = await issueToken(server.store, client);
      return { identifier: client.identifier, secret, clientId: client.id, siteId, token: accessToken };
    },
    async publish(workbook, opts = {}) {
      const bytes = workbook instanceof Uint8Array ? workbook : buildXlsx(workbook);
      const published = await server.publisher.create(
        opts.siteId ?? site.id,
        { name: opts.name ?? 'Test application', accessType: opts.accessType ?? 0 },
        { fileName: 'test.xlsx', bytes },
      );
      return { key: published.application.key, id: published.application.id, warnings: published.warnings };
    },
    async stop(stopOptions = {}) {
      await server.stop();
      if (stopOptions.cleanup) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}

/** The demo loan workbook's spec is not needed: tests use small workbooks built here. */
export const LOAN_WORKBOOK: BuildSpec = {
  sheets: [
    {
      name: 'Loan',
      cells: {
        A1: 'Amount',
        B1: { value: 200000, numFmt: '#,##0.00' },
        A2: 'Rate',
        B2: { value: 0.05, numFmt: '0.00%' },
        A3: 'Years',
        B3: 30,
        A4: 'Payment',
        B4: { formula: '-PMT(B2/12,B3*12,B1)', value: 1073.64324602428, numFmt: '#,##0.00' },
        A5: 'Total',
        B5: { formula: 'B4*B3*12', value: 386511.568568741, numFmt: '#,##0.00' },
      },
    },
  ],
  definedNames: [
    { name: 'LoanAmount', formula: 'Loan!$B$1' },
    { name: 'InterestRate', formula: 'Loan!$B$2' },
    { name: 'TermYears', formula: 'Loan!$B$3' },
    { name: 'MonthlyPayment', formula: 'Loan!$B$4' },
    { name: 'TotalPaid', formula: 'Loan!$B$5' },
  ],
};
