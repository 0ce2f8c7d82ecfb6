import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { startRuntime } from '../../src/main/runtime.js';
import { buildServer } from '../../src/http/server.js';
import { chartJsCode } from '../../src/report/chart-js.js';
import { createPostgresDatabase, testDatabases, testDatabaseAvailable, type TestDatabaseKind } from '../support/databases.js';
import { Client, TestClock } from '../support/harness.js';
import { browserAvailable, checkA11y, launchBrowser } from '../support/browser.js';
import { runCli } from '../support/process.js';

const allAcks = ['prepaid_credit_refund', 'early_termination_charge', 'binding_bank', 'binding_alipay', 'binding_wechat', 'binding_other', 'port_out_option', 'esim_profile', 'backup_reminder'];
const from = '2026-10-26';
const to = '2026-11-22';

const dirs: string[] = [];
function tempDir() {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'lastcall-report-'));
  dirs.push(d);
  return d;
}
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** RFC 4180: quoted fields may hold commas, quotes ("") and line breaks; records end in CRLF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field), rows.push(row), (row = []), (field = ''), i++;
    } else field += c;
  }
  if (field !== '' || row.length > 0) throw new Error('the CSV does not end with CRLF');
  return rows;
}

/** The CSV read back into the API's shape, so the two can be compared figure by figure. */
function figuresFromCsv(text: string) {
  const [head, ...rows] = parseCsv(text);
  expect(head).toEqual(['section', 'key', 'decided', 'on_time', 'share', 'count', 'web', 'form', 'email', 'hotline', 'sms', 'api', 'bulk']);
  const records = rows.map((r) => Object.fromEntries(head!.map((h, i) => [h, r[i]!])));
  const of = (section: string) => records.filter((r) => r.section === section);
  const compliance = (r: Record<string, string>) => ({ decided: Number(r.decided), onTime: Number(r.on_time), share: r.share === '' ? null : Number(r.share) });
  const [period] = of('period');
  const summary = Object.fromEntries(of('open_summary').map((r) => [r.key, Number(r.count)]));
  return {
    from: period!.key!.split('/')[0],
    to: period!.key!.split('/')[1],
    openByState: Object.fromEntries(of('open_state').map((r) => [r.key, Number(r.count)])),
    compliance: {
      overall: compliance(of('compliance_overall')[0]!),
      byWeek: of('compliance_week').map((r) => ({ week: r.key, ...compliance(r) })),
      byChannel: of('compliance_channel').map((r) => ({ channel: r.key, ...compliance(r) })),
      byPauseReason: of('compliance_pause_reason').map((r) => ({ reason: r.key, ...compliance(r) })),
    },
    ageing: of('ageing').map((r) => ({ bucket: r.key, count: Number(r.count) })),
    intake: of('intake').map((r) => {
      expect(Number(r.count)).toBe(['web', 'form', 'email', 'hotline', 'sms', 'api', 'bulk'].reduce((n, ch) => n + Number(r[ch]), 0));
      return { day: r.key, web: Number(r.web), form: Number(r.form), email: Number(r.email), hotline: Number(r.hotline), sms: Number(r.sms), api: Number(r.api), bulk: Number(r.bulk) };
    }),
    callbacksWaiting: summary.callbacks_waiting,
    breachedOpen: summary.breached_open,
  };
}

/**
 * A demo database (embedded in a data dir, or a PostgreSQL database) with cases decided in
 * November 2026, filled through the API; the CLI then reads it as a separate process.
 */
async function seededDatabase(kind: TestDatabaseKind) {
  const dataDir = tempDir();
  const pg = kind === 'postgres' ? await createPostgresDatabase('lc_report') : null;
  if (kind === 'postgres' && !pg) throw new Error('PostgreSQL became unreachable');
  const env: Record<string, string> = { LASTCALL_DATA_DIR: dataDir, ...(pg ? { DATABASE_URL: pg.url } : {}) };
  // Monday 2 Nov 2026, 10:00 in Beijing (02:00 in London): every case is received today.
  const clock = new TestClock(new Date('2026-11-02T10:00:00+08:00'));
  const runtime = await startRuntime(loadConfig({ ...env, LASTCALL_DEMO: '1', PORT: '0', LOG_LEVEL: 'silent' }), createLogger('silent'), { runWorker: false, clock });
  const app = await buildServer(runtime.ctx);
  let figures: any;
  try {
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const agent = new Client(base);
    await agent.loginStaff('agent');
    const open = async (msisdn: string, channel: string) => {
      const r = await agent.post('/api/v1/staff/cases', { msisdn, reason: '客户来电申请', acknowledgements: allAcks, channel });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body.reference as string;
    };
    const refs = {
      web: await open('+8613800138000', 'web'),
      email: await open('+8613912345678', 'email'),
      gb: await open('+447400123456', 'form'),
      paused: await open('+8618611112222', 'hotline'),
      waiting: await open('+8619912345678', 'sms'),
    };
    const reviewer = new Client(base);
    const act = async (ref: string, step: string, body: object = {}) => {
      const r = await reviewer.post(`/api/v1/staff/cases/${ref}/${step}`, body);
      expect(r.status, `${step}: ${JSON.stringify(r.body)}`).toBe(200);
    };
    clock.set('2026-11-03T10:00:00+08:00');
    await reviewer.loginStaff('reviewer');
    for (const ref of [refs.web, refs.email, refs.paused]) await act(ref, 'assign');
    await act(refs.web, 'approve');
    await act(refs.email, 'reject', { reason: '账户欠费，请缴清后再申请。' });
    await act(refs.paused, 'request-info', { message: '请上传身份证正反面照片。', reason: 'identity' });
    // Monday 16 Nov, after its due day (11 Nov in GB): decided late.
    clock.set('2026-11-16T10:00:00Z');
    await reviewer.loginStaff('reviewer');
    await act(refs.gb, 'assign');
    await act(refs.gb, 'approve');
    // The figures "now" (open cases, ageing) are read at the real time, as the CLI will.
    clock.set(new Date().toISOString());
    const supervisor = new Client(base);
    await supervisor.loginStaff('supervisor');
    const r = await supervisor.get(`/api/v1/staff/dashboard?from=${from}&to=${to}`);
    expect(r.status).toBe(200);
    figures = r.body;
  } finally {
    await app.close();
    await runtime.close();
  }
  return { env, figures, dataDir, dispose: async () => pg?.drop() };
}

describe.each(testDatabases)('lastcall report sla (%s)', async (kind) => {
  const available = await testDatabaseAvailable(kind);
  let db: Awaited<ReturnType<typeof seededDatabase>>;
  beforeAll(async () => {
    if (available) db = await seededDatabase(kind);
  }, 180_000);
  afterAll(async () => db?.dispose());

  it.skipIf(!available)('writes a CSV with the same figures as the API', async () => {
    const file = path.join(db.dataDir, 'report.csv');
    const r = await runCli(['report', 'sla', '--from', from, '--to', to, '--out', file], db.env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^wrote .*report\.csv \(3 decided, 4 open, 5 submitted from 2026-10-26 to 2026-11-22\)\n$/);
    const csv = fs.readFileSync(file, 'utf8');
    // The network drift tile is the dashboard's, not an SLA figure: the report leaves it out.
    const { generatedAt: _, networkDrift: __, ...api } = db.figures;
    expect(figuresFromCsv(csv)).toEqual(api);
    expect(api.compliance.overall).toEqual({ decided: 3, onTime: 2, share: 0.6667 });
    expect(api.compliance.byWeek.map((w: { week: string; decided: number }) => [w.week, w.decided])).toEqual([['2026-W44', 0], ['2026-W45', 2], ['2026-W46', 0], ['2026-W47', 1]]);
  });

  it.skipIf(!available)('prints the CSV on stdout without --out', async () => {
    const r = await runCli(['report', 'sla', '--from', from, '--to', to], db.env);
    expect(r.code).toBe(0);
    const { generatedAt: _, networkDrift: __, ...api } = db.figures;
    expect(figuresFromCsv(r.stdout)).toEqual(api);
  });

  it.skipIf(!available || !browserAvailable())('writes one offline HTML page whose charts all draw, with nothing fetched', async () => {
    const file = path.join(db.dataDir, 'report.html');
    const r = await runCli(['report', 'sla', '--from', from, '--to', to, '--out', file], db.env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^wrote .*report\.html \(/);
    const html = fs.readFileSync(file, 'utf8');
    expect(html).toContain(chartJsCode().trim());
    expect(html).toContain('按周达标率');
    expect(html).toContain('Compliance by week');
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/i);

    const browser: Browser = await launchBrowser();
    try {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const requests: string[] = [];
      const errors: string[] = [];
      context.on('request', (req) => requests.push(req.url()));
      const page = await context.newPage();
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(pathToFileURL(file).href);
      await page.waitForFunction(() => document.querySelectorAll('canvas').length === 6 && [...document.querySelectorAll('canvas')].every((c) => (window as any).Chart?.getChart(c)));
      const canvases = await page.evaluate(() =>
        [...document.querySelectorAll('canvas')].map((c) => {
          const { data } = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
          let painted = 0;
          for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) painted++;
          return { id: c.id, painted, data: (window as any).Chart.getChart(c).data.datasets.map((d: { data: unknown[] }) => d.data) };
        }),
      );
      expect(canvases.map((c) => c.id)).toEqual(['chart-week', 'chart-channel', 'chart-pause-reason', 'chart-ageing', 'chart-intake', 'chart-open-state']);
      for (const c of canvases) expect(c.painted, c.id).toBeGreaterThan(2000);
      const f = db.figures;
      expect(canvases[0]!.data).toEqual([f.compliance.byWeek.map((w: { share: number | null }) => (w.share === null ? null : Math.round(w.share * 1000) / 10))]);
      expect(canvases[3]!.data).toEqual([f.ageing.map((a: { count: number }) => a.count)]);
      expect(canvases[4]!.data).toHaveLength(7);
      expect(await page.locator('#overall-share').textContent()).toBe('66.7%');
      expect(await page.locator('table').count()).toBe(6);
      expect(await page.locator('table').first().locator('tbody tr').count()).toBe(f.compliance.byWeek.length);
      expect(errors).toEqual([]);
      expect(requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:'))).toEqual([]);
      await context.close();

      // Accessibility, in a context that lets axe-core in past the page's Content-Security-Policy.
      const axeContext = await browser.newContext({ bypassCSP: true });
      const axePage = await axeContext.newPage();
      await axePage.goto(pathToFileURL(file).href);
      await checkA11y(axePage, 'the SLA report');
      await axeContext.close();
    } finally {
      await browser.close();
    }
  });
});

describe('lastcall report: bad usage', () => {
  it.each([
    [['report'], /usage: lastcall report sla/],
    [['report', 'calls'], /usage: lastcall report sla/],
    [['report', 'sla', '--from', '2026-13-01'], /--from/],
    [['report', 'sla', '--to', 'yesterday'], /--to/],
    [['report', 'sla', '--from', '2026-12-10', '--to', '2026-12-01'], /after/],
    [['report', 'sla', '--from', '2020-01-01', '--to', '2026-12-01'], /longer than/],
    [['report', 'sla', '--out', 'report.pdf'], /--out: .*\.html or \.csv/],
    [['report', 'sla', '--out', '/nonexistent-folder/report.html'], /--out: the folder/],
    [['report', 'sla', '--bogus'], /bogus/],
    [['report', 'sla', 'extra'], /extra|positional/i],
  ])('exits 2 with a one-line reason for %j', async (args, reason) => {
    const r = await runCli(args as string[], { LASTCALL_DATA_DIR: tempDir() });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(reason);
  });
});
