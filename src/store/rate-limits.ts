import type { Queryable } from './db.js';

/*
 * One row per (scope, key, window): the hits counted in that window. Keys arrive here already
 * turned into HMACs (app/identity/rate-limit.ts), so the table holds no phone number or name.
 */

// hits is an integer column: a flood must saturate it, not overflow it into an error on every later hit.
const maxHits = 2_147_483_647;

/**
 * Counts one hit and returns the window's count. A single upsert is atomic on both databases,
 * so any number of processes sharing the table count every hit exactly once without locks.
 */
export async function countHit(db: Queryable, scope: string, key: string, windowStart: Date): Promise<number> {
  const [row] = await db.query<{ hits: number }>(
    `INSERT INTO rate_limits (scope, key, window_start, hits) VALUES ($1, $2, $3, 1)
     ON CONFLICT (scope, key, window_start) DO UPDATE SET hits = LEAST(rate_limits.hits, ${maxHits - 1}) + 1
     RETURNING hits::int AS hits`,
    [scope, key, windowStart],
  );
  return row!.hits;
}

export async function readHits(db: Queryable, scope: string, key: string, windowStart: Date): Promise<number> {
  const [row] = await db.query<{ hits: number }>('SELECT hits::int AS hits FROM rate_limits WHERE scope = $1 AND key = $2 AND window_start = $3', [
    scope,
    key,
    windowStart,
  ]);
  return row?.hits ?? 0;
}

export async function deleteWindow(db: Queryable, scope: string, key: string, windowStart: Date): Promise<void> {
  await db.query('DELETE FROM rate_limits WHERE scope = $1 AND key = $2 AND window_start = $3', [scope, key, windowStart]);
}

/** Deletes every window that started at or before `before`; returns how many rows went. */
export async function deleteWindowsBefore(db: Queryable, before: Date): Promise<number> {
  const [row] = await db.query<{ n: number }>('WITH gone AS (DELETE FROM rate_limits WHERE window_start <= $1 RETURNING 1) SELECT count(*)::int AS n FROM gone', [before]);
  return row?.n ?? 0;
}

export async function takeBackHit(db: Queryable, scope: string, key: string, windowStart: Date): Promise<void> {
  await db.query('UPDATE rate_limits SET hits = greatest(hits - 1, 0) WHERE scope = $1 AND key = $2 AND window_start = $3', [scope, key, windowStart]);
}
