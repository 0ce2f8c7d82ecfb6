import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases, testDatabaseAvailable } from '../support/databases.js';
import { Client, eventually, startHarness, verifyAs, zhangWei, type Harness } from '../support/harness.js';

const allAcks = ['prepaid_credit_refund', 'early_termination_charge', 'binding_bank', 'binding_alipay', 'binding_wechat', 'binding_other', 'port_out_option', 'esim_profile', 'backup_reminder'];
const wangQiang = { msisdn: '+8618611112222', name: '王强', idNumber: '440305199207086819', email: 'wang.qiang@example.com' };
const lines = {
  web: zhangWei.msisdn,
  rejected: '+8613912345678', // postpaid in debt: rejected
  breached: '+8617700001111',
  paused: wangQiang.msisdn,
  gb: '+447400123456',
  open: '+8619912345678',
  gbOpen: '+447400654321',
};

/**
 * A direct write beside the running sweeper, which locks cases and appends events too: a
 * deadlock or a lost race on an event's seq is retried, as a real writer would.
 */
async function writeBeside(h: Harness, sql: string, params: unknown[]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await h.runtime.ctx.db.query(sql, params);
      return;
    } catch (err) {
      if (attempt >= 5 || !['40P01', '40001', '23505'].includes((err as { code?: string }).code ?? '')) throw err;
      await new Promise((r) => setTimeout(r, 100 * attempt));
    }
  }
}

const period = (from: string, to: string) => `/api/v1/staff/dashboard?from=${from}&to=${to}`;

describe.each(testDatabases)('the supervisor dashboard (%s)', async (kind) => {
  const available = await testDatabaseAvailable(kind);
  let h: Harness;

  beforeAll(async () => {
    if (!available) return;
    // Wednesday 25 Nov 2026 (W48), 10:00 in Beijing, 02:00 in London: every case is received today, due Friday 4 Dec.
    h = (await startHarness(kind, { now: '2026-11-25T10:00:00+08:00' }))!;
    const customer = new Client(h.base);
    await verifyAs(customer, zhangWei);
    const web = await customer.post('/api/v1/cancellations', { msisdn: lines.web, reason: '不再使用', acknowledgements: allAcks });
    expect(web.status).toBe(201);
    expect((await customer.post('/api/v1/callbacks', { msisdn: lines.web })).status).toBeLessThan(300);

    const agent = new Client(h.base);
    await agent.loginStaff('agent');
    const supervisor = new Client(h.base);
    await supervisor.loginStaff('supervisor');
    const open = async (who: Client, msisdn: string, channel: string) => {
      const r = await who.post('/api/v1/staff/cases', { msisdn, reason: '客户来电申请', acknowledgements: allAcks, channel });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body.reference as string;
    };
    const ref = {
      web: web.body.reference as string,
      rejected: await open(agent, lines.rejected, 'email'),
      breached: await open(supervisor, lines.breached, 'email'),
      paused: await open(agent, lines.paused, 'hotline'),
      gb: await open(agent, lines.gb, 'form'),
      open: await open(agent, lines.open, 'sms'),
      gbOpen: await open(agent, lines.gbOpen, 'hotline'),
    };

    const reviewer = new Client(h.base);
    const act = async (r: string, step: string, body: object = {}) => {
      const answer = await reviewer.post(`/api/v1/staff/cases/${r}/${step}`, body);
      expect(answer.status, `${step}: ${JSON.stringify(answer.body)}`).toBe(200);
    };
    // Thursday 26 Nov: one approved and one rejected on time; one asked for documents; one taken.
    h.clock.set('2026-11-26T11:00:00+08:00');
    await reviewer.loginStaff('reviewer');
    for (const r of [ref.web, ref.rejected, ref.paused, ref.breached]) await act(r, 'assign');
    await act(ref.web, 'approve');
    await act(ref.rejected, 'reject', { reason: '账户欠费，请缴清后再申请。' });
    await act(ref.paused, 'request-info', { message: '请上传身份证正反面照片。', reason: 'documents' });
    // The sweeper once flagged this one as breached; deciding before the due day does not undo that.
    await writeBeside(h, 'UPDATE cases SET sla_breached_at = $1 WHERE reference = $2', [h.clock.now(), ref.breached]);

    h.clock.set('2026-11-27T11:00:00+08:00');
    await reviewer.loginStaff('reviewer');
    await act(ref.breached, 'approve');

    // Monday 30 Nov the customer answers; Tuesday 1 Dec (W49) it is approved, in time.
    h.clock.set('2026-11-30T09:00:00+08:00');
    const paused = new Client(h.base);
    await verifyAs(paused, wangQiang);
    expect((await paused.post(`/api/v1/cancellations/${ref.paused}/replies`, { text: '已补充。' })).status).toBe(200);
    h.clock.set('2026-12-01T10:00:00+08:00');
    await reviewer.loginStaff('reviewer');
    await act(ref.paused, 'approve');

    // Tuesday 8 Dec (W50), 10:00 in London and 18:00 in Beijing: the GB case is decided late.
    h.clock.set('2026-12-08T10:00:00Z');
    await reviewer.loginStaff('reviewer');
    await act(ref.gb, 'assign');
    await act(ref.gb, 'approve');
    await act(ref.gbOpen, 'assign');
    // Two pauses written directly: one as request-info records it today (an sla_paused event with
    // its reason), and one as cases from before pause reasons have it (only a request_info event).
    await writeBeside(
      h,
      `INSERT INTO case_events (case_id, seq, type, actor, data, at)
       SELECT id, (SELECT max(seq) + 1 FROM case_events WHERE case_id = cases.id), 'sla_paused', 'staff:reviewer', $2, $3 FROM cases WHERE reference = $1`,
      [ref.gb, JSON.stringify({ reason: 'balance', since: '2026-11-26', dueOn: '2026-12-04' }), h.clock.now()],
    );
    await writeBeside(
      h,
      `INSERT INTO case_events (case_id, seq, type, from_state, to_state, actor, data, at)
       SELECT id, (SELECT max(seq) + 1 FROM case_events WHERE case_id = cases.id), 'request_info', 'in_review', 'awaiting_customer', 'staff:reviewer', $2, $3 FROM cases WHERE reference = $1`,
      [ref.web, JSON.stringify({ question: '请补充材料。' }), h.clock.now()],
    );
    const watcher = new Client(h.base);
    await watcher.loginStaff('supervisor');
    await eventually(async () => (await watcher.get(period('2026-11-23', '2026-12-13'))).body.openByState?.approved === 0, 20_000, 'every approved line off the network');
  }, 180_000);
  afterAll(async () => h?.close());

  it.skipIf(!available)('shows compliance by week, channel and pause reason for the cases decided in the period', async () => {
    const supervisor = new Client(h.base);
    await supervisor.loginStaff('supervisor');
    const r = await supervisor.get(period('2026-11-23', '2026-12-13'));
    expect(r.status).toBe(200);
    const f = r.body;
    expect(f).toMatchObject({ from: '2026-11-23', to: '2026-12-13', generatedAt: '2026-12-08T10:00:00.000Z' });
    expect(f.compliance.overall).toEqual({ decided: 5, onTime: 3, share: 0.6 });
    expect(f.compliance.byWeek).toEqual([
      { week: '2026-W48', decided: 3, onTime: 2, share: 0.6667 },
      { week: '2026-W49', decided: 1, onTime: 1, share: 1 },
      { week: '2026-W50', decided: 1, onTime: 0, share: 0 },
    ]);
    expect(f.compliance.byChannel).toEqual([
      { channel: 'web', decided: 1, onTime: 1, share: 1 },
      { channel: 'form', decided: 1, onTime: 0, share: 0 },
      { channel: 'email', decided: 2, onTime: 1, share: 0.5 },
      { channel: 'hotline', decided: 1, onTime: 1, share: 1 },
      { channel: 'sms', decided: 0, onTime: 0, share: null },
      { channel: 'api', decided: 0, onTime: 0, share: null },
      { channel: 'bulk', decided: 0, onTime: 0, share: null },
    ]);
    const byReason = Object.fromEntries(f.compliance.byPauseReason.map((x: { reason: string; decided: number; onTime: number }) => [x.reason, [x.decided, x.onTime]]));
    expect(byReason).toEqual({ none: [2, 1], documents: [1, 1], identity: [0, 0], bindings: [0, 0], balance: [1, 0], other: [1, 1] });
  });

  it.skipIf(!available)('shows open cases, their ageing in working days, breaches and callbacks as of now', async () => {
    const supervisor = new Client(h.base);
    await supervisor.loginStaff('supervisor');
    const f = (await supervisor.get(period('2026-11-23', '2026-12-13'))).body;
    expect(f.openByState).toEqual({ submitted: 1, in_review: 1, awaiting_customer: 0, approved: 0 });
    // Received 25 Nov, today 8 Dec: 25–27 Nov and 30 Nov–7 Dec are 9 working days, in CN and in GB.
    expect(f.ageing).toEqual([
      { bucket: '0-2', count: 0 },
      { bucket: '3-5', count: 0 },
      { bucket: '6-7', count: 0 },
      { bucket: '8-10', count: 2 },
      { bucket: '>10', count: 0 },
    ]);
    expect(f.breachedOpen).toBe(2);
    expect(f.callbacksWaiting).toBe(1);
  });

  it.skipIf(!available)('counts the daily intake by channel on every day of the period, by the local day of the region', async () => {
    const supervisor = new Client(h.base);
    await supervisor.loginStaff('supervisor');
    const f = (await supervisor.get(period('2026-11-23', '2026-12-13'))).body;
    expect(f.intake).toHaveLength(21);
    expect(f.intake.find((d: { day: string }) => d.day === '2026-11-25')).toEqual({ day: '2026-11-25', web: 1, form: 1, email: 2, hotline: 2, sms: 1, api: 0, bulk: 0 });
    const others = f.intake.filter((d: { day: string }) => d.day !== '2026-11-25');
    expect(others.every((d: Record<string, unknown>) => d.web === 0 && d.form === 0 && d.email === 0 && d.hotline === 0 && d.sms === 0 && d.api === 0 && d.bulk === 0)).toBe(true);
  });

  it.skipIf(!available)('limits compliance and intake to the period asked, and defaults to the 8 weeks up to today', async () => {
    const supervisor = new Client(h.base);
    await supervisor.loginStaff('supervisor');
    const w49 = (await supervisor.get(period('2026-11-30', '2026-12-06'))).body;
    expect(w49.compliance.overall).toEqual({ decided: 1, onTime: 1, share: 1 });
    expect(w49.compliance.byWeek).toEqual([{ week: '2026-W49', decided: 1, onTime: 1, share: 1 }]);
    expect(w49.intake.map((d: { day: string }) => d.day)).toEqual(['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05', '2026-12-06']);
    expect(w49.openByState).toEqual({ submitted: 1, in_review: 1, awaiting_customer: 0, approved: 0 });

    const byDefault = (await supervisor.get('/api/v1/staff/dashboard')).body;
    expect(byDefault).toMatchObject({ from: '2026-10-19', to: '2026-12-08' });
    expect(byDefault.compliance.byWeek.map((w: { week: string }) => w.week)).toEqual(['2026-W43', '2026-W44', '2026-W45', '2026-W46', '2026-W47', '2026-W48', '2026-W49', '2026-W50']);
    expect(byDefault.compliance.overall).toEqual({ decided: 5, onTime: 3, share: 0.6 });
    expect((await supervisor.get('/api/v1/staff/dashboard?from=2026-12-07')).body).toMatchObject({ from: '2026-12-07', to: '2026-12-08' });
  });

  it.skipIf(!available)('is described in the OpenAPI document under the supervisor tag', async () => {
    const spec = (await new Client(h.base).get('/openapi.json')).body;
    const route = spec.paths['/api/v1/staff/dashboard'].get;
    expect(route.tags).toEqual(['supervisor']);
    expect(route.parameters.map((p: { name: string }) => p.name).sort()).toEqual(['from', 'to']);
  });

  it.skipIf(!available)('is for supervisors and auditors only', async () => {
    const anonymous = await new Client(h.base).get('/api/v1/staff/dashboard');
    expect(anonymous.status).toBe(401);
    for (const [role, status] of [['supervisor', 200], ['auditor', 200], ['agent', 403], ['reviewer', 403], ['admin', 403]] as const) {
      const c = new Client(h.base);
      await c.loginStaff(role);
      const r = await c.get('/api/v1/staff/dashboard');
      expect(r.status, role).toBe(status);
      if (status === 403) expect(r.body.error.code).toBe('forbidden');
    }
  });

  it.skipIf(!available)('refuses a malformed or impossible period with a 4xx in the contract shape', async () => {
    const supervisor = new Client(h.base);
    await supervisor.loginStaff('supervisor');
    for (const [query, status, code] of [
      ['from=2026-13-01', 400, 'validation_failed'],
      ['to=2026-02-30', 400, 'validation_failed'],
      ['from=yesterday', 400, 'validation_failed'],
      ['from=2026-12-10&to=2026-12-01', 422, 'invalid_period'],
      ['from=2023-01-01&to=2026-12-01', 422, 'invalid_period'],
      ['to=2026-10-01&from=', 200, undefined],
    ] as const) {
      const r = await supervisor.get(`/api/v1/staff/dashboard?${query}`);
      expect(r.status, query).toBe(status);
      if (code) expect(r.body.error.code, query).toBe(code);
    }
  });
});
