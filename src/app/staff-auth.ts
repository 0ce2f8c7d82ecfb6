import crypto from 'node:crypto';
import { promisify } from 'node:util';
import type { AppContext } from './context.js';
import { forbidden, unauthenticated } from '../domain/errors.js';
import type { StaffRole } from '../domain/roles.js';
import type { StaffActor } from './review.js';
import type { Queryable } from '../store/db.js';

const scrypt = promisify(crypto.scrypt) as (pw: string, salt: Buffer, len: number, opts: crypto.ScryptOptions) => Promise<Buffer>;
const scryptParams = { N: 16384, r: 8, p: 1 };

export const sessionIdleMs = 30 * 60_000;
export const sessionAbsoluteMs = 12 * 3600_000;
export const demoPassword = 'lastcall-demo';
export const demoStaff: { user: string; role: StaffRole }[] = [
  { user: 'agent', role: 'agent' },
  { user: 'reviewer', role: 'reviewer' },
  { user: 'supervisor', role: 'supervisor' },
  { user: 'auditor', role: 'auditor' },
  { user: 'admin', role: 'admin' },
];

/** Hashes carry their algorithm and parameters, so a stronger one can be added beside it later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(16);
  const key = await scrypt(password, salt, 32, scryptParams);
  return `scrypt$${scryptParams.N}$${scryptParams.r}$${scryptParams.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [alg, n, r, p, salt, key] = stored.split('$');
  if (alg !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, { N: Number(n), r: Number(r), p: Number(p) });
  return crypto.timingSafeEqual(actual, expected);
}

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

export async function addStaffUser(db: Queryable, user: string, role: StaffRole, password: string, demo = false): Promise<void> {
  await db.query('INSERT INTO staff_users (username, role, password_hash, demo) VALUES ($1, $2, $3, $4)', [user, role, await hashPassword(password), demo]);
}

/** The demo log-ins of the contract, created only together with the demo data. */
export async function seedDemoStaff(db: Queryable): Promise<number> {
  let added = 0;
  for (const s of demoStaff) {
    const [exists] = await db.query('SELECT 1 FROM staff_users WHERE username = $1', [s.user]);
    if (exists) continue;
    await addStaffUser(db, s.user, s.role, demoPassword, true);
    added++;
  }
  return added;
}

// A fixed hash to compare against when the user does not exist, so both cases take as long.
const decoyHash = hashPassword(crypto.randomBytes(16).toString('hex'));

export async function staffLogin(ctx: AppContext, user: string, password: string) {
  const [row] = await ctx.db.query<{ id: number; username: string; role: StaffRole; password_hash: string; disabled_at: Date | null }>(
    'SELECT id, username, role, password_hash, disabled_at FROM staff_users WHERE username = $1',
    [user],
  );
  const ok = await verifyPassword(password, row?.password_hash ?? (await decoyHash));
  if (!row || !ok || row.disabled_at) throw unauthenticated('invalid_credentials', 'Wrong user name or password.');
  const token = crypto.randomBytes(32).toString('base64url');
  const csrfToken = crypto.randomBytes(24).toString('base64url');
  const now = ctx.clock.now();
  await ctx.db.query('INSERT INTO staff_sessions (token_hash, staff_id, csrf_token, expires_at, created_at, last_seen_at) VALUES ($1, $2, $3, $4, $5, $5)', [
    sha256(token),
    row.id,
    csrfToken,
    new Date(now.getTime() + sessionAbsoluteMs),
    now,
  ]);
  return { token, user: row.username, role: row.role, csrfToken };
}

/**
 * The staff member behind a session cookie. Sessions end after 30 idle minutes or 12 hours;
 * every change must carry the session's CSRF token, which a cross-site page cannot read.
 */
export async function authenticateStaff(ctx: AppContext, token: string | undefined, csrf: string | undefined, changes: boolean): Promise<StaffActor & { csrfToken: string }> {
  if (!token) throw unauthenticated('unauthenticated', 'Log in first (POST /api/v1/staff/session).');
  const now = ctx.clock.now();
  const [s] = await ctx.db.query<{ username: string; role: StaffRole; csrf_token: string; last_seen_at: Date }>(
    `SELECT u.username, u.role, s.csrf_token, s.last_seen_at FROM staff_sessions s JOIN staff_users u ON u.id = s.staff_id
     WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.disabled_at IS NULL`,
    [sha256(token), now],
  );
  if (!s || now.getTime() - s.last_seen_at.getTime() > sessionIdleMs) {
    throw unauthenticated('session_expired', 'Your session has ended; log in again.');
  }
  if (changes) {
    const given = Buffer.from(csrf ?? '');
    const expected = Buffer.from(s.csrf_token);
    if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) {
      throw forbidden('csrf_token_invalid', 'Send the X-CSRF-Token header you received at log-in.');
    }
  }
  await ctx.db.query('UPDATE staff_sessions SET last_seen_at = $2 WHERE token_hash = $1', [sha256(token), now]);
  return { kind: 'staff', user: s.username, role: s.role, csrfToken: s.csrf_token };
}

export async function staffLogout(ctx: AppContext, token: string): Promise<void> {
  await ctx.db.query('DELETE FROM staff_sessions WHERE token_hash = $1', [sha256(token)]);
}
