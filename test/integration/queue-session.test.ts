import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases, testDatabaseAvailable } from '../support/databases.js';
import { Client, startHarness, verifyAs, zhangWei, type Answer, type Harness } from '../support/harness.js';

const minute = 60_000;

function advance(h: Harness, ms: number) {
  h.clock.set(new Date(h.clock.now().getTime() + ms).toISOString());
}

function expectError(a: Answer, status: number, code: string) {
  expect(a.status, JSON.stringify(a.body)).toBe(status);
  expect(a.body.error).toMatchObject({ code, message: expect.any(String) });
}

async function staffAs(h: Harness, user: string): Promise<Client> {
  const c = new Client(h.base);
  await c.loginStaff(user);
  return c;
}

/**
 * The review queue checks its session in the statement that reads it (issue 16): the same
 * answers, in the same order, as a session checked by the hook — 401 before 400, the role's
 * 403, the idle end and its once-a-minute last use.
 */
describe.each(testDatabases)('the queue and the customer read check their caller in their own read (%s)', async (kind) => {
  const available = await testDatabaseAvailable(kind);
  let h: Harness;
  beforeAll(async () => {
    if (available) h = (await startHarness(kind, { now: '2026-11-25T10:00:00+08:00' }))!;
  });
  afterAll(async () => h?.close());

  const lastSeen = async (user: string) => {
    const [row] = await h.runtime.ctx.db.query<{ at: Date }>(
      'SELECT max(s.last_seen_at) AS at FROM staff_sessions s JOIN staff_users u ON u.id = s.staff_id WHERE u.username = $1',
      [user],
    );
    return row!.at.getTime();
  };

  it.skipIf(!available)('answers 401 without a session (before any 400), 400 for a bad query with one, 403 to a role that may not read cases', async () => {
    const anonymous = new Client(h.base);
    expectError(await anonymous.get('/api/v1/staff/cases'), 401, 'unauthenticated');
    expectError(await anonymous.get('/api/v1/staff/cases?limit=0'), 401, 'unauthenticated');
    const forged = new Client(h.base);
    forged.cookie = 'lastcall_session=not-a-session';
    expectError(await forged.get('/api/v1/staff/cases'), 401, 'session_expired');
    expectError(await forged.get('/api/v1/staff/cases?sort=sideways'), 401, 'session_expired');

    const reviewer = await staffAs(h, 'reviewer');
    expectError(await reviewer.get('/api/v1/staff/cases?limit=0'), 400, 'validation_failed');
    const page = await reviewer.get('/api/v1/staff/cases?state=undecided&limit=3');
    expect(page.status).toBe(200);
    expect(page.body.items.length).toBeLessThanOrEqual(3);
    expect(page.body.truncated).toBe(page.body.matching > page.body.items.length);
    const none = await reviewer.get('/api/v1/staff/cases?region=XX');
    expect(none.status).toBe(200);
    expect(none.body).toEqual({ items: [], matching: 0, truncated: false });

    const admin = await staffAs(h, 'admin');
    expectError(await admin.get('/api/v1/staff/cases'), 403, 'forbidden');
  });

  it.skipIf(!available)('keeps a session alive by queue reads alone, writing its last use at most once a minute, and ends it after 30 idle minutes', async () => {
    const auditor = await staffAs(h, 'auditor');
    const loggedIn = await lastSeen('auditor');
    advance(h, 30_000);
    expect((await auditor.get('/api/v1/staff/cases')).status).toBe(200);
    expect(await lastSeen('auditor')).toBe(loggedIn);
    advance(h, 31_000);
    expect((await auditor.get('/api/v1/staff/cases')).status).toBe(200);
    expect(await lastSeen('auditor')).toBe(h.clock.now().getTime());
    for (let i = 0; i < 3; i++) {
      advance(h, 25 * minute);
      expect((await auditor.get('/api/v1/staff/cases?sort=submitted')).status).toBe(200);
    }
    advance(h, 31 * minute);
    expectError(await auditor.get('/api/v1/staff/cases'), 401, 'session_expired');
    expectError(await auditor.get('/api/v1/staff/session'), 401, 'session_expired');
  });

  it.skipIf(!available)('answers polls that arrive together (one statement for the same page) each for its own session', async () => {
    const reviewer = await staffAs(h, 'reviewer');
    const auditor = await staffAs(h, 'auditor');
    const admin = await staffAs(h, 'admin');
    const forged = new Client(h.base);
    forged.cookie = 'lastcall_session=not-a-session';
    const alone = (await reviewer.get('/api/v1/staff/cases?state=undecided')).body;
    const cn = (await reviewer.get('/api/v1/staff/cases?state=undecided&region=CN')).body;
    const together = await Promise.all([
      reviewer.get('/api/v1/staff/cases?state=undecided'),
      admin.get('/api/v1/staff/cases?state=undecided'),
      forged.get('/api/v1/staff/cases?state=undecided'),
      auditor.get('/api/v1/staff/cases?state=undecided'),
      reviewer.get('/api/v1/staff/cases?state=undecided&region=CN'),
      reviewer.get('/api/v1/staff/cases?state=undecided'),
    ]);
    expect(together.map((a) => a.status)).toEqual([200, 403, 401, 200, 200, 200]);
    expect(together[0]!.body).toEqual(alone);
    expect(together[3]!.body).toEqual(alone);
    expect(together[5]!.body).toEqual(alone);
    expect(together[4]!.body).toEqual(cn);
    expect(together[1]!.body.items).toBeUndefined();
    expect(together[2]!.body.error.code).toBe('session_expired');
  });

  it.skipIf(!available)("holds the customer read's 400 until its token is checked: a bad token answers 401 whatever the reference", async () => {
    const stranger = new Client(h.base);
    stranger.token = 'not-a-token';
    expectError(await stranger.get('/api/v1/cancellations/not-a-reference'), 401, 'invalid_token');
    const customer = new Client(h.base);
    await verifyAs(customer, zhangWei);
    expectError(await customer.get('/api/v1/cancellations/not-a-reference'), 400, 'validation_failed');
  });
});
