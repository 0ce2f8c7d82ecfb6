import crypto from 'node:crypto';
import type { Database, Queryable } from '../store/db.js';
import { activeKeyPurposes, insertActiveKey, keysChannel, listKeys, lockKeys, updateWrappedKey, type KeyPurpose } from '../store/vault-keys.js';

/**
 * Envelope encryption of personal data. Random 32-byte keys in `data_keys` do the work; the
 * master key (LASTCALL_SECRET_KEY) only wraps them, so rotating a data key never needs the
 * master key to change, and every ciphertext names the key that sealed it.
 */
export interface Vault {
  /** AES-256-GCM under the active data key: 'lc1.<keyId>.<base64url(iv12 | ciphertext | tag16)>' (the string 'lc1.<keyId>' is the AAD). */
  seal(plaintext: string): string;
  /** Decrypts; a key id it does not know yet (rotated by another process) makes it reload keys from the database once. Throws VaultError on tampering or unknown key. */
  open(sealed: string): Promise<string>;
  /** Same as open but null/undefined pass through. */
  openOptional(sealed: string | null | undefined): Promise<string | null>;
  /** Keyed blind index: hex HMAC-SHA256 under the index key, domain-separated by kind (e.g. 'id_number', 'email'). Stable across data-key rotations. Callers normalise the value first. */
  index(kind: string, value: string): string;
  isSealed(value: string): boolean;
  activeKeyId(): string;
  /** Reloads keys (new active key after a rotation). Also done on NOTIFY 'lastcall_keys' and by polling every pollMs (default 60 s). */
  refresh(): Promise<void>;
  close(): Promise<void>;
}

export class VaultError extends Error {}

const PREFIX = 'lc1.';
const SEALED = /^lc1\.([a-z0-9]{4,16})\.([A-Za-z0-9_-]+)$/;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

/** A fingerprint that tells master keys apart without revealing them. */
export function masterFingerprint(masterKey: Buffer): string {
  return crypto.createHash('sha256').update('lastcall master key fingerprint v1\0').update(masterKey).digest('hex').slice(0, 16);
}

// The master key may serve other purposes too; wrapping uses a key derived only for this one.
function wrappingKey(masterKey: Buffer): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', masterKey, Buffer.alloc(0), 'lastcall data-key wrapping v1', KEY_BYTES));
}

// The AAD binds a wrapped key to its row, so keys cannot be swapped between ids or purposes.
const wrapAad = (id: string, purpose: KeyPurpose) => Buffer.from(`lastcall-key.${id}.${purpose}`);

function encrypt(key: Buffer, plaintext: Buffer, aad: Buffer): Buffer {
  const iv = crypto.randomBytes(IV_BYTES);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]);
}

/** Null when the bytes were not sealed under this key and AAD (tampered, or another key). */
function decrypt(key: Buffer, packed: Buffer, aad: Buffer): Buffer | null {
  if (packed.length < IV_BYTES + TAG_BYTES) return null;
  try {
    const decipher = crypto.createDecipheriv('aes-256-gcm', key, packed.subarray(0, IV_BYTES));
    decipher.setAAD(aad);
    decipher.setAuthTag(packed.subarray(packed.length - TAG_BYTES));
    return Buffer.concat([decipher.update(packed.subarray(IV_BYTES, packed.length - TAG_BYTES)), decipher.final()]);
  } catch {
    return null;
  }
}

/**
 * Node's base64url decoder skips bad characters and ignores trailing bits, so two strings can
 * decode alike; accepting only the canonical spelling makes every changed character count.
 */
function decodeCanonical(text: string): Buffer | null {
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : null;
}

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const newKeyId = () => Array.from({ length: 8 }, () => ID_ALPHABET[crypto.randomInt(ID_ALPHABET.length)]).join('');

/** Creates a new active key wrapped under the master key; the caller retires any previous one first. */
async function insertKey(tx: Queryable, masterKey: Buffer, purpose: KeyPurpose): Promise<string> {
  const id = newKeyId();
  const wrapped = encrypt(wrappingKey(masterKey), crypto.randomBytes(KEY_BYTES), wrapAad(id, purpose)).toString('base64url');
  await insertActiveKey(tx, { id, purpose, wrapped, masterId: masterFingerprint(masterKey) });
  return id;
}

// The master key stays inside this module; rotation reaches it through the vault it was opened with.
const masterKeys = new WeakMap<Vault, Buffer>();

/** For key rotation: adds a new active key of this purpose, wrapped under the vault's master key. */
export async function addKey(tx: Queryable, vault: Vault, purpose: KeyPurpose): Promise<string> {
  const masterKey = masterKeys.get(vault);
  if (!masterKey) throw new VaultError('this vault was not opened by openVault');
  return insertKey(tx, masterKey, purpose);
}

function mismatch(theirs: string, ours: string): VaultError {
  return new VaultError(
    `LASTCALL_SECRET_KEY does not match the key this database was sealed with (key fingerprint ${theirs}, given ${ours}); start with the original key`,
  );
}

export async function openVault(db: Database, masterKey: Buffer, opts: { pollMs?: number; listen?: boolean } = {}): Promise<Vault> {
  if (masterKey.length !== KEY_BYTES) throw new VaultError('the master key must be 32 bytes');
  const fingerprint = masterFingerprint(masterKey);
  const kek = wrappingKey(masterKey);
  // Retired keys stay here for good: rows sealed under them may still be waiting to be re-encrypted.
  const dataKeys = new Map<string, Buffer>();
  const indexKeys = new Map<string, Buffer>();
  let activeData: string | undefined;
  let activeIndex: string | undefined;

  async function load(): Promise<void> {
    const rows = await listKeys(db);
    // Check every row before changing anything, so a failed reload leaves the old keys working.
    const foreign = rows.find((r) => r.master_id !== fingerprint);
    if (foreign) throw mismatch(foreign.master_id, fingerprint);
    const unwrapped = rows.map((r) => {
      const known = (r.purpose === 'data' ? dataKeys : indexKeys).get(r.id);
      const packed = decodeCanonical(r.wrapped);
      const key = known ?? (packed && decrypt(kek, packed, wrapAad(r.id, r.purpose)));
      if (!key || key.length !== KEY_BYTES) throw mismatch(r.master_id, fingerprint);
      return { ...r, key };
    });
    for (const r of unwrapped) {
      (r.purpose === 'data' ? dataKeys : indexKeys).set(r.id, r.key);
      if (r.state === 'active' && r.purpose === 'data') activeData = r.id;
      if (r.state === 'active' && r.purpose === 'index') activeIndex = r.id;
    }
  }

  // Concurrent callers (many opens meeting one new key id) share one reload. A reload already
  // running may have read the table before the caller's change, so callers arriving during
  // one share a single follow-up instead.
  let reloading: Promise<void> | undefined;
  let queued: Promise<void> | undefined;
  function refresh(): Promise<void> {
    if (!reloading) {
      reloading = load().finally(() => {
        reloading = undefined;
      });
      return reloading;
    }
    queued ??= reloading
      .catch(() => undefined)
      .then(() => {
        queued = undefined;
        return refresh();
      });
    return queued;
  }

  await load();
  if (!activeData || !activeIndex) {
    await db.transaction(async (tx) => {
      await lockKeys(tx);
      // Another process may have created them while we waited for the lock.
      const active = await activeKeyPurposes(tx);
      for (const purpose of ['data', 'index'] as const) if (!active.has(purpose)) await insertKey(tx, masterKey, purpose);
    });
    await load();
  }
  if (!activeData || !activeIndex) throw new VaultError('no active data or index key after creating them');

  const background = () => void refresh().catch(() => undefined); // the next poll or notification retries
  const timer = setInterval(background, opts.pollMs ?? 60_000);
  timer.unref();
  const unlisten = opts.listen === false ? undefined : await db.listen(keysChannel, background).catch((err: unknown) => {
    clearInterval(timer);
    throw err;
  });
  let closed = false;

  const vault: Vault = {
    seal(plaintext) {
      const keyId = activeData!;
      const header = `${PREFIX}${keyId}`;
      return `${header}.${encrypt(dataKeys.get(keyId)!, Buffer.from(plaintext, 'utf8'), Buffer.from(header)).toString('base64url')}`;
    },
    async open(sealed) {
      const m = SEALED.exec(sealed);
      const packed = m && decodeCanonical(m[2]!);
      if (!m || !packed) throw new VaultError('not a sealed value');
      const keyId = m[1]!;
      if (!dataKeys.has(keyId)) await refresh();
      const key = dataKeys.get(keyId);
      if (!key) throw new VaultError(`sealed under unknown data key ${keyId}`);
      const plain = decrypt(key, packed, Buffer.from(`${PREFIX}${keyId}`));
      if (!plain) throw new VaultError(`sealed value failed authentication under data key ${keyId} (tampered or corrupt)`);
      return plain.toString('utf8');
    },
    async openOptional(sealed) {
      return sealed === null || sealed === undefined ? null : vault.open(sealed);
    },
    index(kind, value) {
      // Kinds are plain identifiers, so the NUL after one can never be part of it: no two (kind, value) pairs collide.
      if (!/^[a-z0-9_]+$/.test(kind)) throw new VaultError(`bad blind-index kind ${JSON.stringify(kind)}`);
      return crypto.createHmac('sha256', indexKeys.get(activeIndex!)!).update(`${kind}\0${value}`, 'utf8').digest('hex');
    },
    isSealed: (value) => SEALED.test(value),
    activeKeyId: () => activeData!,
    refresh,
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      await unlisten?.();
    },
  };
  masterKeys.set(vault, masterKey);
  return vault;
}

/**
 * Re-wraps every data and index key under a new master key: rotating LASTCALL_SECRET_KEY itself.
 * The sealed data and the blind indexes do not change. Servers still running with the old
 * master keep the keys they have already unwrapped; restart each with the new one (and before
 * the next `keys rotate`, whose new key they could not unwrap). Returns the keys re-wrapped.
 */
export async function rewrapKeys(db: Database, oldMaster: Buffer, newMaster: Buffer): Promise<number> {
  const [oldPrint, newPrint] = [masterFingerprint(oldMaster), masterFingerprint(newMaster)];
  if (oldPrint === newPrint) throw new VaultError('the new master key is the same as the old one');
  const [oldKek, newKek] = [wrappingKey(oldMaster), wrappingKey(newMaster)];
  return db.transaction(async (tx) => {
    await lockKeys(tx);
    const rows = await listKeys(tx, true);
    let rewrapped = 0;
    for (const r of rows) {
      // Running it again after it succeeded finds every key under the new master and changes nothing.
      if (r.master_id === newPrint) continue;
      const packed = r.master_id === oldPrint ? decodeCanonical(r.wrapped) : null;
      const key = packed && decrypt(oldKek, packed, wrapAad(r.id, r.purpose));
      if (!key) throw mismatch(r.master_id, oldPrint);
      await updateWrappedKey(tx, r.id, encrypt(newKek, key, wrapAad(r.id, r.purpose)).toString('base64url'), newPrint);
      rewrapped++;
    }
    return rewrapped;
  });
}
