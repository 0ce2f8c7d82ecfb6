import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hmac, tokenHash } from '../../src/app/identity/hmac.js';

describe('token hashes', () => {
  it('are the HMAC of the token under its key, remembered or not, and never another key\'s', () => {
    const key = crypto.randomBytes(32);
    const other = crypto.randomBytes(32);
    const tokens = Array.from({ length: 5000 }, () => crypto.randomBytes(32).toString('base64url'));
    // More tokens than are remembered: the first ones are hashed again, to the same value.
    for (const round of [1, 2]) {
      for (const t of tokens) expect(tokenHash(key, t), `round ${round}`).toBe(hmac(key, 'token', t));
    }
    expect(tokenHash(other, tokens[4999]!)).toBe(hmac(other, 'token', tokens[4999]!));
    expect(tokenHash(other, tokens[4999]!)).not.toBe(tokenHash(key, tokens[4999]!));
  });
});
