import type { Queryable } from './queryable.js';

/**
 * SQL: true unless `snapshot` (a pg_snapshot parameter, e.g. `$7`) is given and no transaction it
 * did not see has changed a case since: the test a held read passes to be handed out again. Each
 * case-changing transaction leaves its xid in case_changes (migration 0019), visible exactly when
 * its changes are.
 */
export const casesChangedSince = (snapshot: string) => `(${snapshot}::pg_snapshot IS NULL OR EXISTS (
  SELECT 1 FROM case_changes ch
   WHERE ch.xid >= pg_snapshot_xmin(${snapshot}::pg_snapshot) AND NOT pg_visible_in_snapshot(ch.xid, ${snapshot}::pg_snapshot)))`;

/**
 * Forgets the transactions that changed cases (case_changes, migration 0019) once every snapshot
 * a held read (the review queue's page, the dashboard's rollup) may still carry has seen them. Each call marks the oldest transaction still
 * running (its snapshot's xmin); a later call, at least `olderThanMs` after a mark, deletes the
 * rows below it: those transactions had ended before the mark, so any snapshot taken since sees
 * them, and no held read is older than that (src/app/held-reads.ts).
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
    const [gone] = await db.query<{ n: number }>('WITH gone AS (DELETE FROM case_changes WHERE xid < $1::xid8 RETURNING 1) SELECT count(*)::int AS n FROM gone', [below]);
    return gone!.n;
  }
}
