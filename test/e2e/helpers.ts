import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import type { TestDatabaseKind } from '../support/databases.js';
import { Client, eventually, startHarness, type Harness } from '../support/harness.js';
import { browserAvailable, checkA11y, launchBrowser, newestMessageId, phoneContext, readCode, shot, type Phone, type PortalLocale } from '../support/browser.js';
import { consoleDir, portalBuilt } from '../../src/http/portal.js';
import { projectRoot } from '../support/process.js';
import { T } from '../../web/portal/src/testids.js';

/*
 * What the end-to-end suites share: waiting, the checks every page gets (fits the phone, axe,
 * screenshot), verifying in the browser, downloads and PDFs, and the reviewer's side through the
 * API. Texts come from the portal's own locale files, which keep label texts stable.
 */

export type Person = { msisdn: string; name: string; idNumber: string; email: string };

export const wangQiang: Person = { msisdn: '+8618611112222', name: '王强', idNumber: '440305199207086819', email: 'wang.qiang@example.com' };
export const liuYang: Person = { msisdn: '+8617700001111', name: '刘洋', idNumber: '330106199901010013', email: 'liu.yang@example.com' };
export const liuYangSecondLine = '+8619912345678';
export const amelia: Person = { msisdn: '+447400654321', name: 'Amelia Jones', idNumber: '987654321', email: 'amelia.jones@example.co.uk' };

/** Wednesday 25 November 2026, 10:00 in Beijing (02:00 in London): the CN hotline is open, the GB one closed. */
export const harnessNow = '2026-11-25T10:00:00+08:00';
export const referencePattern = /^LC-\d{4}-\d{7}-\d$/;
export const routes = ['/', '/verify', '/hotline', '/apply', '/apply/form', '/progress', '/account', '/lost', '/lines'] as const;

// ---- Can this machine run the suite? -------------------------------------------------------

const needTools = (): void => {
  for (const tool of ['pdftotext', 'pdftoppm']) {
    try {
      execFileSync(tool, ['-v'], { stdio: 'ignore' });
    } catch {
      throw new Error(`${tool} (poppler-utils) is required by the end-to-end suite`);
    }
  }
};

/**
 * Chromium present and the portal built. Under CI=true a missing Chromium or an unbuilt portal
 * throws (the run fails); locally the suite is skipped.
 */
export function e2eAvailable(): boolean {
  const browser = browserAvailable();
  const built = portalBuilt();
  if (!built && process.env.CI === 'true') throw new Error('the portal is not built (npm run build:web); CI=true requires it for the end-to-end suite');
  if (browser && built) needTools();
  return browser && built;
}

/**
 * What e2eAvailable() asks, and the staff console built as well. Under CI=true an unbuilt
 * console throws (the run fails); locally the console's suites are skipped.
 */
export function e2eConsoleAvailable(): boolean {
  const ready = e2eAvailable();
  const built = portalBuilt(consoleDir);
  if (!built && process.env.CI === 'true') throw new Error('the console is not built (npm run build:web); CI=true requires it for the end-to-end suite');
  return ready && built;
}

// ---- Texts from the portal's locale files ---------------------------------------------------

type Lang = 'zh-CN' | 'en';
const localeDir = path.join(projectRoot, 'web/portal/src/locales');
const locales: Record<Lang, Record<string, unknown>> = {
  'zh-CN': JSON.parse(fs.readFileSync(path.join(localeDir, 'zh-CN.json'), 'utf8')),
  en: JSON.parse(fs.readFileSync(path.join(localeDir, 'en.json'), 'utf8')),
};

/** A text of the portal, with {{vars}} filled in. */
export function tr(lang: Lang, key: string, vars: Record<string, string | number> = {}): string {
  let v: unknown = locales[lang];
  for (const part of key.split('.')) v = (v as Record<string, unknown> | undefined)?.[part];
  if (typeof v !== 'string') throw new Error(`no text ${key} in ${lang}`);
  return v.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(vars[name] ?? `{{${name}}}`));
}

/** The part of a text before its first {{variable}}. */
export const trPrefix = (lang: Lang, key: string) => tr(lang, key).split('{{')[0]!;

// ---- Waiting -------------------------------------------------------------------------------

/** Waits until `read` gives something `check` accepts (a locator's text, an attribute, a URL). */
export async function until<V>(read: () => Promise<V>, check: (v: V) => boolean, what: string, ms = 15_000): Promise<V> {
  let last: V | undefined;
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      last = await read();
      if (check(last)) return last;
    } catch {
      // the element may not be there yet
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const textOf = (l: Locator) => l.innerText({ timeout: 1000 });
export const waitText = (l: Locator, re: RegExp, what = `${l} to read ${re}`) => until(() => textOf(l), (t) => re.test(t), what);
export const waitAttr = (l: Locator, name: string, value: string) => until(() => l.getAttribute(name, { timeout: 1000 }), (v) => v === value, `${l} ${name}="${value}"`);
export const pathOf = (page: Page) => new URL(page.url()).pathname;
export const waitPath = (page: Page, re: RegExp) => until(async () => decodeURIComponent(pathOf(page)), (p) => re.test(p), `the path ${re}`);
export const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
export const htmlLang = (page: Page) => page.evaluate(() => document.documentElement.lang);

/** The page has its heading and nothing says "loading" any more. */
export async function settled(page: Page): Promise<void> {
  await page.locator('main h1').first().waitFor({ state: 'visible' });
  const loading = page.locator('main [role="status"]').filter({ hasText: new RegExp(`^(${escapeRe(tr('zh-CN', 'common.loading'))}|${escapeRe(tr('en', 'common.loading'))})$`) });
  await until(() => loading.count(), (n) => n === 0, 'the page to finish loading');
}

/** Moves within the portal without reloading, as its own links do (the History API and popstate). */
export async function goInApp(page: Page, route: string): Promise<void> {
  await page.evaluate((to) => {
    window.history.pushState(null, '', to);
    window.dispatchEvent(new PopStateEvent('popstate'));
  }, route);
}

/** The link to a step in the step indicator ("1 确认身份 … 5 账户"). */
export const stepLink = (page: Page, lang: Lang, href: string) => page.getByRole('navigation', { name: tr(lang, 'steps.label'), exact: true }).locator(`a[href="${href}"]`);

// ---- The checks every page gets -----------------------------------------------------------

/** The page fits the phone: nothing scrolls sideways. */
export async function fitsPhone(page: Page, label: string): Promise<void> {
  const { scrollWidth, culprits } = await page.evaluate(() => {
    const w = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll<HTMLElement>('body *')]
      .filter((el) => el.getBoundingClientRect().right > w + 1)
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(' ').join('.')}` : ''}${el.dataset.testid ? `[${el.dataset.testid}]` : ''}`);
    return { scrollWidth: document.documentElement.scrollWidth, culprits: wide };
  });
  expect(scrollWidth, `${label} scrolls sideways (${scrollWidth}px wide): ${culprits.join(', ')}`).toBeLessThanOrEqual(375);
}

/** Settled, fits the phone, no serious axe finding, and a screenshot. */
export async function look(page: Page, dir: string, name: string): Promise<void> {
  await settled(page);
  await fitsPhone(page, name);
  await checkA11y(page, name);
  await shot(page, dir, name);
}

// ---- Sessions and verification -------------------------------------------------------------

/** The verified session the portal keeps in sessionStorage, for checks through the API. */
export async function portalSession(page: Page): Promise<{ token: string; msisdn: string }> {
  const raw = await page.evaluate(() => window.sessionStorage.getItem('lastcall.session'));
  if (!raw) throw new Error('no verified session in the portal');
  return JSON.parse(raw) as { token: string; msisdn: string };
}

/** An API client with the portal's customer token. */
export async function apiAs(h: Harness, page: Page): Promise<Client> {
  const c = new Client(h.base);
  c.token = (await portalSession(page)).token;
  return c;
}

export async function fillVerifyForm(page: Page, who: Person): Promise<void> {
  await page.getByTestId(T.verifyMsisdn).fill(who.msisdn);
  await page.getByTestId(T.verifyName).fill(who.name);
  await page.getByTestId(T.verifyIdNumber).fill(who.idNumber);
  await page.getByTestId(T.verifyEmail).fill(who.email);
}

/** On /verify: the details, the code read from the dev mailbox, confirm; waits until the page moves on. */
export async function verifyInBrowser(page: Page, h: Harness, who: Person, opts: { channel: 'sms' | 'email'; dir?: string }): Promise<void> {
  const mail = new Client(h.base);
  await page.getByTestId(T.verifyForm).waitFor();
  await fillVerifyForm(page, who);
  await page.getByTestId(opts.channel === 'sms' ? T.verifyChannelSms : T.verifyChannelEmail).check();
  if (opts.dir) await look(page, opts.dir, 'verify-details');
  const before = await newestMessageId(mail);
  await page.getByTestId(T.verifySubmit).click();
  await page.getByTestId(T.verifySent).waitFor();
  const code = await readCode(mail, before, opts.channel === 'sms' ? who.msisdn : who.email);
  await page.getByTestId(T.codeInput).fill(code);
  if (opts.dir) await look(page, opts.dir, 'verify-code');
  await page.getByTestId(T.codeConfirm).click();
  await until(async () => pathOf(page), (p) => p !== '/verify', 'leaving /verify');
}

// ---- Downloads and PDFs ----------------------------------------------------------------------

/** What the trigger (a click, or Enter on a focused button) makes the browser save. */
export async function download(page: Page, trigger: () => Promise<void>): Promise<{ bytes: Buffer; name: string }> {
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 15_000 }), trigger()]);
  return { bytes: fs.readFileSync(await dl.path()), name: dl.suggestedFilename() };
}

/** Runs `fn` with a fresh temporary directory, removed afterwards. */
function inTempDir<V>(fn: (dir: string) => V): V {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lastcall-e2e-'));
  try {
    return fn(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function pdfText(pdf: Buffer): string {
  return execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf }).toString('utf8');
}

/** Renders page 1 at 50 dpi in grey and counts its dark pixels: a blank page has none. */
export function darkPixelsOnPage1(pdf: Buffer): number {
  const pgm = inTempDir((dir) => {
    const input = path.join(dir, 'in.pdf');
    fs.writeFileSync(input, pdf);
    execFileSync('pdftoppm', ['-r', '50', '-gray', '-f', '1', '-l', '1', '-singlefile', input, path.join(dir, 'page')]);
    return fs.readFileSync(path.join(dir, 'page.pgm'));
  });
  // P5 <width> <height> <max> and one byte per pixel.
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.subarray(0, 64).toString('latin1'));
  if (!header) throw new Error('pdftoppm did not write a PGM');
  const pixels = pgm.subarray(header[0].length);
  expect(pixels.length).toBe(Number(header[1]) * Number(header[2]));
  let dark = 0;
  for (const p of pixels) if (p < 160) dark++;
  return dark;
}

/** Page 1 of a PDF as a PNG, as a customer's scan of the signed form would arrive. */
export function pdfPage1Png(pdf: Buffer): Buffer {
  return inTempDir((dir) => {
    const input = path.join(dir, 'form.pdf');
    fs.writeFileSync(input, pdf);
    execFileSync('pdftoppm', ['-r', '40', '-png', '-f', '1', '-l', '1', '-singlefile', input, path.join(dir, 'signed-form')]);
    return fs.readFileSync(path.join(dir, 'signed-form.png'));
  });
}

// ---- The operator's side ---------------------------------------------------------------------

/** The reviewer takes the case and approves it, as in the README's walkthrough. */
export async function approveAsReviewer(h: Harness, reference: string): Promise<void> {
  const reviewer = new Client(h.base);
  await reviewer.loginStaff('reviewer');
  const assigned = await reviewer.post(`/api/v1/staff/cases/${reference}/assign`, {});
  expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);
  const approved = await reviewer.post(`/api/v1/staff/cases/${reference}/approve`, {});
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
}

/** Waits for the worker to take the line off the network and complete the case. */
export async function waitCompleted(customer: Client, reference: string) {
  return eventually(
    async () => {
      const r = await customer.get(`/api/v1/cancellations/${reference}`);
      return r.body?.state === 'completed' ? r.body : undefined;
    },
    20_000,
    `case ${reference} completed by the worker`,
  );
}

/** A day as the portal writes it: English the British way ("25 November 2026"). */
export const longDay = (iso: string, lang: string) => new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : lang, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));

/** The items of the checklist that need an acknowledgement: their codes and titles. */
export async function advisoryItems(page: Page): Promise<{ code: string; title: string }[]> {
  return page.locator(`[data-testid="${T.precheck}"] > li`).evaluateAll((items) =>
    items
      .filter((li) => li.querySelector('input[type="checkbox"][data-testid^="ack-"]'))
      .map((li) => {
        const heading = li.querySelector('[id^="item-title-"]') ?? li.querySelector('h2, h3, h4, h5');
        const badge = heading?.querySelector('.badge')?.textContent ?? '';
        return { code: (li.getAttribute('data-testid') ?? '').replace(/^precheck-/, ''), title: (heading?.textContent ?? '').replace(badge, '').trim() };
      }),
  );
}

// ---- Harness and browser per describe ---------------------------------------------------------

export interface Stage {
  h: Harness;
  browser: Browser;
}

/** The whole product on `kind` (its clock at `now`) and one Chromium for the describe block it is called in. */
export function useStage(kind: TestDatabaseKind, available: boolean, now = harnessNow): Stage {
  const stage = {} as Stage;
  beforeAll(async () => {
    if (!available) return;
    const h = await startHarness(kind, { now });
    if (!h) throw new Error(`${kind} became unreachable`);
    stage.h = h;
    stage.browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await stage.browser?.close();
    await stage.h?.close();
  }, 60_000);
  return stage;
}

/** A phone whose clock starts at the harness clock (tokens and days agree with the server). */
export function openPhone(stage: Stage, locale: PortalLocale): Promise<Phone> {
  return phoneContext(stage.browser, { locale, base: stage.h.base, now: stage.h.clock.now() });
}

/**
 * Runs a test on a fresh phone: afterwards no request may have left the machine, and the
 * context is closed whatever happened (a failure inside is reported as it was, not masked).
 */
export async function withPhone(stage: Stage, locale: PortalLocale, fn: (phone: Phone) => Promise<void>): Promise<void> {
  const phone = await openPhone(stage, locale);
  try {
    await fn(phone);
    phone.guard.check();
  } finally {
    await phone.context.close();
  }
}

