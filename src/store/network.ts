import type { Database, Queryable } from './db.js';

/** A line as the comparison with the network reads it. */
export interface NetworkLineRow {
  id: number;
  msisdn: string;
  imsi: string;
  iccid: string;
  status: string;
  ever_suspended: boolean;
}

export interface NetworkLineQuery {
  /** Lines the network must hold, or ended ones it must not. */
  which: 'present' | 'absent';
  inNetwork: readonly string[];
  offNetwork: readonly string[];
}

// An ended line is compared only when no live line and no later ended line holds its IMSI: a
// SIM given out again must not be deleted for its past, nor one IMSI be compared twice.
// The condition and its parameters, numbered from $<first>.
function linesWhere(q: NetworkLineQuery, first: number): { sql: string; params: unknown[] } {
  const inNetwork = `$${first}::text[]`;
  if (q.which === 'present') return { sql: `l.status = ANY(${inNetwork})`, params: [q.inNetwork] };
  return {
    sql: `l.status = ANY($${first + 1}::text[]) AND NOT EXISTS (
      SELECT 1 FROM lines o WHERE o.imsi = l.imsi AND o.id <> l.id AND (o.status = ANY(${inNetwork}) OR o.id > l.id))`,
    params: [q.inNetwork, q.offNetwork],
  };
}

/** One page of lines after `afterId`, in id order (keyset pagination: 100k lines, flat memory). */
export async function readNetworkLinePage(db: Queryable, q: NetworkLineQuery & { afterId: number; limit: number }): Promise<NetworkLineRow[]> {
  const where = linesWhere(q, 3);
  return db.query<NetworkLineRow>(
    `SELECT l.id, l.msisdn, l.imsi, l.iccid, l.status, l.suspended_at IS NOT NULL AS ever_suspended
       FROM lines l
      WHERE l.id > $1 AND ${where.sql}
      ORDER BY l.id
      LIMIT $2`,
    [q.afterId, q.limit, ...where.params],
  );
}

export async function countNetworkLines(db: Queryable, q: NetworkLineQuery): Promise<number> {
  const where = linesWhere(q, 1);
  const [row] = await db.query<{ count: number }>(`SELECT count(*)::int AS count FROM lines l WHERE ${where.sql}`, where.params);
  return row?.count ?? 0;
}

export interface NetworkCheckRow {
  id: number;
  started_at: Date;
  finished_at: Date | null;
  provisioner: string;
  checked: number;
  differences: number;
  failed: number;
  sample: unknown[];
}

export interface NetworkCheckOutcome {
  checked: number;
  differences: number;
  failed: number;
  sample: unknown[];
}

// Several processes sweep one PostgreSQL: they take turns deciding whether a check is due.
const checkClaimLock = 7277013;

/**
 * Starts a comparison when none started in the last `everyHours` (an unfinished one counts, so a
 * check that died is not retried before its time); null when one is not due.
 */
export async function claimNetworkCheck(db: Pick<Database, 'transaction'>, at: Date, everyHours: number, provisioner: string): Promise<number | null> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [checkClaimLock]);
    const [recent] = await tx.query<{ id: number }>(
      `SELECT id FROM network_checks WHERE started_at > $1::timestamptz - make_interval(hours => $2::int) LIMIT 1`,
      [at, everyHours],
    );
    if (recent) return null;
    const [row] = await tx.query<{ id: number }>('INSERT INTO network_checks (started_at, provisioner) VALUES ($1, $2) RETURNING id', [at, provisioner]);
    return row?.id ?? null;
  });
}

export async function finishNetworkCheck(db: Queryable, id: number, at: Date, outcome: NetworkCheckOutcome): Promise<void> {
  await db.query(
    `UPDATE network_checks SET finished_at = greatest($2, started_at), checked = $3, differences = $4, failed = $5, sample = $6::jsonb WHERE id = $1`,
    [id, at, outcome.checked, outcome.differences, outcome.failed, JSON.stringify(outcome.sample)],
  );
}

/** The last comparison that finished, for the supervisor's dashboard. */
export async function latestNetworkCheck(db: Queryable): Promise<NetworkCheckRow | undefined> {
  const [row] = await db.query<NetworkCheckRow>(
    `SELECT id, started_at, finished_at, provisioner, checked, differences, failed, sample
       FROM network_checks WHERE finished_at IS NOT NULL ORDER BY finished_at DESC, id DESC LIMIT 1`,
  );
  return row;
}
