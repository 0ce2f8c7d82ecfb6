import type { AppContext, Tx } from './context.js';
import { conflict } from '../domain/errors.js';

interface PgError {
  code?: string;
  constraint?: string;
}

/**
 * One transaction per use case. Races that the database settles are turned into the answer a
 * user should see: a second open case on a line becomes 409, and a lost race on an
 * Idempotency-Key is retried once so it replays the winner's answer.
 */
export async function inTransaction<T>(ctx: Pick<AppContext, 'db'>, fn: (tx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await ctx.db.transaction(fn);
    } catch (err) {
      const e = err as PgError;
      if (e.code === '23505' && e.constraint === 'cases_one_open_per_line') {
        throw conflict('case_already_open', 'This line already has an open cancellation case.');
      }
      const retryable = e.code === '40001' || e.code === '40P01' || (e.code === '23505' && e.constraint === 'idempotency_keys_pkey');
      if (retryable && attempt < 3) continue;
      throw err;
    }
  }
}
