/**
 * The gate: the one preHandler hook that binds the body and enforces the route's `auth` rule
 * before any handler runs. Order matters and is deliberate:
 *   - `token`: the token is checked before the body, so an anonymous caller learns nothing
 *     about the request shape and always sees the token message first.
 *   - `tokenIfRestricted`: the body is bound first, because the ApplicationKey decides whether
 *     a token is needed; an unknown application answers `The requested application is invalid.`
 *   - `none`: the body is bound.
 */
import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { Principal } from '../auth/principal.js';
import { bind } from './binding.js';
import type { ApiDeps } from './deps.js';
import { ApiError } from './outcomes.js';

const BEARER = /^\s*bearer\s+(\S+)\s*$/i;

/** The token of an `Authorization: Bearer <token>` header (scheme case-insensitive), else undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  return BEARER.exec(header)?.[1];
}

async function principalOf(deps: ApiDeps, request: FastifyRequest): Promise<Principal | null> {
  const token = bearerToken(request.headers.authorization);
  return token === undefined ? null : deps.verifyToken(token);
}

/** Builds the gate hook for `app` (reads `app.deps` per request, so tests may swap deps). */
export function gateHook(app: FastifyInstance): preHandlerAsyncHookHandler {
  return async function gate(request) {
    const method = request.routeOptions.config.wireMethod;
    if (method === undefined) return; // not a wire method (healthz, openapi.json)
    const deps = app.deps;
    if (method.auth === 'token') {
      const principal = await principalOf(deps, request);
      if (principal === null) throw new ApiError('InvalidToken');
      request.principal = principal;
    }
    const input = bind(method.request, request.body);
    request.input = input;
    if (method.auth === 'tokenIfRestricted') {
      const key = input.ApplicationKey;
      if (typeof key !== 'string') throw new ApiError('PropertyMissing', { property: 'ApplicationKey' });
      const access = await deps.findApplicationAccess(key);
      if (access === null) throw new ApiError('InvalidApplication');
      // A presented token that fails verification makes the call anonymous rather than failing
      // it: ASP.NET's bearer middleware behaves so, and clients that keep sending a stale token
      // to an unrestricted application keep working.
      const principal = await principalOf(deps, request);
      if (access.restricted && principal === null) throw new ApiError('InvalidToken');
      request.principal = principal;
      request.access = access;
    }
  };
}
