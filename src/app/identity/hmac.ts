import crypto from 'node:crypto';

/** Keyed hashes of codes, tokens and comparisons: what is stored can be checked, never read back. */
export const hmac = (key: Buffer, ...parts: string[]) => crypto.createHmac('sha256', key).update(parts.join('\0')).digest('hex');

/**
 * Bearer tokens hashed lately, per key. A customer polling their case sends the same token every few
 * seconds, and each HMAC costs OpenSSL a digest lookup by name (about 6 % of the server's time on the
 * status read); the tokens held here are ones this process was just sent, and the key they are
 * hashed with is in the same memory.
 */
const recentTokens = new WeakMap<Buffer, Map<string, string>>();
const maxRecentTokens = 4096;

/** hmac(key, 'token', token), remembered for the most recent tokens. */
export function tokenHash(key: Buffer, token: string): string {
  let recent = recentTokens.get(key);
  if (!recent) recentTokens.set(key, (recent = new Map()));
  let hash = recent.get(token);
  if (hash === undefined) {
    hash = hmac(key, 'token', token);
    recent.set(token, hash);
    if (recent.size > maxRecentTokens) recent.delete(recent.keys().next().value!);
  }
  return hash;
}
