import type { Queryable } from './db.js';

/* The vault's data and index keys (data_keys), each stored wrapped under the master key. */

export type KeyPurpose = 'data' | 'index';

export interface KeyRow {
  id: string;
  purpose: KeyPurpose;
  wrapped: string;
  master_id: string;
  state: 'active' | 'retired';
}

/** Channel a rotation notifies so every process picks up the new active key at once. */
export const keysChannel = 'lastcall_keys';

// Key creation and rotation take turns on this lock (migrations use 7277001).
const KEYS_LOCK = 7277002;

/** Serialises key changes across processes for the rest of the transaction. */
export async function lockKeys(tx: Queryable): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [KEYS_LOCK]);
}

/** Every key, oldest first; `forUpdate` locks them for a re-wrap. */
export async function listKeys(db: Queryable, forUpdate = false): Promise<KeyRow[]> {
  return db.query<KeyRow>(`SELECT id, purpose, wrapped, master_id, state FROM data_keys ORDER BY created_at, id ${forUpdate ? 'FOR UPDATE' : ''}`);
}

export async function activeKeyPurposes(tx: Queryable): Promise<Set<KeyPurpose>> {
  const rows = await tx.query<{ purpose: KeyPurpose }>("SELECT purpose FROM data_keys WHERE state = 'active'");
  return new Set(rows.map((r) => r.purpose));
}

export async function insertActiveKey(tx: Queryable, k: { id: string; purpose: KeyPurpose; wrapped: string; masterId: string }): Promise<void> {
  await tx.query("INSERT INTO data_keys (id, purpose, wrapped, master_id, state) VALUES ($1, $2, $3, $4, 'active')", [k.id, k.purpose, k.wrapped, k.masterId]);
}

/** Retires the active keys of a purpose; returns their ids. They stay, to open what they sealed. */
export async function retireActiveKeys(tx: Queryable, purpose: KeyPurpose): Promise<string[]> {
  const rows = await tx.query<{ id: string }>("UPDATE data_keys SET state = 'retired', retired_at = now() WHERE purpose = $1 AND state = 'active' RETURNING id", [purpose]);
  return rows.map((r) => r.id);
}

export async function updateWrappedKey(tx: Queryable, id: string, wrapped: string, masterId: string): Promise<void> {
  await tx.query('UPDATE data_keys SET wrapped = $2, master_id = $3 WHERE id = $1', [id, wrapped, masterId]);
}

/** Tells every listening process (at commit) that the keys changed. */
export async function announceKeyChange(tx: Queryable): Promise<void> {
  await tx.query(`NOTIFY ${keysChannel}`);
}
