/**
 * What every `/Api/Applications/*` method does before and after its work: find the application
 * the caller may use, pick the file version, check a SessionId's shape, and turn failures of the
 * layers below (compute, sessions) into outcomes of the table.
 */
import type { Principal } from '../../auth/principal.js';
import { ComputeError } from '../../compute/pool.js';
import { SessionError } from '../../sessions/sessionService.js';
import type { Application } from '../../store/types.js';
import { ApiError } from '../outcomes.js';
import type { MethodContext } from '../route.js';

/**
 * The application of a `tokenIfRestricted` call, as the gate found it. A valid token of another
 * site never reaches it (spec §3), even when the application is Unrestricted.
 */
export function gatedApplication(ctx: MethodContext): Application {
  const app = ctx.access?.application;
  if (app === undefined) throw new Error('gatedApplication needs a tokenIfRestricted method');
  if (ctx.principal !== null && ctx.principal.siteId !== app.siteId) throw new ApiError('InvalidApplication');
  return app;
}

/** The application of a `token` call, looked up in the caller's own site. */
export async function siteApplication(ctx: MethodContext, key: string): Promise<Application> {
  const app = await ctx.deps.store.getApplicationByKey(key, principalOf(ctx).siteId);
  if (app === null) throw new ApiError('InvalidApplication');
  return app;
}

/** The caller of a call that needs one (sessions belong to API clients). */
export function principalOf(ctx: MethodContext): Principal {
  if (ctx.principal === null) throw new ApiError('InvalidToken');
  return ctx.principal;
}

/** The file version a stateless call runs on: the requested one if published, else the latest. */
export function pickVersion(app: Application, requested: number | undefined): number {
  if (requested === undefined) return app.latestVersion;
  if (requested > app.latestVersion) throw new ApiError('InvalidFileVersion');
  return requested;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A SessionId in canonical form (lowercase); anything that is not a GUID is an invalid session. */
export function sessionIdOf(raw: string): string {
  const id = raw.trim().toLowerCase();
  if (!GUID.test(id)) throw new ApiError('InvalidSession');
  return id;
}

/** Maps failures of the compute and session layers to outcomes; anything else is a bug (500). */
export function toApiError(err: unknown, ctx: MethodContext): unknown {
  if (err instanceof SessionError) {
    const p = err.problem;
    if (p.kind === 'clientLimit') return new ApiError('TooManySessionsForClient', { limit: p.limit });
    if (p.kind === 'applicationLimit')
      return new ApiError('TooManySessionsForApplication', { limit: p.limit });
    return new ApiError('InvalidSession');
  }
  if (err instanceof ComputeError) {
    switch (err.code) {
      case 'TRAP':
        return new ApiError('CalculationFailed');
      case 'MEMORY':
        return new ApiError('CalculationOutOfMemory');
      case 'TIMEOUT':
        return new ApiError('CalculationTimeout', {
          seconds: Math.max(1, Math.round(ctx.config.calcTimeoutMs / 1000)),
        });
      case 'BAD_INPUT':
        return new ApiError('InputRefused', { reason: err.message });
    }
  }
  return err;
}

/** Runs `work`, translating lower-layer failures (see `toApiError`). */
export async function translated<T>(ctx: MethodContext, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw toApiError(err, ctx);
  }
}
