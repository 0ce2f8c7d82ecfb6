import crypto from 'node:crypto';

/** Keyed hashes of codes, tokens and comparisons: what is stored can be checked, never read back. */
export const hmac = (key: Buffer, ...parts: string[]) => crypto.createHmac('sha256', key).update(parts.join('\0')).digest('hex');
