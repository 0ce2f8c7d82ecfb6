import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hash as argon2Hash, type Algorithm } from '@node-rs/argon2';
import { hashPassword, needsRehash, passwordProblem, verifyPassword } from '../../src/security/passwords.js';

/** A hash exactly as src/app/staff/auth.ts wrote them before argon2id. */
function legacyScryptHash(password: string, params = { N: 16384, r: 8, p: 1 }): string {
  const salt = crypto.randomBytes(16);
  const key = crypto.scryptSync(password, salt, 32, params);
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

const password = 'correct horse battery staple';

describe('argon2id hashes', () => {
  it('are PHC strings with the current parameters and a fresh salt each time', async () => {
    const a = await hashPassword(password);
    const b = await hashPassword(password);
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(a).not.toBe(b);
  });

  it('verify the right password and refuse a wrong one', async () => {
    const stored = await hashPassword(password);
    expect(await verifyPassword(password, stored)).toBe(true);
    expect(await verifyPassword(`${password}!`, stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('treat composed and decomposed forms of the same text alike', async () => {
    const stored = await hashPassword('caf\u00e9 au lait, s\u2019il vous pla\u00eet');
    expect(await verifyPassword('cafe\u0301 au lait, s\u2019il vous plai\u0302t', stored)).toBe(true);
  });

  it('are fresh: no rehash needed', async () => {
    expect(needsRehash(await hashPassword(password))).toBe(false);
  });

  it('made with weaker or other parameters need a rehash but still verify', async () => {
    const weaker = await argon2Hash(password, { algorithm: 2 as Algorithm, memoryCost: 4096, timeCost: 1, parallelism: 1 });
    expect(weaker).toMatch(/^\$argon2id\$v=19\$m=4096,t=1,p=1\$/);
    expect(needsRehash(weaker)).toBe(true);
    expect(await verifyPassword(password, weaker)).toBe(true);
    const fewerPasses = await argon2Hash(password, { algorithm: 2 as Algorithm, memoryCost: 19456, timeCost: 1, parallelism: 1 });
    expect(needsRehash(fewerPasses)).toBe(true);
    const argon2i = await argon2Hash(password, { algorithm: 1 as Algorithm, memoryCost: 19456, timeCost: 2, parallelism: 1 });
    expect(argon2i).toMatch(/^\$argon2i\$/);
    expect(needsRehash(argon2i)).toBe(true);
  });
});

describe('legacy scrypt hashes', () => {
  it('still verify, so existing staff can log in, and ask for a rehash', async () => {
    const stored = legacyScryptHash(password);
    expect(await verifyPassword(password, stored)).toBe(true);
    expect(await verifyPassword('wrong password!!', stored)).toBe(false);
    expect(needsRehash(stored)).toBe(true);
  });
});

describe('malformed stored hashes', () => {
  const good = legacyScryptHash(password);
  const [, , , , salt, key] = good.split('$');
  const cases: [string, string][] = [
    ['empty', ''],
    ['plain text', password],
    ['unknown algorithm', `bcrypt$10$${salt}$${key}`],
    ['scrypt with a part missing', `scrypt$16384$8$1$${salt}`],
    ['scrypt with an extra part', `${good}$x`],
    ['scrypt with an empty key', `scrypt$16384$8$1$${salt}$`],
    ['scrypt with N not a power of two', `scrypt$16383$8$1$${salt}$${key}`],
    ['scrypt with N = 0', `scrypt$0$8$1$${salt}$${key}`],
    ['scrypt with non-numeric r', `scrypt$16384$x$1$${salt}$${key}`],
    ['scrypt asking for gigabytes', `scrypt$1048576$64$1$${salt}$${key}`],
    ['scrypt with a key that is not base64', `scrypt$16384$8$1$${salt}$!!!!`],
    ['argon2id cut short', '$argon2id$v=19$m=19456,t=2,p=1$'],
    ['argon2id with a garbled hash', '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$***'],
    ['argon2id asking for 4 TiB', '$argon2id$v=19$m=4294967295,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$ZGlnZXN0ZGlnZXN0ZGlnZXN0ZGlnZXN0ZGlnZXN0ZGk'],
    ['argon2id with zero passes', '$argon2id$v=19$m=19456,t=0,p=1$c29tZXNhbHRzb21lc2FsdA$ZGlnZXN0ZGlnZXN0ZGlnZXN0ZGlnZXN0ZGlnZXN0ZGk'],
    ['argon2 of an unknown version', '$argon2id$v=7$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$ZGlnZXN0ZGlnZXN0ZGlnZXN0ZGlnZXN0ZGlnZXN0ZGk'],
  ];
  it.each(cases)('%s: false, not an exception', async (_name, stored) => {
    await expect(verifyPassword(password, stored)).resolves.toBe(false);
    expect(needsRehash(stored)).toBe(true);
  });
});

describe('passwordProblem', () => {
  it('wants 12 to 200 characters', () => {
    expect(passwordProblem('')).toMatch(/at least 12/);
    expect(passwordProblem('a'.repeat(11))).toMatch(/at least 12/);
    expect(passwordProblem('a'.repeat(12))).toBeNull();
    expect(passwordProblem('a'.repeat(200))).toBeNull();
    expect(passwordProblem('a'.repeat(201))).toMatch(/at most 200/);
  });

  it('counts characters, not UTF-16 units', () => {
    // Six emoji are 12 UTF-16 units but only six characters.
    expect(passwordProblem('\u{1F600}'.repeat(6))).toMatch(/at least 12/);
    expect(passwordProblem('\u{1F600}'.repeat(12))).toBeNull();
  });
});
