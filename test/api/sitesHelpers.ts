/** Shared by the `/Api/Sites/*` HTTP tests: wire constants, a create call and envelope assertions. */
import assert from 'node:assert/strict';
import { buildXlsx } from '../../src/workbook/xlsxBuilder.js';
import { type Harness, LOAN_WORKBOOK, type Reply } from '../server/harness.js';

export const INVALID_TOKEN =
  'The requested resource is restricted and your request did not provide a valid token.';
export const INVALID_APP = 'The requested application is invalid.';
export const EMPTY_GUID = '00000000-0000-0000-0000-000000000000';

/** Bytes as the wire carries them. */
export const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

/** CreateApplication of the loan workbook, with `props` overriding any property. */
export function createApp(h: Harness, token: string, props: Record<string, unknown> = {}): Promise<Reply> {
  return h.post(
    '/Api/Sites/CreateApplication',
    { ApplicationName: 'Loan', FileName: 'Loan.xlsx', FileContent: b64(buildXlsx(LOAN_WORKBOOK)), ...props },
    token,
  );
}

/** How many applications a site has. */
export async function appCount(h: Harness, siteId = h.siteId): Promise<number> {
  return (await h.server.store.listApplications(siteId)).length;
}

/** A complete English sentence (it may start with a count), as every message must be. */
export function assertSentence(message: unknown): void {
  assert.equal(typeof message, 'string');
  assert.match(message as string, /^[A-Z0-9][\s\S]*\.$/, `not a sentence: ${String(message)}`);
  assert.doesNotMatch(message as string, /undefined|\[object|NaN|Error:/, `leaks internals: ${message}`);
}

/** A failed 200 answer with exactly one message, equal to `pattern` or matching it. */
export function assertFailure(reply: Reply, pattern: RegExp | string): void {
  assert.equal(reply.status, 200);
  assert.equal(reply.body.Success, false, JSON.stringify(reply.body));
  assert.equal(reply.body.InvalidToken, false);
  assert.equal(reply.body.Messages.length, 1, JSON.stringify(reply.body.Messages));
  assertSentence(reply.body.Messages[0]);
  if (typeof pattern === 'string') assert.equal(reply.body.Messages[0], pattern);
  else assert.match(reply.body.Messages[0], pattern);
}

/** A successful 200 answer. */
export function assertSuccess(reply: Reply): void {
  assert.equal(reply.status, 200);
  assert.equal(reply.body.Success, true, JSON.stringify(reply.body));
  assert.equal(reply.body.InvalidToken, false);
}
