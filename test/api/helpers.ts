/** Test-only wire methods and fake deps that exercise the HTTP machinery without store or engine. */
import type { FastifyInstance } from 'fastify';
import { t } from '../../src/api/binding.js';
import type { ApiDeps, ApplicationAccess } from '../../src/api/deps.js';
import { ApiError } from '../../src/api/outcomes.js';
import { defineMethod, defineSurface } from '../../src/api/route.js';
import { buildHttpServer, type HttpServerOptions } from '../../src/api/server.js';
import type { Principal } from '../../src/auth/principal.js';
import { type ConfigOverrides, loadConfig } from '../../src/config.js';

export const VALID_TOKEN = 'Do3l_2l3uLdmYX76u-BufLzuuhFPOE-nRZDyU0adiFk1';
export const PRINCIPAL: Principal = { clientId: 'client-1', siteId: 'site-1', allowImpersonation: false };
export const OPEN_APP = 'a4dcfb4f0464453b928ce1d6bcfb6aa3';
export const RESTRICTED_APP = 'b4dcfb4f0464453b928ce1d6bcfb6aa3';
export const ZERO_GUID = '00000000-0000-0000-0000-000000000000';

/** Fakes: one valid token, one open and one restricted application; calls are counted. */
export function fakeDeps(): ApiDeps & { calls: string[] } {
  const calls: string[] = [];
  const apps = new Map<string, ApplicationAccess>([
    [OPEN_APP, { restricted: false }],
    [RESTRICTED_APP, { restricted: true }],
  ]);
  // Only the gate's two members are used by the HTTP-machinery tests; the services stay absent.
  const unused = undefined as never;
  return {
    calls,
    store: unused,
    compute: unused,
    sessions: unused,
    publisher: unused,
    throttle: unused,
    async verifyToken(token) {
      calls.push(`verifyToken:${token}`);
      return token === VALID_TOKEN ? PRINCIPAL : null;
    },
    async findApplicationAccess(key) {
      calls.push(`findApplicationAccess:${key}`);
      return apps.get(key) ?? null;
    },
  };
}

const Echo = t.object({
  Name: t.string(),
  Count: t.int().optional(),
  Ratio: t.number().optional(),
  Flag: t.bool().default(false),
  Inputs: t
    .array(t.object({ Ref: t.string(), Value: t.array(t.array(t.object({ Value: t.scalar().optional() }))) }))
    .default([]),
});

/** Test surface: one method per auth mode plus failure cases. */
export const testSurface = defineSurface({
  name: 'test',
  methods: [
    defineMethod({
      path: '/Api/Test/Echo',
      auth: 'none',
      request: Echo,
      summary: 'Echoes the bound request.',
      handler: async (input) => ({ Echo: input }),
    }),
    defineMethod({
      path: '/Api/Test/WhoAmI',
      auth: 'token',
      request: t.object({ ApplicationKey: t.string().optional() }),
      summary: 'Returns the principal.',
      handler: async (_input, ctx) => ({ ClientId: ctx.principal?.clientId ?? null }),
    }),
    defineMethod({
      path: '/Api/Test/Calc',
      auth: 'tokenIfRestricted',
      request: t.object({ ApplicationKey: t.string(), Outputs: t.array(t.string()).default([]) }),
      summary: 'Pretends to calculate.',
      handler: async (input, ctx) => {
        for (const ref of input.Outputs) if (ref === 'Nope') ctx.notice('OutputRefInvalid', { ref });
        return { ApplicationKey: input.ApplicationKey, ClientId: ctx.principal?.clientId ?? null };
      },
    }),
    defineMethod({
      path: '/Api/Test/OpenSession',
      auth: 'none',
      request: t.object({ Fail: t.bool().default(false) }),
      summary: 'Fails with a failure property when asked.',
      failureProps: { SessionId: ZERO_GUID },
      handler: async (input) => {
        if (input.Fail) throw new ApiError('InvalidApplication');
        return { SessionId: '25eae3ae-755e-4b3c-aa48-d7f096f6a2a7' };
      },
    }),
    defineMethod({
      path: '/Api/Test/Bug',
      auth: 'none',
      request: t.object({}),
      summary: 'Throws a bug.',
      bodyLimit: 100,
      handler: async () => {
        throw new Error('secret detail: password=hunter2 at /srv/db');
      },
    }),
  ],
});

/** A form-accepting surface, like the OAuth2 `/connect/token`. */
export const formSurface = defineSurface({
  name: 'oauth',
  formBodies: true,
  methods: [
    defineMethod({
      path: '/connect/token',
      auth: 'none',
      request: t.object({ grant_type: t.string(), client_id: t.string() }),
      summary: 'Form echo.',
      handler: async (input) => ({ GrantType: input.grant_type, ClientId: input.client_id }),
    }),
  ],
});

/** A server with the test surfaces, quiet logs and rate limiting off unless overridden. */
export function testServer(
  overrides: ConfigOverrides = {},
  options: HttpServerOptions & { deps?: ApiDeps } = {},
): { app: FastifyInstance; deps: ApiDeps } {
  const config = loadConfig({}, { logLevel: 'silent', rateLimit: { enabled: false }, ...overrides });
  const deps = options.deps ?? fakeDeps();
  const app = buildHttpServer(config, deps, { surfaces: [testSurface, formSurface], ...options });
  return { app, deps };
}

/** POSTs JSON through inject and returns status, headers and the parsed body. */
export async function post(
  app: FastifyInstance,
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, unknown>; body: Record<string, unknown> }> {
  const res = await app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json', ...headers },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.statusCode, headers: res.headers, body: res.json() };
}
