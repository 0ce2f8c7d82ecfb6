import { addKey, keysChannel, lockKeys, VaultError, type Vault } from '../../security/vault.js';
import type { Database } from '../../store/db.js';

/** Every column that holds sealed personal data ('lc1.<key>.<data>'); each table has a bigint `id`. */
export const sealedColumns: { table: string; columns: string[] }[] = [
  { table: 'subscribers', columns: ['legal_name', 'id_number', 'email', 'address'] },
  { table: 'communications', columns: ['recipient'] },
  { table: 'dev_mailbox', columns: ['recipient', 'body'] },
  { table: 'documents', columns: ['file_name', 'content_key'] },
  { table: 'callbacks', columns: ['phone', 'note'] },
  { table: 'calls', columns: ['note'] },
];

const BATCH = 500;
// Passes that find only rows locked by running transactions wait and retry this many times.
const IDLE_PASSES = 5;
const PREFIX = 'lc1.';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** SQL true for a sealed value under any key but the one `$n` names ('lc1.<key>.%'). */
const staleValue = (column: string, n: number) => `(${column} LIKE 'lc1.%' AND ${column} NOT LIKE $${n})`;
const stale = (columns: string[], n: number) => columns.map((c) => staleValue(c, n)).join(' OR ');
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
    const old = await tx.query<{ id: string }>(
      "UPDATE data_keys SET state = 'retired', retired_at = now() WHERE purpose = 'data' AND state = 'active' RETURNING id",
    );
    const newKeyId = await addKey(tx, vault, 'data');
    await tx.query(`NOTIFY ${keysChannel}`);
    return { newKeyId, retired: old.map((r) => r.id) };
  });
  await vault.refresh();

  // The target follows the vault: should another rotation land meanwhile, rows go to its key.
  let total = await countStale(db, vault.activeKeyId());
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
    const left = await countStale(db, vault.activeKeyId());
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
    const target = under(vault.activeKeyId());
    const rows = await tx.query<Record<string, unknown> & { id: number }>(
      `SELECT id, ${columns.join(', ')} FROM ${table} WHERE id > $1 AND (${stale(columns, 2)})
       ORDER BY id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
      [after, `${target}%`],
    );
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
    const set = columns.map((c) => `${c} = v.${c}`).join(', ');
    const params = columns.map((_, i) => `$${i + 2}::text[]`).join(', ');
    await tx.query(`UPDATE ${table} SET ${set} FROM unnest($1::bigint[], ${params}) AS v(id, ${columns.join(', ')}) WHERE ${table}.id = v.id`, [
      rows.map((r) => r.id),
      ...values,
    ]);
    return { rows: rows.length, values: resealed, lastId: rows[rows.length - 1]!.id };
  });
}

async function countStale(db: Database, keyId: string): Promise<number> {
  let n = 0;
  for (const { table, columns } of sealedColumns) {
    const counts = columns.map((c) => `count(*) FILTER (WHERE ${staleValue(c, 1)})`).join(' + ');
    const [row] = await db.query<{ n: number }>(`SELECT (${counts})::int AS n FROM ${table}`, [`${under(keyId)}%`]);
    n += row?.n ?? 0;
  }
  return n;
}

/** Every key, and how many sealed values name it (a retired key at 0 is fully rotated out). */
export async function keyStatus(db: Database): Promise<{ id: string; purpose: string; state: string; createdAt: string; rows: number }[]> {
  const values = sealedColumns
    .map(({ table, columns }) => `SELECT s.v FROM ${table} CROSS JOIN LATERAL (VALUES ${columns.map((c) => `(${c})`).join(', ')}) AS s(v)`)
    .join(' UNION ALL ');
  return db.query(
    `SELECT k.id, k.purpose, k.state,
            to_char(k.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt",
            coalesce(c.n, 0)::int AS "rows"
       FROM data_keys k
       LEFT JOIN (SELECT split_part(v, '.', 2) AS key_id, count(*) AS n FROM (${values}) AS sealed
                   WHERE v LIKE 'lc1.%' GROUP BY 1) c ON c.key_id = k.id
      ORDER BY k.created_at, k.id`,
  );
}
