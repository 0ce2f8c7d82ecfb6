import crypto from 'node:crypto';
import type { Queryable } from '../../store/db.js';
import { countHit, deleteWindow, deleteWindowsBefore, readHits, takeBackHit } from '../../store/rate-limits.js';

/** At most `limit` hits per key in each fixed window of `windowMs`, counted per `scope`. */
export interface LimitRule {
  scope: string;
  limit: number;
  windowMs: number;
}

export interface LimitResult {
  allowed: boolean;
  hits: number;
  remaining: number;
  /** Seconds until the current window ends (≥ 1), for a Retry-After header. */
  retryAfterSeconds: number;
}

/**
 * Windows older than this are certainly over. It must be at least the longest rule's window;
 * a day leaves room for rules longer than today's hour without anyone remembering the sweep.
 */
const defaultLongestWindowMs = 24 * 3600_000;

function windowOf(rule: LimitRule, now: Date): { start: Date; end: Date } {
  if (!Number.isInteger(rule.windowMs) || rule.windowMs <= 0) throw new RangeError(`rate limit ${rule.scope}: windowMs must be a positive integer`);
  if (!Number.isInteger(rule.limit) || rule.limit < 0) throw new RangeError(`rate limit ${rule.scope}: limit must be a non-negative integer`);
  const start = Math.floor(now.getTime() / rule.windowMs) * rule.windowMs;
  return { start: new Date(start), end: new Date(start + rule.windowMs) };
}

/**
 * Keys are phone numbers, ID numbers, user names and addresses: the table must not become a
 * second copy of them, and an HMAC (unlike a plain hash) cannot be reversed by hashing every
 * phone number. The scope goes in too, so one key gives unrelated values in different scopes.
 */
function storedKey(secret: Buffer, scope: string, key: string): string {
  return crypto.createHmac('sha256', secret).update(`${scope}\0${key}`).digest('hex');
}

function result(rule: LimitRule, hits: number, nextHits: number, end: Date, now: Date): LimitResult {
  return {
    allowed: nextHits <= rule.limit,
    hits,
    remaining: Math.max(0, rule.limit - hits),
    retryAfterSeconds: Math.max(1, Math.ceil((end.getTime() - now.getTime()) / 1000)),
  };
}

/** Counts one hit; processes sharing the table count every hit exactly once, without locks or retries. */
export async function hitLimit(db: Queryable, secret: Buffer, rule: LimitRule, key: string, now: Date): Promise<LimitResult> {
  const { start, end } = windowOf(rule, now);
  const hits = await countHit(db, rule.scope, storedKey(secret, rule.scope, key), start);
  return result(rule, hits, hits, end, now);
}

/**
 * Reads without counting. `allowed` answers whether a hit now would be allowed, so a lock-out
 * check before a log-in refuses once `limit` failures are recorded, not one failure later.
 */
export async function peekLimit(db: Queryable, secret: Buffer, rule: LimitRule, key: string, now: Date): Promise<LimitResult> {
  const { start, end } = windowOf(rule, now);
  const hits = await readHits(db, rule.scope, storedKey(secret, rule.scope, key), start);
  return result(rule, hits, hits + 1, end, now);
}

/** Forgets a key's current window (e.g. an admin unlocks a user). */
export async function clearLimit(db: Queryable, secret: Buffer, rule: LimitRule, key: string, now: Date): Promise<void> {
  const { start } = windowOf(rule, now);
  await deleteWindow(db, rule.scope, storedKey(secret, rule.scope, key), start);
}

/**
 * Deletes windows that have ended (run hourly); returns how many rows went. Rows do not record
 * their rule's window, so only those older than the longest window are certainly over.
 */
export async function sweepRateLimits(db: Queryable, now: Date, longestWindowMs: number = defaultLongestWindowMs): Promise<number> {
  if (!(longestWindowMs > 0)) throw new RangeError('longestWindowMs must be positive');
  return deleteWindowsBefore(db, new Date(now.getTime() - longestWindowMs));
}

/**
 * Takes back one hit of the current window. Checks that must hold under concurrency count the
 * try first (hitLimit) and give it back when it turns out not to count, e.g. a right password.
 */
export async function undoHit(db: Queryable, secret: Buffer, rule: LimitRule, key: string, now: Date): Promise<void> {
  const { start } = windowOf(rule, now);
  await takeBackHit(db, rule.scope, storedKey(secret, rule.scope, key), start);
}
