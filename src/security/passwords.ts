import crypto from 'node:crypto';
import { promisify } from 'node:util';
import { hash as argon2Hash, verify as argon2Verify, type Algorithm, type Version } from '@node-rs/argon2';

/**
 * OWASP's minimum for argon2id (19 MiB, 2 passes, 1 lane): a log-in stays well under 100 ms
 * on a small server while a GPU guesser pays the memory for every try.
 */
const current = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;
// The package's enums are ambient `const enum`s, which isolatedModules cannot inline; these
// are their documented values (Argon2id = 2, V0x13 = 1, i.e. v=19).
const argon2id = 2 as Algorithm;
const v19 = 1 as Version;

/**
 * Hashes read back from the database are parsed before any work is done on them, so a
 * corrupted or hostile row cannot make verification allocate gigabytes or spin for minutes
 * (the native code would abort the whole process on a failed allocation).
 */
const argon2Bounds = { maxMemoryKiB: 1 << 20, maxTime: 10, maxParallelism: 16 };
const scryptBounds = { maxMemoryBytes: 256 * 1024 * 1024, maxP: 4 };

const b64 = /^[A-Za-z0-9+/]+={0,2}$/;
const argon2Phc = /^\$argon2id\$v=19\$m=(\d{1,10}),t=(\d{1,10}),p=(\d{1,3})\$([A-Za-z0-9+/]{11,})\$([A-Za-z0-9+/]{22,})$/;

const scrypt = promisify(crypto.scrypt) as (pw: string, salt: Buffer, len: number, opts: crypto.ScryptOptions) => Promise<Buffer>;

/**
 * The same password typed on different systems can arrive composed or decomposed (é as one
 * code point or as e + accent); NFC makes both hash alike.
 */
const normalize = (password: string): string => password.normalize('NFC');

/** PHC string '$argon2id$v=19$m=19456,t=2,p=1$…' (OWASP's minimum: 19 MiB, 2 passes, 1 lane). */
export async function hashPassword(password: string): Promise<string> {
  return argon2Hash(normalize(password), { ...current, algorithm: argon2id, version: v19, outputLen: 32 });
}

/**
 * True when the password matches. Also accepts the legacy 'scrypt$N$r$p$salt$key' hashes the
 * project wrote before, so existing users can still log in (and be rehashed). Never throws on
 * a malformed stored hash: returns false. Comparisons are constant-time.
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  try {
    if (stored.startsWith('$argon2')) return await verifyArgon2(password, stored);
    if (stored.startsWith('scrypt$')) return await verifyScrypt(password, stored);
    return false;
  } catch {
    return false;
  }
}

async function verifyArgon2(password: string, stored: string): Promise<boolean> {
  const params = parseArgon2(stored);
  if (!params) return false;
  if (params.m > argon2Bounds.maxMemoryKiB || params.t > argon2Bounds.maxTime || params.p > argon2Bounds.maxParallelism) return false;
  // The native verify compares the digests in constant time.
  return argon2Verify(stored, normalize(password));
}

function parseArgon2(stored: string): { m: number; t: number; p: number } | null {
  const match = argon2Phc.exec(stored);
  if (!match) return null;
  const [m, t, p] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (!(m >= 8 * p && t >= 1 && p >= 1)) return null;
  return { m, t, p };
}

/** The format src/app/staff/auth.ts wrote: scrypt$N$r$p$<salt base64>$<key base64>, raw (unnormalised) password. */
async function verifyScrypt(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6) return false;
  const [, n, r, p, salt, key] = parts as [string, string, string, string, string, string];
  if (![n, r, p].every((s) => /^[1-9]\d{0,7}$/.test(s))) return false;
  if (!b64.test(salt) || !b64.test(key)) return false;
  const N = Number(n);
  const R = Number(r);
  const P = Number(p);
  // scrypt needs N to be a power of two above 1; memory is OpenSSL's own estimate.
  if (N < 2 || (N & (N - 1)) !== 0 || P > scryptBounds.maxP) return false;
  const memory = 128 * R * (N + 2 + P);
  if (memory > scryptBounds.maxMemoryBytes) return false;
  const expected = Buffer.from(key, 'base64');
  const saltBytes = Buffer.from(salt, 'base64');
  if (expected.length < 16 || saltBytes.length < 8) return false;
  // Node refuses scrypt above 32 MiB unless told otherwise; allow what the bound above allows.
  const actual = await scrypt(password, saltBytes, expected.length, { N, r: R, p: P, maxmem: memory + 1024 * 1024 });
  return crypto.timingSafeEqual(actual, expected);
}

/** True for hashes that are not argon2id with the current parameters (caller rehashes after a successful log-in). */
export function needsRehash(stored: string): boolean {
  const params = parseArgon2(stored);
  if (!params) return true;
  return params.m !== current.memoryCost || params.t !== current.timeCost || params.p !== current.parallelism;
}

export const passwordMinLength = 12;
export const passwordMaxLength = 200;

/**
 * Password policy for staff: length only, as NIST SP 800-63B advises (composition rules push
 * people to predictable patterns). The upper bound keeps hashing cheap to request. Counted in
 * code points rather than UTF-16 units, so characters outside the BMP count once.
 */
export function passwordProblem(password: string): string | null {
  const length = [...password].length;
  if (length < passwordMinLength) return `The password must have at least ${passwordMinLength} characters.`;
  if (length > passwordMaxLength) return `The password must have at most ${passwordMaxLength} characters.`;
  return null;
}
