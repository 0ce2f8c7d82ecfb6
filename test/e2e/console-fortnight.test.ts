import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { testDatabases, testDatabaseAvailable } from '../support/databases.js';
import { applyAsCustomer, calendarDays, Client, zhangWei, type Harness } from '../support/harness.js';
import { checkA11y, RequestGuard, shot } from '../support/browser.js';
import { projectRoot } from '../support/process.js';
import { sweepSla } from '../../src/app/sla/sweep.js';
import { T } from '../../web/console/src/testids.js';
import { e2eConsoleAvailable, until, useStage, waitPath } from './helpers.js';

/*
 * A case received on Thursday 12 February 2026, two days before the Spring Festival holidays
 * (15–23 February; Saturdays 14 and 28 February are make-up working days), watched in the staff
 * console every morning for three weeks. Each day at 09:00 the SLA sweeper runs, the reviewer
 * logs in again (the session of the day before has expired) and reads the queue, the case page and
 * the bell. The server-side table of the same days is test/integration/sla-sweeper.test.ts; this
 * one checks what a reviewer sees. Screenshots: test-output/e2e/console-fortnight[-postgres]/.
 */

const e2e = e2eConsoleAvailable();

const received = '2026-02-12';
const due = '2026-02-28';
const lastDay = '2026-03-03';

// ---- What the console should show, in its own words --------------------------------------------

const zh = JSON.parse(fs.readFileSync(path.join(projectRoot, 'web/console/src/locales/zh-CN.json'), 'utf8')) as Record<string, unknown>;

/** A zh-CN text of the console, with {{vars}} filled in. */
function tr(key: string, vars: Record<string, string> = {}): string {
  let v: unknown = zh;
  for (const part of key.split('.')) v = (v as Record<string, unknown> | undefined)?.[part];
  if (typeof v !== 'string') throw new Error(`no text ${key} in zh-CN`);
  return v.replace(/\{\{(\w+)\}\}/g, (_, name: string) => vars[name] ?? `{{${name}}}`);
}

// The console writes days with Intl in the page's language (web/console/src/format.ts): zh-CN
// "medium" in the queue and "long" on the case page, which are the same in Chinese; the bell adds
// the notification's time ("medium" day, "short" time, in the browser's zone, Asia/Shanghai).
const dueShown = '2026年2月28日';
const warnedAtShown = '2026年2月26日 09:00';
const breachedAtShown = '2026年3月1日 09:00';

type Sla = 'on_track' | 'due_soon' | 'overdue';

/** The badge each morning: due soon from two working days before the due day (26, 27, 28 Feb), overdue after it. */
function slaOn(day: string): Sla {
  if (day > due) return 'overdue';
  if (day >= '2026-02-26') return 'due_soon';
  return 'on_track';
}

interface Morning {
  queue: { sla: string | null; badge: string; due: string; breachedFlag: boolean };
  case: { sla: string | null; badge: string; due: string; breachedFlag: boolean };
  bell: { unread: string | null; items: string[] };
}

/** What the reviewer should see on `day`, for the case `reference`. */
function expectedOn(day: string, reference: string): Morning {
  const sla = slaOn(day);
  const badge = tr(`sla.${sla}`);
  const breachedFlag = sla === 'overdue';
  const items: string[] = [];
  // The sweeper tells the assignee once of each: on the first due-soon morning and the first overdue one.
  if (day >= '2026-02-26') items.push(`${tr('bell.kinds.sla_due_soon', { reference })} · ${tr('bell.dueOn', { day: dueShown })} · ${warnedAtShown}`);
  if (day >= '2026-03-01') items.push(`${tr('bell.kinds.sla_overdue', { reference })} · ${tr('bell.dueOn', { day: dueShown })} · ${breachedAtShown}`);
  return {
    queue: { sla, badge, due: dueShown, breachedFlag },
    case: { sla, badge, due: dueShown, breachedFlag },
    bell: { unread: String(items.length), items: items.sort() },
  };
}

// ---- The customer and the reviewer, through the API ---------------------------------------------

async function staff(h: Harness, user: string) {
  const c = new Client(h.base);
  await c.loginStaff(user);
  return c;
}

// ---- Reading the page ---------------------------------------------------------------------------

async function logIn(page: Page, user: string): Promise<void> {
  await page.getByTestId(T.loginUser).fill(user);
  await page.getByTestId(T.loginPassword).fill('lastcall-demo');
  await page.getByTestId(T.loginSubmit).click();
}

/** The text a screen reader says: without the badge's aria-hidden shape. */
const spoken = (l: Locator) =>
  l.evaluate((el) => {
    const copy = el.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('[aria-hidden="true"]').forEach((n) => n.remove());
    return (copy.textContent ?? '').replace(/\s+/g, ' ').trim();
  });

const tidy = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The queue row's cell under the column headed `header` (the queue has no test id per cell). */
async function cellUnder(page: Page, row: Locator, header: string): Promise<Locator> {
  const headers = (await page.getByTestId(T.queueTable).getByRole('columnheader').allInnerTexts()).map(tidy);
  const i = headers.indexOf(header);
  if (i < 0) throw new Error(`no column ${header} in the queue (${headers.join(', ')})`);
  return row.locator(':scope > th, :scope > td').nth(i);
}

// ---- Day by day ---------------------------------------------------------------------------------

describe.each(testDatabases)('a case received before the Spring Festival holidays, every morning in the console (%s)', async (kind) => {
  const available = e2e && (await testDatabaseAvailable(kind));
  // Thursday 12 February 2026, 10:00 in Beijing.
  const stage = useStage(kind, available, `${received}T10:00:00+08:00`);
  const dir = kind === 'pglite' ? 'console-fortnight' : `console-fortnight-${kind}`;

  it.skipIf(!available)('shows the due day and the SLA badge of every day from the receipt to three days past the due day, and the bell tells the reviewer when it is due soon and when overdue', async () => {
    const { h, browser } = stage;
    const applied = await applyAsCustomer(h.base, zhangWei);
    // 13 Feb, Sat 14 Feb (调休), then 24–27 Feb and Sat 28 Feb (调休): the 7th working day.
    expect(applied).toMatchObject({ receivedOn: received, dueOn: due });
    const reference = applied.reference;
    const taken = await (await staff(h, 'reviewer')).post(`/api/v1/staff/cases/${reference}/assign`, {});
    expect(taken.status, JSON.stringify(taken.body)).toBe(200);

    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      // Only so axe-core can be injected.
      bypassCSP: true,
      baseURL: h.base,
    });
    const guard = new RequestGuard(h.base);
    context.on('request', guard.record);
    const errors: string[] = [];
    const expected: Record<string, Morning> = {};
    const seen: Record<string, Morning> = {};
    try {
      // The browser's clock walks with the server's, so the page's "today" is the server's.
      await context.clock.install({ time: new Date(`${received}T09:00:00+08:00`) });
      const page = await context.newPage();
      page.on('pageerror', (e) => errors.push(e.message));
      const checkedBadges = new Set<Sla>();

      for (const day of calendarDays(received, lastDay)) {
        const morning = `${day}T09:00:00+08:00`;
        h.clock.set(morning);
        await sweepSla(h.runtime.ctx);
        await context.clock.setSystemTime(new Date(morning));
        expected[day] = expectedOn(day, reference);

        // Yesterday's session ended long ago (30 idle minutes): the console asks for the log-in first.
        await page.goto('/console/queue');
        await waitPath(page, /^\/console\/login$/);
        await logIn(page, 'reviewer');
        await waitPath(page, /^\/console\/queue$/);
        const row = page.getByTestId(T.queueRow).and(page.locator(`[data-reference="${reference}"]`));
        await row.waitFor();
        const queueBadge = row.getByTestId(T.slaBadge);
        const queue: Morning['queue'] = {
          sla: await queueBadge.getAttribute('data-sla'),
          badge: await spoken(queueBadge),
          due: tidy(await (await cellUnder(page, row, tr('queue.due'))).innerText()),
          breachedFlag: (await row.getByTestId(T.breachedFlag).count()) > 0,
        };
        expect(await row.getAttribute('data-sla'), `${day}: the row's data-sla and its badge`).toBe(queue.sla);

        await row.getByRole('link', { name: reference }).click();
        await waitPath(page, new RegExp(`^/console/cases/${reference}$`));
        const caseBadge = page.getByTestId(T.caseSla);
        await caseBadge.waitFor();
        await page.getByTestId(T.caseDue).waitFor();
        const casePage: Morning['case'] = {
          sla: await caseBadge.getAttribute('data-sla'),
          badge: await spoken(caseBadge),
          due: tidy(await page.getByTestId(T.caseDue).innerText()),
          breachedFlag: (await page.getByTestId(T.caseBreached).count()) > 0,
        };

        // The bell, opened: it shows what the server answered to this click.
        const bell = page.getByTestId(T.bell);
        const [answer] = await Promise.all([page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/staff/notifications'), bell.click()]);
        const served = (await answer.json()) as { unread: number; items: { reference: string }[] };
        const items = page.getByTestId(T.notification).and(page.locator(`[data-reference="${reference}"]`));
        const mine = served.items.filter((n) => n.reference === reference).length;
        await until(() => bell.getAttribute('data-unread', { timeout: 1000 }), (n) => n === String(served.unread), `${day}: the bell's count`);
        await until(() => items.count(), (n) => n === mine, `${day}: the bell's items`);
        const bellSeen: Morning['bell'] = {
          unread: await bell.getAttribute('data-unread'),
          items: (await items.allInnerTexts()).map(tidy).sort(),
        };
        seen[day] = { queue, case: casePage, bell: bellSeen };

        // axe-core once per badge (with the bell open); a screenshot every day.
        const sla = slaOn(day);
        if (!checkedBadges.has(sla)) {
          checkedBadges.add(sla);
          await checkA11y(page, `${day} (${sla})`);
        }
        await shot(page, dir, day);
      }
    } finally {
      await context.close();
    }
    // One comparison of all the days, so a wrong day shows among the right ones.
    expect(seen).toEqual(expected);
    expect(errors, 'errors thrown in the page').toEqual([]);
    guard.check();
  }, 180_000);
});
