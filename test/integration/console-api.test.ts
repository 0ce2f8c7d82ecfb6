import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases, testDatabaseAvailable } from '../support/databases.js';
import { applyAsCustomer, Client, eventually, liNa, startHarness, verifyAs, type Harness } from '../support/harness.js';

describe.each(testDatabases)("the console's supporting routes: demo log-ins, assignees (%s)", async (kind) => {
  const available = await testDatabaseAvailable(kind);
  let h: Harness;

  beforeAll(async () => {
    if (available) h = (await startHarness(kind))!;
  });
  afterAll(async () => h?.close());

  it.skipIf(!available)('lists the demo log-ins while demo staff exist, and nothing once they are gone or disabled', async () => {
    const anyone = new Client(h.base);
    const shown = await anyone.get('/api/v1/staff/demo-logins');
    expect(shown.status).toBe(200);
    expect(shown.body).toEqual({
      users: ['agent', 'reviewer', 'supervisor', 'auditor', 'admin'].map((user) => ({ user, role: user })),
      password: 'lastcall-demo',
    });
    const login = await anyone.post('/api/v1/staff/session', { user: shown.body.users[0].user, password: shown.body.password });
    expect(login.status).toBe(200);

    // An admin disables one: it is no longer offered.
    const admin = new Client(h.base);
    await admin.loginStaff('admin');
    expect((await admin.post('/api/v1/staff/users/auditor/disable')).status).toBe(200);
    expect((await anyone.get('/api/v1/staff/demo-logins')).body.users.map((u: { user: string }) => u.user)).not.toContain('auditor');

    // A server whose staff are all real ones says nothing.
    await h.runtime.ctx.db.query('UPDATE staff_users SET demo = false');
    const none = await anyone.get('/api/v1/staff/demo-logins');
    expect(none.status).toBe(404);
    expect(none.body.error.code).toBe('no_demo_logins');
  });

  it.skipIf(!available)('lets a supervisor give a case to an enabled reviewer or supervisor from the list, and nobody else', async () => {
    const supervisor = new Client(h.base);
    await supervisor.loginStaff('supervisor');
    const list = await supervisor.get('/api/v1/staff/assignees');
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([
      { user: 'reviewer', role: 'reviewer' },
      { user: 'supervisor', role: 'supervisor' },
    ]);
    const reviewer = new Client(h.base);
    await reviewer.loginStaff('reviewer');
    const refused = await reviewer.get('/api/v1/staff/assignees');
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');
  });

  it.skipIf(!available)("rings the reviewer's bell when a case is given to them and each time its customer answers", async () => {
    const { reference } = await applyAsCustomer(h.base, liNa);
    const supervisor = new Client(h.base);
    await supervisor.loginStaff('supervisor');
    const reviewer = new Client(h.base);
    await reviewer.loginStaff('reviewer');
    const bell = async () => ((await reviewer.get('/api/v1/staff/notifications')).body.items as { id: number; kind: string; reference: string; read: boolean }[]).filter((n) => n.reference === reference);

    expect((await supervisor.post(`/api/v1/staff/cases/${reference}/assign`, { to: 'reviewer' })).status).toBe(200);
    expect((await bell()).map((n) => [n.kind, n.read])).toEqual([['case_assigned', false]]);
    // Taking a case oneself rings nobody.
    expect((await supervisor.get('/api/v1/staff/notifications')).body.items.filter((n: { reference: string }) => n.reference === reference)).toEqual([]);

    const customer = new Client(h.base);
    await verifyAs(customer, liNa);
    for (const round of [1, 2]) {
      expect((await reviewer.post(`/api/v1/staff/cases/${reference}/request-info`, { message: `问题 ${round}`, reason: 'documents' })).status).toBe(200);
      expect((await customer.post(`/api/v1/cancellations/${reference}/replies`, { text: `回复 ${round}` })).status).toBe(200);
      const replied = (await bell()).find((n) => n.kind === 'customer_replied')!;
      expect(replied.read, `round ${round}`).toBe(false);
      expect((await reviewer.post(`/api/v1/staff/notifications/${replied.id}/read`)).status).toBe(200);
    }
  });
  it.skipIf(!available)('shows the parked jobs to a supervisor and an admin, and lets only the supervisor put one back', async () => {
    const db = h.runtime.ctx.db;
    // A job no handler knows is parked at once as malformed; a finished one is not parked at all.
    const [parked] = await db.query<{ id: number }>(`INSERT INTO outbox (topic, payload) VALUES ('no_such_topic', '{}') RETURNING id`);
    const [finished] = await db.query<{ id: number }>(`INSERT INTO outbox (topic, payload, done_at) VALUES ('no_such_topic', '{}', now()) RETURNING id`);
    const supervisor = new Client(h.base);
    await supervisor.loginStaff('supervisor');
    const admin = new Client(h.base);
    await admin.loginStaff('admin');

    const row = await eventually(async () => (await supervisor.get('/api/v1/staff/outbox/dead')).body.items?.find((j: { id: number }) => j.id === parked!.id), 10000, 'the job to be parked');
    expect(row).toEqual({
      id: parked!.id,
      topic: 'no_such_topic',
      reason: 'malformed_payload',
      lastError: 'unknown outbox topic "no_such_topic"',
      attempts: 1,
      reference: null,
      createdAt: expect.stringMatching(/Z$/),
      deadAt: expect.stringMatching(/Z$/),
    });
    const read = await admin.get('/api/v1/staff/outbox/dead');
    expect(read.status).toBe(200);
    expect(read.body.items.map((j: { id: number }) => j.id)).toContain(parked!.id);
    expect((await admin.post(`/api/v1/staff/outbox/${parked!.id}/retry`)).status).toBe(403);

    const retried = await supervisor.post(`/api/v1/staff/outbox/${parked!.id}/retry`);
    expect(retried.status).toBe(200);
    expect(retried.body).toEqual({ id: parked!.id, topic: 'no_such_topic', state: 'queued' });
    const notParked = await supervisor.post(`/api/v1/staff/outbox/${finished!.id}/retry`);
    expect(notParked.status).toBe(404);
    expect(notParked.body.error.code).toBe('job_not_found');
  });
});
