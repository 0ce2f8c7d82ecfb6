import type { Queryable } from './db.js';

export const outboxChannel = 'lastcall_outbox';

export type OutboxTopic = 'deliver_communication' | 'fulfil_case' | 'bar_line';

/** Writes a job in the caller's transaction; NOTIFY is delivered only if that transaction commits. */
export async function enqueue(tx: Queryable, topic: OutboxTopic, payload: Record<string, unknown>): Promise<void> {
  await tx.query('INSERT INTO outbox (topic, payload) VALUES ($1, $2)', [topic, JSON.stringify(payload)]);
  await tx.query(`SELECT pg_notify('${outboxChannel}', $1)`, [topic]);
}

export interface OutboxJob {
  id: number;
  topic: OutboxTopic;
  payload: Record<string, unknown>;
  attempts: number;
  max_attempts: number;
}

/** Advisory-lock namespace under which every live worker holds a lock keyed by its id. */
export const workerLockNamespace = 72770;

/**
 * Claims due jobs. SKIP LOCKED lets several workers share one PostgreSQL without taking the same
 * job. A claimed job returns to the pool when its lease runs out, or at once when the worker
 * that claimed it is gone (its session, and so its advisory lock, died with it) — so a crash
 * mid-delivery is retried on restart, not minutes later.
 */
export async function claimJobs(db: Queryable, workerId: number, limit: number, leaseSeconds: number): Promise<OutboxJob[]> {
  return db.query<OutboxJob>(
    `UPDATE outbox SET locked_until = now() + make_interval(secs => $2), locked_by = $3, attempts = attempts + 1
     WHERE id IN (
       SELECT id FROM outbox o
       WHERE done_at IS NULL AND dead_at IS NULL AND run_after <= now()
         AND (locked_until IS NULL OR locked_until < now()
              OR NOT EXISTS (SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory' AND l.classid = ${workerLockNamespace}
                             AND l.objid::bigint = o.locked_by AND l.objsubid = 2))
       ORDER BY id LIMIT $1
       FOR UPDATE SKIP LOCKED)
     RETURNING id, topic, payload, attempts, max_attempts`,
    [limit, leaseSeconds, workerId],
  );
}

export async function completeJob(db: Queryable, id: number): Promise<void> {
  await db.query('UPDATE outbox SET done_at = now(), locked_until = NULL, locked_by = NULL, last_error = NULL WHERE id = $1', [id]);
}

/** A failed job waits with exponential back-off; past its last attempt it is parked as dead, still visible. */
export async function failJob(db: Queryable, job: OutboxJob, error: string, retryInSeconds: number): Promise<'retry' | 'dead'> {
  const dead = job.attempts >= job.max_attempts;
  await db.query(
    `UPDATE outbox SET locked_until = NULL, locked_by = NULL, last_error = $2,
       run_after = now() + make_interval(secs => $3),
       dead_at = CASE WHEN $4::boolean THEN now() END
     WHERE id = $1`,
    [job.id, error.slice(0, 2000), retryInSeconds, dead],
  );
  return dead ? 'dead' : 'retry';
}

export async function outboxBacklog(db: Queryable): Promise<{ pending: number; dead: number }> {
  const [row] = await db.query<{ pending: number; dead: number }>(
    `SELECT count(*) FILTER (WHERE done_at IS NULL AND dead_at IS NULL)::int AS pending,
            count(*) FILTER (WHERE dead_at IS NOT NULL)::int AS dead FROM outbox`,
  );
  return row ?? { pending: 0, dead: 0 };
}
