import { describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { testDatabaseAvailable } from '../support/databases.js';
import { Client, liNa, verifyAs, zhangWei, type Harness } from '../support/harness.js';
import { checkA11y, RequestGuard, shot } from '../support/browser.js';
import { submittedPrecheckId, precheckId, T } from '../../web/console/src/testids.js';
import { e2eConsoleAvailable, fitsPhone, htmlLang, until, useStage, waitAttr, waitCompleted, waitPath, waitText } from './helpers.js';

/*
 * A case's pre-check and its approval in the staff console. 张伟 applies on the web (¥36.50 of
 * credit to refund to a bank account, three bindings, every advisory item ticked), then tells us
 * WeChat is unbound. The reviewer reads the pre-check as it stood at submission beside the one of
 * now: each item with the words the customer read, what they ticked and when, the WeChat
 * declaration after it. Opening the approval lists what it sets going (the line off the network,
 * the refund in yuan, the two e-mails, the partners of the bindings still in place, 90 days of
 * quarantine) in Chinese and in English; once the worker has completed the case the refund item
 * is still in the submitted pre-check though the line has no credit left. 李娜's debt and early
 * end of contract make a final bill. The header is one row on a desktop and fits a phone.
 * PGlite only. Screenshots: test-output/e2e/console-approval/.
 */

const available = e2eConsoleAvailable() && (await testDatabaseAvailable('pglite'));
const dir = 'console-approval';

/** Applies as the customer, acknowledging every advisory item the pre-check lists. */
async function apply(h: Harness, who: typeof zhangWei, refund?: object): Promise<{ customer: Client; reference: string }> {
  const customer = new Client(h.base);
  await verifyAs(customer, who);
  const pre = await customer.get(`/api/v1/lines/${encodeURIComponent(who.msisdn)}/precheck`);
  const acks = pre.body.items.filter((i: { kind: string }) => i.kind === 'advisory').map((i: { code: string }) => i.code);
  const applied = await customer.post('/api/v1/cancellations', { msisdn: who.msisdn, reason: '不再使用', acknowledgements: acks, ...(refund ? { refund } : {}) });
  expect(applied.status, JSON.stringify(applied.body)).toBe(201);
  return { customer, reference: applied.body.reference };
}

/** What a person reads of a part of the page: no key, placeholder, minor units or missing value. */
async function reads(l: Locator, lang: 'zh-CN' | 'en'): Promise<string> {
  const text = await l.innerText();
  expect(text, text).not.toMatch(/\b(?:precheck|case|actions|history|partners)\.[\w.]+|{{|undefined|null|NaN/);
  expect(text, text).not.toMatch(/(?<!\d|\d[.,])(?:3650|12800|16000|28800)(?!\d|[.,]\d)/);
  if (lang === 'en') expect(text, `${text} (Chinese in English)`).not.toMatch(/[\u3400-\u9fff]/);
  return text;
}

/** The header's parts stand on one row: their vertical centres within a few pixels of each other. */
async function headerRows(page: Page): Promise<{ height: number; spread: number }> {
  return page.evaluate(() => {
    const header = document.querySelector('header.site-header')!;
    const parts = ['.brand', '[data-testid="nav"] a', '[data-testid="user-name"]', '[data-testid="sign-out"]', '[data-testid="lang-switch"]'].map((s) => {
      const r = header.querySelector(s)!.getBoundingClientRect();
      return r.top + r.height / 2;
    });
    return { height: header.getBoundingClientRect().height, spread: Math.max(...parts) - Math.min(...parts) };
  });
}

describe('the pre-check and the approval in the staff console', () => {
  const stage = useStage('pglite', available);

  it.skipIf(!available)('shows the pre-check frozen at submission with texts and acknowledgements, and what approving sets going', async () => {
    const { h } = stage;
    const { customer, reference } = await apply(h, zhangWei, { method: 'bank_account', holderName: '张伟', bankName: 'ICBC', accountNumber: '6222020200001234567' });
    const unbound = await customer.call('PUT', `/api/v1/lines/${encodeURIComponent(zhangWei.msisdn)}/bindings/wechat`, { state: 'unbound' });
    expect(unbound.status, JSON.stringify(unbound.body)).toBeLessThan(300);
    const debtor = await apply(h, liNa);

    // What the API answers: the frozen pre-check with the acknowledgements, and the approval's preview.
    const reviewer = new Client(h.base);
    await reviewer.loginStaff('reviewer');
    const before = (await reviewer.get(`/api/v1/staff/cases/${reference}`)).body;
    expect(before.precheckAtSubmission).toMatchObject({ source: 'receipt', by: 'customer', refund: { method: 'bank_account', destination: { bankName: 'ICBC', accountMasked: '**** **** 4567' } } });
    expect(before.precheckAtSubmission.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'prepaid_credit_refund', amountMinor: 3650, currency: 'CNY', acknowledged: true, declarations: [] }),
        expect.objectContaining({ code: 'binding_wechat', acknowledged: true, declarations: [expect.objectContaining({ state: 'unbound', actor: 'customer' })] }),
      ]),
    );
    expect(before.approvalPreview).toMatchObject({
      settlement: { kind: 'refund', amountMinor: 3650, currency: 'CNY', method: 'bank_account', destination: { bankName: 'ICBC', accountMasked: '**** **** 4567' }, detail: { balanceMinor: 3650, earlyTerminationChargeMinor: 0 } },
      bindingsStillBound: ['alipay', 'bank'],
      esim: false,
      barred: false,
      notices: ['approved', 'completed'],
      quarantine: { days: 90, endsOn: '2027-02-23' },
      undoDays: 0,
    });
    const debt = (await reviewer.get(`/api/v1/staff/cases/${debtor.reference}`)).body;
    // Fulfilment nets the debt and the charge for the eight months left on the contract: ¥128 + 8 × ¥20.
    expect(debt.approvalPreview.settlement).toMatchObject({ kind: 'final_bill', amountMinor: 28800, detail: { balanceMinor: -12800, earlyTerminationChargeMinor: 16000 } });

    const context = await (stage.browser as Browser).newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', bypassCSP: true, baseURL: h.base });
    const guard = new RequestGuard(h.base);
    context.on('request', guard.record);
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto('/console/login');
      await page.getByTestId(T.loginUser).fill('reviewer');
      await page.getByTestId(T.loginPassword).fill('lastcall-demo');
      await page.getByTestId(T.loginSubmit).click();
      await waitPath(page, /^\/console\/queue$/);
      // A reviewer's header on a desktop: brand, nav, tools and user on one row.
      const header = await headerRows(page);
      expect(header.spread, JSON.stringify(header)).toBeLessThan(8);
      expect(header.height, JSON.stringify(header)).toBeLessThan(80);

      await page.goto(`/console/cases/${reference}`);
      await waitAttr(page.getByTestId(T.caseState), 'data-state', 'submitted');
      const frozen = page.getByTestId(T.precheckSubmitted);
      await waitAttr(frozen, 'data-source', 'receipt');
      const refundItem = page.getByTestId(submittedPrecheckId('prepaid_credit_refund'));
      await waitText(refundItem, /您的账户余额 ¥36\.50 将在号码注销后退还。/);
      expect(await refundItem.getAttribute('data-acknowledged')).toBe('true');
      expect(await refundItem.innerText()).toMatch(/退还方式：退至银行账户 ICBC \*\*\*\* \*\*\*\* 4567。/);
      expect(await refundItem.getByTestId(T.precheckAck).innerText()).toMatch(/客户于 2026年11月25日 10:00 勾选确认：\s*“我已了解余额将在注销后按所选方式退还”/);
      const backup = page.getByTestId(submittedPrecheckId('backup_reminder'));
      expect(await backup.innerText()).toMatch(/先备份[\s\S]*请备份通讯录、短信、照片和文件[\s\S]*“我已备份重要资料”/);
      expect(await page.getByTestId(submittedPrecheckId('binding_bank')).innerText()).toMatch(/已绑定银行[\s\S]*本号码仍绑定在您的银行账户上/);
      const wechat = page.getByTestId(submittedPrecheckId('binding_wechat'));
      await waitText(wechat.getByTestId(T.precheckDeclarations), /2026年11月25日 10:00，客户声明：该号码已与微信解除绑定。/);
      await reads(page.locator('#case-precheck').locator('..'), 'zh-CN');
      // Now: the WeChat item is gone, the refund is still there while the line has its credit.
      const now = page.getByTestId(T.precheck);
      await now.getByTestId(precheckId('prepaid_credit_refund')).waitFor();
      expect(await now.getByTestId(precheckId('binding_wechat')).count()).toBe(0);
      await checkA11y(page, 'pre-check zh-CN');
      await shot(page, dir, 'precheck-zh');

      // Approving, in Chinese: what it sets going, before the confirm.
      await page.getByTestId(T.actionAssign).click();
      await waitAttr(page.getByTestId(T.caseState), 'data-state', 'in_review');
      await page.getByTestId(T.actionApprove).click();
      const summary = page.getByTestId(T.approveSummary);
      await summary.waitFor();
      await waitAttr(summary.getByTestId(T.approveSettlement), 'data-kind', 'refund');
      const zh = await reads(summary, 'zh-CN');
      expect(zh).toMatch(/批准后将会：/);
      expect(zh).toMatch(/将号码状态改为“注销办理中”，随即从网络注销/);
      expect(await summary.getByTestId(T.approveSettlement).innerText()).toMatch(/^结算：退款 ¥36\.50，退至银行账户 ICBC \*\*\*\* \*\*\*\* 4567。/);
      expect(zh).toMatch(/通知客户：现在发送批准邮件，号码注销后发送注销完成邮件（含结算）。/);
      expect(await summary.getByTestId(T.approvePartners).innerText()).toMatch(/通知仍绑定服务（支付宝和银行|银行和支付宝）的合作方：该号码已注销。/);
      expect(await summary.getByTestId(T.approvePartners).innerText()).not.toMatch(/微信/);
      expect(await summary.getByTestId(T.approveQuarantine).innerText()).toMatch(/冷冻 90 天.*至 2027年2月23日/);
      await checkA11y(page, 'approve zh-CN');
      await shot(page, dir, 'approve-zh');

      // In English: the same, the amount in yuan.
      await page.getByTestId(T.langSwitch).click();
      await until(() => htmlLang(page), (l) => l === 'en', 'html lang en');
      await waitText(summary, /^Approving will:/);
      const en = await reads(summary, 'en');
      expect(await summary.getByTestId(T.approveSettlement).innerText()).toMatch(/^Settle: refund of CN¥36\.50, to the bank account ICBC \*\*\*\* \*\*\*\* 4567\./);
      expect(en).toMatch(/Mark the line “Cancellation in progress” and take it off the network/);
      expect(en).toMatch(/the approval e-mail now, and the completion e-mail \(with the settlement\)/);
      expect(await summary.getByTestId(T.approvePartners).innerText()).toMatch(/\((?:Alipay and Bank|Bank and Alipay)\)/);
      expect(await summary.getByTestId(T.approveQuarantine).innerText()).toMatch(/quarantine for 90 days .*23 Feb 2027/);
      await reads(page.locator('#case-precheck').locator('..'), 'en');
      await waitText(refundItem, /Your remaining credit of CN¥36\.50 is refunded after the line is cancelled\./);
      expect(await refundItem.getByTestId(T.precheckAck).innerText()).toMatch(/The customer ticked on .*2026.*:\s*“I understand my credit is refunded after cancellation as chosen”/);
      await shot(page, dir, 'approve-en');

      await page.getByTestId(T.approveSubmit).click();
      await page.getByTestId(T.actionDone).waitFor();
      await waitCompleted(customer, reference);
      await page.reload();
      await waitAttr(page.getByTestId(T.caseState), 'data-state', 'completed');
      // Completed: the line has no credit left, but the pre-check at submission still shows the refund.
      await waitText(refundItem, /Credit refund[\s\S]*CN¥36\.50[\s\S]*Refund to the bank account ICBC \*\*\*\* \*\*\*\* 4567\./);
      expect(await refundItem.getAttribute('data-acknowledged')).toBe('true');
      expect(await page.getByTestId(T.precheck).getByTestId(precheckId('prepaid_credit_refund')).count()).toBe(0);
      expect(await page.getByTestId(T.approveSummary).count()).toBe(0);
      await reads(page.locator('#case-precheck').locator('..'), 'en');
      await shot(page, dir, 'completed-en');

      // 李娜: the debt and the early end of the contract make a final bill; the debt needs no acknowledgement.
      await page.getByTestId(T.langSwitch).click();
      await until(() => htmlLang(page), (l) => l === 'zh-CN', 'html lang zh-CN');
      await page.goto(`/console/cases/${debtor.reference}`);
      await waitAttr(page.getByTestId(T.caseState), 'data-state', 'submitted');
      const debtItem = page.getByTestId(submittedPrecheckId('outstanding_debt'));
      await waitText(debtItem, /您的账户尚有欠费 ¥128\.00。[\s\S]*阻止批准的事项，无需客户确认。/);
      expect(await page.getByTestId(submittedPrecheckId('early_termination_charge')).innerText()).toMatch(/合约期至 2027年6月30日，还剩 8 个月。.*提前解约费 ¥160\.00/);
      await page.getByTestId(T.actionAssign).click();
      await waitAttr(page.getByTestId(T.caseState), 'data-state', 'in_review');
      await page.getByTestId(T.actionApprove).click();
      await waitAttr(page.getByTestId(T.approveSettlement), 'data-kind', 'final_bill');
      expect(await page.getByTestId(T.approveSettlement).innerText()).toMatch(/^结算：最终账单 ¥288\.00。\s*欠费 ¥128\.00，加上提前解约费 ¥160\.00。按今天计算，注销当天重新核算。/);
      await reads(page.getByTestId(T.approveSummary), 'zh-CN');
      await shot(page, dir, 'final-bill-zh');
      expect(errors, 'errors thrown in the page').toEqual([]);
      guard.check();
    } finally {
      await context.close();
    }

    // On a phone: the header and the case page fit 375 px.
    const phone = await (stage.browser as Browser).newContext({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', bypassCSP: true, baseURL: h.base });
    try {
      const page = await phone.newPage();
      await page.goto(`/console/cases/${reference}`);
      await page.getByTestId(T.loginUser).fill('reviewer');
      await page.getByTestId(T.loginPassword).fill('lastcall-demo');
      await page.getByTestId(T.loginSubmit).click();
      await waitAttr(page.getByTestId(T.caseState), 'data-state', 'completed');
      await page.getByTestId(submittedPrecheckId('prepaid_credit_refund')).waitFor();
      await fitsPhone(page, 'case on a phone');
      await checkA11y(page, 'case on a phone');
      await shot(page, dir, 'case-phone');
    } finally {
      await phone.close();
    }

    // A supervisor's six pages in English on a desktop: still a compact header, the bell's panel on the screen.
    const desk = await (stage.browser as Browser).newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB', timezoneId: 'Asia/Shanghai', bypassCSP: true, baseURL: h.base });
    try {
      const page = await desk.newPage();
      await page.goto('/console/queue');
      await page.getByTestId(T.loginUser).fill('supervisor');
      await page.getByTestId(T.loginPassword).fill('lastcall-demo');
      await page.getByTestId(T.loginSubmit).click();
      await waitPath(page, /^\/console\/queue$/);
      await page.getByTestId(T.queueTable).waitFor();
      const header = await headerRows(page);
      expect(header.height, JSON.stringify(header)).toBeLessThan(130);
      await page.getByTestId(T.bell).click();
      const panel = page.locator('.bell-panel');
      await panel.waitFor();
      const box = (await panel.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(1280);
      expect(box.y).toBeGreaterThan(0);
      await shot(page, dir, 'supervisor-header-en');
    } finally {
      await desk.close();
    }
  }, 180_000);
});
