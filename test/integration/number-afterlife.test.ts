import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases, testDatabaseAvailable } from '../support/databases.js';
import { applyAsCustomer, Client, eventually, mailbox, oliver, startHarness, verifyAs, zhangWei, type Harness } from '../support/harness.js';
import { releaseQuarantinedNumbers } from '../../src/app/lines/release-quarantine.js';

type Person = { msisdn: string; name: string; idNumber: string; email: string };

/** A cancelled line takes no SMS: the code of a new verification comes by e-mail. */
async function verifyByEmail(c: Client, who: Person) {
  const newestBefore = Math.max(0, ...(await mailbox(c)).map((m) => m.id));
  const start = await c.post('/api/v1/verifications', who);
  expect(start.status).toBe(202);
  const mail = await eventually(async () => (await mailbox(c)).find((m) => m.id > newestBefore && m.channel === 'email' && m.to === who.email && /\d{6}/.test(m.text)), 10000, 'the code by e-mail');
  const confirmed = await c.post(`/api/v1/verifications/${start.body.verificationId}/confirm`, { code: /\d{6}/.exec(mail.text)![0] });
  expect(confirmed.status).toBe(200);
  c.token = confirmed.body.token;
}

describe.each(testDatabases)("a number's afterlife: quarantine, undo, release (%s)", async (kind) => {
  const available = await testDatabaseAvailable(kind);
  let h: Harness;
  let reviewer: Client;

  async function cancel(who: Person) {
    const { reference } = await applyAsCustomer(h.base, who);
    expect((await reviewer.post(`/api/v1/staff/cases/${reference}/assign`, {})).status).toBe(200);
    expect((await reviewer.post(`/api/v1/staff/cases/${reference}/approve`, { note: 'ok' })).status).toBe(200);
    await eventually(async () => (await reviewer.get(`/api/v1/staff/cases/${reference}`)).body.state === 'completed', 15000, 'completion');
    return reference;
  }

  beforeAll(async () => {
    if (!available) return;
    h = (await startHarness(kind, { now: '2026-11-25T10:00:00+08:00' }))!;
    reviewer = new Client(h.base);
    await reviewer.loginStaff('reviewer');
  });
  afterAll(async () => h?.close());

  it.skipIf(!available)('lets a GB customer, verified again, undo the cancellation within 14 days, and brings the line back into the network', async () => {
    const early = new Client(h.base);
    await verifyAs(early, oliver);
    await cancel(oliver);
    const imsi = (await h.runtime.ctx.db.query<{ imsi: string }>('SELECT imsi FROM lines WHERE msisdn = $1', [oliver.msisdn]))[0]!.imsi;
    expect(h.network.subscribers.has(imsi)).toBe(false);

    const account = await early.get(`/api/v1/lines/${encodeURIComponent(oliver.msisdn)}`);
    expect(account.body).toMatchObject({ status: 'terminated', terminatedOn: '2026-11-25', quarantineEndsOn: '2027-05-24', undoUntil: '2026-12-09' });
    expect(account.body.statusLabel.en).toBe('Cancelled');

    // The token from before the cancellation may be on a phone that has changed hands.
    const stale = await early.post(`/api/v1/lines/${encodeURIComponent(oliver.msisdn)}/restore`);
    expect(stale.status).toBe(401);
    expect(stale.body.error.code).toBe('reverification_required');

    h.clock.set('2026-11-25T10:05:00+08:00');
    const again = new Client(h.base);
    await verifyByEmail(again, oliver);
    const restored = await again.post(`/api/v1/lines/${encodeURIComponent(oliver.msisdn)}/restore`);
    expect(restored.status, JSON.stringify(restored.body)).toBe(200);
    expect(restored.body).toMatchObject({ status: 'active', terminatedOn: null, quarantineEndsOn: null, undoUntil: null });
    await eventually(async () => h.network.subscribers.get(imsi)?.csEnabled === true, 10000, 'the line back in the network');
    const notice = await eventually(async () => (await mailbox(again)).find((m) => m.to === oliver.email && m.subject.includes('is back')), 10000, 'the notice');
    expect(notice.text).toContain(oliver.msisdn);
    const twice = await again.post(`/api/v1/lines/${encodeURIComponent(oliver.msisdn)}/restore`);
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('line_not_restorable');
    const [audit] = await h.runtime.ctx.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE action = 'line.restored' AND subject = $1", [oliver.msisdn]);
    expect(audit!.n).toBe(1);
  });

  it.skipIf(!available)('offers no undo in CN, tells the former holder when the refund is paid and when the number is released after 90 days', async () => {
    const reference = await cancel(zhangWei);
    const supervisor = new Client(h.base);
    await supervisor.loginStaff('supervisor');
    expect((await reviewer.post(`/api/v1/staff/cases/${reference}/refund-paid`, { paidOn: '2026-11-25' })).status).toBe(403);
    const future = await supervisor.post(`/api/v1/staff/cases/${reference}/refund-paid`, { paidOn: '2026-12-25' });
    expect(future.body.error.code).toBe('paid_in_future');
    const paid = await supervisor.post(`/api/v1/staff/cases/${reference}/refund-paid`, { paidOn: '2026-11-25', paymentReference: 'ALIPAY-20261125-0001' });
    expect(paid.status, JSON.stringify(paid.body)).toBe(200);
    expect(paid.body).toEqual({ reference, paidOn: '2026-11-25', refund: { amountMinor: 3650, currency: 'CNY', method: 'original_payment' } });
    const again = await supervisor.post(`/api/v1/staff/cases/${reference}/refund-paid`, { paidOn: '2026-11-25' });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'no_unpaid_refund', details: { reason: 'already_paid' } });
    const refundMail = await eventually(async () => (await mailbox(supervisor)).find((m) => m.to === zhangWei.email && m.subject.includes('退款已支付')), 10000, 'the refund notice');
    expect(refundMail.text).toContain('36.50');
    const history = (await supervisor.get(`/api/v1/staff/cases/${reference}`)).body.history.map((e: { type: string }) => e.type);
    expect(history.at(-1)).toBe('refund_paid');

    h.clock.set('2026-11-25T10:10:00+08:00');
    const c = new Client(h.base);
    await verifyByEmail(c, zhangWei);
    const account = await c.get(`/api/v1/lines/${encodeURIComponent(zhangWei.msisdn)}`);
    expect(account.body).toMatchObject({ status: 'terminated', quarantineEndsOn: '2027-02-23', undoUntil: null });
    const refused = await c.post(`/api/v1/lines/${encodeURIComponent(zhangWei.msisdn)}/restore`);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'line_not_restorable', details: { reason: 'window_closed', undoUntil: null } });

    const statusOf = async () => (await h.runtime.ctx.db.query<{ status: string }>('SELECT status FROM lines WHERE msisdn = $1 ORDER BY id DESC LIMIT 1', [zhangWei.msisdn]))[0]!.status;
    h.clock.set('2027-02-22T10:00:00+08:00');
    await releaseQuarantinedNumbers(h.runtime.ctx);
    expect(await statusOf()).toBe('terminated');
    h.clock.set('2027-02-23T10:00:00+08:00');
    expect(await releaseQuarantinedNumbers(h.runtime.ctx)).toBeGreaterThanOrEqual(1);
    expect(await statusOf()).toBe('released');
    const mail = await eventually(async () => (await mailbox(c)).find((m) => m.to === zhangWei.email && m.subject.includes('号码已释放')), 10000, 'the release notice');
    expect(mail.text).toContain('2027-02-23');
    expect(mail.text).toContain('支付宝');
    h.clock.set('2026-11-25T10:00:00+08:00');
  });
});
