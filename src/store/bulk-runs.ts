import type { Queryable } from './db.js';

/* Runs of `lastcall terminate` (bulk_runs) and the rows of each that did not become a case. */

export interface BulkRunKey {
  fileSha256: string;
  reason: string;
  requestedBy: string;
  approvedBy: string;
}

export interface BulkRunRow {
  id: number;
  total_lines: number;
  done_through: number;
  done: number;
  failed: number;
  skipped: Record<string, number>;
  started_at: Date;
  finished_at: Date | null;
}

const runColumns = 'id, total_lines, done_through, done, failed, skipped, started_at, finished_at';

/** The run of this file, reason and pair of supervisors: found again when one exists, else started. */
export async function findOrStartRun(db: Queryable, key: BulkRunKey, totalLines: number, at: Date): Promise<BulkRunRow & { created: boolean }> {
  const created = await db.query(
    `INSERT INTO bulk_runs (file_sha256, reason, requested_by, approved_by, total_lines, started_at)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (file_sha256, reason, requested_by, approved_by) DO NOTHING RETURNING id`,
    [key.fileSha256, key.reason, key.requestedBy, key.approvedBy, totalLines, at],
  );
  const [row] = await db.query<BulkRunRow>(
    `SELECT ${runColumns} FROM bulk_runs WHERE file_sha256 = $1 AND reason = $2 AND requested_by = $3 AND approved_by = $4`,
    [key.fileSha256, key.reason, key.requestedBy, key.approvedBy],
  );
  return { ...row!, created: created.length === 1 };
}

/**
 * A batch's settings, for its transaction only. No JIT: a batch's statements touch a few thousand
 * rows each by index, but on a table not yet analysed (a file run right after an import) the
 * planner's estimates reach JIT's thresholds, and compiling took 0.3 s of a 0.45 s statement.
 * And its commit returns without waiting for its WAL to reach the disk (the WAL writer flushes
 * it within a fraction of a second). Safe here: the cursor commits in the same transaction as the
 * batch's cases, so a batch lost in a database crash loses its cursor move with it, and the rerun
 * works exactly those rows again (as after a SIGKILL before commit). Nothing leaves before it is
 * on disk either: a worker acts on a job only after claiming it with its own, synchronous commit,
 * which is later in the WAL and so flushes the batch's commit first.
 */
export async function bulkBatchSettings(tx: Queryable): Promise<void> {
  await tx.query(`SELECT set_config('synchronous_commit', 'off', true), set_config('jit', 'off', true)`);
}

/** Locks the run for one batch: a second process on the same run waits, then reads the moved cursor. */
export async function lockRun(tx: Queryable, id: number): Promise<BulkRunRow> {
  const [row] = await tx.query<BulkRunRow>(`SELECT ${runColumns} FROM bulk_runs WHERE id = $1 FOR UPDATE`, [id]);
  return row!;
}

export async function findRun(db: Queryable, id: number): Promise<BulkRunRow> {
  const [row] = await db.query<BulkRunRow>(`SELECT ${runColumns} FROM bulk_runs WHERE id = $1`, [id]);
  return row!;
}

export interface BulkLineOutcome {
  rowNo: number;
  line: number;
  msisdn: string;
  outcome: 'skipped' | 'failed';
  reason: string;
  detail: string;
}

/**
 * Moves the cursor to `through` and adds the batch's figures, in the batch's transaction: the
 * cases and the cursor commit together, so a rerun neither repeats nor misses a row.
 */
export async function recordBatch(
  tx: Queryable,
  runId: number,
  through: number,
  figures: { done: number; failed: number; skipped: Record<string, number> },
  outcomes: readonly BulkLineOutcome[],
): Promise<void> {
  if (outcomes.length > 0) {
    await tx.query(
      `INSERT INTO bulk_run_lines (run_id, row_no, line, msisdn, outcome, reason, detail)
       SELECT $1, r, l, m, o, re, d FROM unnest($2::int[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[]) AS t(r, l, m, o, re, d)`,
      [runId, outcomes.map((o) => o.rowNo), outcomes.map((o) => o.line), outcomes.map((o) => o.msisdn), outcomes.map((o) => o.outcome),
        outcomes.map((o) => o.reason), outcomes.map((o) => o.detail)],
    );
  }
  // jsonb addition key by key: the skipped figures of this batch added to the run's.
  await tx.query(
    `UPDATE bulk_runs SET done_through = $2, done = done + $3, failed = failed + $4,
       skipped = (SELECT coalesce(jsonb_object_agg(k, v), '{}'::jsonb) FROM (
                    SELECT k, sum(v::int) AS v FROM (
                      SELECT key AS k, value AS v FROM jsonb_each_text(skipped)
                      UNION ALL SELECT key, value FROM jsonb_each_text($5::jsonb)) a GROUP BY k) b)
     WHERE id = $1`,
    [runId, through, figures.done, figures.failed, JSON.stringify(figures.skipped)],
  );
}

/** Marks the run finished; false when an earlier run of it already had. */
export async function finishRun(db: Queryable, id: number, at: Date): Promise<boolean> {
  const rows = await db.query('UPDATE bulk_runs SET finished_at = $2 WHERE id = $1 AND finished_at IS NULL RETURNING id', [id, at]);
  return rows.length === 1;
}

/** The rows of a run that failed, in file order (skipped ones are counted, failures listed). */
export async function listRunFailures(db: Queryable, id: number, limit: number): Promise<BulkLineOutcome[]> {
  return db.query<BulkLineOutcome>(
    `SELECT row_no AS "rowNo", line, msisdn, outcome, reason, detail FROM bulk_run_lines
      WHERE run_id = $1 AND outcome = 'failed' ORDER BY row_no LIMIT $2`,
    [id, limit],
  );
}
