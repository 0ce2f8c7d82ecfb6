import type { AppContext, Tx } from '../context.js';
import type { StaffActor } from './permission.js';
import { notFound } from '../../domain/errors.js';

export type NotificationKind = 'sla_due_soon' | 'sla_overdue' | 'case_lapsed' | 'case_assigned' | 'customer_replied';

/** Told once per case (the SLA's marks); the others ring again each time they happen. */
const once: ReadonlySet<NotificationKind> = new Set(['sla_due_soon', 'sla_overdue', 'case_lapsed']);

/**
 * Tells the case's assignee and every supervisor, in the console. One notice per person, case
 * and kind: a sweeper that runs twice does not ring twice.
 */
export async function notifyStaff(tx: Tx, caseId: number, kind: NotificationKind, assignee: string | null, at: Date): Promise<string[]> {
  return notify(tx, caseId, kind, at, `disabled_at IS NULL AND (role = 'supervisor' OR username = $3)`, assignee);
}

/** Tells the one person the case is with (given to them, or answered by the customer). */
export async function notifyAssignee(tx: Tx, caseId: number, kind: NotificationKind, assignee: string | null, at: Date): Promise<string[]> {
  if (!assignee) return [];
  return notify(tx, caseId, kind, at, 'disabled_at IS NULL AND username = $3', assignee);
}

async function notify(tx: Tx, caseId: number, kind: NotificationKind, at: Date, whom: string, assignee: string | null): Promise<string[]> {
  const onConflict = once.has(kind) ? 'DO NOTHING' : 'DO UPDATE SET created_at = EXCLUDED.created_at, read_at = NULL';
  const rows = await tx.query<{ username: string }>(
    `INSERT INTO staff_notifications (username, case_id, kind, created_at)
     SELECT username, $1, $2, $4 FROM staff_users WHERE ${whom}
     ON CONFLICT (username, case_id, kind) ${onConflict}
     RETURNING username`,
    [caseId, kind, assignee, at],
  );
  return rows.map((r) => r.username);
}

export async function listNotifications(ctx: AppContext, actor: StaffActor) {
  const items = await ctx.db.query<{ id: number; kind: NotificationKind; reference: string; due_on: string; created_at: Date; read_at: Date | null }>(
    `SELECT n.id, n.kind, c.reference, c.due_on, n.created_at, n.read_at
     FROM staff_notifications n JOIN cases c ON c.id = n.case_id
     WHERE n.username = $1 ORDER BY n.created_at DESC, n.id DESC LIMIT 100`,
    [actor.user],
  );
  return {
    items: items.map((n) => ({ id: Number(n.id), kind: n.kind, reference: n.reference, dueOn: n.due_on, createdAt: n.created_at.toISOString(), read: n.read_at !== null })),
    unread: items.filter((n) => n.read_at === null).length,
  };
}

export async function markNotificationRead(ctx: AppContext, actor: StaffActor, id: number) {
  const rows = await ctx.db.query<{ id: number }>(
    'UPDATE staff_notifications SET read_at = coalesce(read_at, $3) WHERE id = $1 AND username = $2 RETURNING id',
    [id, actor.user, ctx.clock.now()],
  );
  if (rows.length === 0) throw notFound('notification_not_found', 'No such notification for you.');
  return { id, read: true };
}
