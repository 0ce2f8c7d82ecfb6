import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { testDatabases, testDatabaseAvailable } from '../support/databases.js';
import { applyAsCustomer, Client, eventually, liNa, startHarness, type Harness } from '../support/harness.js';
import { checkA11y, launchBrowser, RequestGuard, shot } from '../support/browser.js';
import { projectRoot } from '../support/process.js';
import { navId, T } from '../../web/console/src/testids.js';
import { e2eConsoleAvailable, escapeRe, fitsPhone, until, waitAttr } from './helpers.js';

/*
 * The partners page of the staff console, on PGlite and on PostgreSQL: an admin adds a partner,
 * sees its API key once (copied, then gone from the page), gives it a new key and disables it,
 * each after a confirmation; a supervisor opens a partner whose webhook receiver answered 410 Gone
 * (a dead delivery) and sends it again once the receiver answers 204, then sees it delivered; an
 * auditor reads both pages without a button to press; a hotline agent has no entry in the nav.
 * The product runs with LASTCALL_WEBHOOK_ALLOW_PRIVATE=1 so a hook may point at this process.
 * Screenshots: test-output/e2e/console-partners[-postgres]/.
 */

const e2e = e2eConsoleAvailable();

// ---- Texts from the console's locale files ----------------------------------------------------

type Lang = 'zh-CN' | 'en';
const localeDir = path.join(projectRoot, 'web/console/src/locales');
const locales: Record<Lang, Record<string, unknown>> = {
  'zh-CN': JSON.parse(fs.readFileSync(path.join(localeDir, 'zh-CN.json'), 'utf8')),
  en: JSON.parse(fs.readFileSync(path.join(localeDir, 'en.json'), 'utf8')),
};

function tr(lang: Lang, key: string): string {
  let v: unknown = locales[lang];
  for (const part of key.split('.')) v = (v as Record<string, unknown> | undefined)?.[part];
  if (typeof v !== 'string') throw new Error(`no text ${key} in ${lang}`);
  return v;
}

// ---- A partner's webhook receiver in this process ----------------------------------------------

/** Answers every delivery with `status` (410 Gone at first: the delivery dies on its first attempt). */
function startReceiver() {
  const received: { id: string; body: string }[] = [];
  let status = 410;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      received.push({ id: String(req.headers['webhook-id']), body });
      res.writeHead(status).end();
    });
  });
  return {
    received,
    answer(n: number) {
      status = n;
    },
    url: '',
    async start() {
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
    },
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}

// ---- A staff member's browser -----------------------------------------------------------------

interface Desk {
  page: Page;
  width: number;
  a11y: boolean;
}

/** A browser context at a desk (1280 wide) or on a phone (375 wide); no request may leave the machine. */
async function withStaff(browser: Browser, h: Harness, opts: { width: 375 | 1280; locale?: 'zh-CN' | 'en-GB'; a11y: boolean; clipboard?: boolean }, fn: (desk: Desk) => Promise<void>): Promise<void> {
  const phone = opts.width === 375;
  const context = await browser.newContext({
    viewport: { width: opts.width, height: phone ? 812 : 900 },
    isMobile: phone,
    hasTouch: phone,
    deviceScaleFactor: phone ? 2 : 1,
    locale: opts.locale ?? 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    // Only so axe-core can be injected.
    bypassCSP: true,
    baseURL: h.base,
  });
  if (opts.clipboard) await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: h.base });
  const guard = new RequestGuard(h.base);
  context.on('request', guard.record);
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await fn({ page, width: opts.width, a11y: opts.a11y });
    expect(errors, 'errors thrown in the page').toEqual([]);
    guard.check();
  } finally {
    await context.close();
  }
}

const loadingTexts = new RegExp(`^(${escapeRe(tr('zh-CN', 'common.loading'))}|${escapeRe(tr('en', 'common.loading'))})$`);

async function settled(page: Page): Promise<void> {
  await page.locator('main h1').first().waitFor({ state: 'visible' });
  const loading = page.locator('main [role="status"]').filter({ hasText: loadingTexts });
  await until(() => loading.count(), (n) => n === 0, 'the page to finish loading');
}

/**
 * Settled, fits a phone (when on one), no serious axe finding (when asked, and `axe` is not
 * false: about a second each, so once per distinct view), and a screenshot.
 */
async function look(desk: Desk, dir: string, name: string, axe = true): Promise<void> {
  await settled(desk.page);
  if (desk.width === 375) await fitsPhone(desk.page, name);
  if (desk.a11y && axe) await checkA11y(desk.page, name);
  await shot(desk.page, dir, name);
}

const waitPath = (page: Page, re: RegExp) => until(async () => decodeURIComponent(new URL(page.url()).pathname), (p) => re.test(p), `the path ${re}`);

async function logIn(page: Page, user: string): Promise<void> {
  await page.goto('/console/login');
  await page.getByTestId(T.loginUser).fill(user);
  await page.getByTestId(T.loginPassword).fill('lastcall-demo');
  await page.getByTestId(T.loginSubmit).click();
}

const navPages = (page: Page) => page.getByTestId(T.nav).locator('a').evaluateAll((as) => as.map((a) => (a.getAttribute('data-testid') ?? '').replace(/^nav-/, '')));

/** What a partner's key may do: list its own hooks (200), or nothing (401). */
async function keyAnswers(h: Harness, key: string): Promise<number> {
  const c = new Client(h.base);
  c.token = key;
  return (await c.get('/api/v1/partners/hooks')).status;
}

const keyPattern = /^lcp_([0-9a-f]{12})_[A-Za-z0-9_-]{32,64}$/;

// ---- On both databases ------------------------------------------------------------------------

describe.each(testDatabases)('the partners page of the staff console (%s)', async (kind) => {
  const available = e2e && (await testDatabaseAvailable(kind));
  const dir = kind === 'pglite' ? 'console-partners' : `console-partners-${kind}`;
  // The markup does not depend on the database: axe-core runs on the PGlite pass only.
  const a11y = kind === 'pglite';
  const receiver = startReceiver();
  let h: Harness;
  let browser: Browser;

  beforeAll(async () => {
    if (!available) return;
    const started = await startHarness(kind, { env: { LASTCALL_WEBHOOK_ALLOW_PRIVATE: '1' } });
    if (!started) throw new Error(`${kind} became unreachable`);
    h = started;
    browser = await launchBrowser();
    await receiver.start();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await h?.close();
    await receiver.stop().catch(() => undefined);
  }, 60_000);

  it.skipIf(!available)('admin: adds a partner and sees its key once, gives it a new key, then disables it — each after a confirmation', async () => {
    const name = `E2E 测试银行 ${kind}`;
    await withStaff(browser, h, { width: 1280, a11y, clipboard: true }, async (desk) => {
      const { page } = desk;
      await logIn(page, 'admin');
      await waitPath(page, /^\/console\/audit$/);
      expect(await navPages(page)).toContain('partners');
      await page.getByTestId(navId('partners')).click();
      await waitPath(page, /^\/console\/partners$/);
      await settled(page);
      await look(desk, dir, 'admin-partners', false);

      // Add: name, kind, the binding it stands for.
      await page.getByTestId(T.partnerName).fill(name);
      await page.getByTestId(T.partnerKind).selectOption('bank');
      await page.getByTestId(T.partnerBinding).selectOption('bank');
      await page.getByTestId(T.partnerAddSubmit).click();
      const keyBox = page.getByTestId(T.partnerKey);
      await keyBox.waitFor();
      expect(await keyBox.innerText()).toContain(tr('zh-CN', 'partners.key.once'));
      const key = (await page.getByTestId(T.partnerKeyValue).innerText()).trim();
      expect(key).toMatch(keyPattern);
      const secret = key.split('_').slice(2).join('_');
      expect(await keyAnswers(h, key)).toBe(200);

      const row = page.getByTestId(T.partnerRow).filter({ hasText: name });
      await waitAttr(row, 'data-key-id', keyPattern.exec(key)![1]!);
      expect(await row.getAttribute('data-status')).toBe('active');
      const rowText = await row.innerText();
      expect(rowText).toContain(tr('zh-CN', 'partners.kinds.bank'));
      expect(rowText).toContain(tr('zh-CN', 'partners.bindings.bank'));
      expect(rowText).not.toContain(secret);

      // Copy, then "saved": the key is gone from the page, and a reload does not bring it back.
      await page.getByTestId(T.partnerKeyCopy).click();
      await until(() => page.evaluate(() => navigator.clipboard.readText()), (v) => v === key, 'the key on the clipboard');
      await look(desk, dir, 'admin-key-shown');
      await page.getByTestId(T.partnerKeyDone).click();
      await until(() => keyBox.count(), (n) => n === 0, 'the key to go');
      expect(await page.content()).not.toContain(secret);
      await page.reload();
      await settled(page);
      await row.waitFor();
      expect(await page.content()).not.toContain(secret);

      // A new key, after a confirmation: the old one stops working, the new one is shown once.
      await row.getByTestId(T.partnerRotate).click();
      const dialog = page.getByTestId(T.confirmDialog);
      await dialog.waitFor({ state: 'visible' });
      expect(await dialog.innerText()).toContain(name);
      await look(desk, dir, 'admin-rotate-confirm');
      await page.getByTestId(T.partnerRotateConfirm).click();
      await until(async () => (await page.getByTestId(T.partnerKeyValue).innerText({ timeout: 1000 })).trim(), (v) => keyPattern.test(v) && v !== key, 'a new key');
      const newKey = (await page.getByTestId(T.partnerKeyValue).innerText()).trim();
      expect(await keyBox.innerText()).toContain(tr('zh-CN', 'partners.key.once'));
      await waitAttr(row, 'data-key-id', keyPattern.exec(newKey)![1]!);
      expect(await keyAnswers(h, key)).toBe(401);
      expect(await keyAnswers(h, newKey)).toBe(200);
      await page.getByTestId(T.partnerKeyDone).click();
      await until(() => keyBox.count(), (n) => n === 0, 'the new key to go');

      // Disable, after a confirmation: the key stops working, the row has no actions left.
      await row.getByTestId(T.partnerDisable).click();
      await dialog.waitFor({ state: 'visible' });
      await page.getByTestId(T.partnerDisableConfirm).click();
      await waitAttr(row, 'data-status', 'disabled');
      await page.getByTestId(T.partnerDone).waitFor();
      expect(await row.getByTestId(T.partnerRotate).count()).toBe(0);
      expect(await row.getByTestId(T.partnerDisable).count()).toBe(0);
      expect(await keyAnswers(h, newKey)).toBe(401);
      await look(desk, dir, 'admin-disabled', false);
    });
  }, 60_000);

  it.skipIf(!available)('supervisor: sends a dead delivery again and sees it delivered; an auditor reads without buttons; an agent has no entry', async () => {
    // A partner with a hook on case.submitted, whose receiver answers 410 Gone: the delivery dies at once.
    const admin = new Client(h.base);
    await admin.loginStaff('admin');
    const name = `Number watcher ${kind}`;
    const created = await admin.post('/api/v1/staff/partners', { name, kind: 'other' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const partnerId = created.body.id as number;
    const partner = new Client(h.base);
    partner.token = created.body.apiKey;
    const hook = await partner.post('/api/v1/partners/hooks', { url: receiver.url, events: ['case.submitted'] });
    expect(hook.status, JSON.stringify(hook.body)).toBe(201);
    receiver.answer(410);
    await applyAsCustomer(h.base, liNa);
    const supervisorApi = new Client(h.base);
    await supervisorApi.loginStaff('supervisor');
    const dead = await eventually(async () => {
      const r = await supervisorApi.get(`/api/v1/staff/partners/${partnerId}/deliveries`);
      return r.body.deliveries?.find((d: { status: string }) => d.status === 'dead') as { id: number; webhookId: string; attempts: number; lastStatus: number } | undefined;
    }, 15_000, 'a dead delivery');
    expect(dead).toMatchObject({ attempts: 1, lastStatus: 410 });
    const deliveryRow = (page: Page) => page.getByTestId(T.deliveryRow).and(page.locator(`[data-delivery-id="${dead.id}"]`));

    // A hotline agent: no entry in the nav, and the address says "not for your role".
    await withStaff(browser, h, { width: 1280, a11y: false }, async ({ page }) => {
      await logIn(page, 'agent');
      await waitPath(page, /^\/console\/desk$/);
      expect(await navPages(page)).not.toContain('partners');
      await page.goto(`/console/partners/${partnerId}`);
      await page.getByTestId(T.forbidden).waitFor();
    });

    // An auditor (in English): the list and the partner, without a button to press.
    await withStaff(browser, h, { width: 1280, locale: 'en-GB', a11y }, async (desk) => {
      const { page } = desk;
      await logIn(page, 'auditor');
      await waitPath(page, /^\/console\/audit$/);
      expect(await navPages(page)).toContain('partners');
      await page.getByTestId(navId('partners')).click();
      await waitPath(page, /^\/console\/partners$/);
      const row = page.getByTestId(T.partnerRow).filter({ hasText: name });
      await row.waitFor();
      expect(await row.getByTestId(T.partnerFailing).innerText()).toMatch(/\b1$/);
      expect(await row.innerText()).toContain(tr('en', 'partners.kinds.other'));
      expect(await page.getByTestId(T.partnerAddForm).count()).toBe(0);
      expect(await page.getByTestId(T.partnerRotate).count()).toBe(0);
      expect(await page.getByTestId(T.partnerDisable).count()).toBe(0);
      await look(desk, dir, 'auditor-partners', false);
      await row.getByRole('link', { name }).click();
      await waitPath(page, new RegExp(`^/console/partners/${partnerId}$`));
      await deliveryRow(page).waitFor();
      expect(await deliveryRow(page).getAttribute('data-status')).toBe('dead');
      expect(await page.getByTestId(T.deliveryReplay).count()).toBe(0);
      await look(desk, dir, 'auditor-partner', false);
    });

    // The supervisor, on a phone: opens the partner, reads the dead delivery, sends it again.
    await withStaff(browser, h, { width: 375, a11y }, async (desk) => {
      const { page } = desk;
      await logIn(page, 'supervisor');
      await waitPath(page, /^\/console\/dashboard$/);
      expect(await navPages(page)).toContain('partners');
      await page.getByTestId(navId('partners')).click();
      await waitPath(page, /^\/console\/partners$/);
      const row = page.getByTestId(T.partnerRow).filter({ hasText: name });
      await row.getByTestId(T.partnerFailing).waitFor();
      await look(desk, dir, 'supervisor-partners', false);
      await row.getByRole('link', { name }).click();
      await waitPath(page, new RegExp(`^/console/partners/${partnerId}$`));

      const hookRow = page.getByTestId(T.hookRow);
      await hookRow.waitFor();
      expect(await hookRow.innerText()).toContain(receiver.url);
      // The event in words; its contract name (which partners subscribe to) in the title.
      expect(await hookRow.innerText()).toContain(tr('zh-CN', 'hooks.eventNames.case.submitted'));
      expect(await hookRow.locator('li[title="case.submitted"]').count()).toBe(1);
      const delivery = deliveryRow(page);
      await delivery.waitFor();
      expect(await delivery.getAttribute('data-status')).toBe('dead');
      const deliveryText = await delivery.innerText();
      expect(deliveryText).toContain(tr('zh-CN', 'hooks.eventNames.case.submitted'));
      expect(deliveryText).toContain('410');
      expect(deliveryText).toContain(tr('zh-CN', 'deliveries.causes.subscribed'));
      expect(deliveryText).toContain(tr('zh-CN', 'deliveries.status.dead'));
      // The body, opened: the exact signed JSON, with the number and nothing personal.
      await delivery.getByTestId(T.deliveryBody).locator('summary').click();
      const body = await delivery.getByTestId(T.deliveryBody).locator('pre').innerText();
      expect(JSON.parse(body)).toMatchObject({ type: 'case.submitted', data: { msisdn: liNa.msisdn } });
      expect(body).not.toContain(liNa.name);
      await look(desk, dir, 'supervisor-dead');

      // The receiver is back: send again, and the page watches it until it is delivered.
      receiver.answer(204);
      await delivery.getByTestId(T.deliveryReplay).click();
      await page.getByTestId(T.deliveryReplayed).waitFor();
      await waitAttr(delivery, 'data-status', 'delivered');
      expect(await delivery.getByTestId(T.deliveryReplay).count()).toBe(0);
      expect(await delivery.getByTestId(T.deliveryStatus).innerText()).toContain(tr('zh-CN', 'deliveries.status.delivered'));
      await look(desk, dir, 'supervisor-delivered', false);
    });
    // The same webhook-id twice: refused once, accepted once.
    expect(receiver.received.filter((r) => r.id === dead.webhookId)).toHaveLength(2);
  }, 90_000);
});
