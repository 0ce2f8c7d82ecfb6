import type { Queryable } from './db.js';
import type { NotificationKind } from '../domain/notifications.js';
import type { StaffRole } from '../domain/roles.js';

export interface NotificationToAdd {
  caseId: number;
  kind: NotificationKind;
  at: Date;
  /** Everyone enabled in these roles… */
  roles: readonly StaffRole[];
  /** …and this person, if enabled. */
  username: string | null;
  /** A notice already there rings again (unread, new time) instead of being left as it was. */
  renew: boolean;
}

/** One notice per person, case and kind; returns who was told now. */
export async function addNotifications(tx: Queryable, n: NotificationToAdd): Promise<string[]> {
  const onConflict = n.renew ? 'DO UPDATE SET created_at = EXCLUDED.created_at, read_at = NULL' : 'DO NOTHING';
  const rows = await tx.query<{ username: string }>(
    `INSERT INTO staff_notifications (username, case_id, kind, created_at)
     SELECT username, $1, $2, $4 FROM staff_users WHERE disabled_at IS NULL AND (role = ANY($5::text[]) OR username = $3)
     ON CONFLICT (username, case_id, kind) ${onConflict}
     RETURNING username`,
    [n.caseId, n.kind, n.username, n.at, n.roles],
  );
  return rows.map((r) => r.username);
}

export interface NotificationRow {
  id: number;
  kind: NotificationKind;
  reference: string;
  due_on: string;
  created_at: Date;
  read_at: Date | null;
}

/** A person's latest 100 notices, newest first, with their case's reference and due day. */
export async function listNotificationsFor(db: Queryable, username: string): Promise<NotificationRow[]> {
  return db.query<NotificationRow>(
    `SELECT n.id, n.kind, c.reference, c.due_on, n.created_at, n.read_at
     FROM staff_notifications n JOIN cases c ON c.id = n.case_id
     WHERE n.username = $1 ORDER BY n.created_at DESC, n.id DESC LIMIT 100`,
    [username],
  );
}

/** Marks one of a person's notices read (keeping the first time); false when it is not theirs or not there. */
export async function setNotificationRead(db: Queryable, id: number, username: string, at: Date): Promise<boolean> {
  const rows = await db.query<{ id: number }>('UPDATE staff_notifications SET read_at = coalesce(read_at, $3) WHERE id = $1 AND username = $2 RETURNING id', [
    id,
    username,
    at,
  ]);
  return rows.length > 0;
}
