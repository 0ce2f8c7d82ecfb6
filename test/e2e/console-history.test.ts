import { describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { testDatabaseAvailable } from '../support/databases.js';
import { Client, verifyAs, zhangWei } from '../support/harness.js';
import { checkA11y, RequestGuard, shot } from '../support/browser.js';
import { T } from '../../web/console/src/testids.js';
import { e2eConsoleAvailable, until, useStage, waitAttr, waitCompleted, waitPath, waitText } from './helpers.js';

/*
 * A case's history in the staff console, read in the browser (the wording itself is checked for
 * every event type in test/web/console-history.test.ts; this is the small end-to-end part): 张伟's
 * prepaid line (¥36.50 left) goes through taking, a request for information and the reply, a
 * note, approval, the network and the refund's payment. In Chinese and in English no entry shows
 * a raw key, an amount in minor units (3650), a month-first day or the other language; the
 * operation id and the provisioner are behind the "技术细节" disclosure, opened by keyboard. The
 * dashboard's period reads year first. PGlite only. Screenshots: test-output/e2e/console-history/.
 */

const available = e2eConsoleAvailable() && (await testDatabaseAvailable('pglite'));
const dir = 'console-history';
const question = '请上传身份证正反面的照片。';
const reply = '已上传，请查收。';
const note = '客户来电确认余额原路退回。';

async function staffClient(base: string, user: string): Promise<Client> {
  const c = new Client(base);
  await c.loginStaff(user);
  return c;
}

/** What the eye reads of each entry (its history-text), quotes of people's own words left out when asked. */
const entries = (page: Page, withoutQuotes = false) =>
  page.getByTestId(T.historyEvent).evaluateAll(
    (lis, skip) =>
      lis.map((li) => {
        // Line by line, as laid out (innerText of the attached elements), a person's quoted words left out when asked.
        const lines = [...li.querySelectorAll<HTMLElement>('[data-testid="history-text"] p')].filter((p) => !(skip && p.classList.contains('quote')));
        return { type: li.getAttribute('data-type') ?? '', text: lines.map((p) => p.innerText).join('\n') };
      }),
    withoutQuotes,
  );

function checkEntry(lang: 'zh-CN' | 'en', e: { type: string; text: string }) {
  const what = `${lang} ${e.type}: ${e.text}`;
  expect(e.text, what).not.toMatch(/\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/);
  expect(e.text.replace(/\b(?:eSIM|kB)\b/g, ''), what).not.toMatch(/\b[a-z]+[A-Z][A-Za-z]*\b/);
  expect(e.text, what).not.toMatch(/(?<!\d|\d[.,])3650(?!\d|[.,]\d)/);
  expect(e.text, what).not.toMatch(/\b\d{1,2}\/\d{1,2}\/\d{2,4}\b|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \d{1,2}\b/);
  expect(e.text, what).not.toMatch(/undefined|null|NaN|[:：]\s*[;；。]/);
  if (lang === 'zh-CN') {
    const rest = e.text.replace(/LC-\d{4}-\d{7}-\d|BILL-\d+|\b(?:reviewer|supervisor)\b|\b(?:SPF|DKIM|DMARC|PDF|PNG|JPEG|eSIM|MB|kB|B)\b/g, '');
    expect(rest, `${what} (English in the Chinese history)`).not.toMatch(/[A-Za-z]/);
  } else expect(e.text, `${what} (Chinese in the English history)`).not.toMatch(/[\u3400-\u9fff]/);
}

describe('the case history in the staff console', () => {
  const stage = useStage('pglite', available);

  it.skipIf(!available)('reads as sentences in Chinese and in English, amounts in yuan, the technical detail behind a disclosure', async () => {
    const { h } = stage;
    // 张伟 applies on the web, acknowledging what the pre-check says.
    const customer = new Client(h.base);
    await verifyAs(customer, zhangWei);
    const pre = await customer.get(`/api/v1/lines/${encodeURIComponent(zhangWei.msisdn)}/precheck`);
    const acks = pre.body.items.filter((i: { kind: string }) => i.kind === 'advisory').map((i: { code: string }) => i.code);
    const applied = await customer.post('/api/v1/cancellations', { msisdn: zhangWei.msisdn, reason: '不再使用', acknowledgements: acks });
    expect(applied.status, JSON.stringify(applied.body)).toBe(201);
    const reference: string = applied.body.reference;

    const reviewer = await staffClient(h.base, 'reviewer');
    const supervisor = await staffClient(h.base, 'supervisor');
    const ok = async (p: Promise<{ status: number; body: unknown }>) => {
      const r = await p;
      expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
    };
    await ok(reviewer.post(`/api/v1/staff/cases/${reference}/assign`, {}));
    await ok(reviewer.post(`/api/v1/staff/cases/${reference}/request-info`, { message: question, reason: 'documents' }));
    await ok(customer.call('PUT', `/api/v1/lines/${encodeURIComponent(zhangWei.msisdn)}/bindings/wechat`, { state: 'unbound' }));
    await ok(customer.post(`/api/v1/cancellations/${reference}/replies`, { text: reply }));
    await ok(reviewer.post(`/api/v1/staff/cases/${reference}/note`, { text: note }));
    await ok(reviewer.post(`/api/v1/staff/cases/${reference}/approve`, {}));
    await waitCompleted(customer, reference);
    await ok(supervisor.post(`/api/v1/staff/cases/${reference}/refund-paid`, { paidOn: h.clock.now().toISOString().slice(0, 10), paymentReference: 'BILL-20261125' }));

    const context = await (stage.browser as Browser).newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US', timezoneId: 'Asia/Shanghai', bypassCSP: true, baseURL: h.base });
    const guard = new RequestGuard(h.base);
    context.on('request', guard.record);
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      // An American browser, the console in Chinese (its own choice, kept by the app).
      await page.addInitScript(() => window.localStorage.setItem('lastcall.console.lang', 'zh-CN'));
      await page.goto('/console/login');
      await page.getByTestId(T.loginUser).fill('supervisor');
      await page.getByTestId(T.loginPassword).fill('lastcall-demo');
      await page.getByTestId(T.loginSubmit).click();
      await waitPath(page, /^\/console\/dashboard$/);

      // The dashboard's period: year first in the fields and in the sentence, whatever the browser's locale.
      await until(() => page.getByTestId(T.dashboardFrom).inputValue(), (v) => /^\d{4}-\d{2}-\d{2}$/.test(v), 'the period start, year first');
      await waitText(page.getByTestId(T.dashboardPeriod), /^\d{4}年\d{1,2}月\d{1,2}日/);
      expect(await page.getByTestId(T.dashboardPeriod).innerText()).not.toMatch(/\d{1,2}\/\d{1,2}\/\d{4}/);

      await page.goto(`/console/cases/${reference}`);
      await waitAttr(page.getByTestId(T.caseState), 'data-state', 'completed');
      const history = page.getByTestId(T.history);
      await history.waitFor();
      const types = (await entries(page)).map((e) => e.type);
      for (const t of ['submitted', 'sla_started', 'assign', 'request_info', 'sla_paused', 'binding_declared', 'customer_reply', 'sla_resumed', 'note', 'approve', 'fulfilled', 'refund_paid']) expect(types, t).toContain(t);
      for (const e of await entries(page)) checkEntry('zh-CN', e);

      const fulfilled = page.locator(`[data-testid="${T.historyEvent}"][data-type="fulfilled"]`);
      const fulfilledText = fulfilled.getByTestId(T.historyText);
      await waitText(fulfilledText, /结算：退款 ¥36\.50，退回原支付方式。/);
      expect(await fulfilledText.innerText()).toMatch(/系统/);
      expect(await fulfilledText.innerText()).not.toMatch(/simulator|provisioner|operationId/);
      await waitText(page.locator(`[data-testid="${T.historyEvent}"][data-type="refund_paid"]`).getByTestId(T.historyText), /退款 ¥36\.50，退回原支付方式。[\s\S]*BILL-20261125/);
      await waitText(page.locator(`[data-testid="${T.historyEvent}"][data-type="assign"]`).getByTestId(T.historyText), /审核员 reviewer/);

      // The technical details: closed, then opened from the keyboard; the operation is there.
      const details: Locator = fulfilled.getByTestId(T.historyDetails);
      expect(await details.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
      await details.locator('summary').focus();
      await page.keyboard.press('Enter');
      await until(() => details.evaluate((d) => (d as HTMLDetailsElement).open), (open) => open, 'the details open');
      await waitText(details, /供应系统\s*simulator/);
      await checkA11y(page, 'history zh-CN, details open');
      await shot(page, dir, 'history-zh');

      // In English.
      await page.getByTestId(T.langSwitch).click();
      await until(() => page.evaluate(() => document.documentElement.lang), (l) => l === 'en', 'html lang en');
      await waitText(fulfilledText, /Settlement: refund of CN¥36\.50, to the original means of payment\./);
      for (const e of await entries(page, true)) checkEntry('en', e);
      await shot(page, dir, 'history-en');
      expect(errors, 'errors thrown in the page').toEqual([]);
      guard.check();
    } finally {
      await context.close();
    }
  }, 120_000);
});
