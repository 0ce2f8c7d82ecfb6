/*
 * Screenshots of the pages issue 17 is judged by — the staff case page, its history and the
 * customer's progress page, in zh-CN and English at 375 and 1280 px — taken from any running
 * `lastcall serve` with LASTCALL_DEMO=1 (the dev mailbox and the demo log-ins), so an older
 * commit can be photographed the same way as today's:
 *
 *   node --import tsx test/support/capture-pages.ts http://127.0.0.1:3917 docs/screenshots/before
 *
 * It makes one case through the API (张伟 applies; a reviewer takes it and asks for a document;
 * he answers; approval; the worker completes it; a supervisor records the refund's payment),
 * then opens the pages in Chromium. Files: <lang>-<case|history|progress>-<width>.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const [base = 'http://127.0.0.1:3000', outDir = 'test-output/capture'] = process.argv.slice(2);
const who = { msisdn: '+8613800138000', name: '张伟', idNumber: '11010519491231002X', email: 'zhang.wei@example.com' };
const chromiumPath = process.env.LASTCALL_CHROMIUM || '/usr/bin/chromium';

class Api {
  cookie = '';
  csrf = '';
  token = '';
  async call(method: string, url: string, body?: unknown): Promise<{ status: number; body: any }> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.cookie) headers.cookie = this.cookie;
    if (this.csrf && method !== 'GET') headers['x-csrf-token'] = this.csrf;
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    const res = await fetch(base + url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0]!;
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }
  async ok(method: string, url: string, body?: unknown): Promise<any> {
    const r = await this.call(method, url, body);
    if (r.status >= 300) throw new Error(`${method} ${url}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  }
  async staff(user: string): Promise<this> {
    this.csrf = (await this.ok('POST', '/api/v1/staff/session', { user, password: 'lastcall-demo' })).csrfToken;
    return this;
  }
}

async function until<T>(probe: () => Promise<T | undefined>, what: string, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const newest = async (api: Api) => Math.max(0, ...((await api.ok('GET', '/api/v1/dev/mailbox')) as { id: number }[]).map((m) => m.id));

async function makeCase(): Promise<{ reference: string; customer: Api; expiresAt: string }> {
  const customer = new Api();
  const before = await newest(customer);
  const started = await customer.ok('POST', '/api/v1/verifications', who);
  const sms = await until(async () => ((await customer.ok('GET', '/api/v1/dev/mailbox')) as { id: number; to: string; text: string }[]).find((m) => m.id > before && m.to === who.msisdn && /\d{6}/.test(m.text)), 'the code');
  const confirmed = await customer.ok('POST', `/api/v1/verifications/${started.verificationId}/confirm`, { code: /\d{6}/.exec(sms.text)![0] });
  customer.token = confirmed.token;
  const pre = await customer.ok('GET', `/api/v1/lines/${encodeURIComponent(who.msisdn)}/precheck`);
  const acks = pre.items.filter((i: { kind: string }) => i.kind === 'advisory').map((i: { code: string }) => i.code);
  const { reference } = await customer.ok('POST', '/api/v1/cancellations', { msisdn: who.msisdn, reason: '不再使用', acknowledgements: acks });
  const reviewer = await new Api().staff('reviewer');
  await reviewer.ok('POST', `/api/v1/staff/cases/${reference}/assign`, {});
  await reviewer.ok('POST', `/api/v1/staff/cases/${reference}/request-info`, { message: '请上传身份证正反面的照片。', reason: 'documents' });
  await customer.ok('POST', `/api/v1/cancellations/${reference}/replies`, { text: '已上传身份证照片，请查收。' });
  await reviewer.ok('POST', `/api/v1/staff/cases/${reference}/approve`, {});
  await until(async () => ((await customer.ok('GET', `/api/v1/cancellations/${reference}`)).state === 'completed' ? true : undefined), 'completion');
  const supervisor = await new Api().staff('supervisor');
  await supervisor.ok('POST', `/api/v1/staff/cases/${reference}/refund-paid`, { paidOn: new Date().toISOString().slice(0, 10), paymentReference: 'BILL-20261125' });
  return { reference, customer, expiresAt: confirmed.expiresAt };
}

async function main(): Promise<void> {
  fs.mkdirSync(outDir, { recursive: true });
  const { reference, customer, expiresAt } = await makeCase();
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    for (const lang of ['zh-CN', 'en'] as const) {
      for (const width of [375, 1280]) {
        const context = await browser.newContext({ viewport: { width, height: width === 375 ? 812 : 900 }, locale: lang === 'en' ? 'en-GB' : 'zh-CN', timezoneId: 'Asia/Shanghai', baseURL: base });
        await context.addInitScript(
          ([l, session]) => {
            window.localStorage.setItem('lastcall.lang', l!);
            window.localStorage.setItem('lastcall.console.lang', l!);
            window.sessionStorage.setItem('lastcall.session', session!);
          },
          [lang, JSON.stringify({ token: customer.token, expiresAt, msisdn: who.msisdn, verifiedMsisdn: who.msisdn })],
        );
        const page = await context.newPage();
        await page.goto(`/progress/${reference}`);
        await page.locator('[data-testid="case-state"]').waitFor();
        await page.waitForLoadState('networkidle');
        await page.screenshot({ path: path.join(outDir, `${lang}-progress-${width}.png`), fullPage: true });
        await page.goto('/console/login');
        await page.locator('[data-testid="login-user"]').fill('supervisor');
        await page.locator('[data-testid="login-password"]').fill('lastcall-demo');
        await page.locator('[data-testid="login-submit"]').click();
        await page.waitForURL((u) => !u.pathname.endsWith('/login'));
        await page.goto(`/console/cases/${reference}`);
        await page.locator('[data-testid="history"]').waitFor();
        await page.waitForLoadState('networkidle');
        await page.screenshot({ path: path.join(outDir, `${lang}-case-${width}.png`), fullPage: true });
        await page.locator('[data-testid="history"]').screenshot({ path: path.join(outDir, `${lang}-history-${width}.png`) });
        await context.close();
      }
    }
  } finally {
    await browser.close();
  }
  console.log(`${reference}: screenshots in ${outDir}`);
}

await main();
