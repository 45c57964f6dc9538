/**
 * Every wire-method surface the server serves. Each API folder's `index.ts` exports one
 * surface (`applications/`, `auth/`, `sites/`, `oauth/`); add it here and `buildHttpServer`
 * registers it as its own plugin.
 */
import { applicationsSurface } from './applications/index.js';
import { authSurface } from './auth/index.js';
import { oauthSurface } from './oauth/index.js';
import type { ApiSurface } from './route.js';
import { sitesSurface } from './sites/index.js';

/** The surfaces served by default. */
export const apiSurfaces: readonly ApiSurface[] = [
  authSurface,
  oauthSurface,
  applicationsSurface,
  sitesSurface,
];
