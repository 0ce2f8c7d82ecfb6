import type { Tx } from '../context.js';
import { unprocessable } from '../../domain/errors.js';
import { findRememberedAnswer, rememberAnswer } from '../../store/idempotency.js';
import { sha256Hex } from '../../domain/sha256.js';

export interface StoredResponse<T, S extends number = number> {
  status: S;
  body: T;
  replayed: boolean;
}

/**
 * Runs `create` once per (scope, key). A retry with the same key and the same request gets the
 * first answer again; the same key with a different request is refused. The key row is written
 * in the use case's transaction, so an answer is remembered exactly when its effects are stored.
 */
export async function once<T, S extends number = number>(
  tx: Tx,
  idem: { scope: string; key: string | undefined; request: unknown },
  create: () => Promise<{ status: S; body: T }>,
): Promise<StoredResponse<T, S>> {
  if (!idem.key) return { ...(await create()), replayed: false };
  const requestHash = sha256Hex(JSON.stringify(idem.request));
  const seen = await findRememberedAnswer<T>(tx, idem.scope, idem.key);
  if (seen) {
    if (seen.request_hash !== requestHash) {
      throw unprocessable('idempotency_key_reused', 'This Idempotency-Key was already used for a different request.');
    }
    // The answer was stored from `create`, so its status is one `create` gives.
    return { status: seen.status as S, body: seen.body, replayed: true };
  }
  const result = await create();
  await rememberAnswer(tx, idem.scope, idem.key, { request_hash: requestHash, status: result.status, body: result.body });
  return { ...result, replayed: false };
}
