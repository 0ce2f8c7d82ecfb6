/**
 * The keys room: rotating the data key that seals personal data at rest, and sealing rows written
 * before encryption existed.
 */
import { addKey, VaultError, type Vault } from '../../security/vault.js';
import type { Database } from '../../store/db.js';
import { countSealedElsewhere, countValuesPerKey, lockRowsSealedElsewhere, sealedColumns, writeSealedValues, type KeyUse } from '../../store/sealed-columns.js';
import { announceKeyChange, lockKeys, retireActiveKeys } from '../../store/vault-keys.js';

const BATCH = 500;
// Passes that find only rows locked by running transactions wait and retry this many times.
const IDLE_PASSES = 5;
const PREFIX = 'lc1.';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const under = (keyId: string) => `${PREFIX}${keyId}.`;

/**
 * Starts sealing under a new data key and re-encrypts what the old ones sealed, while servers
 * keep running: the old key stays (retired) so anything not yet re-encrypted still opens, and
 * rows are rewritten 500 at a time, skipping rows a server has locked until a later pass.
 * `retired` lists the keys this rotation retired; `reencrypted` and the progress count values.
 */
export async function rotateDataKey(
  db: Database,
  vault: Vault,
  onProgress?: (done: number, total: number) => void,
): Promise<{ newKeyId: string; retired: string[]; reencrypted: number }> {
  const { newKeyId, retired } = await db.transaction(async (tx) => {
    await lockKeys(tx);
    const retired = await retireActiveKeys(tx, 'data');
    const newKeyId = await addKey(tx, vault, 'data');
    await announceKeyChange(tx);
    return { newKeyId, retired };
  });
  await vault.refresh();

  // The target follows the vault: should another rotation land meanwhile, rows go to its key.
  let total = await countSealedElsewhere(db, vault.activeKeyId());
  let done = 0;
  onProgress?.(done, total);
  for (let idle = 0; idle < IDLE_PASSES; ) {
    let changed = 0;
    for (const { table, columns } of sealedColumns) {
      for (let after = 0; ; ) {
        const batch = await reencryptBatch(db, vault, table, columns, after);
        if (batch.rows === 0) break;
        after = batch.lastId;
        changed += batch.values;
        done += batch.values;
        total = Math.max(total, done);
        onProgress?.(done, total);
      }
    }
    // Servers that have not seen the new key yet may still be sealing under the old one.
    const left = await countSealedElsewhere(db, vault.activeKeyId());
    total = done + left;
    if (left === 0) break;
    if (changed > 0) idle = 0;
    else await sleep(100 * ++idle);
  }
  return { newKeyId, retired, reencrypted: done };
}

async function reencryptBatch(
  db: Database,
  vault: Vault,
  table: string,
  columns: string[],
  after: number,
): Promise<{ rows: number; values: number; lastId: number }> {
  return db.transaction(async (tx) => {
    const keyId = vault.activeKeyId();
    const target = under(keyId);
    const rows = await lockRowsSealedElsewhere(tx, table, columns, keyId, after, BATCH);
    if (rows.length === 0) return { rows: 0, values: 0, lastId: after };
    const values = columns.map(() => [] as (string | null)[]);
    let resealed = 0;
    for (const row of rows) {
      for (const [i, column] of columns.entries()) {
        const value = row[column];
        if (typeof value !== 'string' || !value.startsWith(PREFIX) || value.startsWith(target)) {
          values[i]!.push(value as string | null);
          continue;
        }
        const plain = await vault.open(value).catch((err: unknown) => {
          throw new VaultError(`${table}.${column} id ${row.id}: ${(err as Error).message}`, { cause: err });
        });
        values[i]!.push(vault.seal(plain));
        resealed++;
      }
    }
    await writeSealedValues(tx, table, columns, rows.map((r) => r.id), values);
    return { rows: rows.length, values: resealed, lastId: rows[rows.length - 1]!.id };
  });
}

/** Every key, and how many sealed values name it (a retired key at 0 is fully rotated out). */
export async function keyStatus(db: Database): Promise<KeyUse[]> {
  return countValuesPerKey(db);
}
