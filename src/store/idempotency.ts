import type { Queryable } from './db.js';

export interface RememberedAnswer<T> {
  request_hash: string;
  status: number;
  body: T;
}

export async function findRememberedAnswer<T>(tx: Queryable, scope: string, key: string): Promise<RememberedAnswer<T> | undefined> {
  const [row] = await tx.query<RememberedAnswer<T>>('SELECT request_hash, status, body FROM idempotency_keys WHERE scope = $1 AND key = $2', [scope, key]);
  return row;
}

export async function rememberAnswer(tx: Queryable, scope: string, key: string, answer: RememberedAnswer<unknown>): Promise<void> {
  await tx.query('INSERT INTO idempotency_keys (scope, key, request_hash, status, body) VALUES ($1, $2, $3, $4, $5)', [
    scope,
    key,
    answer.request_hash,
    answer.status,
    JSON.stringify(answer.body),
  ]);
}
