/**
 * The HTTP server: fastify configured for the SpreadsheetWeb wire rules (spec §1), the shared
 * hooks, the one error handler, docs, health and metrics. Wire methods arrive as surfaces
 * (`route.ts`).
 * The request lifecycle, step by step, is in `src/api/README.md`.
 */
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
} from 'fastify';
import type { Config } from '../config.js';
import type { ApiDeps } from './deps.js';
import { RESPONSE_HEADERS, toEnvelope } from './envelope.js';
import { gateHook } from './gate.js';
import { noteFailure, registerMetrics } from './metrics.js';
import { ApiError } from './outcomes.js';
import { type ApiSurface, surfacePlugin } from './route.js';
import { apiSurfaces } from './surfaces.js';

/** Options for tests and embedding; production uses the defaults. */
export interface HttpServerOptions {
  /** The wire methods to serve; default every surface in `surfaces.ts`. */
  readonly surfaces?: readonly ApiSurface[];
  /** Where logs go (default stdout); tests capture them here. */
  readonly logStream?: { write(line: string): void };
}

/** Builds the fastify instance (not yet listening); call `listen()` or `inject()` on it. */
export function buildHttpServer(
  config: Config,
  deps: ApiDeps,
  options: HttpServerOptions = {},
): FastifyInstance {
  const logger: FastifyServerOptions['logger'] = options.logStream
    ? { level: config.logLevel, stream: options.logStream }
    : { level: config.logLevel };
  const app = Fastify({
    logger,
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    // ASP.NET routing: case-insensitive, tolerant of a trailing or doubled slash.
    routerOptions: { caseSensitive: false, ignoreTrailingSlash: true, ignoreDuplicateSlashes: true },
    // fastify logs two lines per request; one (below) carries the same facts at half the cost.
    disableRequestLogging: true,
  });

  app.decorate('deps', deps);
  app.decorate('config', config);
  app.decorateRequest('principal', null);
  app.decorateRequest('input', null);
  app.decorateRequest('access', null);

  // Only JSON everywhere; surfaces may add form bodies for themselves (route.ts).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(['application/json', 'text/json'], { parseAs: 'string' }, parseJson);

  app.addHook('onSend', (_request, reply, payload, done) => {
    reply.header('cache-control', RESPONSE_HEADERS['cache-control']);
    const type = reply.getHeader('content-type');
    if (type === undefined || String(type).startsWith('application/json')) {
      reply.header('content-type', RESPONSE_HEADERS['content-type']);
    }
    done(null, payload);
  });

  app.addHook('onResponse', (request, reply, done) => {
    request.log.info(
      {
        method: request.method,
        url: request.url,
        statusCode: reply.statusCode,
        responseTime: Math.round(reply.elapsedTime * 100) / 100,
      },
      'request completed',
    );
    done();
  });

  app.setErrorHandler((err, request, reply) => sendError(err, request, reply, config));

  // Known POST paths, to tell "no such method" (404) from "wrong HTTP method" (405).
  const postPaths = new Set<string>();
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (methods.includes('POST')) postPaths.add(normalizePath(route.url));
  });

  app.addHook('preHandler', gateHook(app));

  // Before the surfaces, so its answer hook counts every route.
  if (config.metricsEnabled) registerMetrics(app, deps);

  app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'sheetport',
        version: '1.0.0',
        description:
          'Excel workbooks as calculation web services, speaking the SpreadsheetWeb Web API. ' +
          'Every answer is the envelope { Success, InvalidToken, Messages } plus the method’s properties.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
  });

  if (config.rateLimit.enabled) {
    app.register(rateLimit, {
      global: true,
      max: config.rateLimit.max,
      timeWindow: config.rateLimit.windowSeconds * 1000,
      errorResponseBuilder: (_request, context) =>
        new ApiError('RateLimited', { retryAfterSeconds: Math.max(1, Math.ceil(context.ttl / 1000)) }),
    });
  }

  app.after(() => {
    const notFound = async (request: FastifyRequest): Promise<never> => {
      const path = request.url.split('?', 1)[0] ?? '';
      if (request.method !== 'POST' && postPaths.has(normalizePath(path))) {
        throw new ApiError('MethodNotAllowed', { method: request.method });
      }
      throw new ApiError('RouteNotFound', { path });
    };
    // Unknown routes count against the rate limit too, or scanning them would be free.
    if (config.rateLimit.enabled) app.setNotFoundHandler({ preHandler: app.rateLimit() }, notFound);
    else app.setNotFoundHandler(notFound);
  });

  app.register((scope, _opts, done) => {
    scope.get(
      '/healthz',
      {
        config: { rateLimit: false },
        schema: { summary: 'Liveness probe.', tags: ['ops'] },
      },
      async () => ({ status: 'ok' }),
    );
    scope.get('/openapi.json', { config: { rateLimit: false }, schema: { hide: true } }, async () =>
      app.swagger(),
    );
    done();
  });

  for (const surface of options.surfaces ?? apiSurfaces) app.register(surfacePlugin(surface));
  return app;
}

/** `/Api//Foo/` and `/api/foo` are the same route to the router; the 405 check must agree. */
function normalizePath(path: string): string {
  return (
    path
      .toLowerCase()
      .replace(/\/{2,}/g, '/')
      .replace(/\/+$/, '') || '/'
  );
}

const BLANK = /^\s*$/;

/**
 * JSON bodies: an empty body is `{}` (spec: null-valued properties may be omitted, so "nothing"
 * is a valid request); a UTF-8 BOM, which .NET clients often send, is skipped.
 */
function parseJson(
  _request: FastifyRequest,
  body: string | Buffer,
  done: (err: Error | null, body?: unknown) => void,
): void {
  let text = typeof body === 'string' ? body : body.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (BLANK.test(text)) {
    done(null, {});
    return;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    done(new ApiError('InvalidJson'));
    return;
  }
  done(null, parsed);
}

function sendError(err: unknown, request: FastifyRequest, reply: FastifyReply, config: Config): void {
  const method = request.routeOptions.config.wireMethod;
  const envelope = toEnvelope(err, {
    log: request.log,
    bodyLimitBytes: request.routeOptions.bodyLimit ?? config.bodyLimitBytes,
    contentType: request.headers['content-type'],
    failureProps: method?.failureProps,
  });
  const { statusCode, headers, body } = method?.failureReply?.(envelope, err) ?? envelope;
  noteFailure(request, err, statusCode);
  reply.code(statusCode).headers(headers).send(body);
}
