import type { AppContext, Tx } from '../context.js';
import type { StaffActor } from './permission.js';
import { notFound } from '../../domain/errors.js';
import type { NotificationKind } from '../../domain/notifications.js';
import type { StaffRole } from '../../domain/roles.js';
import { addNotifications, listNotificationsFor, setNotificationRead } from '../../store/notifications.js';

/** Told once per case (the SLA's marks); the others ring again each time they happen. */
const once: ReadonlySet<NotificationKind> = new Set(['sla_due_soon', 'sla_overdue', 'case_lapsed']);

const supervisors: readonly StaffRole[] = ['supervisor'];

/**
 * Tells the case's assignee and every supervisor, in the console. One notice per person, case
 * and kind: a sweeper that runs twice does not ring twice.
 */
export async function notifyStaff(tx: Tx, caseId: number, kind: NotificationKind, assignee: string | null, at: Date): Promise<string[]> {
  return addNotifications(tx, { caseId, kind, at, roles: supervisors, username: assignee, renew: !once.has(kind) });
}

/** Tells the one person the case is with (given to them, or answered by the customer). */
export async function notifyAssignee(tx: Tx, caseId: number, kind: NotificationKind, assignee: string | null, at: Date): Promise<string[]> {
  if (!assignee) return [];
  return addNotifications(tx, { caseId, kind, at, roles: [], username: assignee, renew: !once.has(kind) });
}

export async function listNotifications(ctx: AppContext, actor: StaffActor) {
  const items = await listNotificationsFor(ctx.db, actor.user);
  return {
    items: items.map((n) => ({ id: Number(n.id), kind: n.kind, reference: n.reference, dueOn: n.due_on, createdAt: n.created_at.toISOString(), read: n.read_at !== null })),
    unread: items.filter((n) => n.read_at === null).length,
  };
}

export async function markNotificationRead(ctx: AppContext, actor: StaffActor, id: number) {
  if (!(await setNotificationRead(ctx.db, id, actor.user, ctx.clock.now()))) throw notFound('notification_not_found', 'No such notification for you.');
  return { id, read: true };
}
