import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type Locator, type Page, type Request } from 'playwright-core';
import { eventually, mailbox, type Client, type MailboxMessage } from './harness.js';
import { projectRoot } from './process.js';

/*
 * Browser helpers for the end-to-end suite: Debian's Chromium driven by playwright-core, a phone
 * sized context, a guard that no request leaves the machine, axe-core checks, screenshots and
 * keyboard navigation.
 */

export const chromiumPath = process.env.LASTCALL_CHROMIUM || '/usr/bin/chromium';

const launchArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/**
 * Whether the end-to-end suite can drive a browser here. Outside CI a missing Chromium skips the
 * suite; under CI=true it throws, so the run fails instead of quietly testing less.
 */
export function browserAvailable(): boolean {
  let ok = false;
  try {
    fs.accessSync(chromiumPath, fs.constants.X_OK);
    ok = true;
  } catch {
    ok = false;
  }
  if (!ok && process.env.CI === 'true') {
    throw new Error(`Chromium is not installed at ${chromiumPath} (CI=true requires it for the end-to-end suite; apt-get install chromium)`);
  }
  return ok;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, args: launchArgs });
}

export type PortalLocale = 'zh-CN' | 'en-GB';

/** Every request a context made, and the ones that went anywhere but the product under test. */
export class RequestGuard {
  readonly requests: string[] = [];
  readonly offending: string[] = [];
  private readonly origin: string;

  constructor(base: string) {
    this.origin = new URL(base).origin;
    if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(this.origin)) throw new Error(`the product must listen on 127.0.0.1, not ${this.origin}`);
  }

  readonly record = (req: Request) => {
    const url = req.url();
    this.requests.push(url);
    if (!this.allowed(url)) this.offending.push(url);
  };

  allowed(url: string): boolean {
    if (url.startsWith('data:') || url.startsWith('blob:')) return true;
    try {
      const u = new URL(url);
      return u.origin === this.origin && u.pathname.startsWith('/');
    } catch {
      return false;
    }
  }

  /** Fails the test when any request left the machine. */
  check(): void {
    if (this.offending.length > 0) throw new Error(`requests left the machine (only ${this.origin}/…, data: and blob: are allowed):\n  ${[...new Set(this.offending)].join('\n  ')}`);
  }
}

export interface Phone {
  context: BrowserContext;
  page: Page;
  guard: RequestGuard;
  /** Checks the guard, then closes the context. */
  close(): Promise<void>;
}

/**
 * A phone: 375×812, touch, 2× pixels, the given browser language; the browser's clock starts at
 * `now` (the harness clock) so tokens and dates agree with the server. bypassCSP is only there so
 * axe-core can be injected into the page.
 */
export async function phoneContext(browser: Browser, opts: { locale: PortalLocale; base: string; now?: Date }): Promise<Phone> {
  const context = await browser.newContext({
    viewport: { width: 375, height: 812 },
    isMobile: true,
    hasTouch: true,
    deviceScaleFactor: 2,
    locale: opts.locale,
    timezoneId: opts.locale === 'zh-CN' ? 'Asia/Shanghai' : 'Europe/London',
    bypassCSP: true,
    acceptDownloads: true,
    baseURL: opts.base,
  });
  const guard = new RequestGuard(opts.base);
  context.on('request', guard.record);
  if (opts.now) await context.clock.install({ time: opts.now });
  const page = await context.newPage();
  return {
    context,
    page,
    guard,
    async close() {
      try {
        guard.check();
      } finally {
        await context.close();
      }
    },
  };
}

/** Moves the browser's clock along with the harness clock (it keeps running from there). */
export async function syncClock(phone: Phone, now: Date): Promise<void> {
  await phone.context.clock.setSystemTime(now);
}

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface AxeViolation {
  id: string;
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  help: string;
  helpUrl: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/**
 * Runs axe-core (WCAG 2.0/2.1 A and AA, and best practice) on the page and fails on any
 * serious or critical violation, naming the rule, its help text and the elements.
 */
export async function checkA11y(page: Page, label: string): Promise<void> {
  const hasAxe = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined');
  if (!hasAxe) await page.addScriptTag({ path: axePath });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'], resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
  });
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length > 0) {
    const text = bad
      .map((v) => `  [${v.impact}] ${v.id}: ${v.help}\n${v.nodes.map((n) => `      ${JSON.stringify(n.target)}${n.failureSummary ? ` — ${n.failureSummary.replace(/\s+/g, ' ').slice(0, 300)}` : ''}`).join('\n')}`)
      .join('\n');
    throw new Error(`accessibility violations on ${label} (${page.url()}):\n${text}`);
  }
}

const shotCounters = new Map<string, number>();
export const screenshotRoot = path.join(projectRoot, 'test-output', 'e2e');

/** A full-page screenshot as test-output/e2e/<dir>/<nn>-<name>.png; the dir is emptied on its first shot in this run. */
export async function shot(page: Page, dir: string, name: string): Promise<string> {
  const folder = path.join(screenshotRoot, dir);
  if (!shotCounters.has(dir)) {
    fs.rmSync(folder, { recursive: true, force: true });
    shotCounters.set(dir, 0);
  }
  fs.mkdirSync(folder, { recursive: true });
  const n = shotCounters.get(dir)! + 1;
  shotCounters.set(dir, n);
  const file = path.join(folder, `${String(n).padStart(2, '0')}-${name.replace(/[^a-zA-Z0-9_-]+/g, '-')}.png`);
  await page.screenshot({ path: file, fullPage: true, scale: 'css', animations: 'disabled' });
  return file;
}

/**
 * Presses Tab until the locator's element has the focus (proving it can be reached by keyboard);
 * fails after `max` presses.
 */
export async function tabTo(page: Page, locator: Locator, max = 80): Promise<void> {
  const handle = await locator.elementHandle({ timeout: 10_000 });
  if (!handle) throw new Error(`tabTo: ${locator} is not on the page`);
  try {
    for (let i = 0; i <= max; i++) {
      if (await handle.evaluate((el) => el === document.activeElement)) return;
      if (i === max) break;
      await page.keyboard.press('Tab');
    }
  } finally {
    await handle.dispose();
  }
  const active = await page.evaluate(() => {
    const el = document.activeElement;
    return el ? `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.getAttribute('data-testid') ? `[data-testid=${el.getAttribute('data-testid')}]` : ''}` : 'nothing';
  });
  throw new Error(`tabTo: ${locator} was not reached in ${max} presses of Tab (focus is on ${active})`);
}

/** The id of the newest message in the dev mailbox (0 when empty): a later code must be newer. */
export async function newestMessageId(client: Client): Promise<number> {
  return Math.max(0, ...(await mailbox(client)).map((m) => m.id));
}

/** Waits for a message to `to` newer than `afterId` that matches `pick`. */
export async function waitForMessage(client: Client, afterId: number, pick: (m: MailboxMessage) => boolean, what = 'a message'): Promise<MailboxMessage> {
  return eventually(async () => (await mailbox(client)).find((m) => m.id > afterId && pick(m)), 15_000, what);
}

/** The 6-digit code of the first verification message newer than `afterId` (optionally only to `to`). */
export async function readCode(client: Client, afterId: number, to?: string): Promise<string> {
  const m = await waitForMessage(client, afterId, (x) => (to === undefined || x.to === to) && /\b\d{6}\b/.test(x.text) && /^(验证码|Verification code)$/.test(x.subject), 'a verification code');
  return /\b\d{6}\b/.exec(m.text)![0];
}
