import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { residentIdCheckChar } from '../../src/domain/validation.js';
import { applyAsCustomer, zhangWei } from '../support/harness.js';
import { T, timelineStepId } from '../../web/portal/src/testids.js';
import {
  apiAs,
  approveAsReviewer,
  e2eAvailable,
  escapeRe,
  fillVerifyForm,
  htmlLang,
  longDay,
  look,
  settled,
  stepLink,
  textOf,
  tr,
  until,
  useStage,
  verifyInBrowser,
  waitAttr,
  waitCompleted,
  waitPath,
  waitText,
  withPhone,
} from './helpers.js';

/*
 * Issue 17 in the portal, on a phone: the hotline is an option beside the four steps, not a step;
 * a wrong resident ID check digit is caught in the browser (the server's own function) and sends
 * nothing; and an application submitted on Friday 4 December 2026 at 23:13 in Beijing, received
 * on Monday 7 December, shows its submission time and its receipt day as two things with the
 * reason, then — approved at once — says the decision came before the receipt day, in both
 * languages; the account's day of cancellation is named as such. Screenshots in
 * test-output/e2e/receipt-day.
 */

const fridayNight = '2026-12-04T23:13:00+08:00';
const stepsNav = (page: Page, lang: 'zh-CN' | 'en') => page.getByRole('navigation', { name: tr(lang, 'steps.label'), exact: true });

async function switchTo(page: Page, lang: 'zh-CN' | 'en') {
  if ((await htmlLang(page)) === lang) return;
  await page.getByTestId(T.langSwitch).click();
  await until(() => htmlLang(page), (l) => l === lang, `the page in ${lang}`);
}

describe('submission time and receipt day, the resident ID check digit, the hotline beside the steps (pglite)', () => {
  const available = e2eAvailable();
  const stage = useStage('pglite', available, fridayNight);

  it.skipIf(!available)('shows four numbered steps and the hotline as "Questions? Call us", not as a step', async () => {
    await withPhone(stage, 'zh-CN', async ({ page }) => {
      await page.goto('/verify');
      await settled(page);
      for (const lang of ['zh-CN', 'en'] as const) {
        await switchTo(page, lang);
        const nav = stepsNav(page, lang);
        expect(await nav.locator('li a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual(['/verify', '/apply', '/progress', '/account']);
        expect(await nav.locator('.step-number').allInnerTexts()).toEqual(['1', '2', '3', '4']);
        expect(await nav.innerText()).not.toContain(tr(lang, 'nav.hotline'));
        const help = page.getByTestId(T.stepsHotline);
        expect(await help.innerText()).toBe(tr(lang, 'steps.help'));
        expect(await help.getAttribute('href')).toBe('/hotline');
        // Not inside the list of steps.
        expect(await nav.locator(`[data-testid="${T.stepsHotline}"]`).count()).toBe(0);
      }
      // The home page's "how it works": the same four steps, the hotline after them.
      await switchTo(page, 'zh-CN');
      await page.goto('/');
      await settled(page);
      expect(await page.locator('.step-list > li h3').allInnerTexts()).toEqual(['verify', 'apply', 'progress', 'account'].map((s) => tr('zh-CN', `home.steps.${s}.title`)));
      await page.getByRole('link', { name: tr('zh-CN', 'steps.help'), exact: true }).waitFor();

      // On the hotline page no step is current; the option is.
      await page.goto('/verify');
      await page.getByTestId(T.stepsHotline).click();
      await waitPath(page, /^\/hotline$/);
      await page.getByTestId(T.hotlineStatus).waitFor();
      expect(await stepsNav(page, 'zh-CN').locator('[aria-current="step"]').count()).toBe(0);
      expect(await page.getByTestId(T.stepsHotline).getAttribute('aria-current')).toBe('page');
      await look(page, 'receipt-day', 'hotline-beside-the-steps');
    });
  });

  it.skipIf(!available)('catches a wrong check digit in the browser, then explains the receipt day of a Friday-night application and a decision before it', async () => {
    const { h } = stage;
    // Friday 23:13 in Beijing: after closing time, so received on Monday 7 December.
    const applied = await applyAsCustomer(h.base, zhangWei);
    expect(applied).toMatchObject({ receivedOn: '2026-12-07' });
    const { reference } = applied;

    await withPhone(stage, 'zh-CN', async ({ page }) => {
      const verificationsSent: string[] = [];
      page.on('request', (r) => {
        if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/verifications') verificationsSent.push(r.url());
      });

      await page.goto('/progress');
      await waitPath(page, /^\/verify$/);
      await page.getByTestId(T.verifyForm).waitFor();

      // A wrong last character: the server's check, in the browser, next to the field; nothing sent.
      const right = residentIdCheckChar(zhangWei.idNumber.slice(0, 17));
      const wrongId = zhangWei.idNumber.slice(0, 17) + (right === '1' ? '2' : '1');
      for (const lang of ['zh-CN', 'en'] as const) {
        await switchTo(page, lang);
        await fillVerifyForm(page, { ...zhangWei, idNumber: wrongId });
        await page.getByTestId(T.verifySubmit).click();
        const error = page.locator('#verify-idNumber-error');
        await waitText(error, new RegExp(`^${escapeRe(tr(lang, 'verify.errors.idNumberCheckDigit'))}$`));
        expect(await error.getAttribute('class')).toBe('field-error');
        expect(await page.getByTestId(T.verifyIdNumber).getAttribute('aria-invalid')).toBe('true');
        expect(await page.getByTestId(T.verifyIdNumber).evaluate((el) => el === document.activeElement)).toBe(true);
        await look(page, 'receipt-day', `verify-check-digit-${lang}`);
      }
      await new Promise((r) => setTimeout(r, 300));
      expect(verificationsSent).toEqual([]);
      expect(await page.getByTestId(T.verifySent).count()).toBe(0);

      // The right number, its X typed lower-case: written as printed, and the server agrees.
      await switchTo(page, 'zh-CN');
      await verifyInBrowser(page, h, { ...zhangWei, idNumber: zhangWei.idNumber.toLowerCase() }, { channel: 'sms' });
      expect(verificationsSent).toHaveLength(1);
      await waitPath(page, new RegExp(`^/progress/${reference}$`));
      await waitAttr(page.getByTestId(T.caseState), 'data-state', 'submitted');

      // Submitted at Friday 23:13; received on Monday, and why, in both languages.
      const day = (lang: 'zh-CN' | 'en', iso: string) => longDay(iso, lang);
      const submittedAt = { 'zh-CN': /2026年12月4日\s*23:13/, en: /4 Dec 2026,?\s*23:13/ };
      for (const lang of ['zh-CN', 'en'] as const) {
        await switchTo(page, lang);
        await waitText(page.getByTestId(T.submittedAt), submittedAt[lang]);
        await waitText(page.getByTestId(T.receivedOn), new RegExp(`${escapeRe(day(lang, '2026-12-07'))}[\\s\\S]*${escapeRe(tr(lang, 'done.receivedOnHint'))}`));
        await waitText(page.getByTestId(T.receivedLater), new RegExp(`^${escapeRe(tr(lang, 'done.receivedLater', { day: day(lang, '2026-12-07') }))}$`));
        const first = page.getByTestId(timelineStepId('submitted'));
        await waitText(first, new RegExp(escapeRe(tr(lang, 'progress.steps.submitted'))));
        expect(await textOf(first)).toMatch(submittedAt[lang]);
        expect(await textOf(first)).toContain(tr(lang, 'progress.receivedOnLine', { day: day(lang, '2026-12-07') }));
        expect(await page.getByTestId(T.decidedEarly).count()).toBe(0);
        await look(page, 'receipt-day', `progress-after-hours-${lang}`);
      }

      // Approved and off the network the same night: before the receipt day, and said so.
      await approveAsReviewer(h, reference);
      const customer = await apiAs(h, page);
      await waitCompleted(customer, reference);
      const line = (await customer.get(`/api/v1/lines/${encodeURIComponent(zhangWei.msisdn)}`)).body;
      expect(line).toMatchObject({ status: 'terminated', terminatedOn: '2026-12-04' });
      await page.reload();
      for (const lang of ['en', 'zh-CN'] as const) {
        await switchTo(page, lang);
        await waitAttr(page.getByTestId(T.caseState), 'data-state', 'completed');
        await waitText(page.getByTestId(T.decidedEarly), new RegExp(`^${escapeRe(tr(lang, 'progress.decidedEarly', { day: day(lang, '2026-12-04') }))}$`));
        await waitText(page.getByTestId(T.receivedLater), new RegExp(escapeRe(day(lang, '2026-12-07'))));
        await look(page, 'receipt-day', `progress-decided-early-${lang}`);
      }

      // The account names the day the line was cancelled as such, not as a day of the application.
      await stepLink(page, 'zh-CN', '/account').click();
      await waitPath(page, /^\/account$/);
      for (const lang of ['zh-CN', 'en'] as const) {
        await switchTo(page, lang);
        const row = page.getByTestId(T.terminatedOn).locator('xpath=..');
        await waitText(page.getByTestId(T.terminatedOn), new RegExp(escapeRe(day(lang, '2026-12-04'))));
        expect(await row.locator('dt').innerText()).toBe(tr(lang, 'account.terminatedOn'));
        await look(page, 'receipt-day', `account-${lang}`);
      }
    });
  }, 180_000);
});
