import type { Queryable } from './db.js';
import { undecidedStates } from '../domain/case-machine.js';

/** The counts /metrics exposes, in one round trip. */
export async function deskCounts(db: Queryable): Promise<{ states: { state: string; n: number }[]; breached: number; callbacks: number; ringing: number }> {
  const [row] = await db.query<{ states: { state: string; n: number }[] | null; breached: number; callbacks: number; ringing: number }>(
    `SELECT (SELECT json_agg(json_build_object('state', state, 'n', n) ORDER BY state)
               FROM (SELECT state, count(*)::int AS n FROM cases GROUP BY state) s) AS states,
            (SELECT count(*)::int FROM cases WHERE sla_breached_at IS NOT NULL AND state = ANY($1)) AS breached,
            (SELECT count(*)::int FROM callbacks WHERE state = 'waiting') AS callbacks,
            (SELECT count(*)::int FROM calls WHERE state = 'ringing') AS ringing`,
    [undecidedStates],
  );
  return { ...row!, states: row!.states ?? [] };
}
