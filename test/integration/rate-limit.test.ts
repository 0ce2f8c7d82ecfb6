import crypto from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { clearLimit, hitLimit, peekLimit, sweepRateLimits, type LimitRule } from '../../src/app/identity/rate-limit.js';
import type { Database } from '../../src/store/db.js';
import { testDatabases, testDatabaseAvailable, useMigratedDatabase } from '../support/databases.js';

const secret = crypto.randomBytes(32);
const minute = 60_000;
const rule: LimitRule = { scope: 'test_login', limit: 3, windowMs: 15 * minute };
// 10:02:30 UTC: the 15-minute window runs 10:00–10:15, so it ends 12.5 minutes later.
const now = new Date('2026-03-02T10:02:30.000Z');
const later = (ms: number) => new Date(now.getTime() + ms);

describe.each(testDatabases)('rate limits (%s)', async (kind) => {
  const available = await testDatabaseAvailable(kind);
  let db: Database;
  useMigratedDatabase(kind, 'lc_rate_limit', available, (opened) => {
    db = opened;
  });
  beforeEach(async () => {
    if (available) await db.query('DELETE FROM rate_limits');
  });

  it.skipIf(!available)('refuses the hit after the limit until the window ends', async () => {
    const results = [];
    for (let i = 0; i < rule.limit + 1; i++) results.push(await hitLimit(db, secret, rule, 'alice', later(i * 1000)));
    expect(results.map((r) => [r.allowed, r.hits, r.remaining])).toEqual([
      [true, 1, 2],
      [true, 2, 1],
      [true, 3, 0],
      [false, 4, 0],
    ]);
    // The fourth hit came at 10:02:33; the window ends at 10:15:00.
    expect(results[3]!.retryAfterSeconds).toBe(12 * 60 + 27);
    const justBeforeEnd = await hitLimit(db, secret, rule, 'alice', new Date('2026-03-02T10:14:59.200Z'));
    expect(justBeforeEnd).toMatchObject({ allowed: false, hits: 5, retryAfterSeconds: 1 });
  });

  it.skipIf(!available)('allows again in the next window', async () => {
    for (let i = 0; i < rule.limit + 1; i++) await hitLimit(db, secret, rule, 'alice', now);
    const next = await hitLimit(db, secret, rule, 'alice', new Date('2026-03-02T10:15:00.000Z'));
    expect(next).toMatchObject({ allowed: true, hits: 1, remaining: 2, retryAfterSeconds: 15 * 60 });
  });

  it.skipIf(!available)('counts keys and scopes independently', async () => {
    const other: LimitRule = { ...rule, scope: 'test_address' };
    for (let i = 0; i < rule.limit + 1; i++) await hitLimit(db, secret, rule, 'alice', now);
    expect((await hitLimit(db, secret, rule, 'bob', now)).hits).toBe(1);
    expect((await hitLimit(db, secret, other, 'alice', now)).hits).toBe(1);
    expect((await peekLimit(db, secret, rule, 'alice', now)).hits).toBe(rule.limit + 1);
  });

  it.skipIf(!available)('stores an HMAC of scope and key, never the raw key', async () => {
    const phone = '+447700900123';
    await hitLimit(db, secret, rule, phone, now);
    const rows = await db.query<{ scope: string; key: string; hits: number }>('SELECT scope, key, hits FROM rate_limits');
    expect(rows).toHaveLength(1);
    const expected = crypto.createHmac('sha256', secret).update(`${rule.scope}\0${phone}`).digest('hex');
    expect(rows[0]).toEqual({ scope: rule.scope, key: expected, hits: 1 });
    expect(rows[0]!.key).not.toContain('7700900123');
    // Another secret (another installation) keeps a different key for the same value.
    await hitLimit(db, crypto.randomBytes(32), rule, phone, now);
    expect(await db.query('SELECT 1 FROM rate_limits')).toHaveLength(2);
  });

  it.skipIf(!available)('counts every one of 30 concurrent hits exactly once', async () => {
    const many: LimitRule = { ...rule, limit: 20 };
    const results = await Promise.all(Array.from({ length: 30 }, () => hitLimit(db, secret, many, 'carol', now)));
    expect(results.map((r) => r.hits).sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(results.filter((r) => r.allowed)).toHaveLength(20);
    const [row] = await db.query<{ hits: number }>('SELECT hits FROM rate_limits');
    expect(row!.hits).toBe(30);
  });

  it.skipIf(!available)('peeks without counting, and reports whether the next hit would pass', async () => {
    expect(await peekLimit(db, secret, rule, 'dave', now)).toEqual({ allowed: true, hits: 0, remaining: 3, retryAfterSeconds: 750 });
    for (let i = 0; i < rule.limit - 1; i++) await hitLimit(db, secret, rule, 'dave', now);
    expect(await peekLimit(db, secret, rule, 'dave', now)).toMatchObject({ allowed: true, hits: 2, remaining: 1 });
    expect(await peekLimit(db, secret, rule, 'dave', now)).toMatchObject({ hits: 2 });
    await hitLimit(db, secret, rule, 'dave', now);
    // limit failures recorded: locked out now, not one failure later.
    expect(await peekLimit(db, secret, rule, 'dave', now)).toMatchObject({ allowed: false, hits: 3, remaining: 0, retryAfterSeconds: 750 });
  });

  it.skipIf(!available)('clears a key without touching the others', async () => {
    for (let i = 0; i < rule.limit + 1; i++) {
      await hitLimit(db, secret, rule, 'erin', now);
      await hitLimit(db, secret, rule, 'frank', now);
    }
    await clearLimit(db, secret, rule, 'erin', later(minute));
    expect(await peekLimit(db, secret, rule, 'erin', now)).toMatchObject({ allowed: true, hits: 0 });
    expect((await hitLimit(db, secret, rule, 'erin', now)).hits).toBe(1);
    expect((await peekLimit(db, secret, rule, 'frank', now)).hits).toBe(rule.limit + 1);
  });

  it.skipIf(!available)('sweeps ended windows only', async () => {
    const hourly: LimitRule = { scope: 'test_hourly', limit: 10, windowMs: 60 * minute };
    await hitLimit(db, secret, hourly, 'a', new Date('2026-03-02T08:30:00Z')); // 08:00–09:00, ended
    await hitLimit(db, secret, hourly, 'a', new Date('2026-03-02T09:59:59Z')); // 09:00–10:00, ends at 10:00
    await hitLimit(db, secret, hourly, 'a', new Date('2026-03-02T10:00:00Z')); // 10:00–11:00, running
    await hitLimit(db, secret, rule, 'a', now); // 10:00–10:15, running
    expect(await sweepRateLimits(db, new Date('2026-03-02T09:59:59Z'), 60 * minute)).toBe(1);
    expect(await sweepRateLimits(db, new Date('2026-03-02T10:00:00Z'), 60 * minute)).toBe(1);
    expect(await sweepRateLimits(db, new Date('2026-03-02T10:30:00Z'), 60 * minute)).toBe(0);
    const left = await db.query<{ scope: string }>('SELECT scope FROM rate_limits ORDER BY scope');
    expect(left.map((r) => r.scope)).toEqual(['test_hourly', 'test_login']);
    // The default assumes windows of up to a day: both windows left began at 10:00.
    expect(await sweepRateLimits(db, new Date('2026-03-03T09:59:59Z'))).toBe(0);
    expect(await sweepRateLimits(db, new Date('2026-03-03T10:00:00Z'))).toBe(2);
  });
});
