import type { Database, Queryable } from './db.js';

/**
 * A Database whose transactions are one already open: `transaction(fn)` runs `fn` on it instead
 * of opening another. A use case handed a context with it joins its caller's transaction, so
 * both commit together or not at all. Nothing but queries and transactions is offered.
 */
export function joinedDatabase(kind: Database['kind'], tx: Queryable): Database {
  const refuse = () => Promise.reject(new Error('only queries and transactions run inside a joined transaction'));
  return {
    kind,
    query: <T>(sql: string, params?: readonly unknown[], name?: string) => tx.query<T>(sql, params, name),
    // In the transaction, so it sees what the transaction wrote.
    queryPlannedOnce: <T>(sql: string, params: readonly unknown[], name: string) => tx.query<T>(sql, params, name),
    transaction: (fn) => fn(tx),
    exec: refuse,
    listen: refuse,
    holdSessionLock: refuse,
    close: refuse,
  };
}
