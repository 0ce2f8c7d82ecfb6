import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { testDatabases, testDatabaseAvailable } from '../support/databases.js';
import { Client, liNa, oliver, verifyAs, zhangWei, type Harness } from '../support/harness.js';
import { checkA11y, RequestGuard, shot, tabTo } from '../support/browser.js';
import { projectRoot } from '../support/process.js';
import { sweepSla } from '../../src/app/sla/sweep.js';
import { ackId, chartCanvasId, chartNames, chartTableId, refundFieldId, refundId, T, verifyInputId, verifyResultId, verifySubmitId } from '../../web/console/src/testids.js';
import { T as PortalT } from '../../web/portal/src/testids.js';
import {
  amelia,
  download,
  e2eConsoleAvailable,
  escapeRe,
  fitsPhone,
  htmlLang,
  liuYang,
  pdfPage1Png,
  referencePattern,
  until,
  useStage,
  verifyInBrowser,
  waitAttr,
  waitCompleted,
  waitText,
  wangQiang,
  withPhone,
  type Person,
  type Stage,
} from './helpers.js';

/*
 * The staff console end to end, one test per role's main path, on PGlite and on PostgreSQL (one
 * product and one Chromium per database, shared by the tests in order): the hotline agent takes
 * an incoming call, verifies the caller and opens a case for them; the reviewer filters the
 * queue, asks the customer for a document, which the customer sends from the portal, and
 * approves once it came; the supervisor sees the case in the dashboard before and after the
 * decision; the auditor verifies the chain, reads a case's audit rows and exports its evidence
 * bundle. Every page is checked with axe-core, on a phone also for sideways scrolling; no request
 * leaves the machine; every step is a screenshot in test-output/e2e/console-<role>[-postgres].
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

// ---- A staff member's browser -----------------------------------------------------------------

interface Desk {
  page: Page;
  guard: RequestGuard;
  width: number;
  /** Whether look() runs axe-core on the pages (default true). */
  a11y: boolean;
}

interface DeskOptions {
  width: 375 | 1280;
  locale?: 'zh-CN' | 'en-GB';
  a11y?: boolean;
}

/** A browser context at a desk (1280 wide) or on a phone (375 wide); no request may leave the machine. */
async function withStaff(stage: Stage, opts: DeskOptions, fn: (desk: Desk) => Promise<void>): Promise<void> {
  const phone = opts.width === 375;
  const context = await (stage.browser as Browser).newContext({
    viewport: { width: opts.width, height: phone ? 812 : 900 },
    isMobile: phone,
    hasTouch: phone,
    deviceScaleFactor: phone ? 2 : 1,
    locale: opts.locale ?? 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    // Only so axe-core can be injected; the console itself runs under its own CSP in every other test.
    bypassCSP: true,
    acceptDownloads: true,
    baseURL: stage.h.base,
  });
  const guard = new RequestGuard(stage.h.base);
  context.on('request', guard.record);
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await fn({ page, guard, width: opts.width, a11y: opts.a11y ?? true });
    expect(errors, 'errors thrown in the page').toEqual([]);
    guard.check();
  } finally {
    await context.close();
  }
}

const loadingTexts = new RegExp(`^(${escapeRe(tr('zh-CN', 'common.loading'))}|${escapeRe(tr('en', 'common.loading'))})$`);

/** The page has its heading and nothing says "loading" any more. */
async function settled(page: Page): Promise<void> {
  await page.locator('main h1').first().waitFor({ state: 'visible' });
  const loading = page.locator('main [role="status"]').filter({ hasText: loadingTexts });
  await until(() => loading.count(), (n) => n === 0, 'the page to finish loading');
}

/** Settled, fits a phone (when on one), no serious axe finding (when asked), and a screenshot. */
async function look(desk: Desk, dir: string, name: string): Promise<void> {
  await settled(desk.page);
  if (desk.width === 375) await fitsPhone(desk.page, name);
  if (desk.a11y) await checkA11y(desk.page, name);
  await shot(desk.page, dir, name);
}

const pathOf = (page: Page) => new URL(page.url()).pathname;
const waitPath = (page: Page, re: RegExp) => until(async () => decodeURIComponent(pathOf(page)), (p) => re.test(p), `the path ${re}`);

async function logIn(page: Page, user: string, password = 'lastcall-demo'): Promise<void> {
  await page.getByTestId(T.loginUser).fill(user);
  await page.getByTestId(T.loginPassword).fill(password);
  await page.getByTestId(T.loginSubmit).click();
}

/** The nav entries the role sees, in order. */
const navPages = (page: Page) => page.getByTestId(T.nav).locator('a').evaluateAll((as) => as.map((a) => (a.getAttribute('data-testid') ?? '').replace(/^nav-/, '')));

// ---- The customer's side and the operator's, through the API -----------------------------------

/** Applies on the web as the customer, acknowledging whatever the pre-check asks (read from the 422). */
async function applyOnline(h: Harness, who: Person, reason: string): Promise<{ customer: Client; reference: string }> {
  const customer = new Client(h.base);
  await verifyAs(customer, who);
  const first = await customer.post('/api/v1/cancellations', { msisdn: who.msisdn, reason, acknowledgements: [] });
  let answer = first;
  if (first.status === 422) {
    expect(first.body.error.code).toBe('acknowledgement_required');
    answer = await customer.post('/api/v1/cancellations', { msisdn: who.msisdn, reason, acknowledgements: first.body.error.details.missing });
  }
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return { customer, reference: answer.body.reference };
}

async function staffClient(h: Harness, user: string): Promise<Client> {
  const c = new Client(h.base);
  await c.loginStaff(user);
  return c;
}

async function dashboardNow(h: Harness) {
  const r = await (await staffClient(h, 'supervisor')).get('/api/v1/staff/dashboard');
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as {
    openByState: Record<string, number>;
    compliance: { overall: { decided: number; onTime: number }; byChannel: { channel: string; decided: number }[] };
  };
}

const openTotal = (d: { openByState: Record<string, number> }) => Object.values(d.openByState).reduce((a, b) => a + b, 0);

/** Every chart on the page has drawn something: its canvas has coloured pixels. */
async function chartsDrawn(page: Page): Promise<void> {
  for (const name of chartNames) {
    const canvas = page.getByTestId(chartCanvasId(name));
    if ((await canvas.count()) === 0) continue;
    const inked = await until(
      () =>
        canvas.evaluate((c) => {
          const el = c as HTMLCanvasElement;
          const data = el.getContext('2d')!.getImageData(0, 0, el.width, el.height).data;
          let n = 0;
          for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++;
          return n;
        }),
      (n) => n > 200,
      `chart ${name} drawn`,
    );
    expect(inked).toBeGreaterThan(200);
  }
}

// ---- Every role, on both databases --------------------------------------------------------------

describe.each(testDatabases)('the staff console, role by role (%s)', async (kind) => {
  const available = e2e && (await testDatabaseAvailable(kind));
  // The tests' people differ, so they share one product; each test counts from what it finds.
  const stage = useStage(kind, available);
  /** The screenshot folder of a test: console-<name>, with the database's name after it on PostgreSQL. */
  const shots = (name: string) => (kind === 'pglite' ? `console-${name}` : `console-${name}-${kind}`);
  // The markup does not depend on the database: axe-core runs on the PGlite pass only (about 8 s a pass).
  const staff = (opts: DeskOptions, fn: (desk: Desk) => Promise<void>) => withStaff(stage, { ...opts, a11y: kind === 'pglite' }, fn);

  it.skipIf(!available)('agent: takes an incoming call, verifies the caller fact by fact, opens a hotline case with the read-out acknowledgements and ends the call', async () => {
    const { h } = stage;
    const dir = shots('agent');
    const telephony = await staffClient(h, 'supervisor');
    await staff({ width: 1280 }, async (desk) => {
      const { page } = desk;
      // Not logged in: every console page leads to the log-in, and a wrong password is said so.
      await page.goto('/console/desk');
      await waitPath(page, /^\/console\/login$/);
      expect(new URL(page.url()).searchParams.get('next')).toBe('/desk');
      expect(await htmlLang(page)).toBe('zh-CN');
      await logIn(page, 'agent', 'not-the-password');
      await waitAttr(page.getByTestId(T.loginError), 'data-code', 'invalid_credentials');
      // With the demo data the page names the demo log-ins.
      await waitText(page.getByTestId(T.loginDemo), /agent · reviewer · supervisor · auditor · admin.*lastcall-demo/);
      await look(desk, dir, 'login-wrong-password');
      await logIn(page, 'agent');
      await waitPath(page, /^\/console\/desk$/);
      await waitText(page.getByTestId(T.userName), /^agent$/);
      await waitAttr(page.getByTestId(T.userRole), 'data-role', 'agent');
      expect(await navPages(page)).toEqual(['desk', 'queue']);
      await look(desk, dir, 'desk-idle');

      // The telephony system reports a call: it pops up within the 2-second poll, number masked.
      const rang = await telephony.post('/api/v1/staff/calls/incoming', { msisdn: zhangWei.msisdn });
      expect(rang.status, JSON.stringify(rang.body)).toBe(201);
      const callId: string = rang.body.call.id;
      const incoming = page.getByTestId(T.incomingCall).and(page.locator(`[data-call-id="${callId}"]`));
      await incoming.waitFor({ timeout: 10_000 });
      await waitText(incoming, /\+86 138 \*\*\*\* 8000/);
      expect(await incoming.innerText()).not.toContain('0013');
      await look(desk, dir, 'incoming-call');

      // Answered from the keyboard.
      await tabTo(page, incoming.getByTestId(T.incomingAnswer));
      await page.keyboard.press('Enter');
      const panel = page.getByTestId(T.callPanel);
      await waitAttr(panel, 'data-state', 'active');
      expect(await panel.getAttribute('data-call-id')).toBe(callId);
      await page.getByTestId(T.callerSummary).waitFor();
      await waitAttr(page.getByTestId(T.callerLineStatus), 'data-status', 'active');
      await waitText(page.getByTestId(T.callerName), /\*/);
      expect(await page.getByTestId(T.callerOpenCase).getAttribute('data-reference')).toBe('');
      await waitAttr(page.getByTestId(T.verifyScript), 'data-verified', 'false');
      await look(desk, dir, 'call-answered');

      // The script: a wrong e-mail shows ✗ and costs a try; the name and the ID number match.
      await page.getByTestId(verifyInputId('email')).fill('someone.else@example.com');
      await page.getByTestId(verifySubmitId('email')).click();
      await waitAttr(page.getByTestId(verifyResultId('email')), 'data-confirmed', 'false');
      await waitText(page.getByTestId(T.verifyTries), /2/);
      await page.getByTestId(verifyInputId('name')).fill(zhangWei.name);
      await page.getByTestId(verifySubmitId('name')).click();
      await waitAttr(page.getByTestId(verifyResultId('name')), 'data-confirmed', 'true');
      await look(desk, dir, 'verify-name-confirmed');
      await page.getByTestId(verifyInputId('id_number')).fill(zhangWei.idNumber);
      await page.getByTestId(verifySubmitId('id_number')).click();
      await waitAttr(page.getByTestId(verifyResultId('id_number')), 'data-confirmed', 'true');
      await waitAttr(page.getByTestId(T.verifyScript), 'data-verified', 'true');
      await page.getByTestId(T.verifyDone).waitFor();
      // Verified: the whole number is shown now.
      await waitText(page.getByTestId(T.callCaller), /\+86 138 0013 8000/);

      // Opening the case: the server names the items to read out; the agent ticks each one.
      await page.getByTestId(T.openCaseForm).waitFor();
      await page.getByTestId(T.openCaseReason).selectOption('switching_operator');
      await page.getByTestId(T.openCaseReasonText).fill('转到其他运营商');
      await look(desk, dir, 'open-case-form');
      await page.getByTestId(T.openCaseSubmit).click();
      const acks = page.getByTestId(T.openCaseAcks);
      await acks.waitFor();
      const codes = await acks.locator('input[type="checkbox"]').evaluateAll((els) => els.map((e) => (e.getAttribute('data-testid') ?? '').replace(/^ack-/, '')));
      expect(codes.sort()).toEqual(['backup_reminder', 'binding_alipay', 'binding_bank', 'binding_wechat', 'port_out_option', 'prepaid_credit_refund']);
      await look(desk, dir, 'acknowledgements-to-read-out');
      for (const code of codes) await page.getByTestId(ackId(code)).check();
      await page.getByTestId(refundId('bank_account')).check();
      await page.getByTestId(refundFieldId('holderName')).fill('张伟');
      await page.getByTestId(refundFieldId('bankName')).fill('工商银行');
      await page.getByTestId(refundFieldId('accountNumber')).fill('6222 0202 0000 1234 567');
      await page.getByTestId(T.openCaseSubmit).click();
      const opened = page.getByTestId(T.caseOpened);
      await opened.waitFor();
      const reference = (await opened.locator('[data-reference]').getAttribute('data-reference'))!;
      expect(reference).toMatch(referencePattern);
      await look(desk, dir, 'case-opened');

      // Ending the call: the outcome is already "case opened".
      expect(await page.getByTestId(T.endOutcome).inputValue()).toBe('case_opened');
      await page.getByTestId(T.endNote).fill('来电人确认了全部事项');
      await page.getByTestId(T.endSubmit).click();
      await page.getByTestId(T.callEnded).waitFor();
      await look(desk, dir, 'call-ended');

      // What the server kept: a hotline case opened by the agent, linked to the ended call.
      const reviewer = await staffClient(h, 'reviewer');
      const view = (await reviewer.get(`/api/v1/staff/cases/${reference}`)).body;
      expect(view).toMatchObject({ reference, channel: 'hotline', state: 'submitted', openedBy: 'agent' });
      expect(view.precheckAtSubmission).toMatchObject({ refund: { method: 'bank_account', destination: { bankName: '工商银行', accountMasked: '**** **** 4567' } } });
      expect(view.calls).toEqual([expect.objectContaining({ id: callId, agent: 'agent', outcome: 'case_opened' })]);
      expect(view.fourEyes).toMatchObject({ openedBy: 'agent', mayApprove: true });
      const call = (await telephony.get(`/api/v1/staff/calls/${callId}`)).body.call;
      expect(call).toMatchObject({ state: 'ended', outcome: 'case_opened', reference, verified: true });

      // The case in the agent's (read-only) queue and case page: no decisions offered.
      await page.getByTestId('nav-queue').click();
      await waitPath(page, /^\/console\/queue$/);
      const row = page.getByTestId(T.queueRow).and(page.locator(`[data-reference="${reference}"]`));
      await row.waitFor();
      await row.getByRole('link', { name: reference }).click();
      await waitPath(page, new RegExp(`^/console/cases/${reference}$`));
      await waitAttr(page.getByTestId(T.caseState), 'data-state', 'submitted');
      await page.getByTestId(T.calls).waitFor();
      expect(await page.getByTestId(T.actionApprove).count()).toBe(0);
      expect(await page.getByTestId(T.actionAssign).count()).toBe(0);
      await look(desk, dir, 'case-as-agent');
    });
  }, 180_000);

  it.skipIf(!available)('reviewer: filters the queue, asks for a document, previews it once the customer sent it, and approves', async () => {
    const { h } = stage;
    const dir = shots('reviewer');
    const { customer, reference } = await applyOnline(h, oliver, 'Moving abroad');
    await staff({ width: 375 }, async (desk) => {
      const { page } = desk;
      await page.goto('/console/');
      await waitPath(page, /^\/console\/login$/);
      await look(desk, dir, 'login');
      await logIn(page, 'reviewer');
      await waitPath(page, /^\/console\/queue$/);
      expect(await navPages(page)).toEqual(['queue']);
      await look(desk, dir, 'queue');

      // Filters go into the address, so the view can be linked.
      await page.getByTestId(T.filterState).selectOption('submitted');
      await page.getByTestId(T.filterChannel).selectOption('web');
      await page.getByTestId(T.filterRegion).fill('gb');
      await page.getByTestId(T.filterSubmit).click();
      await until(async () => new URL(page.url()).search, (s) => s === '?state=submitted&region=GB&channel=web', 'the filters in the address');
      const row = page.getByTestId(T.queueRow).and(page.locator(`[data-reference="${reference}"]`));
      await row.waitFor();
      expect(await page.getByTestId(T.queueRow).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-state')))).not.toContain('in_review');
      await waitAttr(row.getByTestId(T.slaBadge), 'data-sla', 'on_track');
      await look(desk, dir, 'queue-filtered');
      // The same link opened afresh shows the same view.
      await page.reload();
      await row.waitFor();
      expect(await page.getByTestId(T.filterRegion).inputValue()).toBe('GB');

      await row.getByRole('link', { name: reference }).click();
      await waitPath(page, new RegExp(`^/console/cases/${reference}$`));
      await waitAttr(page.getByTestId(T.caseState), 'data-state', 'submitted');
      await waitAttr(page.getByTestId(T.subscriber), 'data-masked', 'true');
      await page.getByTestId(T.history).waitFor();
      await look(desk, dir, 'case-submitted');

      // Personal data is revealed only after saying it is recorded.
      await page.getByTestId(T.reveal).click();
      const dialog = page.getByTestId(T.confirmDialog);
      await until(() => dialog.evaluate((d) => (d as HTMLDialogElement).open), (open) => open, 'the reveal dialog');
      await look(desk, dir, 'reveal-confirm');
      await page.getByTestId(T.revealConfirm).click();
      await waitAttr(page.getByTestId(T.subscriber), 'data-masked', 'false');
      await waitText(page.getByTestId(T.subscriberEmail), new RegExp(escapeRe(oliver.email)));
      const audit = await staffClient(h, 'auditor');
      const rows = (await audit.get(`/api/v1/staff/audit?ref=${reference}`)).body.items as { actor: string; action: string }[];
      expect(rows).toEqual(expect.arrayContaining([expect.objectContaining({ actor: 'staff:reviewer', action: 'personal_data.revealed' })]));

      // Take the case, then ask for a document: the message comes from the template in English.
      await page.getByTestId(T.actionAssign).click();
      await waitAttr(page.getByTestId(T.caseState), 'data-state', 'in_review');
      await waitText(page.getByTestId(T.caseAssignee), /reviewer/);
      await page.getByTestId(T.actionRequestInfo).click();
      await page.getByTestId(T.requestInfoForm).waitFor();
      await page.getByTestId(T.requestInfoReason).selectOption('documents');
      const templated = await until(() => page.getByTestId(T.requestInfoMessage).inputValue(), (v) => v.trim().length > 10, 'the template text');
      expect(templated).toMatch(/[a-z]/i);
      await page.getByTestId(T.requestInfoMessage).fill(`${templated} Please upload the photo page of your passport.`);
      await look(desk, dir, 'request-info');
      await page.getByTestId(T.requestInfoSubmit).click();
      await waitAttr(page.getByTestId(T.caseState), 'data-state', 'awaiting_customer');
      await waitAttr(page.getByTestId(T.caseSla), 'data-sla', 'paused');
      await page.getByTestId(T.casePaused).waitFor();
      await page.getByTestId(T.actionDone).waitFor();
      await look(desk, dir, 'awaiting-customer');

      // The customer answers in the portal on their phone, with a line of text and a scan (the
      // receipt's first page as a PNG, a real image the server checks by its content).
      const receipt = await fetch(`${h.base}/api/v1/cancellations/${reference}/receipt.pdf`, { headers: { authorization: `Bearer ${customer.token}` } });
      const scan = pdfPage1Png(Buffer.from(await receipt.arrayBuffer()));
      await withPhone(stage, 'en-GB', async ({ page: phone }) => {
        await phone.goto('/progress');
        await waitPath(phone, /^\/verify$/);
        await verifyInBrowser(phone, h, oliver, { channel: 'sms' });
        await waitPath(phone, new RegExp(`^/progress/${reference}$`));
        await waitAttr(phone.getByTestId(PortalT.caseState), 'data-state', 'awaiting_customer');
        await phone.getByTestId(PortalT.clockPaused).waitFor();
        await waitText(phone.getByTestId(PortalT.communications), /photo page of your passport/);
        await shot(phone, dir, 'portal-question');
        await phone.getByTestId(PortalT.replyText).fill('Here is the photo page of my passport.');
        await phone.getByTestId(PortalT.replyFiles).setInputFiles({ name: 'passport.png', mimeType: 'image/png', buffer: scan });
        await phone.getByTestId(PortalT.replySubmit).click();
        await waitAttr(phone.getByTestId(PortalT.caseState), 'data-state', 'in_review');
        await shot(phone, dir, 'portal-replied');
      });

      await page.reload();
      await waitAttr(page.getByTestId(T.caseState), 'data-state', 'in_review');
      await waitText(page.getByTestId(T.messages), /photo page of my passport/);
      const doc = page.getByTestId(T.document).filter({ hasText: 'passport.png' });
      await doc.getByTestId(T.documentPreview).click();
      const img = doc.getByTestId(T.documentFrame);
      await until(() => img.evaluate((i) => (i as HTMLImageElement).naturalWidth), (w) => w > 0, 'the document preview');
      expect(await page.locator(`[data-testid="${T.historyEvent}"][data-type="sla_paused"]`).count()).toBeGreaterThan(0);
      await look(desk, dir, 'reply-with-document');

      // Approve with a note.
      await page.getByTestId(T.actionApprove).click();
      await page.getByTestId(T.approveNote).fill('Passport checked against the record.');
      await look(desk, dir, 'approve');
      await page.getByTestId(T.approveSubmit).click();
      await until(() => page.getByTestId(T.caseState).getAttribute('data-state', { timeout: 1000 }), (s) => s === 'approved' || s === 'completed', 'the approval');
      await page.getByTestId(T.actionDone).waitFor();
      expect(await page.getByTestId(T.actionApprove).count()).toBe(0);
      await look(desk, dir, 'approved');
    });
    // The worker takes the line off the network; waiting for it keeps the next test's counts still.
    await waitCompleted(customer, reference);
  }, 180_000);

  it.skipIf(!available)('supervisor: the dashboard counts a new case while it is open and again once it is decided, with every chart drawn', async () => {
    const { h } = stage;
    const dir = shots('supervisor');
    const before = await dashboardNow(h);
    const { reference } = await applyOnline(h, wangQiang, '不再需要这个号码');
    await staff({ width: 1280 }, async (desk) => {
      const { page } = desk;
      await page.goto('/console/login');
      await logIn(page, 'supervisor');
      await waitPath(page, /^\/console\/dashboard$/);
      expect(await navPages(page)).toEqual(['desk', 'queue', 'dashboard', 'audit', 'outbox', 'partners']);
      await page.getByTestId(T.kpiOpen).waitFor();
      // Open now: one more than before the application.
      await waitText(page.getByTestId(T.kpiOpen), new RegExp(`^${escapeRe(tr('zh-CN', 'dashboard.kpiOpen'))}\\s*${openTotal(before) + 1}\\b`));
      const openTable = page.getByTestId(chartTableId('open-by-state'));
      const submittedRow = openTable.locator('tr').filter({ hasText: tr('zh-CN', 'states.submitted') });
      await waitText(submittedRow, new RegExp(`\\b${(before.openByState.submitted ?? 0) + 1}$`));
      await chartsDrawn(page);
      await look(desk, dir, 'dashboard-open');
      // The figures behind a chart, shown on request.
      await page.getByTestId('chart-toggle-open-by-state').click();
      await openTable.waitFor({ state: 'visible' });
      await shot(page, dir, 'dashboard-figures');

      // A reviewer decides the case (as in the reviewer's test); the dashboard counts the decision.
      const reviewer = await staffClient(h, 'reviewer');
      expect((await reviewer.post(`/api/v1/staff/cases/${reference}/assign`, {})).status).toBe(200);
      const rejected = await reviewer.post(`/api/v1/staff/cases/${reference}/reject`, { reason: '申请资料不完整，请重新提交。' });
      expect(rejected.status, JSON.stringify(rejected.body)).toBe(200);
      await page.reload();
      await page.getByTestId(T.kpiCompliance).waitFor();
      const decided = before.compliance.overall.decided + 1;
      await waitText(page.getByTestId(T.kpiCompliance), new RegExp(`${decided}`));
      await waitText(page.getByTestId(T.kpiOpen), new RegExp(`\\s${openTotal(before)}\\b`));
      const channelTable = page.getByTestId(chartTableId('compliance-channel'));
      const webBefore = before.compliance.byChannel.find((c) => c.channel === 'web')?.decided ?? 0;
      await waitText(channelTable.locator('tr').filter({ hasText: tr('zh-CN', 'channels.web') }), new RegExp(`^\\S+\\s+${webBefore + 1}\\s`));
      await chartsDrawn(page);
      await look(desk, dir, 'dashboard-decided');

      // In English, on a chosen period: <html lang> follows, the figures stay.
      await page.getByTestId(T.langSwitch).click();
      await until(() => htmlLang(page), (l) => l === 'en', 'html lang en');
      await page.getByTestId(T.dashboardFrom).fill('2026-11-01');
      await page.getByTestId(T.dashboardTo).fill('2026-11-30');
      await page.getByTestId(T.dashboardSubmit).click();
      await until(async () => new URL(page.url()).search, (s) => s === '?from=2026-11-01&to=2026-11-30', 'the period in the address');
      await waitText(page.getByTestId(T.dashboardPeriod), /1 November 2026/);
      await waitText(page.getByTestId(T.kpiCompliance), new RegExp(`${decided}`));
      await chartsDrawn(page);
      await look(desk, dir, 'dashboard-english-november');
    });
  }, 180_000);

  it.skipIf(!available)('auditor: verifies the audit chain, reads a case by reference and exports its evidence bundle', async () => {
    const { h } = stage;
    const dir = shots('auditor');
    const { reference } = await applyOnline(h, amelia, 'Closing the account');
    await staff({ width: 375, locale: 'en-GB' }, async (desk) => {
      const { page } = desk;
      await page.goto('/console/login');
      expect(await htmlLang(page)).toBe('en');
      await logIn(page, 'auditor');
      await waitPath(page, /^\/console\/audit$/);
      expect(await navPages(page)).toEqual(['queue', 'dashboard', 'audit', 'partners']);
      await look(desk, dir, 'audit');

      await page.getByTestId(T.auditVerify).click();
      const result = page.getByTestId(T.auditVerifyResult);
      await waitAttr(result, 'data-ok', 'true');
      await look(desk, dir, 'chain-verified');

      await page.getByTestId(T.auditRef).fill(reference.toLowerCase());
      await page.getByTestId(T.auditSearchSubmit).click();
      await until(async () => new URL(page.url()).searchParams.get('ref'), (r) => r === reference, 'the reference in the address');
      const table = page.getByTestId(T.auditTable);
      await table.waitFor();
      const actions = await page.getByTestId(T.auditRow).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')));
      expect(actions.length).toBeGreaterThan(0);
      expect(actions).toContain('case.submitted');
      await look(desk, dir, 'audit-rows');

      const bundle = await download(page, () => page.getByTestId(T.evidenceDownload).click());
      expect(bundle.name).toBe(`${reference}-evidence.json`);
      const json = JSON.parse(bundle.bytes.toString('utf8'));
      expect(JSON.stringify(json)).toContain(reference);
      expect(json.reference ?? json.case?.reference).toBe(reference);

      // The auditor reads cases but decides nothing.
      await page.goto(`/console/cases/${reference}`);
      await waitAttr(page.getByTestId(T.caseState), 'data-state', 'submitted');
      expect(await page.getByTestId(T.actionAssign).count()).toBe(0);
      expect(await page.getByTestId(T.noteForm).count()).toBe(0);
      await look(desk, dir, 'case-read-only');

      // The desk is not the auditor's: typed in, it says so.
      await page.goto('/console/desk');
      await page.getByTestId(T.forbidden).waitFor();
      await look(desk, dir, 'desk-forbidden');

      await page.getByTestId(T.signOut).click();
      await waitPath(page, /^\/console\/login$/);
    });

    // An administrator lands on the audit page with only the chain check.
    await staff({ width: 1280 }, async (desk) => {
      const { page } = desk;
      await page.goto('/console/login');
      await logIn(page, 'admin');
      await waitPath(page, /^\/console\/audit$/);
      expect(await navPages(page)).toEqual(['audit', 'outbox', 'partners']);
      await page.getByTestId(T.auditVerify).waitFor();
      expect(await page.getByTestId(T.auditSearchForm).count()).toBe(0);
      await look(desk, dir, 'admin-audit');
      // The parked jobs are the admin's to read, a supervisor's to retry.
      await h.runtime.ctx.db.query(
        `INSERT INTO outbox (topic, payload, attempts, last_error, dead_reason, dead_at)
         SELECT 'fulfil_case', jsonb_build_object('caseId', id), 5, 'HLR: connection refused', 'attempts_exhausted', now() FROM cases WHERE reference = $1`,
        [reference],
      );
      await page.getByTestId('nav-outbox').click();
      await waitPath(page, /^\/console\/outbox$/);
      const parked = page.getByTestId(T.outboxRow).filter({ hasText: reference });
      await waitAttr(parked, 'data-reason', 'attempts_exhausted');
      expect(await page.getByTestId(T.outboxRetry).count()).toBe(0);
      await look(desk, dir, 'admin-outbox');
    });
  }, 180_000);

  it.skipIf(!available)('supervisor: four eyes — a case the supervisor opened for a caller cannot be approved by them', async () => {
    const { h } = stage;
    const dir = shots('four-eyes');
    // The supervisor takes a call on the desk through the API, verifies the caller and opens a case.
    const supervisor = await staffClient(h, 'supervisor');
    const call = (await supervisor.post('/api/v1/staff/calls', { msisdn: liNa.msisdn })).body.call;
    for (const [fact, answer] of [['name', liNa.name], ['id_number', liNa.idNumber]] as const) {
      const r = await supervisor.post(`/api/v1/staff/calls/${call.id}/verify`, { fact, answer });
      expect(r.body.confirmed, JSON.stringify(r.body)).toBe(true);
    }
    const body = { msisdn: liNa.msisdn, reason: '不再需要', acknowledgements: [] as string[], channel: 'hotline', callId: call.id };
    let opened = await supervisor.post('/api/v1/staff/cases', body);
    if (opened.status === 422) opened = await supervisor.post('/api/v1/staff/cases', { ...body, acknowledgements: opened.body.error.details.missing });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const reference: string = opened.body.reference;
    expect((await supervisor.post(`/api/v1/staff/calls/${call.id}/end`, { outcome: 'case_opened' })).status).toBe(200);
    expect((await supervisor.post(`/api/v1/staff/cases/${reference}/assign`, {})).status).toBe(200);

    await staff({ width: 1280 }, async (desk) => {
      const { page } = desk;
      await page.goto(`/console/cases/${reference}`);
      await logIn(page, 'supervisor');
      await waitPath(page, new RegExp(`^/console/cases/${reference}$`));
      await waitAttr(page.getByTestId(T.caseState), 'data-state', 'in_review');
      await waitText(page.getByTestId(T.fourEyes), /supervisor/);
      await page.getByTestId(T.actionApprove).click();
      expect(await page.getByTestId(T.approveSubmit).isDisabled()).toBe(true);
      await look(desk, dir, 'four-eyes');
      // So the supervisor gives it to a reviewer, who may decide it.
      await page.getByTestId(T.actionGiveTo).selectOption('reviewer');
      await page.getByTestId(T.actionGiveSubmit).click();
      await waitText(page.getByTestId(T.caseAssignee), /reviewer/);
      await look(desk, dir, 'given-to-reviewer');
    });
    const reviewer = await staffClient(h, 'reviewer');
    expect((await reviewer.get(`/api/v1/staff/cases/${reference}`)).body.fourEyes).toMatchObject({ mayApprove: true });
  }, 180_000);
  it.skipIf(!available)('supervisor on a phone: returns a callback from the desk, verifies the caller and ends the call as done', async () => {
    const { h } = stage;
    const dir = shots('callback');
    const customer = new Client(h.base);
    await verifyAs(customer, liuYang);
    const asked = await customer.post('/api/v1/callbacks', { msisdn: liuYang.msisdn, preferredTime: '工作日下午', note: '想问注销需要多久' });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    const supervisor = await staffClient(h, 'supervisor');
    const waiting = (await supervisor.get('/api/v1/staff/callbacks?state=waiting')).body.items as { id: string; msisdn: string }[];
    const callback = waiting.find((c) => c.msisdn === liuYang.msisdn)!;
    expect(callback).toBeDefined();

    await staff({ width: 375 }, async (desk) => {
      const { page } = desk;
      await page.goto('/console/login');
      await logIn(page, 'supervisor');
      await waitPath(page, /^\/console\/dashboard$/);
      await page.getByTestId(T.kpiOpen).waitFor();
      await chartsDrawn(page);
      await look(desk, dir, 'dashboard-phone');

      await page.getByTestId('nav-desk').click();
      await waitPath(page, /^\/console\/desk$/);
      await look(desk, dir, 'desk-phone');
      // The tabs answer the arrow keys.
      await page.getByTestId(T.deskTabCalls).focus();
      await page.keyboard.press('ArrowRight');
      await until(async () => new URL(page.url()).searchParams.get('tab'), (t) => t === 'callbacks', 'the callbacks tab');
      const row = page.getByTestId(T.callbackRow).and(page.locator(`[data-callback-id="${callback.id}"]`));
      await row.waitFor();
      await waitText(row, /工作日下午/);
      await look(desk, dir, 'callbacks');

      await row.getByTestId(T.callbackCall).click();
      const panel = page.getByTestId(T.callPanel);
      await waitAttr(panel, 'data-state', 'active');
      await waitText(page.getByTestId(T.callDirection), new RegExp(escapeRe(tr('zh-CN', 'desk.direction.out'))));
      await page.getByTestId(verifyInputId('name')).fill(liuYang.name);
      await page.getByTestId(verifySubmitId('name')).click();
      await waitAttr(page.getByTestId(verifyResultId('name')), 'data-confirmed', 'true');
      await page.getByTestId(verifyInputId('id_number')).fill(liuYang.idNumber);
      await page.getByTestId(verifySubmitId('id_number')).click();
      await waitAttr(page.getByTestId(T.verifyScript), 'data-verified', 'true');
      await look(desk, dir, 'callback-verified');
      expect(await page.getByTestId(T.endOutcome).inputValue()).toBe('callback_done');
      await page.getByTestId(T.endNote).fill('已说明注销流程和时限');
      await page.getByTestId(T.endSubmit).click();
      await page.getByTestId(T.callEnded).waitFor();
      await look(desk, dir, 'callback-done');
    });
    const after = (await supervisor.get('/api/v1/staff/callbacks?state=waiting')).body.items as { id: string }[];
    expect(after.map((c) => c.id)).not.toContain(callback.id);
  }, 180_000);
  // Last in this block: it moves the clock eight days on.
  it.skipIf(!available)('supervisor: the bell lists the cases the SLA sweeper found due soon; opening one marks it read', async () => {
    const { h } = stage;
    const dir = shots('bell');
    // Thursday 3 December: the cases received on 25 November are due tomorrow.
    h.clock.set('2026-12-03T10:00:00+08:00');
    const swept = await sweepSla(h.runtime.ctx);
    expect(swept.warned.length).toBeGreaterThan(0);
    const reference = swept.warned[0]!;
    await staff({ width: 375 }, async (desk) => {
      const { page } = desk;
      await page.goto('/console/login');
      await logIn(page, 'supervisor');
      await waitPath(page, /^\/console\/dashboard$/);
      const bell = page.getByTestId(T.bell);
      const unread = Number(await until(() => bell.getAttribute('data-unread', { timeout: 1000 }), (n) => Number(n) > 0, 'unread notifications'));
      expect(unread).toBeGreaterThanOrEqual(swept.warned.length);
      await bell.click();
      const item = page.getByTestId(T.notification).and(page.locator(`[data-reference="${reference}"]`));
      await item.waitFor();
      await look(desk, dir, 'bell-open');
      await item.getByRole('button').click();
      await waitPath(page, new RegExp(`^/console/cases/${reference}$`));
      await waitAttr(page.getByTestId(T.caseSla), 'data-sla', 'due_soon');
      expect(await page.locator(`[data-testid="${T.historyEvent}"][data-type="sla_warned"]`).count()).toBe(1);
      await waitAttr(bell, 'data-unread', String(unread - 1));
      await look(desk, dir, 'case-due-soon');
    });
  }, 180_000);
});
