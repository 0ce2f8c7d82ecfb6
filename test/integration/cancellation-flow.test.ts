import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases, testDatabaseAvailable } from '../support/databases.js';
import { Client, eventually, liNa, mailbox, startHarness, verifyAs, zhangWei, type Harness } from '../support/harness.js';

const allAcks = ['prepaid_credit_refund', 'early_termination_charge', 'binding_bank', 'binding_alipay', 'binding_wechat', 'binding_other', 'port_out_option', 'esim_profile', 'backup_reminder'];

describe.each(testDatabases)('a SIM cancellation from application to 已注销 (%s)', async (kind) => {
  const available = await testDatabaseAvailable(kind);
  let h: Harness;

  beforeAll(async () => {
    if (available) h = (await startHarness(kind, { now: '2026-11-25T10:00:00+08:00' }))!;
  });
  afterAll(async () => h?.close());

  it.skipIf(!available)('answers a verification with the same shape whether or not the details match, and sends a code only for a match', async () => {
    const c = new Client(h.base);
    const before = (await mailbox(c)).length;
    const wrong = await c.post('/api/v1/verifications', { ...zhangWei, name: '李四' });
    const right = await c.post('/api/v1/verifications', zhangWei);
    expect(wrong.status).toBe(202);
    expect(right.status).toBe(202);
    expect(Object.keys(wrong.body).sort()).toEqual(Object.keys(right.body).sort());
    expect(wrong.body.maskedDestination).toBe(right.body.maskedDestination);
    await eventually(async () => (await mailbox(c)).length === before + 1, 5000, 'one code');
    await new Promise((r) => setTimeout(r, 300));
    const after = await mailbox(c);
    expect(after.length).toBe(before + 1);
    expect(after[0]!.channel).toBe('sms');
    expect(after[0]!.text).toMatch(/\d{6}/);
    const confirmWrong = await c.post(`/api/v1/verifications/${wrong.body.verificationId}/confirm`, { code: /\d{6}/.exec(after[0]!.text)![0] });
    expect(confirmWrong.status).toBe(422);
    expect(confirmWrong.body.error.code).toBe('wrong_code');
  });

  it.skipIf(!available)('takes a prepaid customer (+8613800138000) from application to completed, with the e-mails a customer gets', async () => {
    const customer = new Client(h.base);
    await verifyAs(customer, zhangWei);

    const precheck = await customer.get('/api/v1/lines/+8613800138000/precheck');
    expect(precheck.status).toBe(200);
    const codes = precheck.body.items.map((i: { code: string }) => i.code);
    expect(codes).toEqual(expect.arrayContaining(['prepaid_credit_refund', 'binding_wechat', 'binding_alipay', 'binding_bank', 'backup_reminder']));
    expect(precheck.body.blocking).toBe(false);

    const unacknowledged = await customer.post('/api/v1/cancellations', { msisdn: zhangWei.msisdn, reason: '不再使用', acknowledgements: ['backup_reminder'] });
    expect(unacknowledged.status).toBe(422);
    expect(unacknowledged.body.error.code).toBe('acknowledgement_required');
    expect(unacknowledged.body.error.details.missing).toEqual(expect.arrayContaining(['binding_wechat', 'prepaid_credit_refund']));

    const body = { msisdn: zhangWei.msisdn, reason: '不再使用', acknowledgements: allAcks };
    const applied = await customer.post('/api/v1/cancellations', body, { 'idempotency-key': 'zhang-1' });
    expect(applied.status).toBe(201);
    expect(applied.body).toMatchObject({ state: 'submitted', receivedOn: '2026-11-25', dueOn: '2026-12-04' });
    const ref: string = applied.body.reference;
    expect(ref).toMatch(/^LC-2026-\d{7}-\d$/);

    const replay = await customer.post('/api/v1/cancellations', body, { 'idempotency-key': 'zhang-1' });
    expect(replay.status).toBe(201);
    expect(replay.body.reference).toBe(ref);
    const reused = await customer.post('/api/v1/cancellations', { ...body, reason: 'other' }, { 'idempotency-key': 'zhang-1' });
    expect(reused.status).toBe(422);
    const second = await customer.post('/api/v1/cancellations', body);
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('case_already_open');

    const confirmation = await eventually(async () => (await mailbox(customer)).find((m) => m.to === zhangWei.email && m.subject.includes(ref)), 10000, 'the confirmation e-mail');
    expect(confirmation.subject).toContain('注销申请已受理');
    expect(confirmation.text).toContain('2026-12-04');
    expect(confirmation.text).toContain(ref);

    const reviewer = new Client(h.base);
    await reviewer.loginStaff('reviewer');
    const noCsrf = await reviewer.post(`/api/v1/staff/cases/${ref}/assign`, {}, { 'x-csrf-token': 'nope' });
    expect(noCsrf.status).toBe(403);
    const assigned = await reviewer.post(`/api/v1/staff/cases/${ref}/assign`, {});
    expect(assigned.status).toBe(200);
    expect(assigned.body.state).toBe('in_review');

    // Thursday 26 Nov: ask for information; the clock stops.
    // A day later sessions and tokens have expired, as they would: log in and verify again.
    h.clock.set('2026-11-26T11:00:00+08:00');
    await reviewer.loginStaff('reviewer');
    const asked = await reviewer.post(`/api/v1/staff/cases/${ref}/request-info`, { message: '请上传身份证正反面照片。' });
    expect(asked.status).toBe(200);
    expect(asked.body.state).toBe('awaiting_customer');

    // Monday 30 Nov, still no answer: 26, 27 and 30 Nov are paused working days so far.
    h.clock.set('2026-11-30T09:00:00+08:00');
    await reviewer.loginStaff('reviewer');
    await verifyAs(customer, zhangWei);
    const paused = await customer.get(`/api/v1/cancellations/${ref}`);
    expect(paused.body).toMatchObject({ state: 'awaiting_customer', paused: true, dueOn: '2026-12-09' });
    await eventually(async () => (await mailbox(customer)).find((m) => m.to === zhangWei.email && m.subject.includes('需要补充信息')), 10000, 'the information request');

    const replied = await customer.post(`/api/v1/cancellations/${ref}/replies`, { text: '已通过营业厅补交。' });
    expect(replied.status).toBe(200);
    // The clock restarts on 30 Nov: the pause cost 26 and 27 Nov.
    expect(replied.body).toMatchObject({ state: 'in_review', paused: false, dueOn: '2026-12-08' });

    const approved = await reviewer.post(`/api/v1/staff/cases/${ref}/approve`, { note: '资料齐全' });
    expect(approved.status).toBe(200);
    expect(approved.body.state).toBe('approved');

    const done = await eventually(async () => {
      const r = await customer.get(`/api/v1/cancellations/${ref}`);
      return r.body.state === 'completed' ? r.body : undefined;
    }, 15000, 'completion');
    expect(done.history.map((e: { type: string }) => e.type)).toEqual(['submitted', 'assign', 'request_info', 'customer_reply', 'approve', 'fulfilled']);

    const line = await customer.get('/api/v1/lines/+8613800138000');
    expect(line.body).toMatchObject({ status: 'terminated', statusLabel: { 'zh-CN': '已注销', en: 'Cancelled' }, terminatedOn: '2026-11-30', quarantineEndsOn: '2027-02-28' });

    const completion = await eventually(async () => (await mailbox(customer)).find((m) => m.to === zhangWei.email && m.subject.includes('号码已注销')), 10000, 'the completion e-mail');
    expect(completion.text).toContain('支付宝');
    expect(completion.text).toContain('退款 ¥36.50');
    const view = await customer.get(`/api/v1/cancellations/${ref}`);
    expect(view.body.communications.map((m: { template: string }) => m.template)).toEqual(['application_received', 'info_requested', 'customer_reply', 'approved', 'completed']);
    expect(view.body.communications.filter((m: { direction: string }) => m.direction === 'out').every((m: { status: string }) => m.status === 'sent')).toBe(true);
  });

  it.skipIf(!available)('refuses approval while a postpaid customer (+8613912345678) is in debt, and hides her case from other customers', async () => {
    const li = new Client(h.base);
    await verifyAs(li, liNa);
    const precheck = await li.get('/api/v1/lines/+8613912345678/precheck');
    expect(precheck.body.blocking).toBe(true);
    const applied = await li.post('/api/v1/cancellations', { msisdn: liNa.msisdn, reason: '出国', acknowledgements: allAcks });
    expect(applied.status).toBe(201);
    const ref = applied.body.reference;

    const other = new Client(h.base);
    await verifyAs(other, { msisdn: '+8618611112222', name: '王强', idNumber: '440305199207086819', email: 'wang.qiang@example.com' });
    expect((await other.get(`/api/v1/cancellations/${ref}`)).status).toBe(404);
    expect((await other.get('/api/v1/lines/+8613912345678')).status).toBe(404);
    expect((await other.post(`/api/v1/cancellations/${ref}/withdraw`)).status).toBe(404);

    const agent = new Client(h.base);
    await agent.loginStaff('agent');
    expect((await agent.post(`/api/v1/staff/cases/${ref}/approve`, {})).status).toBe(403);

    const reviewer = new Client(h.base);
    await reviewer.loginStaff('reviewer');
    await reviewer.post(`/api/v1/staff/cases/${ref}/assign`, {});
    const refused = await reviewer.post(`/api/v1/staff/cases/${ref}/approve`, {});
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('precheck_blocking');
    expect(refused.body.error.details.items[0].code).toBe('outstanding_debt');

    const rejected = await reviewer.post(`/api/v1/staff/cases/${ref}/reject`, { reason: '账户欠费 128.00 元，请缴清后再申请。' });
    expect(rejected.body.state).toBe('rejected');
    await eventually(async () => (await mailbox(li)).find((m) => m.to === liNa.email && m.text.includes('账户欠费')), 10000, 'the rejection e-mail');
  });

  it.skipIf(!available)('keeps four eyes: whoever opened a case for a caller cannot approve it', async () => {
    const supervisor = new Client(h.base);
    await supervisor.loginStaff('supervisor');
    const opened = await supervisor.post('/api/v1/staff/cases', { msisdn: '+447400654321', reason: 'Moving abroad', acknowledgements: allAcks, channel: 'hotline' });
    expect(opened.status).toBe(201);
    const ref = opened.body.reference;
    await supervisor.post(`/api/v1/staff/cases/${ref}/assign`, {});
    const own = await supervisor.post(`/api/v1/staff/cases/${ref}/approve`, {});
    expect(own.status).toBe(403);
    expect(own.body.error.code).toBe('four_eyes');
    const reviewer = new Client(h.base);
    await reviewer.loginStaff('reviewer');
    expect((await reviewer.post(`/api/v1/staff/cases/${ref}/approve`, {})).status).toBe(200);
    const list = await reviewer.get('/api/v1/staff/cases?sort=due');
    expect(list.body.items.find((i: { reference: string }) => i.reference === ref)).toMatchObject({ channel: 'hotline', region: 'GB' });
  });

  it.skipIf(!available)('retries a failing network call with back-off, visibly, until the line is off the network', async () => {
    const customer = new Client(h.base);
    await verifyAs(customer, { msisdn: '+8617700001111', name: '刘洋', idNumber: '330106199901010013', email: 'liu.yang@example.com' });
    const applied = await customer.post('/api/v1/cancellations', { msisdn: '+8617700001111', reason: '换号', acknowledgements: allAcks });
    const ref = applied.body.reference;
    const reviewer = new Client(h.base);
    await reviewer.loginStaff('reviewer');
    await reviewer.post(`/api/v1/staff/cases/${ref}/assign`, {});
    h.network.failNext(2);
    expect((await reviewer.post(`/api/v1/staff/cases/${ref}/approve`, {})).status).toBe(200);
    const done = await eventually(async () => {
      const r = await reviewer.get(`/api/v1/staff/cases/${ref}`);
      return r.body.state === 'completed' ? r.body : undefined;
    }, 20000, 'completion after retries');
    expect(done.history.filter((e: { type: string }) => e.type === 'network_error')).toHaveLength(2);
    expect(h.network.subscribers.has('460031000000005')).toBe(false);
    const customerView = await customer.get(`/api/v1/cancellations/${ref}`);
    expect(customerView.body.history.some((e: { type: string }) => e.type === 'network_error')).toBe(false);
  });
});
