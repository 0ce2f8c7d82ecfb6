import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The 32-byte secret key: from LASTCALL_SECRET_KEY, or generated once into the data dir so a
 * laptop works out of the box. Several processes sharing a PostgreSQL must be given the same key.
 */
export function loadSecretKey(configured: string | undefined, dataDir: string, warn: (msg: string) => void): Buffer {
  if (configured) {
    const key = strictBase64(configured.trim());
    if (key?.length !== 32) throw new Error('setting LASTCALL_SECRET_KEY: must be 32 bytes, base64-encoded');
    return key;
  }
  const file = path.join(dataDir, 'secret.key');
  fs.mkdirSync(dataDir, { recursive: true });
  if (!fs.existsSync(file)) {
    fs.writeFileSync(file, crypto.randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
    warn(`LASTCALL_SECRET_KEY is not set: generated a key into ${file}; set it explicitly in production`);
  }
  const key = strictBase64(fs.readFileSync(file, 'utf8').trim());
  if (key?.length !== 32) throw new Error(`${file} does not hold a 32-byte base64 key`);
  return key;
}

/** A key for one purpose, derived from the secret key, so no key serves two uses. */
export function derivedKey(secretKey: Buffer, purpose: string): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', secretKey, Buffer.alloc(0), `lastcall ${purpose}`, 32));
}

/** Node's decoder skips junk and stops at '='; a key with a typo must be refused, not shortened. */
function strictBase64(text: string): Buffer | null {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || text.length % 4 !== 0) return null;
  return Buffer.from(text, 'base64');
}

/** A 32-byte key from strict base64, or null. */
export function parseSecretKey(text: string): Buffer | null {
  const key = strictBase64(text);
  return key?.length === 32 ? key : null;
}

/** After `keys rewrap`: the generated key file is replaced in one rename, so it is never half written. */
export function replaceGeneratedKey(dataDir: string, key: Buffer): void {
  const file = path.join(dataDir, 'secret.key');
  const next = `${file}.next`;
  fs.writeFileSync(next, key.toString('base64') + '\n', { mode: 0o600 });
  fs.renameSync(next, file);
}
