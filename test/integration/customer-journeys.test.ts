import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOfficialSchedules } from '../../src/app/sla/official-schedules.js';
import { parseCalendarFile } from '../../src/store/calendar-file-format.js';
import { testDatabases, testDatabaseAvailable } from '../support/databases.js';
import { Client, eventually, mailbox, oliver, startHarness, verifyAs, type Harness } from '../support/harness.js';
import { projectRoot } from '../support/process.js';

const acks = ['prepaid_credit_refund', 'early_termination_charge', 'binding_bank', 'binding_alipay', 'binding_wechat', 'port_out_option', 'esim_profile', 'backup_reminder'];
const wangQiang = { msisdn: '+8618611112222', name: '王强', idNumber: '440305199207086819', email: 'wang.qiang@example.com' };
const liuYang = { msisdn: '+8619912345678', name: '刘 洋', idNumber: '330106199901010013', email: 'Liu.Yang@Example.com' };

describe.each(testDatabases)('customer journeys beyond the main path (%s)', async (kind) => {
  const available = await testDatabaseAvailable(kind);
  let h: Harness;
  // Thursday 24 December 2026, 10:00 in Beijing: a due day in January 2027, whose calendar is not loaded.
  beforeAll(async () => {
    if (available) h = (await startHarness(kind, { now: '2026-12-24T10:00:00+08:00' }))!;
  });
  afterAll(async () => h?.close());

  it.skipIf(!available)('writes to an English-speaking customer (+447400123456) in English and withdraws his application on request', async () => {
    const c = new Client(h.base);
    await verifyAs(c, oliver);
    const applied = await c.post('/api/v1/cancellations', { msisdn: oliver.msisdn, reason: 'Moving abroad', acknowledgements: acks, refund: { method: 'bank_account', holderName: 'Oliver Smith', bankName: 'Barclays', accountNumber: '20000012345678' } });
    expect(applied.status).toBe(201);
    // GB: Christmas Day and Boxing Day (substitute Monday 28 Dec) are bank holidays.
    expect(applied.body).toMatchObject({ receivedOn: '2026-12-24', dueOn: '2027-01-07', dueProvisional: false });
    const mail = await eventually(async () => (await mailbox(c)).find((m) => m.to === oliver.email && m.subject.includes(applied.body.reference)));
    expect(mail.subject).toBe(`Cancellation application received: ${applied.body.reference}`);
    expect(mail.text).toContain('Decision due by: 2027-01-07');
    const withdrawn = await c.post(`/api/v1/cancellations/${applied.body.reference}/withdraw`);
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.state).toBe('withdrawn');
    expect((await c.post(`/api/v1/cancellations/${applied.body.reference}/withdraw`)).status).toBe(409);
    // The line is free for a new application once the old one is withdrawn.
    expect((await c.post('/api/v1/cancellations', { msisdn: oliver.msisdn, reason: 'Changed my mind again', acknowledgements: acks })).status).toBe(201);
  });

  it.skipIf(!available)('matches names after NFKC and whitespace folding, and e-mails without regard to case', async () => {
    const c = new Client(h.base);
    await verifyAs(c, liuYang);
    expect((await c.get('/api/v1/lines/+8619912345678')).body.status).toBe('active');
  });

  it.skipIf(!available)('bars a lost or stolen line at once, on the network too, and confirms it', async () => {
    const c = new Client(h.base);
    await verifyAs(c, wangQiang);
    const barred = await c.post('/api/v1/lines/+8618611112222/suspension');
    expect(barred.status).toBe(201);
    expect(barred.body).toMatchObject({ status: 'suspended', statusLabel: { en: 'Suspended (lost or stolen)' } });
    expect((await c.post('/api/v1/lines/+8618611112222/suspension')).status).toBe(200);
    await eventually(async () => h.network.subscribers.get('460011000000003')?.csEnabled === false, 10000, 'the network barring');
    await eventually(async () => (await mailbox(c)).find((m) => m.to === wangQiang.email && m.subject.includes('挂失')), 10000, 'the suspension message');
    // A suspended line can still be cancelled.
    const applied = await c.post('/api/v1/cancellations', { msisdn: wangQiang.msisdn, reason: '手机丢失', acknowledgements: acks });
    expect(applied.status).toBe(201);
  });

  it.skipIf(!available)('recomputes a provisional due day when the official schedule is loaded, and says so in the history', async () => {
    const c = new Client(h.base);
    await verifyAs(c, { msisdn: '+8617700001111', name: '刘洋', idNumber: '330106199901010013', email: 'liu.yang@example.com' });
    const applied = await c.post('/api/v1/cancellations', { msisdn: '+8617700001111', reason: '不用了', acknowledgements: acks });
    expect(applied.body).toMatchObject({ receivedOn: '2026-12-24', dueOn: '2027-01-04', dueProvisional: true });
    const fixture = parseCalendarFile(JSON.parse(fs.readFileSync(path.join(projectRoot, 'test/fixtures/CN-2027-test.json'), 'utf8')));
    const result = await loadOfficialSchedules(h.runtime.ctx.db, h.runtime.ctx.calendars, fixture, h.clock.now());
    expect(result.recomputed.map((r) => r.reference)).toContain(applied.body.reference);
    const view = await c.get(`/api/v1/cancellations/${applied.body.reference}`);
    // 1 January 2027 is a holiday in the loaded schedule: the due day moves from 4 to 5 January.
    expect(view.body).toMatchObject({ dueOn: '2027-01-05', dueProvisional: false });
    const event = view.body.history.find((e: { type: string }) => e.type === 'sla_recomputed');
    expect(event.data).toMatchObject({ from: { dueOn: '2027-01-04' }, to: { dueOn: '2027-01-05' }, provisional: false });
  });

  it.skipIf(!available)('stops code guessing after five tries, and expires codes after ten minutes', async () => {
    const c = new Client(h.base);
    const start = await c.post('/api/v1/verifications', { msisdn: '+8615055556666', name: '陈刚', idNumber: '510107197502110034', email: 'chen.gang@example.com', channel: 'email' });
    expect(start.body).toMatchObject({ channel: 'email', maskedDestination: 'c***@example.com' });
    for (let i = 0; i < 5; i++) {
      const wrong = await c.post(`/api/v1/verifications/${start.body.verificationId}/confirm`, { code: '000000' });
      expect(wrong.status).toBe(422);
      expect(wrong.body.error.details.attemptsLeft).toBe(4 - i);
    }
    const locked = await c.post(`/api/v1/verifications/${start.body.verificationId}/confirm`, { code: '000000' });
    expect(locked.status).toBe(429);

    const again = await c.post('/api/v1/verifications', { msisdn: '+8615055556666', name: '陈刚', idNumber: '510107197502110034', email: 'chen.gang@example.com', channel: 'email' });
    const mail = await eventually(async () => (await mailbox(c)).find((m) => m.to === 'chen.gang@example.com' && /\d{6}/.test(m.text)));
    h.clock.set('2026-12-24T10:11:00+08:00');
    const late = await c.post(`/api/v1/verifications/${again.body.verificationId}/confirm`, { code: /\d{6}/.exec(mail.text)![0] });
    expect(late.status).toBe(422);
    expect(late.body.error.code).toBe('code_expired');
    h.clock.set('2026-12-24T10:00:00+08:00');
  });

  it.skipIf(!available)('answers the hotline hours, the calendar, the docs and the metrics', async () => {
    const c = new Client(h.base);
    const hours = await c.get('/api/v1/service-hours?region=CN');
    expect(hours.body).toMatchObject({ open: true, closesAt: '2026-12-24T10:00:00.000Z', hotline: '10086' });
    const due = await c.get('/api/v1/calendar/due-date?region=CN&submittedAt=2026-09-30T19:00:00%2B08:00');
    expect(due.body).toMatchObject({ receivedOn: '2026-10-08', dueOn: '2026-10-16', provisional: false });
    const spec = await c.get('/openapi.json');
    expect(Object.keys(spec.body.paths)).toEqual(expect.arrayContaining(['/api/v1/cancellations', '/api/v1/verifications', '/api/v1/staff/cases/{reference}/approve']));
    expect((await fetch(`${h.base}/docs`, { redirect: 'follow' })).status).toBe(200);
    expect((await c.get('/readyz')).body.status).toBe('ready');
    expect((await c.get('/metrics')).body).toMatch(/lastcall_outbox_pending \d+/);
    const metrics: string = (await c.get('/metrics')).body;
    for (const gauge of ['lastcall_cases_breached_open', 'lastcall_callbacks_waiting', 'lastcall_calls_ringing']) expect(metrics).toMatch(new RegExp(`^${gauge} \\d+$`, 'm'));
  });
});

describe.each(testDatabases)('numbers in quarantine (%s)', async (kind) => {
  const available = await testDatabaseAvailable(kind);
  it.skipIf(!available)('go back to the pool on the day their quarantine ends, not before', async () => {
    const h = (await startHarness(kind, { now: '2026-12-29T23:00:00+08:00' }))!;
    try {
      const { releaseQuarantinedNumbers } = await import('../../src/app/lines/release-quarantine.js');
      const status = async () => (await h.runtime.ctx.db.query<{ status: string; released_on: string | null }>("SELECT status, released_on FROM lines WHERE msisdn = '+8613800000000'"))[0]!;
      expect(await releaseQuarantinedNumbers(h.runtime.ctx)).toBe(0);
      expect((await status()).status).toBe('terminated');
      // 赵磊's number was cancelled on 1 October 2026; CN quarantine is 90 days: until 30 December.
      h.clock.set('2026-12-30T00:30:00+08:00');
      expect(await releaseQuarantinedNumbers(h.runtime.ctx)).toBe(1);
      expect(await status()).toEqual({ status: 'released', released_on: '2026-12-30' });
    } finally {
      await h.close();
    }
  });
});

describe('requests written the way the contract writes them', async () => {
  const available = await testDatabaseAvailable('pglite');
  it.skipIf(!available)('takes empty query parameters as missing, an unencoded + offset, and a refund method as a plain string', async () => {
    const h = (await startHarness('pglite'))!;
    try {
      const staff = new Client(h.base);
      await staff.loginStaff('reviewer');
      const list = await staff.get('/api/v1/staff/cases?state=&sort=due');
      expect(list.status).toBe(200);
      expect(Array.isArray(list.body.items)).toBe(true);
      expect((await staff.get('/api/v1/service-hours?region=')).body.region).toBe('CN');
      const due = await fetch(`${h.base}/api/v1/calendar/due-date?region=CN&submittedAt=2026-09-30T19:00:00+08:00&workingDays=7`);
      expect(await due.json()).toMatchObject({ receivedOn: '2026-10-08', dueOn: '2026-10-16', provisional: false });
      const c = new Client(h.base);
      await verifyAs(c, oliver);
      const applied = await c.post('/api/v1/cancellations', { msisdn: oliver.msisdn, reason: 'Moving abroad', refund: 'original_payment', acknowledgements: acks });
      expect(applied.status).toBe(201);
      const [row] = await h.runtime.ctx.db.query<{ refund: unknown }>('SELECT refund FROM cases WHERE reference = $1', [applied.body.reference]);
      expect(row!.refund).toEqual({ method: 'original_payment' });
    } finally {
      await h.close();
    }
  });
});
