import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { testDatabases, testDatabaseAvailable } from '../support/databases.js';
import { applyAsCustomer, Client, eventually, liNa, startHarness, verifyAs, zhangWei, type Harness } from '../support/harness.js';
import { releaseQuarantinedNumbers } from '../../src/app/lines/release-quarantine.js';

/** A partner's webhook endpoint in the test process: it verifies every signature, and can be told to fail. */
interface Received {
  id: string;
  timestamp: string;
  body: string;
  verified: boolean;
}

function startReceiver(secretOf: () => string | undefined) {
  const received: Received[] = [];
  let answer: (n: number) => number = () => 204;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const id = String(req.headers['webhook-id']);
      const timestamp = String(req.headers['webhook-timestamp']);
      const signature = String(req.headers['webhook-signature']);
      const secret = secretOf() ?? '';
      let verified = false;
      try {
        new Webhook(secret).verify(body, { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': signature });
        // And by hand, as the spec writes it: base64 HMAC-SHA256 of "id.timestamp.body" under the secret's bytes.
        const mac = crypto.createHmac('sha256', Buffer.from(secret.replace(/^whsec_/, ''), 'base64')).update(`${id}.${timestamp}.${body}`).digest('base64');
        verified = signature.split(' ').includes(`v1,${mac}`);
      } catch {
        verified = false;
      }
      received.push({ id, timestamp, body, verified });
      res.writeHead(answer(received.filter((r) => r.id === id).length)).end();
    });
  });
  return {
    received,
    events: () => received.map((r) => JSON.parse(r.body) as { type: string; timestamp: string; data: Record<string, string> }),
    failFirst(n: number, status = 500) {
      answer = (attempt) => (attempt <= n ? status : 204);
    },
    always(status: number) {
      answer = () => status;
    },
    url: '',
    async start() {
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
    },
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}

// The secret is base64url, so it may itself hold '_': everything after `lcp_<id>_`.
const keySecret = (key: string) => key.slice(key.indexOf('_', 4) + 1);

describe.each(testDatabases)('partners: keys, the disconnected-number query and signed webhooks (%s)', async (kind) => {
  const available = await testDatabaseAvailable(kind);
  let h: Harness;
  const admin = new Client('');
  const secrets = new Map<string, string>();
  const receivers = { bank: startReceiver(() => secrets.get('bank')), alipay: startReceiver(() => secrets.get('alipay')), wechat: startReceiver(() => secrets.get('wechat')), watcher: startReceiver(() => secrets.get('watcher')) };
  const keys: Record<string, string> = {};

  const partner = (name: keyof typeof receivers | string) => {
    const c = new Client(h.base);
    c.token = keys[name]!;
    return c;
  };

  beforeAll(async () => {
    if (!available) return;
    h = (await startHarness(kind, { env: { LASTCALL_WEBHOOK_ALLOW_PRIVATE: '1', LASTCALL_RECORDS_BEGIN: '2026-01-01' } }))!;
    Object.assign(admin, new Client(h.base));
    await admin.loginStaff('admin');
    for (const r of Object.values(receivers)) await r.start();
    const made = [
      { name: 'bank', body: { name: '工商银行', kind: 'bank', binding: 'bank' }, events: ['number.released'] },
      { name: 'alipay', body: { name: 'Alipay', kind: 'payment', binding: 'alipay' }, events: ['number.released'] },
      { name: 'wechat', body: { name: 'WeChat', kind: 'social', binding: 'wechat' }, events: ['line.suspended'] },
      { name: 'watcher', body: { name: 'Number watcher', kind: 'other' }, events: ['case.submitted', 'case.approved', 'case.rejected', 'case.completed', 'line.terminated', 'number.released'] },
    ];
    for (const m of made) {
      const created = await admin.post('/api/v1/staff/partners', m.body);
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      keys[m.name] = created.body.apiKey;
      const hook = await partner(m.name).post('/api/v1/partners/hooks', { url: receivers[m.name as keyof typeof receivers].url, events: m.events });
      expect(hook.status, JSON.stringify(hook.body)).toBe(201);
      expect(hook.body.secret).toMatch(/^whsec_/);
      secrets.set(m.name, hook.body.secret);
    }
  });
  afterAll(async () => {
    for (const r of Object.values(receivers)) await r.stop().catch(() => undefined);
    await h?.close();
  });

  it.skipIf(!available)('shows a key once, keeps only its hash, and tells partner keys, customer tokens and staff cookies apart', async () => {
    const list = await admin.get('/api/v1/staff/partners');
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).not.toContain(keySecret(keys.bank!));
    expect(list.body.items.map((p: { name: string }) => p.name)).toEqual(['工商银行', 'Alipay', 'WeChat', 'Number watcher']);
    const [stored] = await h.runtime.ctx.db.query<{ key_hash: string }>("SELECT key_hash FROM partners WHERE name = 'Alipay'");
    expect(stored!.key_hash).not.toContain(keySecret(keys.alipay!));

    const customer = new Client(h.base);
    await verifyAs(customer, liNa);
    const asCustomer = await customer.get('/api/v1/partners/hooks');
    expect(asCustomer.status).toBe(401);
    expect(asCustomer.body.error.code).toBe('invalid_partner_key');
    const partnerOnCustomerRoute = await partner('bank').get(`/api/v1/lines/${encodeURIComponent(liNa.msisdn)}`);
    expect(partnerOnCustomerRoute.status).toBe(401);
    const staffOnPartnerRoute = await admin.get('/api/v1/partners/hooks');
    expect(staffOnPartnerRoute.status).toBe(401);
    const partnerOnStaffRoute = await partner('bank').get('/api/v1/staff/partners');
    expect(partnerOnStaffRoute.status).toBe(401);
    const forged = new Client(h.base);
    forged.token = keys.bank!.slice(0, -2) + (keys.bank!.endsWith('AA') ? 'BB' : 'AA');
    expect((await forged.get('/api/v1/partners/hooks')).status).toBe(401);

    const reviewer = new Client(h.base);
    await reviewer.loginStaff('reviewer');
    expect((await reviewer.post('/api/v1/staff/partners', { name: 'x', kind: 'bank' })).status).toBe(403);
    const duplicate = await admin.post('/api/v1/staff/partners', { name: 'alipay', kind: 'payment' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.code).toBe('partner_exists');
  });

  it.skipIf(!available)("keeps each partner's hooks to itself", async () => {
    const mine = await partner('bank').get('/api/v1/partners/hooks');
    expect(mine.body.items).toHaveLength(1);
    const theirs = (await partner('alipay').get('/api/v1/partners/hooks')).body.items[0].id as number;
    expect((await partner('bank').get(`/api/v1/partners/hooks/${theirs}/deliveries`)).status).toBe(404);
    expect((await partner('bank').call('DELETE', `/api/v1/partners/hooks/${theirs}`)).status).toBe(404);
    expect((await partner('alipay').get(`/api/v1/partners/hooks/${theirs}/deliveries`)).status).toBe(200);
  });

  it.skipIf(!available)('refuses hook URLs to private addresses unless allowed, and rate-limits a key', async () => {
    h.runtime.ctx.config.partners.allowPrivateHooks = false;
    try {
      for (const url of ['http://127.0.0.1:9/x', 'https://10.1.2.3/x', 'https://169.254.169.254/latest', 'https://localhost/x', 'https://[::1]/x', 'ftp://example.com/x', 'https://user:pw@example.com/x']) {
        const r = await partner('bank').post('/api/v1/partners/hooks', { url, events: ['line.terminated'] });
        expect(r.status, url).toBe(400);
        expect(r.body.error.code, url).toBe('hook_url_not_allowed');
      }
    } finally {
      h.runtime.ctx.config.partners.allowPrivateHooks = true;
    }
    const limited = await admin.post('/api/v1/staff/partners', { name: 'Busy bank', kind: 'bank' });
    const busy = new Client(h.base);
    busy.token = limited.body.apiKey;
    const limit = h.runtime.ctx.config.partners.ratePerMinute;
    h.runtime.ctx.config.partners.ratePerMinute = 3;
    try {
      const answers = [];
      for (let i = 0; i < 4; i++) answers.push(await busy.get('/api/v1/partners/hooks'));
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 429]);
      expect(answers[3]!.body.error.code).toBe('partner_rate_limited');
      expect(Number(answers[3]!.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      h.runtime.ctx.config.partners.ratePerMinute = limit;
    }
  });

  it.skipIf(!available)("tells 张伟's bank, Alipay and WeChat that his number is gone, signed, within seconds of completion", async () => {
    const { reference } = await applyAsCustomer(h.base, zhangWei);
    const reviewer = new Client(h.base);
    await reviewer.loginStaff('reviewer');
    expect((await reviewer.post(`/api/v1/staff/cases/${reference}/assign`, {})).status).toBe(200);
    expect((await reviewer.post(`/api/v1/staff/cases/${reference}/approve`, { note: 'ok' })).status).toBe(200);
    await eventually(async () => (await reviewer.get(`/api/v1/staff/cases/${reference}`)).body.state === 'completed', 15000, 'completion');
    const completedAt = Date.now();

    for (const name of ['bank', 'alipay', 'wechat'] as const) {
      const r = receivers[name];
      await eventually(async () => r.events().some((e) => e.type === 'line.terminated'), 10000, `line.terminated at ${name}`);
      expect(Date.now() - completedAt).toBeLessThan(10000);
      const got = r.received.filter((x) => JSON.parse(x.body).type === 'line.terminated');
      expect(got).toHaveLength(1);
      expect(got[0]!.verified).toBe(true);
      expect(JSON.parse(got[0]!.body).data).toMatchObject({ msisdn: zhangWei.msisdn, reference, terminatedOn: '2026-11-25' });
      // Never who held it.
      expect(got[0]!.body).not.toContain(zhangWei.name);
      expect(got[0]!.body).not.toContain(zhangWei.idNumber);
      expect(got[0]!.body).not.toContain(zhangWei.email);
    }
    const watcher = receivers.watcher;
    await eventually(async () => watcher.events().filter((e) => e.data.reference === reference).length === 4, 10000, 'the watcher hears all four');
    // Each delivery goes its own way: they may arrive in any order (the body's timestamp tells).
    expect(watcher.events().filter((e) => e.data.reference === reference).map((e) => e.type).sort()).toEqual(['case.approved', 'case.completed', 'case.submitted', 'line.terminated']);
    expect(watcher.received.every((x) => x.verified)).toBe(true);

    const deliveries = await partner('bank').get(`/api/v1/partners/hooks/${(await partner('bank').get('/api/v1/partners/hooks')).body.items[0].id}/deliveries`);
    expect(deliveries.body.items[0]).toMatchObject({ eventType: 'line.terminated', cause: 'binding', status: 'delivered', attempts: 1, lastStatus: 204 });

    // The query: disconnected since before the day, not since the day after; not ours → no_data.
    const ask = (n: string, since: string) => partner('alipay').get(`/api/v1/partners/numbers/${encodeURIComponent(n)}/disconnected?since=${since}`);
    expect((await ask(zhangWei.msisdn, '2026-11-01')).body).toEqual({ answer: 'yes', disconnectedOn: '2026-11-25' });
    expect((await ask('8613800138000', '2026-11-25')).body).toEqual({ answer: 'yes', disconnectedOn: '2026-11-25' });
    expect((await ask(liNa.msisdn, '2026-11-01')).body).toEqual({ answer: 'no' });
    expect((await ask('+8613000000000', '2026-11-01')).body).toEqual({ answer: 'no_data' });
    expect((await ask(liNa.msisdn, '2025-06-01')).body).toEqual({ answer: 'no_data' });
    const future = await ask(liNa.msisdn, '2027-01-01');
    expect(future.status).toBe(400);
    expect(future.body.error.code).toBe('since_in_future');
    expect((await ask('not-a-number', '2026-11-01')).status).toBe(400);
    expect((await ask(liNa.msisdn, '2026-13-01')).status).toBe(400);

    const bulk = await partner('alipay').post('/api/v1/partners/numbers/disconnected', { since: '2026-11-01', numbers: [zhangWei.msisdn, { msisdn: liNa.msisdn }, { msisdn: '+8613000000000', since: '2026-10-01' }] });
    expect(bulk.status).toBe(200);
    expect(bulk.body.results.map((r: { answer: string }) => r.answer)).toEqual(['yes', 'no', 'no_data']);
    const tooMany = await partner('alipay').post('/api/v1/partners/numbers/disconnected', { since: '2026-11-01', numbers: Array.from({ length: 1001 }, (_, i) => `+86139${String(i).padStart(8, '0')}`) });
    expect(tooMany.status).toBe(400);
    const noSince = await partner('alipay').post('/api/v1/partners/numbers/disconnected', { numbers: [zhangWei.msisdn] });
    expect(noSince.status).toBe(400);

    // Quarantine over (90 days in CN): the number is released, the partners who asked for it are told.
    h.clock.set('2026-02-24T09:00:00+08:00'.replace('2026', '2027'));
    expect(await releaseQuarantinedNumbers(h.runtime.ctx)).toBeGreaterThanOrEqual(1);
    for (const name of ['bank', 'alipay', 'watcher'] as const) {
      await eventually(async () => receivers[name].events().some((e) => e.type === 'number.released' && e.data.msisdn === zhangWei.msisdn), 10000, `number.released at ${name}`);
    }
    expect(receivers.wechat.events().some((e) => e.type === 'number.released')).toBe(false);
    expect((await ask(zhangWei.msisdn, '2026-11-01')).body).toEqual({ answer: 'yes', disconnectedOn: '2026-11-25' });
    h.clock.set('2026-11-25T10:00:00+08:00');
  });

  it.skipIf(!available)('retries a failing receiver with the same webhook-id until it answers, once; a gone one is a dead letter a supervisor replays', async () => {
    const watcher = receivers.watcher;
    watcher.failFirst(2, 503);
    const before = watcher.received.length;
    const { reference } = await applyAsCustomer(h.base, liNa);
    const attempts = await eventually(async () => {
      const mine = watcher.received.slice(before).filter((r) => JSON.parse(r.body).data.reference === reference);
      return mine.length === 3 ? mine : undefined;
    }, 15000, 'three attempts');
    expect(new Set(attempts.map((a) => a.id)).size).toBe(1);
    expect(new Set(attempts.map((a) => a.body)).size).toBe(1);
    expect(attempts.every((a) => a.verified)).toBe(true);
    await new Promise((r) => setTimeout(r, 800));
    expect(watcher.received.slice(before).filter((r) => JSON.parse(r.body).data.reference === reference)).toHaveLength(3);
    const hookId = (await partner('watcher').get('/api/v1/partners/hooks')).body.items[0].id;
    const [delivery] = (await partner('watcher').get(`/api/v1/partners/hooks/${hookId}/deliveries`)).body.items;
    expect(delivery).toMatchObject({ webhookId: attempts[0]!.id, status: 'delivered', attempts: 3, lastStatus: 204 });

    // 410 Gone: no point in trying again; it waits for a person.
    watcher.always(410);
    const reviewer = new Client(h.base);
    await reviewer.loginStaff('reviewer');
    expect((await reviewer.post(`/api/v1/staff/cases/${reference}/assign`, {})).status).toBe(200);
    expect((await reviewer.post(`/api/v1/staff/cases/${reference}/reject`, { reason: '资料不全' })).status).toBe(200);
    const dead = await eventually(async () => {
      const items = (await partner('watcher').get(`/api/v1/partners/hooks/${hookId}/deliveries`)).body.items;
      return items.find((d: { eventType: string; status: string }) => d.eventType === 'case.rejected' && d.status === 'dead');
    }, 10000, 'a dead delivery');
    expect(dead).toMatchObject({ attempts: 1, lastStatus: 410 });
    watcher.always(204);
    const supervisor = new Client(h.base);
    await supervisor.loginStaff('supervisor');
    const replay = await supervisor.post(`/api/v1/staff/partners/deliveries/${dead.id}/replay`, {});
    expect(replay.status, JSON.stringify(replay.body)).toBe(200);
    await eventually(async () => {
      const items = (await partner('watcher').get(`/api/v1/partners/hooks/${hookId}/deliveries`)).body.items;
      return items.find((d: { id: number; status: string }) => d.id === dead.id && d.status === 'delivered');
    }, 10000, 'the replayed delivery');
    const again = await supervisor.post(`/api/v1/staff/partners/deliveries/${dead.id}/replay`, {});
    expect(again.status).toBe(409);
    expect(watcher.received.filter((r) => r.id === dead.webhookId).map((r) => r.verified)).toEqual([true, true]);
  });

  it.skipIf(!available)('stops a disabled partner at once: its key and its hooks', async () => {
    const list = (await admin.get('/api/v1/staff/partners')).body.items;
    const wechat = list.find((p: { name: string }) => p.name === 'WeChat');
    const disabled = await admin.post(`/api/v1/staff/partners/${wechat.id}/disable`, {});
    expect(disabled.body.status).toBe('disabled');
    expect((await partner('wechat').get('/api/v1/partners/hooks')).status).toBe(401);
    const rotated = await admin.post(`/api/v1/staff/partners/${list.find((p: { name: string }) => p.name === 'Alipay').id}/key`, {});
    expect(rotated.status).toBe(200);
    expect((await partner('alipay').get('/api/v1/partners/hooks')).status).toBe(401);
    keys.alipay = rotated.body.apiKey;
    expect((await partner('alipay').get('/api/v1/partners/hooks')).status).toBe(200);
    const audit = await h.runtime.ctx.db.query<{ action: string }>("SELECT action FROM audit_log WHERE action LIKE 'partner.%' ORDER BY seq");
    expect(new Set(audit.map((a) => a.action))).toEqual(new Set(['partner.created', 'partner.hook_created', 'partner.delivery_replayed', 'partner.disabled', 'partner.key_rotated']));
    // Every request, answered or refused, is in the partners' access log.
    const log = await h.runtime.ctx.db.query<{ allowed: boolean; n: number }>('SELECT allowed, count(*)::int AS n FROM partner_requests GROUP BY allowed ORDER BY allowed');
    expect(log.map((r) => r.allowed)).toEqual([false, true]);
    const [disconnectedAsked] = await h.runtime.ctx.db.query<{ n: number }>("SELECT count(*)::int AS n FROM partner_requests WHERE route = '/api/v1/partners/numbers/:msisdn/disconnected' AND path LIKE '%13800138000%'");
    expect(disconnectedAsked!.n).toBeGreaterThan(0);
  });
});
