/**
 * Every outcome a caller can cause, in one table: code → message, `InvalidToken` flag, HTTP
 * status. Handlers throw `new ApiError(code, params)`; `toEnvelope` turns it into the wire
 * envelope. Messages are complete English sentences ending in a period; the ones quoted in
 * `spec/API.md` are byte-exact and pinned by `test/api/outcomes.test.ts`.
 *
 * Status rule (spec §1): everything answers 200 except 413, 415, 429 and 500; sheetport adds
 * 404 (no such route) and 405 (route exists, but not for this HTTP method), as ASP.NET does.
 */

/** One entry of the table. `kind: 'notice'` entries are messages on a successful answer. */
export interface Outcome<P, K extends 'error' | 'notice' = 'error' | 'notice'> {
  readonly kind: K;
  readonly status: number;
  readonly invalidToken: boolean;
  readonly render: (params: P) => string;
  /** Extra response headers (e.g. `Retry-After`). */
  readonly headers?: (params: P) => Readonly<Record<string, string>>;
}

function fixed(status: number, text: string, invalidToken = false): Outcome<undefined, 'error'> {
  return { kind: 'error', status, invalidToken, render: () => text };
}

function param<P>(
  status: number,
  render: (params: P) => string,
  headers?: (params: P) => Readonly<Record<string, string>>,
): Outcome<P, 'error'> {
  return headers
    ? { kind: 'error', status, invalidToken: false, render, headers }
    : { kind: 'error', status, invalidToken: false, render };
}

function notice<P>(render: (params: P) => string): Outcome<P, 'notice'> {
  return { kind: 'notice', status: 200, invalidToken: false, render };
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** Echoed caller text is shortened so a hostile path cannot blow up a message or a log line. */
const clip = (text: string, max = 200): string => (text.length > max ? `${text.slice(0, max)}…` : text);

/** Caller text with control characters shown as U+FFFD, so an echoed name cannot forge log lines. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: replacing control characters is the point
const printable = (text: string): string => String(text).replace(/[\u0000-\u001f\u007f]/g, '\ufffd');

/** Human-readable byte size: 64 MiB, 512 KiB, 100 bytes. */
export function formatBytes(bytes: number): string {
  const units: readonly [number, string][] = [
    [1024 ** 3, 'GiB'],
    [1024 ** 2, 'MiB'],
    [1024, 'KiB'],
  ];
  for (const [size, unit] of units) {
    if (bytes >= size) return `${Number((bytes / size).toFixed(2))} ${unit}`;
  }
  return plural(bytes, 'byte', 'bytes');
}

/** The table. Add new outcomes here, never as inline strings in handlers. */
export const OUTCOMES = {
  // --- spec §1, byte-exact -------------------------------------------------------------
  InvalidToken: fixed(
    200,
    'The requested resource is restricted and your request did not provide a valid token.',
    true,
  ),
  InvalidApplication: fixed(200, 'The requested application is invalid.'),
  InvalidSession: fixed(200, 'The requested session is invalid.'),
  InvalidJson: fixed(200, 'The request body is not valid JSON.'),
  PropertyMissing: param(
    200,
    (p: { property: string }) => `The required property '${p.property}' is missing.`,
  ),
  // --- spec §2, byte-exact -------------------------------------------------------------
  InvalidCredentials: fixed(200, 'The client identifier or secret is invalid.'),

  // --- request shape ---------------------------------------------------------------------
  /** `expected` is a phrase: "a number", "an integer from 1 to 100", "one of 0, 1 or 2". */
  PropertyInvalid: param(
    200,
    (p: { property: string; expected: string }) => `The property '${p.property}' must be ${p.expected}.`,
  ),
  BodyNotObject: fixed(200, 'The request body must be a JSON object.'),
  BodyIncomplete: fixed(200, 'The request body does not match its Content-Length header.'),
  RequestUnreadable: fixed(200, 'The request could not be read.'),

  // --- transport (non-200) --------------------------------------------------------------
  PayloadTooLarge: param(
    413,
    (p: { limitBytes: number }) =>
      `The request body is larger than the limit of ${formatBytes(p.limitBytes)}.`,
  ),
  UnsupportedMediaType: param(415, (p: { contentType: string | undefined }) =>
    p.contentType === undefined
      ? 'The request has no Content-Type header; send JSON with Content-Type: application/json.'
      : `The content type '${clip(p.contentType, 100)}' is not supported; send JSON with Content-Type: application/json.`,
  ),
  RateLimited: param(
    429,
    (p: { retryAfterSeconds: number }) =>
      `Too many requests; try again in ${plural(p.retryAfterSeconds, 'second', 'seconds')}.`,
    (p) => ({ 'retry-after': String(p.retryAfterSeconds) }),
  ),
  RouteNotFound: param(404, (p: { path: string }) => `There is no API method at '${clip(p.path)}'.`),
  MethodNotAllowed: param(
    405,
    (p: { method: string }) => `The HTTP method '${clip(p.method, 20)}' is not supported here; use POST.`,
    () => ({ allow: 'POST' }),
  ),
  InternalError: fixed(500, 'An internal error occurred.'),

  // --- auth --------------------------------------------------------------------------------
  CredentialsLocked: param(
    200,
    (p: { retryAfterSeconds: number }) =>
      `Too many failed attempts for this client identifier; try again in ${plural(p.retryAfterSeconds, 'second', 'seconds')}.`,
  ),
  ImpersonationNotAllowed: fixed(200, 'This API client is not allowed to act for users.'),

  // --- limits ------------------------------------------------------------------------------
  TooManySessionsForClient: param(
    200,
    (p: { limit: number }) =>
      `This client already has the maximum of ${plural(p.limit, 'open dedicated session', 'open dedicated sessions')}; close one first.`,
  ),
  TooManySessionsForApplication: param(
    200,
    (p: { limit: number }) =>
      `The application already has the maximum of ${plural(p.limit, 'open dedicated session', 'open dedicated sessions')}.`,
  ),
  BatchTooLarge: param(
    200,
    (p: { count: number; limit: number }) =>
      `The batch has ${p.count} requests, more than the limit of ${p.limit}.`,
  ),
  CalculationTimeout: param(
    200,
    (p: { seconds: number }) =>
      `The calculation did not finish within ${plural(p.seconds, 'second', 'seconds')}.`,
  ),
  InvalidFileVersion: fixed(200, 'The requested file version does not exist.'),

  // --- calculation and publishing -----------------------------------------------------------
  /** The engine failed on this request's input (a wasm trap); nothing was saved. */
  CalculationFailed: fixed(200, 'The calculation engine failed on this input; nothing was saved.'),
  /** The calculation outgrew its worker's memory limit (SHEETPORT_WORKER_HEAP_MB); the worker was replaced. */
  CalculationOutOfMemory: fixed(
    200,
    'The calculation needed more memory than the server allows and was stopped; nothing was saved.',
  ),
  /** An input value the engine refused; `reason` is a complete sentence. */
  InputRefused: param(200, (p: { reason: string }) => p.reason),
  /** An uploaded workbook that cannot be published; `reason` is a complete sentence naming the problem. */
  WorkbookRejected: param(200, (p: { reason: string }) => p.reason),
  GoalSeekIncomplete: fixed(
    200,
    'Goal seek needs TargetRef, ChangingRef and TargetValue when it is enabled.',
  ),

  // --- notices: Success stays true (spec §4) ------------------------------------------------
  InputRefIgnored: notice(
    (p: { ref: string }) =>
      `The input '${clip(p.ref)}' does not name anything in the workbook and was ignored.`,
  ),
  /** A message the calculation itself produced (ignored input Ref, goal seek not converged...). */
  CalculationNotice: notice((p: { message: string }) => p.message),
  OutputRefInvalid: notice(
    (p: { ref: string }) => `The output '${clip(p.ref)}' does not name anything in the workbook.`,
  ),

  // --- sites ---------------------------------------------------------------------------------
  /** The engine cannot load the uploaded workbook even with trapping cells contained. */
  WorkbookUnloadable: fixed(200, 'The calculation engine fails on this workbook, so it was not published.'),
  /** A publish-time warning (a cell where the engine disagrees with Excel's saved value); a sentence. */
  PublishWarning: notice((p: { message: string }) => p.message),

  // --- users -------------------------------------------------------------------------------
  UnknownUser: param(
    200,
    (p: { userName: string }) =>
      `The user '${clip(printable(p.userName), 100)}' does not exist on this site.`,
  ),
  InactiveUser: param(
    200,
    (p: { userName: string }) => `The user '${clip(printable(p.userName), 100)}' is not active.`,
  ),
  UserNameTaken: param(
    200,
    (p: { userName: string }) =>
      `The user name '${clip(printable(p.userName), 100)}' is already taken on this site.`,
  ),

  // --- records ---------------------------------------------------------------------------
  RecordNotFound: param(200, (p: { recordId: number }) => `The record ${p.recordId} does not exist.`),
  /** Optimistic concurrency: another save updated the record after this one read it. */
  RecordConflict: param(
    200,
    (p: { recordId: number }) =>
      `The record ${p.recordId} was changed by another save; reload it and try again.`,
  ),
  /** A name that spells a system field (ID, UserName...) is left out of the record. */
  RecordNameSkipped: notice(
    (p: { name: string }) =>
      `The name '${clip(printable(p.name), 100)}' has the name of a system field and was not saved in the record.`,
  ),
  PageSizeTooLarge: param(
    200,
    (p: { pageSize: number; limit: number }) =>
      `The page size ${p.pageSize} is larger than the limit of ${p.limit.toLocaleString('en-US')} records per page.`,
  ),
  RecordColumnUnknown: param(
    200,
    (p: { column: string }) =>
      `The column '${clip(printable(p.column), 100)}' is neither a system field nor a field of this application's records.`,
  ),
  FilterValueMissing: param(
    200,
    (p: { column: string; operator: string }) =>
      `The filter on '${clip(printable(p.column), 100)}' needs a Value for the operator ${p.operator}.`,
  ),
  FilterValueNotNumber: param(
    200,
    (p: { column: string; value: string }) =>
      `The filter on '${clip(printable(p.column), 100)}' needs a whole number from -2147483648 to 2147483647, not '${clip(printable(p.value), 100)}'.`,
  ),
  FilterValueNotDate: param(
    200,
    (p: { column: string; value: string }) =>
      `The filter on '${clip(printable(p.column), 100)}' needs a date such as 2025-01-31 or 2025-01-31T14:30:00Z, not '${clip(printable(p.value), 100)}'.`,
  ),
  FilterOperatorNotForColumn: param(
    200,
    (p: { column: string; operator: string }) =>
      `The operator ${p.operator} compares text and cannot be used on the column '${clip(printable(p.column), 100)}'.`,
  ),

  // --- OAuth2 --------------------------------------------------------------------------------
  // Only `/connect/token` throws these; its route turns every failure into an RFC 6749 §5.2
  // error with its own status (`oauth/connectToken.ts`), so the table keeps the envelope's 200.
  UnsupportedGrantType: param(
    200,
    (p: { grantType: string }) =>
      `The grant type '${clip(p.grantType, 100)}' is not supported; use client_credentials.`,
  ),
  ClientAuthenticationMissing: fixed(
    200,
    'The request has no client credentials; send client_id and client_secret, or use HTTP Basic authentication.',
  ),
  ClientAuthenticationMalformed: fixed(
    200,
    'The Authorization header is not valid HTTP Basic authentication.',
  ),
  ClientAuthenticationConflict: fixed(
    200,
    'The request sends different client credentials in the Authorization header and in the body.',
  ),
} as const satisfies Record<string, Outcome<never>>;

/** Every outcome code. */
export type OutcomeCode = keyof typeof OUTCOMES;
/** Codes that fail a request (thrown as `ApiError`). */
export type ErrorCode = {
  [C in OutcomeCode]: (typeof OUTCOMES)[C]['kind'] extends 'error' ? C : never;
}[OutcomeCode];
/** Codes that annotate a successful answer (`ctx.notice(...)`). */
export type NoticeCode = Exclude<OutcomeCode, ErrorCode>;
/** The parameters an outcome's message needs. */
export type OutcomeParams<C extends OutcomeCode> = (typeof OUTCOMES)[C] extends Outcome<infer P> ? P : never;
/** Rest-argument form: no argument for fixed messages, one params object otherwise. */
export type OutcomeArgs<C extends OutcomeCode> =
  OutcomeParams<C> extends undefined ? [] : [params: OutcomeParams<C>];

/** The table entry of a code, with its params type erased (for generic code). */
export function outcomeOf(code: OutcomeCode): Outcome<unknown> {
  return OUTCOMES[code] as Outcome<unknown>;
}

/** Renders the message of any outcome. */
export function renderOutcome<C extends OutcomeCode>(code: C, ...args: OutcomeArgs<C>): string {
  return outcomeOf(code).render(args[0]);
}

/** A failure the caller caused; becomes the envelope in `toEnvelope`, never logged as a bug. */
export class ApiError<C extends ErrorCode = ErrorCode> extends Error {
  override readonly name = 'ApiError';
  readonly code: C;
  readonly params: OutcomeParams<C> | undefined;

  constructor(code: C, ...args: OutcomeArgs<C>) {
    super(renderOutcome(code, ...args));
    this.code = code;
    this.params = args[0] as OutcomeParams<C> | undefined;
  }

  /** HTTP status; named like fastify's convention so framework code reads it too. */
  get statusCode(): number {
    return outcomeOf(this.code).status;
  }

  get invalidToken(): boolean {
    return outcomeOf(this.code).invalidToken;
  }

  /** Extra headers this outcome sets. */
  get headers(): Readonly<Record<string, string>> {
    const entry = outcomeOf(this.code);
    return entry.headers ? entry.headers(this.params) : {};
  }
}
