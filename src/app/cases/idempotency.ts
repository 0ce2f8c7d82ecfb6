import crypto from 'node:crypto';
import type { Tx } from '../context.js';
import { unprocessable } from '../../domain/errors.js';

export interface StoredResponse<T> {
  status: number;
  body: T;
  replayed: boolean;
}

/**
 * Runs `create` once per (scope, key). A retry with the same key and the same request gets the
 * first answer again; the same key with a different request is refused. The key row is written
 * in the use case's transaction, so an answer is remembered exactly when its effects are stored.
 */
export async function once<T>(
  tx: Tx,
  idem: { scope: string; key: string | undefined; request: unknown },
  create: () => Promise<{ status: number; body: T }>,
): Promise<StoredResponse<T>> {
  if (!idem.key) return { ...(await create()), replayed: false };
  const requestHash = crypto.createHash('sha256').update(JSON.stringify(idem.request)).digest('hex');
  const [seen] = await tx.query<{ request_hash: string; status: number; body: T }>(
    'SELECT request_hash, status, body FROM idempotency_keys WHERE scope = $1 AND key = $2',
    [idem.scope, idem.key],
  );
  if (seen) {
    if (seen.request_hash !== requestHash) {
      throw unprocessable('idempotency_key_reused', 'This Idempotency-Key was already used for a different request.');
    }
    return { status: seen.status, body: seen.body, replayed: true };
  }
  const result = await create();
  await tx.query('INSERT INTO idempotency_keys (scope, key, request_hash, status, body) VALUES ($1, $2, $3, $4, $5)', [
    idem.scope,
    idem.key,
    requestHash,
    result.status,
    JSON.stringify(result.body),
  ]);
  return { ...result, replayed: false };
}
