/**
 * The operations room: what the operator's supervisors and engineers look after while lastcall
 * runs — jobs that could not be done (dead letters), and later the network's reconciliation.
 */
import type { AppContext } from '../context.js';
import { inTransaction } from '../transaction.js';
import { requirePermission, type StaffActor } from '../staff/permission.js';
import { appendAudit } from '../../store/audit.js';
import { listDeadJobs, retryDeadJob, type DeadReason } from '../../store/outbox.js';
import { notFound } from '../../domain/errors.js';

export interface DeadLetter {
  id: number;
  topic: string;
  reason: DeadReason;
  lastError: string | null;
  attempts: number;
  reference: string | null;
  createdAt: string;
  deadAt: string;
}

export const deadLetterLimit = 200;

/** Jobs parked for a person to look at, newest first. */
export async function listDeadLetters(ctx: AppContext, actor: StaffActor): Promise<DeadLetter[]> {
  requirePermission(actor, 'outbox.read');
  const rows = await listDeadJobs(ctx.db, deadLetterLimit);
  return rows.map((r) => ({
    id: r.id,
    topic: r.topic,
    reason: r.dead_reason,
    lastError: r.last_error,
    attempts: r.attempts,
    reference: r.reference,
    createdAt: r.created_at.toISOString(),
    deadAt: r.dead_at.toISOString(),
  }));
}

/** A supervisor puts a parked job back in the queue (after the cause was fixed); audited. */
export async function retryDeadLetter(ctx: AppContext, actor: StaffActor, id: number): Promise<{ id: number; topic: string }> {
  requirePermission(actor, 'outbox.retry');
  const by = `staff:${actor.user}`;
  const retried = await inTransaction(ctx, async (tx) => {
    const row = await retryDeadJob(tx, id, by);
    if (row) await appendAudit(tx, ctx.clock.now(), { actor: by, action: 'outbox.retried', subject: null, data: { jobId: id, topic: row.topic } });
    return row;
  });
  if (!retried) throw notFound('job_not_found', 'No parked job has this id.');
  ctx.wakeWorker();
  return { id, topic: retried.topic };
}
