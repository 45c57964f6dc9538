/**
 * One wire method = one `defineMethod({...})` in its own file; a folder's `index.ts` groups its
 * methods into a surface (`defineSurface`), which becomes one encapsulated fastify plugin.
 * Handlers get the bound request and return only their own properties: binding, auth, the
 * envelope and error mapping all happen around them, each in one place.
 */
import type { IncomingHttpHeaders } from 'node:http';
// For the `summary`/`tags`/`security` schema fields that @fastify/swagger adds to FastifySchema.
import type {} from '@fastify/swagger';
import type { FastifyBaseLogger, FastifyInstance, FastifyPluginCallback, FastifyRequest } from 'fastify';
import type { Principal } from '../auth/principal.js';
import type { Config } from '../config.js';
import type { JsonSchema, ObjectField, ObjectOut, Shape } from './binding.js';
import type { ApiDeps, ApplicationAccess } from './deps.js';
import { type EnvelopeReply, type MethodProps, successEnvelope } from './envelope.js';
import { type NoticeCode, type OutcomeArgs, renderOutcome } from './outcomes.js';

/**
 * Who may call a method (spec §3): `none`; `token` (always a valid bearer token);
 * `tokenIfRestricted` (a token only when the request's ApplicationKey names a restricted
 * application). Checked by the one gate hook in `gate.ts`, never inside handlers.
 */
export type AuthMode = 'none' | 'token' | 'tokenIfRestricted';

/** What a handler gets besides its bound request. */
export interface MethodContext {
  /** The caller behind the bearer token; `null` for anonymous calls (auth `none`, unrestricted apps). */
  readonly principal: Principal | null;
  /** For `tokenIfRestricted` methods: the request's application as the gate found it. */
  readonly access: ApplicationAccess | null;
  readonly deps: ApiDeps;
  readonly config: Config;
  readonly log: FastifyBaseLogger;
  /** The request headers; only for methods whose wire format puts input there (HTTP Basic on `/connect/token`). */
  readonly headers: Readonly<IncomingHttpHeaders>;
  /** Adds a message to a successful answer; `Success` stays true (e.g. an ignored input Ref). */
  notice<C extends NoticeCode>(code: C, ...args: OutcomeArgs<C>): void;
}

/** A wire method: route, auth rule, request spec, docs and handler. */
export interface ApiMethod<S extends Shape = Shape, P extends MethodProps = MethodProps> {
  /** The route as the spec spells it, e.g. `/Api/Applications/GetResult` (matched case-insensitively). */
  readonly path: string;
  readonly auth: AuthMode;
  /** The request spec; `tokenIfRestricted` methods must declare `ApplicationKey`. */
  readonly request: ObjectField<S>;
  /** One line for `/openapi.json`. */
  readonly summary: string;
  readonly description?: string;
  /** Method properties that a failed answer still carries, e.g. `{ SessionId: '00000000-…' }`. */
  readonly failureProps?: Readonly<Record<string, unknown>>;
  /** A tighter body limit in bytes than the server's (e.g. calculations, which never carry files). */
  readonly bodyLimit?: number;
  /**
   * Reshapes this method's failed answers after `toEnvelope` built them (status, headers, body),
   * for a wire format other than SpreadsheetWeb's: the RFC 6749 §5.2 errors of `/connect/token`.
   * Sees every failure of the route, the gate's binding errors included; `err` is what was thrown.
   */
  readonly failureReply?: (reply: EnvelopeReply, err: unknown) => EnvelopeReply;
  /** Does the work; throws `ApiError` for outcomes the caller caused. Returns the method's own properties. */
  handler(input: ObjectOut<S>, ctx: MethodContext): Promise<P>;
}

/**
 * What `defineMethod` takes: an `ApiMethod` whose failure props are also typed against the
 * handler's result (`{ SessionId: 5 }` for a string SessionId does not compile).
 */
export type MethodDefinition<S extends Shape, P extends MethodProps> = ApiMethod<S, P> & {
  readonly failureProps?: Readonly<Partial<NoInfer<P>>>;
};

/** Declares a wire method; checks at startup what types cannot. */
export function defineMethod<S extends Shape, P extends MethodProps>(
  method: MethodDefinition<S, P>,
): ApiMethod<S, P> {
  if (!method.path.startsWith('/')) throw new Error(`Method path must start with '/': ${method.path}`);
  if (method.auth === 'tokenIfRestricted' && !('ApplicationKey' in method.request.shape)) {
    throw new Error(
      `${method.path}: auth 'tokenIfRestricted' needs an ApplicationKey property in its request spec`,
    );
  }
  return Object.freeze({ ...method });
}

/** A group of methods served as one encapsulated plugin (e.g. `applications`, `sites`). */
export interface ApiSurface {
  /** Tag in `/openapi.json`. */
  readonly name: string;
  readonly description?: string;
  readonly methods: readonly ApiMethod[];
  /** Also accept `application/x-www-form-urlencoded` bodies (only the OAuth2 `/connect/token`). */
  readonly formBodies?: boolean;
}

/** Declares a surface. */
export function defineSurface(surface: ApiSurface): ApiSurface {
  return Object.freeze({ ...surface, methods: Object.freeze([...surface.methods]) });
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Services shared with every route. */
    deps: ApiDeps;
    /** The server configuration. */
    config: Config;
  }
  interface FastifyRequest {
    /** Set by the gate hook: the token's principal, or `null`. */
    principal: Principal | null;
    /** Set by the gate hook: the bound request of the route's method. */
    input: unknown;
    /** Set by the gate hook for `tokenIfRestricted` methods. */
    access: ApplicationAccess | null;
  }
  interface FastifyContextConfig {
    /** Present on wire-method routes; the gate hook reads it (not `method`: fastify keeps the HTTP verb there). */
    wireMethod?: ApiMethod;
  }
}

/** The envelope as documented in `/openapi.json`. */
export const ENVELOPE_SCHEMA: JsonSchema = {
  type: 'object',
  description: 'The envelope plus the method’s own properties.',
  properties: {
    Success: { type: 'boolean' },
    InvalidToken: { type: 'boolean' },
    Messages: { type: 'array', items: { type: 'string' } },
  },
  required: ['Success', 'InvalidToken', 'Messages'],
  additionalProperties: true,
};

const SECURITY: Readonly<Record<AuthMode, readonly Record<string, string[]>[]>> = {
  none: [],
  token: [{ bearer: [] }],
  tokenIfRestricted: [{}, { bearer: [] }],
};

// Bodies are documented in the schema but bound by our lenient binder, so fastify must neither
// validate them (ajv would reject "12" for an integer) nor serialize through the schema
// (fast-json-stringify would drop the method's own properties).
const noValidation = () => (data: unknown) => ({ value: data });
const plainJson = () => (data: unknown) => JSON.stringify(data);

function registerMethod(app: FastifyInstance, method: ApiMethod, tag: string): void {
  const description = [
    method.description,
    `Auth: ${method.auth}. Property names match case-insensitively; numbers may be sent as strings.`,
  ]
    .filter(Boolean)
    .join('\n\n');
  app.route({
    method: 'POST',
    url: method.path,
    // A method's own limit only ever tightens the server's.
    ...(method.bodyLimit === undefined
      ? {}
      : { bodyLimit: Math.min(method.bodyLimit, app.config.bodyLimitBytes) }),
    config: { wireMethod: method },
    schema: {
      summary: method.summary,
      description,
      tags: [tag],
      security: SECURITY[method.auth].map((s) => ({ ...s })),
      body: method.request.schema(),
      response: { 200: ENVELOPE_SCHEMA, default: ENVELOPE_SCHEMA },
    },
    validatorCompiler: noValidation,
    serializerCompiler: plainJson,
    handler: async (request: FastifyRequest) => {
      const messages: string[] = [];
      const ctx: MethodContext = {
        principal: request.principal,
        access: request.access,
        deps: app.deps,
        config: app.config,
        log: request.log,
        headers: request.headers,
        notice: (code, ...args) => {
          messages.push(renderOutcome(code, ...args));
        },
      };
      const props = await method.handler(request.input as ObjectOut<Shape>, ctx);
      return successEnvelope(props, messages);
    },
  });
}

/** Form bodies as a plain (null-prototype) object; the binder then treats them like JSON. */
function parseForm(
  _request: FastifyRequest,
  body: string | Buffer,
  done: (err: Error | null, body?: unknown) => void,
): void {
  const out: Record<string, string> = Object.create(null);
  for (const [key, value] of new URLSearchParams(body.toString())) out[key] = value;
  done(null, out);
}

/** The plugin serving one surface; encapsulated, so its form parser stays inside it. */
export function surfacePlugin(surface: ApiSurface): FastifyPluginCallback {
  return (app, _opts, done) => {
    if (surface.formBodies) {
      app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, parseForm);
    }
    for (const method of surface.methods) registerMethod(app, method, surface.name);
    done();
  };
}
