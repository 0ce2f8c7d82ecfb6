import type { Queryable } from './db.js';
import type { StaffRole } from '../domain/roles.js';

/* Staff log-ins (staff_users) and their sessions (staff_sessions, keyed by the token's hash). */

export async function staffUserExists(db: Queryable, username: string): Promise<boolean> {
  const rows = await db.query('SELECT 1 FROM staff_users WHERE username = $1', [username]);
  return rows.length > 0;
}

export async function insertStaffUser(db: Queryable, u: { username: string; role: StaffRole; passwordHash: string; demo: boolean }): Promise<void> {
  await db.query('INSERT INTO staff_users (username, role, password_hash, demo) VALUES ($1, $2, $3, $4)', [u.username, u.role, u.passwordHash, u.demo]);
}

export interface StaffCredentialsRow {
  id: number;
  username: string;
  role: StaffRole;
  password_hash: string;
  disabled_at: Date | null;
}

export async function findStaffCredentials(db: Queryable, username: string): Promise<StaffCredentialsRow | undefined> {
  const [row] = await db.query<StaffCredentialsRow>('SELECT id, username, role, password_hash, disabled_at FROM staff_users WHERE username = $1', [username]);
  return row;
}

export async function updatePasswordHash(db: Queryable, staffId: number, passwordHash: string): Promise<void> {
  await db.query('UPDATE staff_users SET password_hash = $2 WHERE id = $1', [staffId, passwordHash]);
}

export interface StaffListRow {
  username: string;
  role: StaffRole;
  demo: boolean;
  disabled_at: Date | null;
  created_at: Date;
}

export async function listStaffUsers(db: Queryable): Promise<StaffListRow[]> {
  return db.query<StaffListRow>('SELECT username, role, demo, disabled_at, created_at FROM staff_users ORDER BY username');
}

/**
 * Disables (keeping the first time it was disabled) or re-enables a log-in; undefined when
 * there is no such user.
 */
export async function setStaffUserDisabled(db: Queryable, username: string, disabled: boolean, at: Date): Promise<{ id: number } | undefined> {
  const [row] = await db.query<{ id: number }>(
    `UPDATE staff_users SET disabled_at = CASE WHEN $2 THEN coalesce(disabled_at, $3::timestamptz) END WHERE username = $1 RETURNING id`,
    [username, disabled, at],
  );
  return row;
}

/** The enabled demo log-ins, in the order they were created. */
export async function listEnabledDemoStaff(db: Queryable): Promise<{ username: string; role: StaffRole }[]> {
  return db.query<{ username: string; role: StaffRole }>('SELECT username, role FROM staff_users WHERE demo AND disabled_at IS NULL ORDER BY id');
}

export async function listEnabledStaffInRoles(db: Queryable, roles: readonly StaffRole[]): Promise<{ username: string; role: StaffRole }[]> {
  return db.query<{ username: string; role: StaffRole }>(
    'SELECT username, role FROM staff_users WHERE disabled_at IS NULL AND role = ANY($1::text[]) ORDER BY username',
    [roles],
  );
}

export async function insertStaffSession(db: Queryable, s: { tokenHash: string; staffId: number; csrfToken: string; expiresAt: Date; at: Date }): Promise<void> {
  await db.query('INSERT INTO staff_sessions (token_hash, staff_id, csrf_token, expires_at, created_at, last_seen_at) VALUES ($1, $2, $3, $4, $5, $5)', [
    s.tokenHash,
    s.staffId,
    s.csrfToken,
    s.expiresAt,
    s.at,
  ]);
}

export interface StaffSessionRow {
  username: string;
  role: StaffRole;
  csrf_token: string;
  last_seen_at: Date;
}

/** A session not past its absolute end, of a log-in that is not disabled; the idle limit is the caller's. */
export async function findStaffSession(db: Queryable, tokenHash: string, now: Date): Promise<StaffSessionRow | undefined> {
  const [s] = await db.query<StaffSessionRow>(
    `SELECT u.username, u.role, s.csrf_token, s.last_seen_at FROM staff_sessions s JOIN staff_users u ON u.id = s.staff_id
     WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.disabled_at IS NULL`,
    [tokenHash, now],
  );
  return s;
}

export async function touchStaffSession(db: Queryable, tokenHash: string, at: Date): Promise<void> {
  await db.query('UPDATE staff_sessions SET last_seen_at = $2 WHERE token_hash = $1', [tokenHash, at]);
}

export async function deleteStaffSession(db: Queryable, tokenHash: string): Promise<void> {
  await db.query('DELETE FROM staff_sessions WHERE token_hash = $1', [tokenHash]);
}

export async function deleteSessionsOfStaff(db: Queryable, staffId: number): Promise<void> {
  await db.query('DELETE FROM staff_sessions WHERE staff_id = $1', [staffId]);
}
