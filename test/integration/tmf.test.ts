import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { testDatabases, testDatabaseAvailable } from '../support/databases.js';
import { Client, eventually, startHarness, type Harness } from '../support/harness.js';

/** A BSS's TMF listener: it keeps each event and whether its Standard Webhooks signature verified. */
function listener() {
  const got: { event: any; verified: boolean }[] = [];
  let secret = '';
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      let verified = true;
      try {
        new Webhook(secret).verify(body, req.headers as Record<string, string>);
      } catch {
        verified = false;
      }
      got.push({ event: JSON.parse(body), verified });
      res.writeHead(201).end();
    });
  });
  return {
    got,
    setSecret: (s: string) => (secret = s),
    url: () => `http://127.0.0.1:${(server.address() as AddressInfo).port}/listener`,
    start: () => new Promise<void>((r) => server.listen(0, '127.0.0.1', r)),
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe.each(testDatabases)('the TM Forum facade for a BSS (%s)', async (kind) => {
  const available = await testDatabaseAvailable(kind);
  let h: Harness;
  let bss: Client;
  let bank: Client;
  const orders = listener();
  const products = listener();
  const digits = '8618611112222'; // 王强: prepaid, nothing blocking
  const orderBody = (extra: Record<string, unknown> = {}) => ({
    '@type': 'ProductOrder',
    externalId: [{ id: 'CRM-2026-000812', owner: 'crm' }],
    note: [{ text: '客户在营业厅办理销户' }],
    channel: [{ id: '4', name: 'shop' }],
    productOrderItem: [{ '@type': 'ProductOrderItem', id: '1', action: 'delete', quantity: 1, product: { '@type': 'ProductRef', id: digits } }],
    ...extra,
  });

  beforeAll(async () => {
    if (!available) return;
    h = (await startHarness(kind, { env: { LASTCALL_WEBHOOK_ALLOW_PRIVATE: '1' } }))!;
    const admin = new Client(h.base);
    await admin.loginStaff('admin');
    bss = new Client(h.base);
    bss.token = (await admin.post('/api/v1/staff/partners', { name: 'BSS', kind: 'bss' })).body.apiKey;
    bank = new Client(h.base);
    bank.token = (await admin.post('/api/v1/staff/partners', { name: 'A bank', kind: 'bank', binding: 'bank' })).body.apiKey;
    await orders.start();
    await products.start();
    const a = await bss.post('/tmf-api/productOrderingManagement/v5/hub', { callback: orders.url() });
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    orders.setSecret(a.body.secret);
    const b = await bss.post('/tmf-api/productInventoryManagement/v5/hub', { callback: products.url(), query: null });
    expect(b.status).toBe(201);
    products.setSecret(b.body.secret);
  });
  afterAll(async () => {
    await orders.stop();
    await products.stop();
    await h?.close();
  });

  it.skipIf(!available)('refuses bad orders and strangers in the TMF630 shape', async () => {
    const expectTmf = (r: { status: number; body: any }, status: number, code?: string) => {
      expect(r.status, JSON.stringify(r.body)).toBe(status);
      expect(r.body).toMatchObject({ '@type': 'Error', status: String(status) });
      expect(typeof r.body.reason).toBe('string');
      if (code) expect(r.body.code).toBe(code);
    };
    const add = orderBody({ productOrderItem: [{ id: '1', action: 'add', product: { id: digits } }] });
    expectTmf(await bss.post('/tmf-api/productOrderingManagement/v5/productOrder', add), 400, 'ERR_UNSUPPORTED_ACTION');
    expectTmf(await bss.post('/tmf-api/productOrderingManagement/v5/productOrder', orderBody({ productOrderItem: [] })), 400, 'ERR_ONE_ITEM_ONLY');
    expectTmf(await bss.post('/tmf-api/productOrderingManagement/v5/productOrder', '{"productOrderItem": ['), 400);
    expectTmf(await bss.post('/tmf-api/productOrderingManagement/v5/productOrder', orderBody({ productOrderItem: [{ id: '1', action: 'delete', product: { id: '8613000000000' } }] })), 404, 'line_not_found');
    expectTmf(await bank.post('/tmf-api/productOrderingManagement/v5/productOrder', orderBody()), 403);
    expectTmf(await new Client(h.base).post('/tmf-api/productOrderingManagement/v5/productOrder', orderBody()), 401, 'invalid_partner_key');
    expectTmf(await bss.get('/tmf-api/productOrderingManagement/v5/productOrder/not-a-uuid'), 400);
    expectTmf(await bss.get(`/tmf-api/productOrderingManagement/v5/productOrder/${crypto.randomUUID()}`), 404);
    expectTmf(await bss.get('/tmf-api/nothing/here'), 404, 'ERR_NOT_FOUND');
    expectTmf(await bss.get('/tmf-api/productInventoryManagement/v5/product/abc'), 400);
    const [row] = await h.runtime.ctx.db.query<{ n: number }>("SELECT count(*)::int AS n FROM cases WHERE channel = 'api'");
    expect(row!.n).toBe(0);
  });

  it.skipIf(!available)('opens a case for a delete order, follows it to completed, and tells the hubs', async () => {
    const before = await bss.get(`/tmf-api/productInventoryManagement/v5/product/${digits}`);
    expect(before.body).toMatchObject({ '@type': 'Product', id: digits, status: 'active' });
    expect(JSON.stringify(before.body)).not.toContain('王强');

    const created = await bss.post('/tmf-api/productOrderingManagement/v5/productOrder', orderBody());
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ '@type': 'ProductOrder', state: 'acknowledged', externalId: [{ id: 'CRM-2026-000812' }] });
    expect(created.headers.get('location')).toBe(created.body.href);
    expect(created.body.href).toBe(`${h.base}/tmf-api/productOrderingManagement/v5/productOrder/${created.body.id}`);
    const reference: string = created.body.note[0].text;
    expect(reference).toMatch(/^LC-2026-\d{7}-\d$/);
    const again = await bss.post('/tmf-api/productOrderingManagement/v5/productOrder', orderBody());
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body.id).toBe(created.body.id);
    const other = await bss.post('/tmf-api/productOrderingManagement/v5/productOrder', orderBody({ externalId: [{ id: 'CRM-OTHER' }] }));
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('case_already_open');
    expect((await bss.get(`/tmf-api/productInventoryManagement/v5/product/${digits}`)).body.status).toBe('pendingTerminate');

    const reviewer = new Client(h.base);
    await reviewer.loginStaff('reviewer');
    const view = (await reviewer.get(`/api/v1/staff/cases/${reference}`)).body;
    expect(view).toMatchObject({ channel: 'api', state: 'submitted' });
    expect((await reviewer.post(`/api/v1/staff/cases/${reference}/assign`, {})).status).toBe(200);
    expect((await bss.get(`/tmf-api/productOrderingManagement/v5/productOrder/${created.body.id}`)).body.state).toBe('inProgress');
    expect((await reviewer.post(`/api/v1/staff/cases/${reference}/approve`, { note: 'ok' })).status).toBe(200);
    await eventually(async () => (await bss.get(`/tmf-api/productOrderingManagement/v5/productOrder/${created.body.id}`)).body.state === 'completed', 15000, 'completed');
    const done = (await bss.get(`/tmf-api/productOrderingManagement/v5/productOrder/${created.body.id}`)).body;
    expect(done.completionDate).toMatch(/^2026-11-25T/);
    expect((await bss.get(`/tmf-api/productInventoryManagement/v5/product/${digits}`)).body).toMatchObject({ status: 'terminated', terminationDate: '2026-11-25T00:00:00.000Z' });

    const states = await eventually(async () => {
      const s = orders.got.map((g) => g.event.event.productOrder.state);
      return s.includes('completed') ? s : undefined;
    }, 10000, 'the order events');
    expect([...states].sort()).toEqual(['completed', 'inProgress', 'inProgress'].sort());
    expect(orders.got.every((g) => g.verified && g.event['@type'] === 'ProductOrderStateChangeEvent')).toBe(true);
    await eventually(async () => products.got.some((g) => g.event.event.product.status === 'terminated'), 10000, 'the product event');
    expect(products.got.every((g) => g.verified && g.event.event.product.id === digits)).toBe(true);

    // A listener registered by another partner is its own: the bank cannot remove the BSS's hub.
    const hubId = (await h.runtime.ctx.db.query<{ id: number }>("SELECT id FROM partner_hooks WHERE kind = 'tmf_hub' ORDER BY id LIMIT 1"))[0]!.id;
    expect((await bank.call('DELETE', `/tmf-api/productOrderingManagement/v5/hub/${hubId}`)).status).toBe(403);
    expect((await bss.call('DELETE', `/tmf-api/productOrderingManagement/v5/hub/${hubId}`)).status).toBe(204);
    expect((await bss.call('DELETE', `/tmf-api/productOrderingManagement/v5/hub/${hubId}`)).status).toBe(404);
  });
});
