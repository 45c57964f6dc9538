import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  couldBeAccessToken,
  DEFAULT_SCRYPT_PARAMS,
  generateAccessToken,
  generateClientIdentifier,
  generateClientSecret,
  hashSecret,
  hashToken,
  isClientIdentifier,
  needsRehash,
  verifySecret,
} from '../../src/auth/secrets.js';

// Cheap parameters keep the suite fast; the default ones are exercised once below.
const FAST = { ln: 10, r: 8, p: 1 };

describe('auth/secrets', () => {
  it('generates identifiers, secrets and tokens in the spec formats', () => {
    const ids = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const id = generateClientIdentifier();
      assert.match(id, /^[0-9a-f]{32}$/);
      assert.ok(isClientIdentifier(id));
      ids.add(id);
      assert.match(generateClientSecret(), /^[A-Za-z0-9_-]{43}$/);
      const token = generateAccessToken();
      assert.match(token, /^[A-Za-z0-9_-]{43}$/);
      assert.ok(couldBeAccessToken(token));
    }
    assert.equal(ids.size, 50);
    assert.equal(isClientIdentifier('A'.repeat(32)), false);
    assert.equal(isClientIdentifier('a'.repeat(31)), false);
    // The spec's sample token (44 chars) has an acceptable shape; junk does not.
    assert.ok(couldBeAccessToken('Do3l_2l3uLdmYX76u-BufLzuuhFPOE-nRZDyU0adiFk1'));
    assert.equal(couldBeAccessToken('not a token!'), false);
    assert.equal(couldBeAccessToken('x'.repeat(500)), false);
  });

  it('hashes tokens with SHA-256 hex', () => {
    assert.equal(hashToken('abc'), createHash('sha256').update('abc').digest('hex'));
    assert.match(hashToken(generateAccessToken()), /^[0-9a-f]{64}$/);
  });

  it('round-trips a secret and rejects a wrong one', async () => {
    const secret = generateClientSecret();
    const hash = await hashSecret(secret, FAST);
    assert.match(hash, /^\$scrypt\$ln=10,r=8,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
    assert.equal(hash.includes(secret), false);
    assert.equal(await verifySecret(secret, hash), true);
    assert.equal(await verifySecret(`${secret}x`, hash), false);
    assert.equal(await verifySecret('', hash), false);
  });

  it('salts every hash', async () => {
    const a = await hashSecret('same', FAST);
    const b = await hashSecret('same', FAST);
    assert.notEqual(a, b);
    assert.ok((await verifySecret('same', a)) && (await verifySecret('same', b)));
  });

  it('uses the default parameters and flags hashes made with others', async () => {
    const hash = await hashSecret('s');
    const { ln, r, p } = DEFAULT_SCRYPT_PARAMS;
    assert.ok(hash.startsWith(`$scrypt$ln=${ln},r=${r},p=${p}$`));
    assert.equal(await verifySecret('s', hash), true);
    assert.equal(needsRehash(hash), false);
    assert.equal(needsRehash(await hashSecret('s', FAST)), true);
  });

  it('throws on malformed or out-of-range hash strings', async () => {
    await assert.rejects(verifySecret('s', 'plain'), /malformed/);
    await assert.rejects(
      verifySecret('s', '$scrypt$ln=30,r=8,p=1$c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5'),
      /out of range/,
    );
    assert.throws(() => needsRehash('$argon2id$v=19$...'), /malformed/);
  });
});
