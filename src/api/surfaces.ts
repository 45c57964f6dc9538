/**
 * Every wire-method surface the server serves. Each API folder's `index.ts` exports one
 * surface (`applications/`, `auth/`, `sites/`, `oauth/`); add it here and `buildHttpServer`
 * registers it as its own plugin.
 */
import type { ApiSurface } from './route.js';

/** The surfaces served by default (none yet: handlers arrive with the store and the engine). */
export const apiSurfaces: readonly ApiSurface[] = [];
