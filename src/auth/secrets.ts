import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/** scrypt cost parameters: N = 2^ln, block size r, parallelism p. */
export interface ScryptParams {
  readonly ln: number;
  readonly r: number;
  readonly p: number;
}

/**
 * Default cost: N = 2^14, r = 8, p = 1 (16 MiB, ~50 ms on a small 2-core machine).
 * Client secrets are 256 random bits, so no work factor changes how hard they are to guess
 * even from a stolen hash; the slow hash is defence in depth (spec §2), and a higher cost
 * would only make GetToken a cheaper denial-of-service lever. Hashes name their own
 * parameters, so raising them later needs no migration (see `needsRehash`).
 */
export const DEFAULT_SCRYPT_PARAMS: ScryptParams = { ln: 14, r: 8, p: 1 };

const SALT_BYTES = 16;
const KEY_BYTES = 32;
// Loose on purpose: a cheap pre-filter that rejects what cannot be a token of ours before
// hashing and a store lookup, without tying verification to today's token length.
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{16,128}$/;
const HEX_32 = /^[0-9a-f]{32}$/;

/** A new public ClientIdentifier: 32 lowercase hex chars (128 random bits). */
export function generateClientIdentifier(): string {
  return randomBytes(16).toString('hex');
}

/** A new client secret: 43 base64url chars (256 random bits), shown once at creation. */
export function generateClientSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** A new opaque access token: 43 base64url chars (256 random bits). */
export function generateAccessToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Whether a string has the shape of a ClientIdentifier (32 lowercase hex). */
export function isClientIdentifier(s: string): boolean {
  return HEX_32.test(s);
}

/** Whether a string could be an access token (16–128 base64url chars); false means reject outright. */
export function couldBeAccessToken(s: string): boolean {
  return TOKEN_SHAPE.test(s);
}

/** Lowercase hex SHA-256 of a token: tokens are high-entropy, so a fast hash suffices for lookup. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Hashes a secret with scrypt into a self-describing PHC-style string
 * `$scrypt$ln=14,r=8,p=1$<salt>$<hash>` (base64, unpadded), so parameters can change
 * without invalidating existing hashes.
 */
export async function hashSecret(
  secret: string,
  params: ScryptParams = DEFAULT_SCRYPT_PARAMS,
): Promise<string> {
  checkParams(params);
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(secret, salt, KEY_BYTES, params);
  return `$scrypt$ln=${params.ln},r=${params.r},p=${params.p}$${b64(salt)}$${b64(key)}`;
}

/**
 * Checks a secret against a hash from `hashSecret`, with a constant-time comparison.
 * Throws if the hash string is malformed (a corrupt store, not a wrong secret).
 */
export async function verifySecret(secret: string, hash: string): Promise<boolean> {
  const parsed = parseHash(hash);
  const key = await derive(secret, parsed.salt, parsed.key.length, parsed.params);
  return timingSafeEqual(key, parsed.key);
}

/** Whether a hash was made with other parameters than `params` (rehash after a successful login). */
export function needsRehash(hash: string, params: ScryptParams = DEFAULT_SCRYPT_PARAMS): boolean {
  const p = parseHash(hash).params;
  return p.ln !== params.ln || p.r !== params.r || p.p !== params.p;
}

interface ParsedHash {
  readonly params: ScryptParams;
  readonly salt: Buffer;
  readonly key: Buffer;
}

const HASH_FORMAT = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

function parseHash(hash: string): ParsedHash {
  const m = HASH_FORMAT.exec(hash);
  if (!m) throw new Error('The stored secret hash is malformed.');
  const [, ln, r, p, salt, key] = m;
  const params = { ln: Number(ln), r: Number(r), p: Number(p) };
  checkParams(params);
  const keyBytes = Buffer.from(key ?? '', 'base64');
  if (keyBytes.length < 16 || keyBytes.length > 64) throw new Error('The stored secret hash is malformed.');
  return { params, salt: Buffer.from(salt ?? '', 'base64'), key: keyBytes };
}

// Bounds keep a corrupt or hostile hash string from asking for gigabytes or minutes.
function checkParams({ ln, r, p }: ScryptParams): void {
  const ok = Number.isInteger(ln) && ln >= 10 && ln <= 20 && Number.isInteger(r) && r >= 1 && r <= 32;
  if (!ok || !Number.isInteger(p) || p < 1 || p > 16) {
    throw new Error(`scrypt parameters out of range: ln=${ln}, r=${r}, p=${p}.`);
  }
}

function derive(secret: string, salt: Buffer, keyLen: number, { ln, r, p }: ScryptParams): Promise<Buffer> {
  const N = 2 ** ln;
  // Node refuses when 128·N·r reaches maxmem; leave headroom above the real need.
  const maxmem = 256 * N * r;
  return new Promise((resolve, reject) => {
    scrypt(secret, salt, keyLen, { N, r, p, maxmem }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

function b64(buf: Buffer): string {
  return buf.toString('base64').replace(/=+$/, '');
}
