import { isDatabase, type Queryable } from './db.js';
import { atCommit, type CommitBatch } from './commit-work.js';
import { maxAttempts, type OutboxJobRequest, type OutboxPayload, type OutboxTopic } from './outbox-topics.js';
import { openStates } from '../domain/case-machine.js';

export type { OutboxJobRequest, OutboxTopic } from './outbox-topics.js';

export const outboxChannel = 'lastcall_outbox';

interface PendingJob {
  topic: OutboxTopic;
  /** JSON text. */
  payload: string;
  maxAttempts: number;
}

/**
 * Writes a job in the caller's transaction; NOTIFY is delivered only if that transaction commits.
 * In a transaction the job is written just before COMMIT with the transaction's other jobs, in one
 * statement (outboxJobs below); on a bare Database, at once.
 */
export async function enqueue<T extends OutboxTopic>(tx: Queryable, topic: T, payload: OutboxPayload<T>): Promise<void> {
  const job: PendingJob = { topic, payload: JSON.stringify(payload), maxAttempts: maxAttempts[topic] };
  if (isDatabase(tx)) await outboxJobs.flush(tx, [job]);
  else atCommit(tx, outboxJobs, job);
}

/** Before the audit rows (order 100), so the audit head stays the last lock a commit takes. */
const outboxJobs: CommitBatch<PendingJob> = {
  name: 'outbox',
  order: 50,
  async flush(tx, jobs) {
    await tx.query(insertJobsSql, [jobs.map((j) => j.topic), jobs.map((j) => j.payload), jobs.map((j) => j.maxAttempts)]);
  },
};

// One NOTIFY per topic: the payload names the topic, and PostgreSQL folds identical ones anyway.
const insertJobsSql = `
  WITH queued AS (
    INSERT INTO outbox (topic, payload, max_attempts)
    SELECT topic, payload::jsonb, max_attempts FROM unnest($1::text[], $2::text[], $3::int[]) WITH ORDINALITY AS j(topic, payload, max_attempts, n)
    ORDER BY n
    RETURNING topic)
  SELECT pg_notify('${outboxChannel}', topic) FROM (SELECT DISTINCT topic FROM queued) t`;

export const enqueueJob = (tx: Queryable, job: OutboxJobRequest): Promise<void> => enqueue(tx, job.topic, job.payload as never);

/** A claimed job as read back: the payload is whatever was stored, to be parsed by its topic's schema. */
export interface OutboxJob {
  id: number;
  topic: OutboxTopic;
  payload: unknown;
  attempts: number;
  max_attempts: number;
}

/** Advisory-lock namespace under which every live worker holds a lock keyed by its id. */
export const workerLockNamespace = 72770;

/**
 * Claims due jobs and commits the claim at once (one statement): the worker then runs them with
 * no transaction open. SKIP LOCKED lets several workers share one PostgreSQL without taking the
 * same job. A claimed job returns to the pool when its lease runs out, or at once when the worker
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

export type DeadReason = 'malformed_payload' | 'permanent_error' | 'attempts_exhausted';

/**
 * A failed job waits with exponential back-off; past its last attempt, or at once when the error
 * can never go away, it is parked as dead with the reason, still visible to a supervisor.
 */
export async function failJob(db: Queryable, job: OutboxJob, error: string, retry: { inSeconds: number } | { park: DeadReason }): Promise<'retry' | 'dead'> {
  const park: DeadReason | null = 'park' in retry ? retry.park : job.attempts >= job.max_attempts ? 'attempts_exhausted' : null;
  await db.query(
    `UPDATE outbox SET locked_until = NULL, locked_by = NULL, last_error = $2,
       run_after = now() + make_interval(secs => $3),
       dead_at = CASE WHEN $4::text IS NOT NULL THEN now() END, dead_reason = $4
     WHERE id = $1`,
    [job.id, error.slice(0, 2000), 'inSeconds' in retry ? retry.inSeconds : 0, park],
  );
  return park ? 'dead' : 'retry';
}

export async function outboxBacklog(db: Queryable): Promise<{ pending: number; dead: number }> {
  const [row] = await db.query<{ pending: number; dead: number }>(
    `SELECT count(*) FILTER (WHERE done_at IS NULL AND dead_at IS NULL)::int AS pending,
            count(*) FILTER (WHERE dead_at IS NOT NULL)::int AS dead FROM outbox`,
  );
  return row ?? { pending: 0, dead: 0 };
}

export interface DeadJobRow {
  id: number;
  topic: string;
  payload: unknown;
  attempts: number;
  last_error: string | null;
  dead_reason: DeadReason;
  dead_at: Date;
  created_at: Date;
  reference: string | null;
}

/**
 * Parked jobs, newest first, with the case they concern when the payload names one (directly, or
 * through its communication or line) so a supervisor sees what is stuck and for whom.
 */
/** The topics whose payload names a line (its open case is the one shown). */
const lineTopics: OutboxTopic[] = ['bar_line', 'unbar_line'];

// A parked payload may be malformed: read a number only where there is one (CASE keeps the cast from running otherwise).
const idIn = (field: string) => `CASE WHEN jsonb_typeof(o.payload->'${field}') = 'number' THEN (o.payload->>'${field}')::numeric END`;

export async function listDeadJobs(db: Queryable, limit: number): Promise<DeadJobRow[]> {
  return db.query<DeadJobRow>(
    `SELECT o.id, o.topic, o.payload, o.attempts, o.last_error, o.dead_reason, o.dead_at, o.created_at,
            coalesce(c1.reference, c2.reference, c3.reference) AS reference
     FROM outbox o
     LEFT JOIN cases c1 ON o.topic = 'fulfil_case' AND c1.id = ${idIn('caseId')}
     LEFT JOIN communications m ON o.topic = 'deliver_communication' AND m.id = ${idIn('communicationId')}
     LEFT JOIN cases c2 ON c2.id = m.case_id
     LEFT JOIN cases c3 ON o.topic = ANY($3) AND c3.line_id = ${idIn('lineId')} AND c3.state = ANY($2)
     WHERE o.dead_at IS NOT NULL
     ORDER BY o.dead_at DESC, o.id DESC LIMIT $1`,
    [limit, openStates, lineTopics],
  );
}

/** Puts a parked job back in the queue with fresh attempts; false when it is not parked. */
export async function retryDeadJob(db: Queryable, id: number, by: string): Promise<{ topic: string } | undefined> {
  const [row] = await db.query<{ topic: string }>(
    `UPDATE outbox SET dead_at = NULL, dead_reason = NULL, attempts = 0, run_after = now(), locked_until = NULL, locked_by = NULL,
       retried_by = $2, retried_at = now()
     WHERE id = $1 AND dead_at IS NOT NULL RETURNING topic`,
    [id, by],
  );
  if (row) await db.query(`SELECT pg_notify('${outboxChannel}', $1)`, [row.topic]);
  return row;
}

/** Marks every waiting job as done (the demo past's messages were "sent" when they happened). */
export async function markAllPendingDone(db: Queryable, at: Date): Promise<void> {
  await db.query('UPDATE outbox SET done_at = $1 WHERE done_at IS NULL AND dead_at IS NULL', [at]);
}

export interface CaseJobRow {
  id: number;
  attempts: number;
  last_error: string | null;
  run_after: Date;
  dead_at: Date | null;
  dead_reason: DeadReason | null;
  done_at: Date | null;
}

/** The latest job of a topic for one case (e.g. its fulfilment), as the staff case page shows it. */
export async function findLatestCaseJob(db: Queryable, topic: 'fulfil_case', caseId: number): Promise<CaseJobRow | undefined> {
  const [row] = await db.query<CaseJobRow>(
    `SELECT id, attempts, last_error, run_after, dead_at, dead_reason, done_at FROM outbox
     WHERE topic = $1 AND payload->>'caseId' = $2 ORDER BY id DESC LIMIT 1`,
    [topic, String(caseId)],
  );
  return row;
}
