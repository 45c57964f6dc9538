import type { Principal } from '../auth/principal.js';
import { ApiError } from './outcomes.js';

/**
 * Fails the request unless the caller's API client may act for users (spec §2
 * AllowImpersonation; needed by GetRecord and GetRecordExtended): ImpersonationNotAllowed,
 * or InvalidToken when there is no caller at all. Lives in the API layer because it throws
 * an outcome; the flag itself comes from the token (`auth/tokens.ts`).
 */
export function requireImpersonation(principal: Principal | null): asserts principal is Principal {
  if (principal === null) throw new ApiError('InvalidToken');
  if (!principal.allowImpersonation) throw new ApiError('ImpersonationNotAllowed');
}
