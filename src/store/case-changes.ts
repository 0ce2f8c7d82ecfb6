import type { Queryable } from './queryable.js';

/**
 * A row of `table` not visible in the snapshot: its xid is at or past the snapshot's xmax, or was
 * still running when it was taken (xip). Asked that way rather than as "xid >= xmin and not
 * visible", each part is an index probe whatever the planner guesses of the table: the newest
 * xid (backwards, one entry), and the few running ones by key. As a range from xmin, PostgreSQL
 * chose a scan of the whole table for every read.
 */
const changedIn = (table: string, snapshot: string) => `(
  coalesce((SELECT ch.xid FROM ${table} ch ORDER BY ch.xid DESC LIMIT 1) >= pg_snapshot_xmax(${snapshot}::pg_snapshot), false)
  OR EXISTS (SELECT 1 FROM pg_snapshot_xip(${snapshot}::pg_snapshot) x(xid) WHERE EXISTS (SELECT 1 FROM ${table} ch WHERE ch.xid = x.xid)))`;

/**
 * SQL: true unless `snapshot` (a pg_snapshot expression, e.g. `$7`) is given and no transaction it
 * did not see has changed a case since: the test a held read passes to be handed out again. Each
 * case-changing transaction leaves its xid in case_changes (migration 0019), visible exactly when
 * its changes are.
 */
export const casesChangedSince = (snapshot: string) => `(${snapshot}::pg_snapshot IS NULL OR ${changedIn('case_changes', snapshot)})`;

/** The same for a case or its events, messages and documents (case_record_changes, migration 0020). */
export const caseRecordsChangedSince = (snapshot: string) =>
  `(${snapshot}::pg_snapshot IS NULL OR ${changedIn('case_changes', snapshot)} OR ${changedIn('case_record_changes', snapshot)})`;

/**
 * Forgets the transactions that changed cases (case_changes, migration 0019) and their records
 * (case_record_changes, 0020) once every snapshot a held read (the review queue's page, the
 * dashboard's rollup, a customer's case view) may still carry has seen them. Each call marks the
 * oldest transaction still running (its snapshot's xmin); a later call, at least `olderThanMs`
 * after a mark, deletes the rows below it: those transactions had ended before the mark, so any
 * snapshot taken since sees them, and no held read is older than that (src/app/held-reads.ts).
 */
export class CaseChangePruner {
  private marks: { xmin: string; at: number }[] = [];

  constructor(
    private readonly olderThanMs: number,
    private readonly monotonicMs: () => number = () => performance.now(),
  ) {}

  /** Deletes what the marks allow; how many rows went. */
  async prune(db: Queryable): Promise<number> {
    const [mark] = await db.query<{ xmin: string }>('SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin');
    const now = this.monotonicMs();
    let below: string | undefined;
    while (this.marks[0] && now - this.marks[0].at >= this.olderThanMs) below = this.marks.shift()!.xmin;
    this.marks.push({ xmin: mark!.xmin, at: now });
    if (below === undefined) return 0;
    const [gone] = await db.query<{ n: number }>(
      `WITH cases_gone AS (DELETE FROM case_changes WHERE xid < $1::xid8 RETURNING 1),
            records_gone AS (DELETE FROM case_record_changes WHERE xid < $1::xid8 RETURNING 1)
       SELECT ((SELECT count(*) FROM cases_gone) + (SELECT count(*) FROM records_gone))::int AS n`,
      [below],
    );
    return gone!.n;
  }
}
