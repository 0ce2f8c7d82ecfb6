import { describe, expect, it } from 'vitest';
import { testDatabases, testDatabaseAvailable } from '../support/databases.js';
import { zhangWei } from '../support/harness.js';
import { shot } from '../support/browser.js';
import { ackId, precheckId, refundFieldId, refundId, T, timelineStepId, unbindId } from '../../web/portal/src/testids.js';
import {
  advisoryItems,
  apiAs,
  approveAsReviewer,
  darkPixelsOnPage1,
  download,
  e2eAvailable,
  htmlLang,
  longDay,
  look,
  withPhone,
  pdfText,
  referencePattern,
  settled,
  stepLink,
  tr,
  useStage,
  verifyInBrowser,
  waitAttr,
  waitCompleted,
  waitPath,
  waitText,
} from './helpers.js';

/*
 * The customer portal end to end, the main journey: the zh-CN demo customer on a 375×812 phone
 * in Chinese, from the home page through verification by SMS, the hotline, the checklist, the
 * review and the receipt to a line shown as cancelled once a reviewer approved and the worker
 * took it off the network. Every page is checked with axe-core and for sideways scrolling, no
 * request leaves the machine, and every step is a screenshot in test-output/e2e/zh-CN*.
 */

const e2e = e2eAvailable();

describe.each(testDatabases)('the zh-CN journey on a phone, from home to a cancelled line (%s)', async (kind) => {
  const available = e2e && (await testDatabaseAvailable(kind));
  const stage = useStage(kind, available);
  const dir = kind === 'pglite' ? 'zh-CN' : `zh-CN-${kind}`;

  it.skipIf(!available)('verifies by SMS, applies through the checklist, keeps the receipt, and sees the line cancelled after approval', async () => {
    const { h } = stage;
    await withPhone(stage, 'zh-CN', async (phone) => {
      const { page } = phone;
      // Home, in Chinese because the browser prefers it.
      await page.goto('/');
      await settled(page);
      expect(await htmlLang(page)).toBe('zh-CN');
      await look(page, dir, 'home');

      // Home → start: not verified yet, so /verify first and then on to the application.
      await page.getByTestId(T.homeStart).click();
      await waitPath(page, /^\/verify$/);
      expect(new URL(page.url()).searchParams.get('next')).toBe('/apply');
      await verifyInBrowser(page, h, zhangWei, { channel: 'sms', dir });
      await waitPath(page, /^\/apply$/);
      await waitText(page.getByTestId(T.currentLine), /\+86 138 0013 8000/);

      // The hotline beside the steps (not a step of its own), of the verified line's region:
      // Wednesday 10:00 in Beijing, open.
      await page.getByTestId(T.stepsHotline).click();
      await waitPath(page, /^\/hotline$/);
      await waitAttr(page.getByTestId(T.hotlineStatus), 'data-open', 'true');
      expect(await page.getByTestId(T.hotlineNumber).getAttribute('href')).toMatch(/^tel:\+?\d+$/);
      expect(await page.getByTestId(T.hotlineRegion).count()).toBe(0);
      expect(await page.getByTestId(T.callbackForm).count()).toBe(0);
      await look(page, dir, 'hotline-open');

      // Apply: the checklist.
      await stepLink(page, 'zh-CN', '/apply').click();
      await waitPath(page, /^\/apply$/);
      await page.getByTestId(T.precheck).waitFor();
      for (const code of ['prepaid_credit_refund', 'binding_bank', 'binding_alipay', 'binding_wechat', 'port_out_option', 'backup_reminder']) {
        await page.getByTestId(precheckId(code)).waitFor();
      }
      await look(page, dir, 'apply-checklist');

      // WeChat is unbound already: once declared so, it leaves the list (and the record).
      await page.getByTestId(unbindId('wechat')).click();
      await page.getByTestId(precheckId('binding_wechat')).waitFor({ state: 'detached' });
      await shot(page, dir, 'apply-wechat-unbound');
      const customer = await apiAs(h, page);
      const line = await customer.get(`/api/v1/lines/${encodeURIComponent(zhangWei.msisdn)}`);
      expect(line.body.bindings).toEqual(expect.arrayContaining([{ kind: 'wechat', state: 'unbound' }]));

      // Going on with nothing acknowledged lists what is missing.
      await page.getByTestId(T.applyContinue).click();
      await page.getByTestId(T.missingAcks).waitFor();
      await look(page, dir, 'apply-missing-acks');

      const advisory = await advisoryItems(page);
      expect(advisory.map((a) => a.code).sort()).toEqual(['backup_reminder', 'binding_alipay', 'binding_bank', 'port_out_option', 'prepaid_credit_refund']);
      for (const { code } of advisory) await page.getByTestId(ackId(code)).check();
      await page.getByTestId(T.missingAcks).waitFor({ state: 'detached' });
      // The credit goes to a bank account: its fields appear only once it is chosen, and a number
      // too short is stopped in the browser with the server's rule.
      expect(await page.getByTestId(refundFieldId('accountNumber')).count()).toBe(0);
      await page.getByTestId(refundId('bank_account')).check();
      await page.getByTestId(refundFieldId('holderName')).fill('张伟');
      await page.getByTestId(refundFieldId('bankName')).fill('工商银行');
      await page.getByTestId(refundFieldId('accountNumber')).fill('6222 0202 001');
      await page.getByTestId(T.reason).selectOption('switching_operator');
      const reasonLabel = tr('zh-CN', 'apply.reasons.switching_operator');
      await page.getByTestId(T.reasonText).fill('转到其他运营商');
      await page.getByTestId(T.applyContinue).click();
      await page.getByText(tr('zh-CN', 'precheck.refundErrors.accountLength')).waitFor();
      expect(await page.evaluate(() => document.activeElement?.id)).toBe(refundFieldId('accountNumber'));
      await look(page, dir, 'apply-refund-account-error');
      await page.getByTestId(refundFieldId('accountNumber')).fill('6222 0202 0000 1234 567');
      await shot(page, dir, 'apply-filled');

      // The review lists every answer.
      await page.getByTestId(T.applyContinue).click();
      const review = page.getByTestId(T.review);
      await review.waitFor();
      const reviewText = await review.innerText();
      expect(reviewText).toContain('+86 138 0013 8000');
      expect(reviewText).toContain(reasonLabel);
      expect(reviewText).toContain('转到其他运营商');
      expect(await page.getByTestId(T.reviewRefund).innerText()).toBe('退至银行账户 工商银行 **** **** 4567');
      expect(reviewText).not.toContain('62220202');
      for (const { title } of advisory) expect(reviewText).toContain(title);
      // Submitting without the declaration is stopped on the page.
      await page.getByTestId(T.reviewSubmit).click();
      await review.getByText(tr('zh-CN', 'apply.errors.declaration')).waitFor();
      await look(page, dir, 'review');
      await page.getByTestId(T.declaration).check();
      await page.getByTestId(T.reviewSubmit).click();

      // Confirmation: reference, receipt day, due day (the 7th working day after).
      await waitPath(page, /^\/apply\/done\/LC-/);
      const reference = (await page.getByTestId(T.reference).innerText()).trim();
      expect(reference).toMatch(referencePattern);
      const view = (await customer.get(`/api/v1/cancellations/${reference}`)).body;
      expect(view).toMatchObject({ state: 'submitted', channel: 'web', receivedOn: '2026-11-25', dueOn: '2026-12-04' });
      await waitText(page.getByTestId(T.receivedOn), new RegExp(longDay('2026-11-25', 'zh-CN')));
      await waitText(page.getByTestId(T.dueOn), new RegExp(longDay('2026-12-04', 'zh-CN')));
      await look(page, dir, 'confirmation');

      // The receipt PDF: the reference in its text, and something on page 1.
      const receipt = await download(page, () => page.getByTestId(T.receiptDownload).click());
      expect(receipt.name).toBe(`${reference}.pdf`);
      expect(receipt.bytes.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pdfText(receipt.bytes)).toContain(reference);
      expect(darkPixelsOnPage1(receipt.bytes)).toBeGreaterThan(500);

      // Progress: the timeline and the due day.
      await page.locator(`main a[href="/progress/${reference}"]`).click();
      await waitPath(page, new RegExp(`^/progress/${reference}$`));
      await waitAttr(page.getByTestId(T.caseState), 'data-state', 'submitted');
      await page.getByTestId(T.timeline).waitFor();
      expect(await page.getByTestId(timelineStepId('submitted')).getAttribute('data-status')).toBe('current');
      expect(await page.getByTestId(timelineStepId('completed')).getAttribute('data-status')).toBe('upcoming');
      await waitText(page.getByTestId(T.dueOn), new RegExp(longDay('2026-12-04', 'zh-CN')));
      // Where the credit goes, masked: the account number is never on the page.
      await waitText(page.getByTestId(T.caseRefund), /^退至银行账户 工商银行 \*\*\*\* \*\*\*\* 4567$/);
      expect(await page.content()).not.toContain('62220202');
      expect(JSON.stringify(view)).not.toContain('62220202');
      // Nor kept in the browser's storage while the draft was.
      expect(await page.evaluate(() => JSON.stringify({ ...window.sessionStorage, ...window.localStorage }))).not.toContain('62220202');
      await look(page, dir, 'progress-submitted');

      // A reviewer approves; the worker takes the line off the network and completes the case.
      await approveAsReviewer(h, reference);
      const done = await waitCompleted(customer, reference);
      expect(done.history.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['submitted', 'approve', 'fulfilled']));
      const terminated = (await customer.get(`/api/v1/lines/${encodeURIComponent(zhangWei.msisdn)}`)).body;
      expect(terminated).toMatchObject({ status: 'terminated', statusLabel: { 'zh-CN': '已注销' } });
      expect(terminated.quarantineEndsOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);

      await page.reload();
      await waitAttr(page.getByTestId(T.caseState), 'data-state', 'completed');
      await waitAttr(page.getByTestId(timelineStepId('completed')), 'data-status', 'done');
      expect(await page.getByTestId(timelineStepId('decision')).getAttribute('data-status')).toBe('done');
      await look(page, dir, 'progress-completed');

      // The account: 已注销, the day it ended and the day the number leaves quarantine.
      await stepLink(page, 'zh-CN', '/account').click();
      await waitPath(page, /^\/account$/);
      await waitText(page.getByTestId(T.lineStatus), /^已注销$/);
      await waitText(page.getByTestId(T.terminatedOn), new RegExp(longDay(terminated.terminatedOn, 'zh-CN')));
      await waitText(page.getByTestId(T.quarantineDate), new RegExp(longDay(terminated.quarantineEndsOn, 'zh-CN')));
      await look(page, dir, 'account-cancelled');
    });
  }, 180_000);
});
