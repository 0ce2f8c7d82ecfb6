import type { Queryable } from './queryable.js';

/**
 * Writes a transaction gathers as it goes and sends together just before its COMMIT: the audit
 * chain's rows (store/audit.ts) and the outbox's jobs (store/outbox.ts). Each batch is one
 * statement, so a use case that writes three audit rows pays one round trip for them, not three,
 * and the audit head, which every writer waits for, is locked only for the last moments of the
 * transaction. Batches run by `order` (lowest first) and in the order their items came.
 */
export interface CommitBatch<T> {
  name: string;
  order: number;
  flush(tx: Queryable, items: T[]): Promise<void>;
}

const atCommitWork = new WeakMap<Queryable, Map<string, { batch: CommitBatch<unknown>; items: unknown[] }>>();

/**
 * Adds `item` to the transaction's `batch`, written just before COMMIT. `tx` must be a transaction
 * this module opened (Database.transaction): anything else would lose the write, so it throws.
 */
export function atCommit<T>(tx: Queryable, batch: CommitBatch<T>, item: T): void {
  const work = atCommitWork.get(tx);
  if (!work) throw new Error(`${batch.name}: atCommit needs a transaction opened by Database.transaction`);
  let pending = work.get(batch.name);
  if (!pending) work.set(batch.name, (pending = { batch: batch as CommitBatch<unknown>, items: [] }));
  pending.items.push(item);
}

/** Runs `fn` in the transaction `tx`, then writes what it gathered for the commit. */
export async function withCommitWork<T>(tx: Queryable, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  const work = new Map<string, { batch: CommitBatch<unknown>; items: unknown[] }>();
  atCommitWork.set(tx, work);
  const result = await fn(tx);
  // A flush may gather more (none does today); keep going until nothing is left.
  while (work.size > 0) {
    const next = [...work.values()].sort((a, b) => a.batch.order - b.batch.order)[0]!;
    work.delete(next.batch.name);
    await next.batch.flush(tx, next.items);
  }
  atCommitWork.delete(tx);
  return result;
}
