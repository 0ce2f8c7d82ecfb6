import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { testDatabaseAvailable } from '../support/databases.js';
import { Client, startHarness, zhangWei } from '../support/harness.js';
import { launchBrowser, RequestGuard, shot } from '../support/browser.js';
import { osmoHlrAvailable, rawInfo, startOsmoHlr, type RunningHlr } from '../support/osmo-hlr.js';
import { syncNetwork, wentThrough } from '../../src/app/network/sync.js';
import { ackId, T } from '../../web/portal/src/testids.js';
import { T as ConsoleT } from '../../web/console/src/testids.js';
import { advisoryItems, e2eConsoleAvailable, referencePattern, until, verifyInBrowser, waitAttr, waitCompleted, waitPath, waitText, withPhone, type Stage } from './helpers.js';

/*
 * Issue 13's acceptance in the browser: lastcall started with HLR_URL pointing at a real osmo-hlr
 * and the demo data provisions the demo lines (the sync `lastcall serve` runs at start), 张伟
 * applies in the portal on a phone, a reviewer approves in the console at a desk, and the worker
 * removes his subscriber from that HLR. What the HLR holds is read from the HLR itself over CTRL,
 * never through our code. One database (PGlite), one test; one screenshot in test-output/e2e/hlr.
 */

const zhangWeiImsi = '460001000000001';
const freeImsi = '460009999999999';

describe('a real osmo-hlr end to end: portal application, console approval, subscriber gone (pglite)', async () => {
  // Evaluated in this order so that under CI=true a missing Chromium, build or osmo-hlr fails the run.
  const available = e2eConsoleAvailable() && osmoHlrAvailable() && (await testDatabaseAvailable('pglite'));
  const stage = {} as Stage;
  let hlr: RunningHlr | undefined;

  beforeAll(async () => {
    if (!available) return;
    hlr = await startOsmoHlr();
    const h = await startHarness('pglite', { env: { HLR_URL: hlr.url } });
    if (!h) throw new Error('pglite became unavailable');
    stage.h = h;
    stage.browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await stage.browser?.close();
    await stage.h?.close();
    await hlr?.stop();
  }, 60_000);

  it.skipIf(!available)('provisions the demo lines, and a cancellation applied in the portal and approved in the console removes 张伟 from the HLR', async () => {
    const { h } = stage;
    const osmo = hlr!;

    // At start, as `lastcall serve` does with demo data and HLR_URL: make the HLR hold the live lines.
    expect(await rawInfo(osmo, zhangWeiImsi)).toBe('No such subscriber.');
    const synced = await syncNetwork(h.runtime.ctx, { actor: 'system', audit: true });
    expect(wentThrough(synced), JSON.stringify(synced.failures)).toBe(true);
    expect(synced.provisioner).toBe('osmo-hlr');
    expect(synced.changes).toEqual(expect.arrayContaining([expect.objectContaining({ imsi: zhangWeiImsi, action: 'provisioned' })]));
    expect(await rawInfo(osmo, zhangWeiImsi)).toMatchObject({ imsi: zhangWeiImsi, msisdn: '8613800138000', nam_cs: '1', nam_ps: '1' });

    // The portal, on a phone in Chinese: verify by SMS, the checklist, the declaration, the reference.
    let reference = '';
    let customer: Client | undefined;
    await withPhone(stage, 'zh-CN', async ({ page }) => {
      await page.goto('/apply');
      await waitPath(page, /^\/verify$/);
      await verifyInBrowser(page, h, zhangWei, { channel: 'sms' });
      await waitPath(page, /^\/apply$/);
      await waitText(page.getByTestId(T.currentLine), /\+86 138 0013 8000/);
      await page.getByTestId(T.precheck).waitFor();
      const advisory = await advisoryItems(page);
      expect(advisory.map((a) => a.code)).toContain('prepaid_credit_refund');
      for (const { code } of advisory) await page.getByTestId(ackId(code)).check();
      await page.getByTestId('refund-original_payment').check();
      await page.getByTestId(T.reason).selectOption('switching_operator');
      await page.getByTestId(T.applyContinue).click();
      await page.getByTestId(T.review).waitFor();
      await page.getByTestId(T.declaration).check();
      await page.getByTestId(T.reviewSubmit).click();
      await waitPath(page, /^\/apply\/done\/LC-/);
      reference = (await page.getByTestId(T.reference).innerText()).trim();
      expect(reference).toMatch(referencePattern);
      const raw = await page.evaluate(() => window.sessionStorage.getItem('lastcall.session'));
      customer = new Client(h.base);
      customer.token = (JSON.parse(raw!) as { token: string }).token;
    });
    expect((await customer!.get(`/api/v1/cancellations/${reference}`)).body.state).toBe('submitted');
    // Applying changes nothing in the network.
    expect(await rawInfo(osmo, zhangWeiImsi)).toMatchObject({ msisdn: '8613800138000', nam_cs: '1' });

    // The console, at a desk: the reviewer opens the case from the queue, takes it and approves it.
    const context = await stage.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', baseURL: h.base });
    const guard = new RequestGuard(h.base);
    context.on('request', guard.record);
    try {
      const page: Page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto('/console');
      await waitPath(page, /^\/console\/login$/);
      await page.getByTestId(ConsoleT.loginUser).fill('reviewer');
      await page.getByTestId(ConsoleT.loginPassword).fill('lastcall-demo');
      await page.getByTestId(ConsoleT.loginSubmit).click();
      await waitPath(page, /^\/console\/queue$/);
      const row = page.getByTestId(ConsoleT.queueRow).and(page.locator(`[data-reference="${reference}"]`));
      await row.getByRole('link', { name: reference }).click();
      await waitPath(page, new RegExp(`^/console/cases/${reference}$`));
      await waitAttr(page.getByTestId(ConsoleT.caseState), 'data-state', 'submitted');
      await page.getByTestId(ConsoleT.actionAssign).click();
      await waitAttr(page.getByTestId(ConsoleT.caseState), 'data-state', 'in_review');
      await page.getByTestId(ConsoleT.actionApprove).click();
      await page.getByTestId(ConsoleT.approveNote).fill('身份已核实，同意注销。');
      await page.getByTestId(ConsoleT.approveSubmit).click();
      await until(() => page.getByTestId(ConsoleT.caseState).getAttribute('data-state', { timeout: 1000 }), (s) => s === 'approved' || s === 'completed', 'the approval');
      await page.getByTestId(ConsoleT.actionDone).waitFor();

      // The worker bars, then deletes the subscriber; the case completes once the HLR confirmed.
      const done = await waitCompleted(customer!, reference);
      expect(done.history.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['submitted', 'approve', 'fulfilled']));
      await page.reload();
      await waitAttr(page.getByTestId(ConsoleT.caseState), 'data-state', 'completed');
      await shot(page, 'hlr', 'console-completed');
      expect(errors, 'errors thrown in the console').toEqual([]);
      guard.check();
    } finally {
      await context.close();
    }

    // The staff view names the HLR as what fulfilled it.
    const reviewer = new Client(h.base);
    await reviewer.loginStaff('reviewer');
    const staffView = (await reviewer.get(`/api/v1/staff/cases/${reference}`)).body;
    expect(staffView.history.find((e: { type: string }) => e.type === 'fulfilled').data.network.provisioner).toBe('osmo-hlr');

    // The HLR itself: 张伟's subscriber is gone and +8613800138000 can be given to someone else.
    expect(await rawInfo(osmo, zhangWeiImsi)).toBe('No such subscriber.');
    expect(await osmo.ctrl(`SET 5 subscriber.create ${freeImsi}`)).toMatch(/^SET_REPLY 5 /);
    expect(await osmo.ctrl(`SET 6 subscriber.by-imsi-${freeImsi}.msisdn 8613800138000`)).toBe(`SET_REPLY 6 subscriber.by-imsi-${freeImsi}.msisdn OK`);
    expect(await osmo.ctrl(`SET 7 subscriber.delete ${freeImsi}`)).toMatch(/^SET_REPLY 7 /);
  }, 180_000);
});
