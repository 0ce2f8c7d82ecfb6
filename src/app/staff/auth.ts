/**
 * The staff room: log-in and sessions, staff users, what each role may do (permission.ts), and the
 * console's notifications.
 */
import crypto from 'node:crypto';
import type { AppContext } from '../context.js';
import { appendAudit } from '../../store/audit.js';
import { clearLimit, hitLimit, undoHit } from '../identity/rate-limit.js';
import { conflict, forbidden, invalid, notFound, rateLimited, unauthenticated } from '../../domain/errors.js';
import { may, staffRoles, staffUserNamePattern, staffUserNameRule, type StaffRole } from '../../domain/roles.js';
import { requirePermission, type StaffActor } from './permission.js';
import type { Queryable } from '../../store/db.js';
import { hashPassword, needsRehash, passwordProblem, verifyPassword } from '../../security/passwords.js';
import {
  deleteSessionsOfStaff,
  deleteStaffSession,
  findStaffCredentials,
  findStaffSession,
  insertStaffSession,
  insertStaffUser,
  listEnabledDemoStaff,
  listEnabledStaffInRoles,
  listStaffUsers,
  setStaffUserDisabled,
  staffUserExists,
  touchStaffSession,
  updatePasswordHash,
  type StaffSessionRow,
} from '../../store/staff.js';
import { sha256Hex } from '../../domain/sha256.js';

export const sessionIdleMs = 30 * 60_000;
export const sessionAbsoluteMs = 12 * 3600_000;
/**
 * A session's last use is written at most once a minute: a console that reads often does not
 * write (and wait on the session's row) with every request. The idle end may so come up to a
 * minute early, never late.
 */
export const sessionTouchMs = 60_000;
export const demoPassword = 'lastcall-demo';
export const demoStaff: { user: string; role: StaffRole }[] = [
  { user: 'agent', role: 'agent' },
  { user: 'reviewer', role: 'reviewer' },
  { user: 'supervisor', role: 'supervisor' },
  { user: 'auditor', role: 'auditor' },
  { user: 'admin', role: 'admin' },
];

/** Adds a staff member; the password policy applies to everyone but the demo log-ins. */
export async function addStaffUser(db: Queryable, user: string, role: StaffRole, password: string, opts: { demo?: boolean; at?: Date; by?: string } = {}): Promise<void> {
  if (!staffUserNamePattern.test(user)) throw invalid('invalid_user', `A user name has ${staffUserNameRule}.`);
  const problem = opts.demo ? null : passwordProblem(password);
  if (problem) throw invalid('weak_password', problem);
  if (await staffUserExists(db, user)) throw conflict('user_exists', `A staff member called ${user} already exists.`);
  await insertStaffUser(db, { username: user, role, passwordHash: await hashPassword(password), demo: opts.demo ?? false });
  await appendAudit(db, opts.at ?? new Date(), { actor: opts.by ?? 'system', action: 'staff.added', subject: `staff:${user}`, data: { role, demo: opts.demo ?? false } });
}

/** The demo log-ins of the contract, created only together with the demo data. */
export async function seedDemoStaff(db: Queryable): Promise<number> {
  let added = 0;
  for (const s of demoStaff) {
    if (await staffUserExists(db, s.user)) continue;
    await addStaffUser(db, s.user, s.role, demoPassword, { demo: true });
    added++;
  }
  return added;
}

// A real hash to compare against when the user does not exist, so both cases take as long.
let decoyHash: Promise<string> | undefined;

/**
 * Logs a staff member in. Five failures for one user name (existing or not) lock that name for
 * the rest of the 15-minute window; the answer is the same 429 for both, so a lock-out does not
 * reveal which names exist. Every try is counted before the password is compared, so tries sent
 * in parallel cannot all slip in under the limit; a right password takes its try back.
 */
export async function staffLogin(ctx: AppContext, user: string, password: string, clientAddress = 'unknown') {
  const now = ctx.clock.now();
  const { loginFailuresPerUser: perUser, loginFailuresPerAddress: perAddress } = ctx.limits;
  const audit = (action: string, data: Record<string, unknown> = {}) =>
    ctx.db.transaction((tx) => appendAudit(tx, now, { actor: `staff:${user}`, action, subject: `staff:${user}`, data: { client: clientAddress, ...data } }));
  const tries = [[perUser, user], [perAddress, clientAddress]] as const;
  let retryAfter = 0;
  for (const [rule, key] of tries) {
    const state = await hitLimit(ctx.db, ctx.secret, rule, key, now);
    if (!state.allowed) retryAfter = Math.max(retryAfter, state.retryAfterSeconds);
  }
  if (retryAfter > 0) {
    await audit('staff.login_locked');
    throw rateLimited('locked_out', 'Too many failed log-ins; wait before trying again.', retryAfter);
  }
  const row = await findStaffCredentials(ctx.db, user);
  decoyHash ??= hashPassword(crypto.randomBytes(16).toString('hex'));
  const ok = await verifyPassword(password, row?.password_hash ?? (await decoyHash));
  if (!row || !ok || row.disabled_at) {
    await audit('staff.login_failed');
    throw unauthenticated('invalid_credentials', 'Wrong user name or password.');
  }
  if (needsRehash(row.password_hash)) {
    await updatePasswordHash(ctx.db, row.id, await hashPassword(password));
  }
  await clearLimit(ctx.db, ctx.secret, perUser, user, now);
  await undoHit(ctx.db, ctx.secret, perAddress, clientAddress, now);
  const token = crypto.randomBytes(32).toString('base64url');
  const csrfToken = crypto.randomBytes(24).toString('base64url');
  await ctx.db.transaction(async (tx) => {
    await insertStaffSession(tx, { tokenHash: staffTokenHash(token), staffId: row.id, csrfToken, expiresAt: new Date(now.getTime() + sessionAbsoluteMs), at: now });
    await appendAudit(tx, now, { actor: `staff:${row.username}`, action: 'staff.login', subject: `staff:${row.username}`, data: { role: row.role, client: clientAddress } });
  });
  return { token, user: row.username, role: row.role, csrfToken };
}

/**
 * The staff member behind a session cookie. Sessions end after 30 idle minutes or 12 hours;
 * every change must carry the session's CSRF token, which a cross-site page cannot read.
 */
export async function authenticateStaff(ctx: AppContext, token: string | undefined, csrf: string | undefined, changes: boolean): Promise<StaffActor & { csrfToken: string }> {
  if (!token) throw unauthenticated('unauthenticated', 'Log in first (POST /api/v1/staff/session).');
  const now = ctx.clock.now();
  const tokenHash = staffTokenHash(token);
  return admitStaffSession(ctx, tokenHash, await findStaffSession(ctx.db, tokenHash, now), now, { csrf, changes });
}

/** A session cookie as staff_sessions keys it. */
export const staffTokenHash = (token: string) => sha256Hex(token);

/**
 * The rules a session passes, read alone (authenticateStaff) or in the same statement as a read
 * (the review queue): known, not past its end, of an enabled log-in (the read's part), not idle;
 * the CSRF token on changes; its last use written at most once a minute.
 */
export async function admitStaffSession(
  ctx: AppContext,
  tokenHash: string,
  s: StaffSessionRow | undefined,
  now: Date,
  opts: { csrf?: string | undefined; changes: boolean },
): Promise<StaffActor & { csrfToken: string }> {
  if (!s || now.getTime() - s.last_seen_at.getTime() > sessionIdleMs) {
    throw unauthenticated('session_expired', 'Your session has ended; log in again.');
  }
  if (opts.changes) {
    const given = Buffer.from(opts.csrf ?? '');
    const expected = Buffer.from(s.csrf_token);
    if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) {
      throw forbidden('csrf_token_invalid', 'Send the X-CSRF-Token header you received at log-in.');
    }
  }
  if (now.getTime() - s.last_seen_at.getTime() >= sessionTouchMs) await touchStaffSession(ctx.db, tokenHash, now);
  return { kind: 'staff', user: s.username, role: s.role, csrfToken: s.csrf_token };
}

export async function staffLogout(ctx: AppContext, token: string, actor: StaffActor): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    await deleteStaffSession(tx, staffTokenHash(token));
    await appendAudit(tx, ctx.clock.now(), { actor: `staff:${actor.user}`, action: 'staff.logout', subject: `staff:${actor.user}` });
  });
}

export async function listStaff(ctx: AppContext, actor: StaffActor) {
  requirePermission(actor, 'staff.manage');
  const rows = await listStaffUsers(ctx.db);
  return rows.map((r) => ({ user: r.username, role: r.role, demo: r.demo, disabled: r.disabled_at !== null, createdAt: r.created_at.toISOString() }));
}

export async function createStaff(ctx: AppContext, actor: StaffActor, user: string, role: StaffRole, password: string) {
  requirePermission(actor, 'staff.manage');
  await ctx.db.transaction((tx) => addStaffUser(tx, user, role, password, { at: ctx.clock.now(), by: `staff:${actor.user}` }));
  return { user, role };
}

/** Disabling ends the person's sessions at once; re-enabling does not bring them back. */
export async function setStaffDisabled(ctx: AppContext, actor: StaffActor, user: string, disabled: boolean) {
  requirePermission(actor, 'staff.manage');
  if (disabled && user === actor.user) throw invalid('cannot_disable_self', 'You cannot disable your own log-in.');
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const row = await setStaffUserDisabled(tx, user, disabled, now);
    if (!row) throw notFound('staff_not_found', `No staff member called ${user}.`);
    if (disabled) await deleteSessionsOfStaff(tx, row.id);
    await appendAudit(tx, now, { actor: `staff:${actor.user}`, action: disabled ? 'staff.disabled' : 'staff.enabled', subject: `staff:${user}` });
    return { user, disabled };
  });
}

export async function unlockStaff(ctx: AppContext, actor: StaffActor, user: string) {
  requirePermission(actor, 'staff.manage');
  const now = ctx.clock.now();
  await clearLimit(ctx.db, ctx.secret, ctx.limits.loginFailuresPerUser, user, now);
  await ctx.db.transaction((tx) => appendAudit(tx, now, { actor: `staff:${actor.user}`, action: 'staff.unlocked', subject: `staff:${user}` }));
  return { user, locked: false };
}

/**
 * The demo log-ins, for the console's log-in page — only while demo staff exist (demo data was
 * loaded) and are enabled; an operator's real staff are never listed.
 */
export async function demoLogins(ctx: AppContext): Promise<{ users: { user: string; role: StaffRole }[]; password: string } | null> {
  const rows = await listEnabledDemoStaff(ctx.db);
  return rows.length === 0 ? null : { users: rows.map((r) => ({ user: r.username, role: r.role })), password: demoPassword };
}

/** Who a supervisor may give a case to: enabled staff whose role decides cases. */
export async function listAssignees(ctx: AppContext, actor: StaffActor): Promise<{ user: string; role: StaffRole }[]> {
  requirePermission(actor, 'case.assign_other');
  const deciders = staffRoles.filter((r) => may(r, 'case.decide'));
  const rows = await listEnabledStaffInRoles(ctx.db, deciders);
  return rows.map((r) => ({ user: r.username, role: r.role }));
}
