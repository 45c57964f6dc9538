import type { Application } from '../store/types.js';
import type { Principal } from './principal.js';

/** Application access types (spec §3; the numbers are on the wire). */
export const AccessType = {
  Unrestricted: 0,
  Restricted: 1,
  RestrictedWithRegistration: 2,
} as const;
/** One of the AccessType values. */
export type AccessType = (typeof AccessType)[keyof typeof AccessType];

/**
 * How a method authenticates (spec §3 table), declared per route:
 * `token` — always needs a token; `tokenIfRestricted` — only for non-Unrestricted applications.
 */
export type TokenRule = 'token' | 'tokenIfRestricted';

/** The spec §3 table: every method it names, and its rule. */
export const METHOD_TOKEN_RULES: Readonly<Record<string, TokenRule>> = {
  OpenDedicatedSession: 'token',
  CloseDedicatedSession: 'token',
  GetRecord: 'token',
  GetRecordExtended: 'token',
  GetResult: 'tokenIfRestricted',
  GetBatchResults: 'tokenIfRestricted',
  GetLastUpdatedDate: 'tokenIfRestricted',
  GenerateNamedRangeInformation: 'tokenIfRestricted',
};

/** The rule for an `/Api/Sites/*` method: always a token. */
export const SITES_TOKEN_RULE: TokenRule = 'token';

/** Whether a call needs a valid token, given the method's rule and the application's access type. */
export function needsToken(rule: TokenRule, accessType: AccessType): boolean {
  return rule === 'token' || accessType !== AccessType.Unrestricted;
}

/**
 * What the API answers for a call on `app` by `principal` (null: no valid token):
 * `ok`; `invalidToken` (the token-restricted message, InvalidToken true); or
 * `invalidApplication` (the application-invalid message). Decisions:
 * - a token is needed but absent → invalidToken;
 * - a valid token of another site never reaches the application (§3) → invalidApplication,
 *   even for an Unrestricted one, so a token can never be used to probe another site;
 * - RestrictedWithRegistration needs a token like Restricted; user registration rules come
 *   with the users feature.
 */
export function checkApplicationAccess(
  rule: TokenRule,
  app: Pick<Application, 'siteId' | 'accessType'>,
  principal: Principal | null,
): 'ok' | 'invalidToken' | 'invalidApplication' {
  if (principal === null) return needsToken(rule, app.accessType) ? 'invalidToken' : 'ok';
  return principal.siteId === app.siteId ? 'ok' : 'invalidApplication';
}
