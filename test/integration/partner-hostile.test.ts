import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases, testDatabaseAvailable } from '../support/databases.js';
import { Client, startHarness, verifyAs, liNa, type Harness } from '../support/harness.js';

/**
 * Hostile and malformed requests on every partner, partner-admin and TM Forum route, through real
 * HTTP: each gets a 4xx in its API's error shape (lastcall's under /api/v1, TMF630 under /tmf-api),
 * never a 5xx, never an echoed <script>, and nothing is left half stored.
 */
const XSS = '<script>alert(1)</script>';
const SQLI = "' OR 1=1 --";
const NUL = 'a\u0000b';
const RLO = 'Bank\u202eknaB';
const LONG = 'x'.repeat(5000);

type As = 'anon' | 'bank' | 'bss' | 'admin' | 'admin-no-csrf' | 'reviewer' | 'customer';
interface Row {
  name: string;
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  as: As;
  json?: unknown;
  raw?: string;
  type?: string;
  status: number;
  code?: string;
}

const order = (item: unknown) => ({ productOrderItem: [item] });
const rows: Row[] = [
  // Who may call what.
  { name: 'no key', method: 'GET', path: '/api/v1/partners/hooks', as: 'anon', status: 401, code: 'invalid_partner_key' },
  { name: 'a customer token as a partner key', method: 'GET', path: '/api/v1/partners/numbers/+8613800138000/disconnected?since=2026-01-01', as: 'customer', status: 401, code: 'invalid_partner_key' },
  { name: 'a staff cookie as a partner key', method: 'GET', path: '/api/v1/partners/hooks', as: 'admin', status: 401, code: 'invalid_partner_key' },
  { name: 'a partner key on a staff route', method: 'GET', path: '/api/v1/staff/partners', as: 'bank', status: 401 },
  { name: 'a reviewer adding a partner', method: 'POST', path: '/api/v1/staff/partners', as: 'reviewer', json: { name: 'x', kind: 'bank' }, status: 403, code: 'forbidden' },
  { name: 'an admin without the CSRF token', method: 'POST', path: '/api/v1/staff/partners', as: 'admin-no-csrf', json: { name: 'x', kind: 'bank' }, status: 403, code: 'csrf_token_invalid' },
  // Partner admin.
  { name: 'unknown kind', method: 'POST', path: '/api/v1/staff/partners', as: 'admin', json: { name: 'x', kind: 'bank; DROP' }, status: 400, code: 'validation_failed' },
  { name: 'unknown binding', method: 'POST', path: '/api/v1/staff/partners', as: 'admin', json: { name: 'x', kind: 'bank', binding: 'visa' }, status: 400, code: 'validation_failed' },
  { name: 'empty name', method: 'POST', path: '/api/v1/staff/partners', as: 'admin', json: { name: '   ', kind: 'bank' }, status: 400, code: 'validation_failed' },
  { name: 'name with a NUL', method: 'POST', path: '/api/v1/staff/partners', as: 'admin', json: { name: NUL, kind: 'bank' }, status: 400, code: 'validation_failed' },
  { name: 'name with a right-to-left override', method: 'POST', path: '/api/v1/staff/partners', as: 'admin', json: { name: RLO, kind: 'bank' }, status: 400, code: 'validation_failed' },
  { name: 'name too long', method: 'POST', path: '/api/v1/staff/partners', as: 'admin', json: { name: LONG, kind: 'bank' }, status: 400, code: 'validation_failed' },
  { name: 'an extra field', method: 'POST', path: '/api/v1/staff/partners', as: 'admin', json: { name: 'x', kind: 'bank', apiKey: 'mine' }, status: 400, code: 'validation_failed' },
  { name: 'not JSON', method: 'POST', path: '/api/v1/staff/partners', as: 'admin', raw: '{"name":', type: 'application/json', status: 400, code: 'invalid_json' },
  { name: 'disable a partner that does not exist', method: 'POST', path: '/api/v1/staff/partners/999999/disable', as: 'admin', status: 404, code: 'partner_not_found' },
  { name: 'a partner id that is not a number', method: 'POST', path: `/api/v1/staff/partners/${encodeURIComponent(SQLI)}/key`, as: 'admin', status: 400, code: 'validation_failed' },
  { name: 'a huge partner id', method: 'GET', path: '/api/v1/staff/partners/99999999999999999999/deliveries', as: 'admin', status: 400, code: 'validation_failed' },
  { name: 'replay of no delivery', method: 'POST', path: '/api/v1/staff/partners/deliveries/999999/replay', as: 'admin', status: 404, code: 'delivery_not_found' },
  // The disconnected-number query.
  { name: 'since missing', method: 'GET', path: '/api/v1/partners/numbers/+8613800138000/disconnected', as: 'bank', status: 400, code: 'validation_failed' },
  { name: 'since not a date', method: 'GET', path: `/api/v1/partners/numbers/+8613800138000/disconnected?since=${encodeURIComponent(SQLI)}`, as: 'bank', status: 400, code: 'validation_failed' },
  { name: 'since on 30 February', method: 'GET', path: '/api/v1/partners/numbers/+8613800138000/disconnected?since=2026-02-30', as: 'bank', status: 400, code: 'validation_failed' },
  { name: 'since in the future', method: 'GET', path: '/api/v1/partners/numbers/+8613800138000/disconnected?since=2099-01-01', as: 'bank', status: 400, code: 'since_in_future' },
  { name: 'a number with letters', method: 'GET', path: `/api/v1/partners/numbers/${encodeURIComponent(XSS)}/disconnected?since=2026-01-01`, as: 'bank', status: 400, code: 'validation_failed' },
  { name: 'a number far too long', method: 'GET', path: '/api/v1/partners/numbers/+861380013800012345/disconnected?since=2026-01-01', as: 'bank', status: 400, code: 'validation_failed' },
  { name: 'an extra query field', method: 'GET', path: '/api/v1/partners/numbers/+8613800138000/disconnected?since=2026-01-01&who=1', as: 'bank', status: 400, code: 'validation_failed' },
  { name: 'bulk: no numbers', method: 'POST', path: '/api/v1/partners/numbers/disconnected', as: 'bank', json: { since: '2026-01-01', numbers: [] }, status: 400, code: 'validation_failed' },
  { name: 'bulk: numbers not a list', method: 'POST', path: '/api/v1/partners/numbers/disconnected', as: 'bank', json: { since: '2026-01-01', numbers: '+8613800138000' }, status: 400, code: 'validation_failed' },
  { name: 'bulk: a hostile number', method: 'POST', path: '/api/v1/partners/numbers/disconnected', as: 'bank', json: { since: '2026-01-01', numbers: [DROP()] }, status: 400, code: 'validation_failed' },
  { name: 'bulk: an object with extra fields', method: 'POST', path: '/api/v1/partners/numbers/disconnected', as: 'bank', json: { since: '2026-01-01', numbers: [{ msisdn: '+8613800138000', name: '张伟' }] }, status: 400, code: 'validation_failed' },
  // Hooks.
  { name: 'a hook to the metadata service', method: 'POST', path: '/api/v1/partners/hooks', as: 'bank', json: { url: 'http://169.254.169.254/latest/meta-data', events: ['line.terminated'] }, status: 400, code: 'hook_url_not_allowed' },
  { name: 'a hook to a javascript: URL', method: 'POST', path: '/api/v1/partners/hooks', as: 'bank', json: { url: 'javascript:alert(1)', events: ['line.terminated'] }, status: 400, code: 'hook_url_not_allowed' },
  { name: 'a hook with a URL that is markup', method: 'POST', path: '/api/v1/partners/hooks', as: 'bank', json: { url: XSS, events: ['line.terminated'] }, status: 400, code: 'hook_url_not_allowed' },
  { name: 'a hook with no events', method: 'POST', path: '/api/v1/partners/hooks', as: 'bank', json: { url: 'https://hooks.example.com/x', events: [] }, status: 400, code: 'validation_failed' },
  { name: 'a hook with an unknown event', method: 'POST', path: '/api/v1/partners/hooks', as: 'bank', json: { url: 'https://hooks.example.com/x', events: ['case.deleted'] }, status: 400, code: 'validation_failed' },
  { name: 'a hook with a secret of its own', method: 'POST', path: '/api/v1/partners/hooks', as: 'bank', json: { url: 'https://hooks.example.com/x', events: ['line.terminated'], secret: 'whsec_mine' }, status: 400, code: 'validation_failed' },
  { name: 'deliveries of no hook', method: 'GET', path: '/api/v1/partners/hooks/999999/deliveries', as: 'bank', status: 404, code: 'hook_not_found' },
  { name: 'delete a hook id that is text', method: 'DELETE', path: '/api/v1/partners/hooks/abc', as: 'bank', status: 400, code: 'validation_failed' },
  { name: 'deliveries before a negative id', method: 'GET', path: '/api/v1/partners/hooks/1/deliveries?before=-5', as: 'bank', status: 400, code: 'validation_failed' },
  // TM Forum.
  { name: 'TMF: a bank key', method: 'POST', path: '/tmf-api/productOrderingManagement/v5/productOrder', as: 'bank', json: order({ action: 'delete', product: { id: '8613800138000' } }), status: 403 },
  { name: 'TMF: no key', method: 'GET', path: '/tmf-api/productInventoryManagement/v5/product/8613800138000', as: 'anon', status: 401 },
  { name: 'TMF: body is a list', method: 'POST', path: '/tmf-api/productOrderingManagement/v5/productOrder', as: 'bss', json: [order({})], status: 400 },
  { name: 'TMF: body is null', method: 'POST', path: '/tmf-api/productOrderingManagement/v5/productOrder', as: 'bss', raw: 'null', type: 'application/json', status: 400 },
  { name: 'TMF: not JSON', method: 'POST', path: '/tmf-api/productOrderingManagement/v5/productOrder', as: 'bss', raw: '<order/>', type: 'application/xml', status: 415 },
  { name: 'TMF: __proto__ in the item', method: 'POST', path: '/tmf-api/productOrderingManagement/v5/productOrder', as: 'bss', raw: '{"productOrderItem":[{"__proto__":{"action":"delete"},"product":{"id":"8613800138000"}}]}', type: 'application/json', status: 400 },
  { name: 'TMF: product id with SQL', method: 'POST', path: '/tmf-api/productOrderingManagement/v5/productOrder', as: 'bss', json: order({ action: 'delete', product: { id: SQLI } }), status: 400, code: 'ERR_INVALID_PRODUCT_ID' },
  { name: 'TMF: product id as a number', method: 'POST', path: '/tmf-api/productOrderingManagement/v5/productOrder', as: 'bss', json: order({ action: 'delete', product: { id: 8613800138000 } }), status: 400, code: 'ERR_INVALID_PRODUCT_ID' },
  { name: 'TMF: a note of markup beyond 500 characters', method: 'POST', path: '/tmf-api/productOrderingManagement/v5/productOrder', as: 'bss', json: { ...order({ action: 'delete', product: { id: '8613800138000' } }), note: [{ text: XSS + LONG }] }, status: 400, code: 'ERR_INVALID_BODY' },
  { name: 'TMF: an order id that is not a UUID', method: 'GET', path: `/tmf-api/productOrderingManagement/v5/productOrder/${encodeURIComponent(DROP())}`, as: 'bss', status: 400 },
  { name: 'TMF: a product id that is markup', method: 'GET', path: `/tmf-api/productInventoryManagement/v5/product/${encodeURIComponent(XSS)}`, as: 'bss', status: 400 },
  { name: 'TMF: a hub to a private address with a proper key, allowed here only by the lab switch — but a bad scheme', method: 'POST', path: '/tmf-api/productOrderingManagement/v5/hub', as: 'bss', json: { callback: 'file:///etc/passwd' }, status: 400, code: 'hook_url_not_allowed' },
  { name: 'TMF: a hub without a callback', method: 'POST', path: '/tmf-api/productInventoryManagement/v5/hub', as: 'bss', json: { query: 'x' }, status: 400 },
  { name: 'TMF: delete a hub id that is text', method: 'DELETE', path: '/tmf-api/productOrderingManagement/v5/hub/abc', as: 'bss', status: 400 },
];

function DROP() {
  return "'; DROP TABLE partners; --";
}

describe.each(testDatabases)('hostile requests on the partner and TM Forum routes (%s)', async (kind) => {
  const available = await testDatabaseAvailable(kind);
  let h: Harness;
  const clients = {} as Record<As, Client>;
  const counts = async () =>
    (await h.runtime.ctx.db.query<Record<string, number>>(
      `SELECT (SELECT count(*)::int FROM partners) AS partners, (SELECT count(*)::int FROM partner_hooks) AS hooks,
         (SELECT count(*)::int FROM webhook_deliveries) AS deliveries, (SELECT count(*)::int FROM cases) AS cases, (SELECT count(*)::int FROM tmf_orders) AS orders`,
    ))[0];

  beforeAll(async () => {
    if (!available) return;
    h = (await startHarness(kind, { env: { LASTCALL_WEBHOOK_ALLOW_PRIVATE: '1' } }))!;
    for (const as of ['anon', 'bank', 'bss', 'admin', 'admin-no-csrf', 'reviewer', 'customer'] as As[]) clients[as] = new Client(h.base);
    await clients.admin.loginStaff('admin');
    await clients['admin-no-csrf'].loginStaff('admin');
    clients['admin-no-csrf'].csrf = '';
    await clients.reviewer.loginStaff('reviewer');
    await verifyAs(clients.customer, liNa);
    clients.bank.token = (await clients.admin.post('/api/v1/staff/partners', { name: 'Bank', kind: 'bank', binding: 'bank' })).body.apiKey;
    clients.bss.token = (await clients.admin.post('/api/v1/staff/partners', { name: 'BSS', kind: 'bss' })).body.apiKey;
  });
  afterAll(async () => h?.close());

  it.skipIf(!available)('answers each with a clear 4xx in its API\'s shape and stores nothing', async () => {
    const before = await counts();
    const failures: string[] = [];
    for (const row of rows) {
      const c = clients[row.as];
      const headers: Record<string, string> = {};
      if (row.type) headers['content-type'] = row.type;
      const body = row.raw ?? (row.json === undefined ? undefined : JSON.stringify(row.json));
      if (body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
      const res = await c.call(row.method, row.path, body, headers);
      const text = JSON.stringify(res.body);
      const tmf = row.path.startsWith('/tmf-api');
      const shaped = tmf ? res.body?.['@type'] === 'Error' && res.body.status === String(res.status) && typeof res.body.reason === 'string' : typeof res.body?.error?.code === 'string';
      const code = tmf ? res.body?.code : res.body?.error?.code;
      if (res.status !== row.status || !shaped || (row.code && code !== row.code) || text.includes('<script>')) failures.push(`${row.name}: ${res.status} ${text.slice(0, 300)}`);
    }
    expect(failures).toEqual([]);
    expect(await counts()).toEqual(before);
  });
});
