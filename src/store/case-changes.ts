import type { Queryable } from './queryable.js';

/**
 * Forgets the transactions that changed cases (case_changes, migration 0019) once every snapshot
 * a held queue page may still carry has seen them. Each call marks the oldest transaction still
 * running (its snapshot's xmin); a later call, at least `olderThanMs` after a mark, deletes the
 * rows below it: those transactions had ended before the mark, so any snapshot taken since sees
 * them, and no held page is older than that (src/app/cases/held-queue-pages.ts).
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
