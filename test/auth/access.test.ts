import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  AccessType,
  checkApplicationAccess,
  METHOD_TOKEN_RULES,
  needsToken,
  SITES_TOKEN_RULE,
} from '../../src/auth/access.js';
import type { Principal } from '../../src/auth/principal.js';

const siteA = 'site-a';
const principalA: Principal = { clientId: 'c', siteId: siteA, allowImpersonation: false };
const principalB: Principal = { clientId: 'd', siteId: 'site-b', allowImpersonation: false };

describe('auth/access', () => {
  it('numbers access types as the spec decides', () => {
    assert.deepEqual(AccessType, { Unrestricted: 0, Restricted: 1, RestrictedWithRegistration: 2 });
  });

  it('follows the spec §3 table', () => {
    for (const m of ['OpenDedicatedSession', 'CloseDedicatedSession', 'GetRecord', 'GetRecordExtended']) {
      assert.equal(METHOD_TOKEN_RULES[m], 'token', m);
    }
    for (const m of ['GetResult', 'GetBatchResults', 'GetLastUpdatedDate', 'GenerateNamedRangeInformation']) {
      assert.equal(METHOD_TOKEN_RULES[m], 'tokenIfRestricted', m);
    }
    assert.equal(SITES_TOKEN_RULE, 'token');
  });

  it('needs a token always for "token" methods, and for restricted apps otherwise', () => {
    for (const a of Object.values(AccessType)) assert.equal(needsToken('token', a), true);
    assert.equal(needsToken('tokenIfRestricted', AccessType.Unrestricted), false);
    assert.equal(needsToken('tokenIfRestricted', AccessType.Restricted), true);
    assert.equal(needsToken('tokenIfRestricted', AccessType.RestrictedWithRegistration), true);
  });

  it('decides access to an application', () => {
    const open = { siteId: siteA, accessType: AccessType.Unrestricted };
    const closed = { siteId: siteA, accessType: AccessType.Restricted };
    assert.equal(checkApplicationAccess('tokenIfRestricted', open, null), 'ok');
    assert.equal(checkApplicationAccess('tokenIfRestricted', closed, null), 'invalidToken');
    assert.equal(checkApplicationAccess('token', open, null), 'invalidToken');
    assert.equal(checkApplicationAccess('token', closed, principalA), 'ok');
    assert.equal(checkApplicationAccess('tokenIfRestricted', closed, principalB), 'invalidApplication');
    assert.equal(checkApplicationAccess('tokenIfRestricted', open, principalB), 'invalidApplication');
  });
});
