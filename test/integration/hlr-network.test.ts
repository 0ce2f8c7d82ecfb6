import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases, testDatabaseAvailable } from '../support/databases.js';
import { Client, eventually, mailbox, oliver, startHarness, verifyAs, zhangWei, type Harness } from '../support/harness.js';
import { osmoHlrAvailable, rawInfo, startOsmoHlr, type RunningHlr } from '../support/osmo-hlr.js';

/**
 * lastcall against a real osmo-hlr (HLR_URL): a cancellation removes the subscriber and frees
 * its MSISDN, a lost SIM is barred and a found one unbarred, and an HLR killed in the middle of
 * fulfilment leaves the case approved until it is back, then completes it exactly once. What the
 * HLR holds is always read from the HLR itself over CTRL, not from our database.
 */
const acks = ['prepaid_credit_refund', 'binding_bank', 'binding_alipay', 'binding_wechat', 'port_out_option', 'backup_reminder'];
const liNa = { msisdn: '+8613912345678', name: '李娜', idNumber: '310115198803154222', email: 'li.na@example.com' };
const liNaImsi = '460001000000002';
const wangQiang = { msisdn: '+8618611112222', name: '王强', idNumber: '440305199207086819', email: 'wang.qiang@example.com' };

describe.each(testDatabases)('the network is a real Osmocom HLR (%s)', async (kind) => {
  const available = (await testDatabaseAvailable(kind)) && osmoHlrAvailable();
  let hlr: RunningHlr;
  let h: Harness;

  beforeAll(async () => {
    if (!available) return;
    hlr = await startOsmoHlr();
    h = (await startHarness(kind, { env: { HLR_URL: hlr.url } }))!;
    // The demo lines these tests use, as `lastcall network sync` would put them in the HLR.
    for (const who of [zhangWei, oliver, liNa, wangQiang]) {
      const line = (await h.runtime.ctx.db.query<{ msisdn: string; imsi: string; iccid: string }>('SELECT msisdn, imsi, iccid FROM lines WHERE msisdn = $1', [who.msisdn]))[0]!;
      await h.runtime.ctx.network.provision(line, { barred: false });
    }
  });
  afterAll(async () => {
    await h?.close();
    await hlr?.stop();
  });

  async function approve(reference: string) {
    const reviewer = new Client(h.base);
    await reviewer.loginStaff('reviewer');
    expect((await reviewer.post(`/api/v1/staff/cases/${reference}/assign`, {})).status).toBe(200);
    // A blocking pre-check item (李娜's debt) needs the supervisor's override; the others approve plainly.
    const approved = await reviewer.post(`/api/v1/staff/cases/${reference}/approve`, {});
    if (approved.status === 409) {
      const supervisor = new Client(h.base);
      await supervisor.loginStaff('supervisor');
      expect((await supervisor.post(`/api/v1/staff/cases/${reference}/approve`, { overrideReason: 'the debt was settled at the counter today' })).status).toBe(200);
    } else expect(approved.status).toBe(200);
    return reviewer;
  }

  async function apply(who: { msisdn: string; name: string; idNumber: string; email: string }) {
    const c = new Client(h.base);
    await verifyAs(c, who);
    const pre = await c.get(`/api/v1/lines/${encodeURIComponent(who.msisdn)}/precheck`);
    const advisory = pre.body.items.filter((i: { kind: string }) => i.kind === 'advisory').map((i: { code: string }) => i.code);
    const applied = await c.post('/api/v1/cancellations', { msisdn: who.msisdn, reason: '不再使用', acknowledgements: advisory.length ? advisory : acks });
    expect(applied.status).toBe(201);
    return applied.body.reference as string;
  }

  it.skipIf(!available)('the cancellation of 张伟 removes IMSI 460001000000001 from the HLR and frees +8613800138000', async () => {
    expect(await rawInfo(hlr, '460001000000001')).toMatchObject({ msisdn: '8613800138000', nam_cs: '1', nam_ps: '1' });
    const reference = await apply(zhangWei);
    const reviewer = await approve(reference);
    const done = await eventually(async () => {
      const r = await reviewer.get(`/api/v1/staff/cases/${reference}`);
      return r.body.state === 'completed' ? r.body : undefined;
    }, 20000, 'the case to complete');
    expect(done.history.find((e: { type: string }) => e.type === 'fulfilled').data.network.provisioner).toBe('osmo-hlr');
    expect(await rawInfo(hlr, '460001000000001')).toBe('No such subscriber.');
    // The MSISDN is free: another subscriber can take it.
    expect(await hlr.ctrl('SET 5 subscriber.create 460009999999999')).toMatch(/^SET_REPLY 5 /);
    expect(await hlr.ctrl('SET 6 subscriber.by-imsi-460009999999999.msisdn 8613800138000')).toBe('SET_REPLY 6 subscriber.by-imsi-460009999999999.msisdn OK');
    expect(await hlr.ctrl('SET 7 subscriber.delete 460009999999999')).toMatch(/^SET_REPLY 7 /);
  });

  it.skipIf(!available)("王强's eSIM: the subscription leaves the HLR, the profile is released by the (simulated) SM-DP+", async () => {
    const reference = await apply(wangQiang);
    const reviewer = await approve(reference);
    const done = await eventually(async () => {
      const r = await reviewer.get(`/api/v1/staff/cases/${reference}`);
      return r.body.state === 'completed' ? r.body : undefined;
    }, 20000, 'the case to complete');
    const fulfilled = done.history.find((e: { type: string }) => e.type === 'fulfilled').data;
    expect(fulfilled.network.provisioner).toBe('osmo-hlr');
    expect(fulfilled.esimProfile.provisioner).toBe('simulator');
    expect(await rawInfo(hlr, '460011000000003')).toBe('No such subscriber.');
  });

  it.skipIf(!available)("Oliver's lost SIM is barred in the HLR, and lifted only after he verifies again", async () => {
    const c = new Client(h.base);
    await verifyAs(c, oliver);
    const barred = await c.post(`/api/v1/lines/${encodeURIComponent(oliver.msisdn)}/suspension`);
    expect(barred.status).toBe(201);
    await eventually(async () => {
      const info = await rawInfo(hlr, '234260000000008');
      return typeof info === 'object' && info.nam_cs === '0' && info.nam_ps === '0' ? info : undefined;
    }, 10000, 'nam_cs 0 / nam_ps 0 in the HLR');

    // The token from before the loss may be on the lost phone: it cannot lift the bar.
    const stale = await c.call('DELETE', `/api/v1/lines/${encodeURIComponent(oliver.msisdn)}/suspension`);
    expect(stale.status).toBe(401);
    expect(stale.body.error.code).toBe('reverification_required');

    // Found again: he verifies once more; the SIM was barred, so the code comes by e-mail.
    h.clock.set(new Date(h.clock.now().getTime() + 60_000).toISOString());
    const newest = Math.max(0, ...(await mailbox(c)).map((m) => m.id));
    const again = await c.post('/api/v1/verifications', { ...oliver, channel: 'email' });
    expect(again.status).toBe(202);
    const mail = await eventually(async () => (await mailbox(c)).find((m) => m.id > newest && m.to === oliver.email && /\d{6}/.test(m.text)), 10000, 'the code e-mail');
    const confirmed = await c.post(`/api/v1/verifications/${again.body.verificationId}/confirm`, { code: /\d{6}/.exec(mail.text)![0] });
    expect(confirmed.status).toBe(200);
    c.token = confirmed.body.token;
    const lifted = await c.call('DELETE', `/api/v1/lines/${encodeURIComponent(oliver.msisdn)}/suspension`);
    expect(lifted.status).toBe(200);
    expect(lifted.body.status).toBe('active');
    await eventually(async () => {
      const info = await rawInfo(hlr, '234260000000008');
      return typeof info === 'object' && info.nam_cs === '1' && info.nam_ps === '1' ? info : undefined;
    }, 10000, 'nam_cs 1 / nam_ps 1 in the HLR');
    const mails = await mailbox(c);
    expect(mails.some((m) => m.to === oliver.email && m.subject === 'Your line works again')).toBe(true);

    // An agent on a verified call can bar it again and lift it; a reviewer may not.
    const agent = new Client(h.base);
    await agent.loginStaff('agent');
    expect((await agent.post(`/api/v1/staff/lines/${encodeURIComponent(oliver.msisdn)}/suspension`)).status).toBe(201);
    await eventually(async () => (await rawInfo(hlr, '234260000000008') as Record<string, string>).nam_cs === '0', 10000, 'barred by the agent');
    const reviewer = new Client(h.base);
    await reviewer.loginStaff('reviewer');
    expect((await reviewer.call('DELETE', `/api/v1/staff/lines/${encodeURIComponent(oliver.msisdn)}/suspension`)).status).toBe(403);
    expect((await agent.call('DELETE', `/api/v1/staff/lines/${encodeURIComponent(oliver.msisdn)}/suspension`)).status).toBe(200);
    await eventually(async () => (await rawInfo(hlr, '234260000000008') as Record<string, string>).nam_cs === '1', 10000, 'unbarred by the agent');
  });

  it.skipIf(!available)('an HLR killed during fulfilment: the case waits, shows why, and completes exactly once when the HLR is back', async () => {
    const reference = await apply(liNa);
    await hlr.kill('SIGKILL');
    const reviewer = await approve(reference);
    const waiting = await eventually(async () => {
      const r = await reviewer.get(`/api/v1/staff/cases/${reference}`);
      return r.body.network?.attempts >= 2 ? r.body : undefined;
    }, 20000, 'the case to wait on the network');
    expect(waiting.state).toBe('approved');
    expect(waiting.network).toMatchObject({ status: 'waiting', provisioner: 'osmo-hlr' });
    expect(waiting.network.lastError).toBeTruthy();
    const ready = await fetch(`${h.base}/readyz`).then((r) => r.json());
    expect(ready).toMatchObject({ status: 'degraded', checks: { network: { status: 'unreachable', provisioner: 'osmo-hlr' } } });

    await hlr.restart();
    const done = await eventually(async () => {
      const r = await reviewer.get(`/api/v1/staff/cases/${reference}`);
      return r.body.state === 'completed' ? r.body : undefined;
    }, 30000, 'the case to complete once the HLR is back');
    expect(done.history.filter((e: { type: string }) => e.type === 'fulfilled')).toHaveLength(1);
    expect(done.history.filter((e: { type: string }) => e.type === 'network_error').length).toBeGreaterThanOrEqual(2);
    expect(done.network).toBeNull();
    expect(await rawInfo(hlr, liNaImsi)).toBe('No such subscriber.');
    const completedMails = await h.runtime.ctx.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM communications m JOIN cases c ON c.id = m.case_id WHERE c.reference = $1 AND m.template = 'completed'",
      [reference],
    );
    expect(completedMails[0]!.n).toBe(1);
    expect((await fetch(`${h.base}/readyz`).then((r) => r.json())).status).toBe('ready');
    const metrics = await fetch(`${h.base}/metrics`).then((r) => r.text());
    expect(metrics).toMatch(/lastcall_network_operations_total\{[^}]*kind="deactivate"[^}]*outcome="temporary_error"[^}]*\} [1-9]/);
    expect(metrics).toMatch(/lastcall_network_operations_total\{[^}]*kind="deactivate"[^}]*outcome="ok"[^}]*\} [1-9]/);
  });
});
