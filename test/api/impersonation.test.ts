import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { requireImpersonation } from '../../src/api/impersonation.js';
import { ApiError } from '../../src/api/outcomes.js';

const principal = { clientId: 'c', siteId: 's' };

describe('requireImpersonation', () => {
  test('passes a client that allows impersonation', () => {
    assert.doesNotThrow(() => requireImpersonation({ ...principal, allowImpersonation: true }));
  });

  test('refuses a client without it, and an anonymous caller', () => {
    assert.throws(
      () => requireImpersonation({ ...principal, allowImpersonation: false }),
      (err: unknown) =>
        err instanceof ApiError &&
        err.code === 'ImpersonationNotAllowed' &&
        err.message === 'This API client is not allowed to act for users.',
    );
    assert.throws(
      () => requireImpersonation(null),
      (err: unknown) => err instanceof ApiError && err.code === 'InvalidToken' && err.invalidToken,
    );
  });
});
