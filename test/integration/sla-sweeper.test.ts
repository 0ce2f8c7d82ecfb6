import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases, testDatabaseAvailable } from '../support/databases.js';
import { applyAsCustomer, calendarDays, Client, eventually, liNa, mailbox, startHarness, verifyAs, zhangWei, type Harness } from '../support/harness.js';
import { sweepSla } from '../../src/app/sla/sweep.js';
import { replaySla } from '../../src/domain/sla-replay.js';

const wangQiang = { msisdn: '+8618611112222', name: '王强', idNumber: '440305199207086819', email: 'wang.qiang@example.com' };
const liuYang = { msisdn: '+8617700001111', name: '刘洋', idNumber: '330106199901010013', email: 'liu.yang@example.com' };
const liuYangSecondLine = '+8619912345678';

async function staff(h: Harness, user: string) {
  const c = new Client(h.base);
  await c.loginStaff(user);
  return c;
}

async function queueItem(h: Harness, reference: string) {
  const list = await (await staff(h, 'supervisor')).get('/api/v1/staff/cases?sort=due');
  expect(list.status).toBe(200);
  return list.body.items.find((i: { reference: string }) => i.reference === reference);
}

async function history(h: Harness, reference: string) {
  const view = await (await staff(h, 'supervisor')).get(`/api/v1/staff/cases/${reference}`);
  expect(view.status).toBe(200);
  return view.body;
}

async function notifications(h: Harness, user: string) {
  return (await (await staff(h, user)).get('/api/v1/staff/notifications')).body as { items: { kind: string; reference: string }[]; unread: number };
}

describe.each(testDatabases)('the SLA sweeper across the Spring Festival 2026 holidays (%s)', async (kind) => {
  const available = await testDatabaseAvailable(kind);
  let h: Harness;

  beforeAll(async () => {
    // Thursday 12 February 2026, two days before the make-up working Saturday and the nine days of 春节.
    if (available) h = (await startHarness(kind, { now: '2026-02-12T10:00:00+08:00' }))!;
  });
  afterAll(async () => h?.close());

  it.skipIf(!available)('shows the right due day and badge every day of a case received before the holiday, warns once and flags the breach the day it is seen', async () => {
    const applied = await applyAsCustomer(h.base, zhangWei);
    // 13 Feb, Sat 14 Feb (调休), then 24–27 Feb and Sat 28 Feb (调休): the 7th working day.
    expect(applied).toMatchObject({ receivedOn: '2026-02-12', dueOn: '2026-02-28' });
    expect((await (await staff(h, 'reviewer')).post(`/api/v1/staff/cases/${applied.reference}/assign`, {})).status).toBe(200);

    const expected: Record<string, string> = {};
    for (const d of calendarDays('2026-02-12', '2026-02-25')) expected[d] = 'on_track';
    for (const d of ['2026-02-26', '2026-02-27', '2026-02-28']) expected[d] = 'due_soon';
    for (const d of ['2026-03-01', '2026-03-02', '2026-03-03']) expected[d] = 'overdue';

    const seen: Record<string, string> = {};
    for (const day of Object.keys(expected)) {
      h.clock.set(`${day}T09:00:00+08:00`);
      await sweepSla(h.runtime.ctx);
      const item = await queueItem(h, applied.reference);
      expect(item.dueOn, day).toBe('2026-02-28');
      seen[day] = item.sla;
    }
    expect(seen).toEqual(expected);

    const view = await history(h, applied.reference);
    const warned = view.history.filter((e: { type: string }) => e.type === 'sla_warned');
    const breached = view.history.filter((e: { type: string }) => e.type === 'sla_breached');
    expect(warned).toHaveLength(1);
    expect(warned[0].data).toMatchObject({ dueOn: '2026-02-28', seenOn: '2026-02-26', workingDaysLeft: 2 });
    expect(breached).toHaveLength(1);
    expect(breached[0].data).toMatchObject({ dueOn: '2026-02-28', seenOn: '2026-03-01', seenBy: 'sweeper' });
    expect(view.breachedAt).toBe(new Date('2026-03-01T09:00:00+08:00').toISOString());

    // The assignee and every supervisor were told, once each.
    for (const user of ['reviewer', 'supervisor']) {
      const mine = (await notifications(h, user)).items.filter((n) => n.reference === applied.reference).map((n) => n.kind);
      expect(mine.sort(), user).toEqual(['sla_due_soon', 'sla_overdue']);
    }
    expect((await notifications(h, 'agent')).items.filter((n) => n.reference === applied.reference)).toEqual([]);

    // Decided late: the badge goes, the breach stays.
    const approved = await (await staff(h, 'reviewer')).post(`/api/v1/staff/cases/${applied.reference}/approve`, { note: 'ok' });
    expect(approved.status).toBe(200);
    const after = await queueItem(h, applied.reference);
    expect(after).toMatchObject({ state: expect.stringMatching(/^(approved|completed)$/), sla: null, breached: true });

    // The history alone gives back the SLA the case row holds.
    const final = await history(h, applied.reference);
    const replayed = replaySla(final.history);
    expect(replayed).toMatchObject({ receivedOn: '2026-02-12', dueOn: final.dueOn, breachedAt: final.breachedAt, warnedAt: final.warnedAt, breachedDueOn: '2026-02-28' });
  });

  it.skipIf(!available)('pauses for a request over the holiday, lets the clock run once the pause cap is used, and closes the case after 10 working days of silence', async () => {
    h.clock.set('2026-02-12T11:00:00+08:00');
    const applied = await applyAsCustomer(h.base, liNa);
    expect(applied).toMatchObject({ receivedOn: '2026-02-12', dueOn: '2026-02-28' });
    const reviewer = await staff(h, 'reviewer');
    expect((await reviewer.post(`/api/v1/staff/cases/${applied.reference}/assign`, {})).status).toBe(200);
    h.clock.set('2026-02-13T15:00:00+08:00');
    const asked = await (await staff(h, 'reviewer')).post(`/api/v1/staff/cases/${applied.reference}/request-info`, { message: '请上传身份证照片。', reason: 'identity' });
    expect(asked.status).toBe(200);
    expect(asked.body).toMatchObject({ state: 'awaiting_customer', pauseReason: 'identity' });

    // Paused days through 3 March are Feb 13, 14, 24–28, Mar 2, 3: nine. The tenth (4 March) uses
    // the cap: from then on the due day stands at 17 working days after receipt (13 March) and the clock runs.
    const expected: Record<string, { sla: string; state: string }> = {};
    for (const d of calendarDays('2026-02-13', '2026-03-03')) expected[d] = { sla: 'paused', state: 'awaiting_customer' };
    expected['2026-03-04'] = { sla: 'on_track', state: 'awaiting_customer' };
    expected['2026-03-05'] = { sla: 'on_track', state: 'awaiting_customer' };
    // 11 working days after the request without an answer: closed.
    expected['2026-03-06'] = { sla: null as unknown as string, state: 'withdrawn' };

    const seen: typeof expected = {};
    for (const day of Object.keys(expected)) {
      h.clock.set(`${day}T09:30:00+08:00`);
      await sweepSla(h.runtime.ctx);
      const item = await queueItem(h, applied.reference);
      seen[day] = { sla: item.sla, state: item.state };
      if (day === '2026-03-04') expect(item.dueOn).toBe('2026-03-13');
    }
    expect(seen).toEqual(expected);

    const view = await history(h, applied.reference);
    const lapse = view.history.find((e: { type: string }) => e.type === 'lapse');
    expect(lapse).toMatchObject({ from: 'awaiting_customer', to: 'withdrawn', actor: 'system', data: { pauseReason: 'identity', afterWorkingDays: 10 } });
    expect(view.pauseReason).toBeNull();
    const sent = await eventually(async () => (await mailbox(new Client(h.base))).find((m) => m.to === liNa.email && m.subject.includes(applied.reference) && m.subject.includes('已关闭')), 10000, 'the closing e-mail');
    expect(sent.text).toContain('10 个工作日');
    expect((await notifications(h, 'reviewer')).items.some((n) => n.reference === applied.reference && n.kind === 'case_lapsed')).toBe(true);

    // The customer sees the case closed, and none of the SLA's bookkeeping.
    const customer = new Client(h.base);
    await verifyAs(customer, liNa);
    const mine = await customer.get(`/api/v1/cancellations/${applied.reference}`);
    expect(mine.body.state).toBe('withdrawn');
    expect(mine.body.history.map((e: { type: string }) => e.type)).not.toContain('sla_paused');
    expect(mine.body.history.map((e: { type: string }) => e.type)).toContain('lapse');
  });

  it.skipIf(!available)('never back-dates a breach the sweeper saw late, and a late decision flags the breach itself', async () => {
    // Monday 9 March: due on Wednesday 18 March.
    h.clock.set('2026-03-09T10:00:00+08:00');
    const seenLate = await applyAsCustomer(h.base, wangQiang);
    expect(seenLate.dueOn).toBe('2026-03-18');
    // Nobody swept on 19 or 20 March; the sweeper comes by on Monday 23 March.
    h.clock.set('2026-03-23T08:00:00+08:00');
    await sweepSla(h.runtime.ctx);
    const view = await history(h, seenLate.reference);
    expect(view.breachedAt).toBe(new Date('2026-03-23T08:00:00+08:00').toISOString());
    expect(view.history.find((e: { type: string }) => e.type === 'sla_breached').data).toMatchObject({ dueOn: '2026-03-18', seenOn: '2026-03-23' });

    // A case decided the day after its due day, before any sweep: the decision flags it.
    h.clock.set('2026-03-09T10:05:00+08:00');
    const decidedLate = await applyAsCustomer(h.base, liuYang);
    h.clock.set('2026-03-19T09:00:00+08:00');
    const reviewer = await staff(h, 'reviewer');
    expect((await reviewer.post(`/api/v1/staff/cases/${decidedLate.reference}/assign`, {})).status).toBe(200);
    expect((await reviewer.post(`/api/v1/staff/cases/${decidedLate.reference}/reject`, { reason: 'test' })).status).toBe(200);
    const decided = await history(h, decidedLate.reference);
    expect(decided.breached).toBe(true);
    expect(decided.history.find((e: { type: string }) => e.type === 'sla_breached').data).toMatchObject({ dueOn: '2026-03-18', seenOn: '2026-03-19', seenBy: 'decision' });
    // Decided cases are not swept again: the flag is not written twice.
    await sweepSla(h.runtime.ctx);
    expect((await history(h, decidedLate.reference)).history.filter((e: { type: string }) => e.type === 'sla_breached')).toHaveLength(1);
  });

  it.skipIf(!available)('flags the same subscriber applying through the web and the hotline as a likely duplicate, on both cases', async () => {
    h.clock.set('2026-03-24T10:00:00+08:00');
    const web = await applyAsCustomer(h.base, liuYang, '换号');
    const agent = await staff(h, 'agent');
    const pre = await agent.get(`/api/v1/staff/callers/${encodeURIComponent(liuYangSecondLine)}`);
    expect(pre.status).toBe(200);
    const body = { msisdn: liuYangSecondLine, reason: '不再使用', acknowledgements: [] as string[], channel: 'hotline' };
    const unread = await agent.post('/api/v1/staff/cases', body);
    expect(unread.status).toBe(422);
    const hotline = await agent.post('/api/v1/staff/cases', { ...body, acknowledgements: unread.body.error.details.missing });
    expect(hotline.status).toBe(201);
    const second = await history(h, hotline.body.reference);
    expect(second.duplicateOf).toEqual(expect.arrayContaining([{ reference: web.reference, channel: 'web' }]));
    const first = await history(h, web.reference);
    expect(first.duplicateOf).toEqual([{ reference: hotline.body.reference, channel: 'hotline' }]);
    expect((await queueItem(h, web.reference)).duplicateOf).toHaveLength(1);

    // The queue's default view: only what still waits for a decision.
    const undecided = await (await staff(h, 'reviewer')).get('/api/v1/staff/cases?state=undecided');
    expect(undecided.body).toMatchObject({ truncated: false, matching: undecided.body.items.length });
    const states = new Set(undecided.body.items.map((i: { state: string }) => i.state));
    expect([...states].every((s) => ['submitted', 'in_review', 'awaiting_customer'].includes(s as string))).toBe(true);
    expect(undecided.body.items.map((i: { reference: string }) => i.reference)).toEqual(expect.arrayContaining([web.reference, hotline.body.reference]));
    expect((await (await staff(h, 'reviewer')).get('/api/v1/staff/cases?state=decided')).status).toBe(400);
  });
});
