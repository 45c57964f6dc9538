/**
 * The wire envelope `{ Success, InvalidToken, Messages }` and the one place where any error —
 * ours, fastify's, or a bug — becomes that envelope.
 */
import { ApiError, type ErrorCode, outcomeOf } from './outcomes.js';

/** The properties every answer carries (spec §1). */
export interface Envelope {
  Success: boolean;
  InvalidToken: boolean;
  Messages: string[];
}

/** Headers on every response, success or failure (spec §1). */
export const RESPONSE_HEADERS = {
  'cache-control': 'no-cache, no-store',
  'content-type': 'application/json; charset=utf-8',
} as const;

/** Method properties may not shadow the envelope's own. */
export type MethodProps = object & { Success?: never; InvalidToken?: never; Messages?: never };

/**
 * Builds an envelope: the three envelope properties first, then `props`. The envelope values are
 * written again after the copy so no prop can overwrite them, whatever its type claims.
 */
function build(success: boolean, invalidToken: boolean, messages: string[], props?: object): Envelope {
  const out: Envelope = { Success: success, InvalidToken: invalidToken, Messages: messages };
  if (props !== undefined) {
    Object.assign(out, props);
    out.Success = success;
    out.InvalidToken = invalidToken;
    out.Messages = messages;
  }
  return out;
}

/** A successful answer: `{ Success: true, InvalidToken: false, Messages, ...props }`. */
export function successEnvelope<P extends object>(props: P, messages: string[] = []): Envelope & P {
  return build(true, false, messages, props) as Envelope & P;
}

/** A reply ready to send: status, extra headers and the envelope body. */
export interface EnvelopeReply {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Envelope;
}

/** Facts about the request that framework errors need to become a useful message. */
export interface EnvelopeContext {
  /** Where a hidden 500 is logged with its real cause. */
  readonly log?: { error(obj: object, msg: string): void };
  /** The configured body limit, for the 413 message. */
  readonly bodyLimitBytes?: number;
  /** The request's Content-Type header, for the 415 message. */
  readonly contentType?: string | undefined;
  /** Method properties that a failed answer still carries (e.g. the all-zero SessionId). */
  readonly failureProps?: object | undefined;
}

/**
 * The one place errors become envelopes. `ApiError` keeps its outcome; fastify's own transport
 * errors map onto our outcomes; anything else is a bug: logged in full, answered with a bare
 * 500 `An internal error occurred.` that reveals nothing.
 */
export function toEnvelope(err: unknown, context: EnvelopeContext = {}): EnvelopeReply {
  const apiError = err instanceof ApiError ? err : fromFrameworkError(err, context);
  if (apiError === undefined) {
    context.log?.error({ err }, 'unhandled error; answered 500');
    return failure(new ApiError('InternalError'), context.failureProps);
  }
  return failure(apiError, context.failureProps);
}

function failure(err: ApiError, props: object | undefined): EnvelopeReply {
  const outcome = outcomeOf(err.code);
  return {
    statusCode: outcome.status,
    headers: err.headers,
    body: build(false, outcome.invalidToken, [err.message], props),
  };
}

interface FrameworkError {
  code?: unknown;
  statusCode?: unknown;
}

/** fastify (and @fastify/rate-limit) errors a caller can cause, by their stable codes. */
const FRAMEWORK_CODES: Readonly<Record<string, ErrorCode>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PayloadTooLarge',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UnsupportedMediaType',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BodyIncomplete',
  FST_ERR_CTP_INVALID_JSON_BODY: 'InvalidJson',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'InvalidJson',
};

/** Maps a framework error to our outcome, or `undefined` when it is not the caller's doing. */
function fromFrameworkError(err: unknown, context: EnvelopeContext): ApiError | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const { code, statusCode } = err as FrameworkError;
  const mapped = typeof code === 'string' ? FRAMEWORK_CODES[code] : undefined;
  switch (mapped) {
    case 'PayloadTooLarge':
      return new ApiError('PayloadTooLarge', { limitBytes: context.bodyLimitBytes ?? 0 });
    case 'UnsupportedMediaType':
      return new ApiError('UnsupportedMediaType', { contentType: context.contentType });
    case 'BodyIncomplete':
    case 'InvalidJson':
      return new ApiError(mapped);
  }
  if (typeof statusCode === 'number' && statusCode === 413) {
    return new ApiError('PayloadTooLarge', { limitBytes: context.bodyLimitBytes ?? 0 });
  }
  // Other 4xx from the framework (aborted upload, unreadable stream): the caller's doing, not a bug.
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500)
    return new ApiError('RequestUnreadable');
  return undefined;
}
