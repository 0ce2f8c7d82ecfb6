import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testDatabases, testDatabaseAvailable } from '../support/databases.js';
import { Client, eventually, mailbox, startHarness, liNa, oliver, zhangWei, type Harness } from '../support/harness.js';
import { startSmsc, type Smsc, type SubmittedSm } from '../support/smsc.js';
import { receiveSms } from '../../src/app/sms/receive-sms.js';

/*
 * The product talking SMS to an SMS centre (CONTRACT §7): the whole runtime with SMPP_URL set,
 * against our SMSC as a separate process (test/support/smsc, real SMPP 3.4 on a loopback port).
 * E-mail stays in the dev mailbox. The clock stands at 2026-11-25 10:00 in Beijing.
 */
const shortcode = '10659876';
const liuYang = '+8617700001111'; // prepaid, 5.00 CNY, nothing bound
const wangQiang = '+8618611112222'; // eSIM, WeChat bound
const amelia = '+447400654321'; // eSIM, postpaid
const digits = (msisdn: string) => msisdn.slice(1);

/** The texts an SMSC received for one number, each joined from its parts (by UDH reference). */
function textsTo(all: SubmittedSm[], msisdn: string): { text: string; parts: SubmittedSm[] }[] {
  const mine = all.filter((s) => s.destinationAddr === digits(msisdn));
  const groups = new Map<string, SubmittedSm[]>();
  for (const s of mine) {
    const key = s.udh ? `udh:${s.udh.reference}` : `single:${s.messageId}`;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  return [...groups.values()].map((parts) => {
    parts.sort((a, b) => (a.udh?.sequence ?? 0) - (b.udh?.sequence ?? 0));
    return { text: parts.map((p) => p.text).join(''), parts };
  });
}

describe.each(testDatabases)('SMS through an SMS centre over SMPP (%s)', async (kind) => {
  const available = await testDatabaseAvailable(kind);
  let smsc: Smsc;
  let h: Harness;
  let c: Client;
  const latencies: number[] = [];

  beforeAll(async () => {
    if (!available) return;
    smsc = await startSmsc({ systemId: 'lastcall', password: 'secret' });
    // Retries half a second apart: a message outlives an SMS centre that is away for a few seconds.
    h = (await startHarness(kind, { now: '2026-11-25T10:00:00+08:00', env: { SMPP_URL: smsc.url }, worker: { backoffSeconds: () => 0.5 } }))!;
    c = new Client(h.base);
    await eventually(async () => (await smsc.stats()).sessions === 1, 15000, 'the bind');
  });
  afterAll(async () => {
    await h?.close();
    await smsc?.stop();
    if (latencies.length) console.log(`[sms-over-smpp ${kind}] keyword reply latency (deliver_sm → last submit_sm): ${latencies.map((ms) => `${ms} ms`).join(', ')}`);
  });
  beforeEach(async () => {
    if (available) await smsc.setMode({ receipts: 'delivered', throttle: 0, refuse: 0 });
  });

  /** A phone texts the short code; resolves with the reply once all its parts reached the SMSC. */
  async function text(from: string, body: string): Promise<{ text: string; parts: SubmittedSm[]; incomingParts: number }> {
    const before = textsTo(await smsc.submitted(), from).length;
    const sent = Date.now();
    const { parts: incomingParts } = await smsc.sendIncoming(from, shortcode, body);
    const reply = await eventually(async () => {
      const texts = textsTo(await smsc.submitted(), from);
      const next = texts[before];
      return next && next.parts.length === (next.parts[0]!.udh?.total ?? 1) ? next : undefined;
    }, 90000, `the reply to ${body}`).catch(async (err: Error) => {
      const jobs = await h.runtime.ctx.db.query(`SELECT topic, payload, attempts, last_error, dead_at FROM outbox ORDER BY id DESC LIMIT 8`);
      throw new Error(`${err.message}; SMSC ${JSON.stringify(await smsc.stats())}; latest jobs ${JSON.stringify(jobs)}`);
    });
    latencies.push(Math.max(...reply.parts.map((p) => p.at)) - sent);
    return { ...reply, incomingParts };
  }
  // One log-in for every look (a log-in hashes a password: slow on a busy machine, and polled here).
  let reviewer: Client | undefined;
  const staffView = async (reference: string) => {
    if (!reviewer) {
      reviewer = new Client(h.base);
      await reviewer.loginStaff('reviewer');
    }
    return (await reviewer.get(`/api/v1/staff/cases/${reference}`)).body;
  };

  it.skipIf(!available)('sends the one-time code to the line itself: international digits, UCS-2 for Chinese, a receipt asked for; the code confirms', async () => {
    const start = await c.post('/api/v1/verifications', zhangWei);
    expect(start.status).toBe(202);
    expect(start.body.channel).toBe('sms');
    const [sms] = await eventually(async () => {
      const t = textsTo(await smsc.submitted(), zhangWei.msisdn);
      return t.length ? t : undefined;
    }, 10000, 'the code by SMS');
    const part = sms!.parts[0]!;
    expect(part).toMatchObject({ destinationAddr: '8613800138000', destTon: 1, destNpi: 1, dataCoding: 8, registeredDelivery: 1, sourceAddr: shortcode });
    const code = /\d{6}/.exec(sms!.text)![0];
    const confirmed = await c.post(`/api/v1/verifications/${start.body.verificationId}/confirm`, { code });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    // Delivered: nothing goes by e-mail instead.
    expect((await mailbox(c)).filter((m) => m.to === zhangWei.email && m.channel === 'email')).toEqual([]);
  });

  it.skipIf(!available)('cancels by text end to end: 注销 → switching information and a code, 确认 CODE → a case (channel sms), its confirmation e-mail, receipts marking the replies delivered', async () => {
    const info = await text(zhangWei.msisdn, '注销');
    expect(info.parts.length).toBeGreaterThan(1);
    expect(info.parts.every((p) => p.dataCoding === 8 && p.udh?.total === info.parts.length)).toBe(true);
    for (const words of ['¥36.50', '银行', '支付宝', '微信', '备份', '2026-12-25']) expect(info.text).toContain(words);
    const code = /确认 (\d{6})/.exec(info.text)![1]!;

    const opened = await text(zhangWei.msisdn, `确认 ${code}`);
    const reference = /LC-\d{4}-\d{7}-\d/.exec(opened.text)![0];
    expect(opened.text).toContain('2026-12-04');
    const confirmation = await eventually(async () => (await mailbox(c)).find((m) => m.to === zhangWei.email && m.text.includes(reference)), 10000, 'the confirmation e-mail');
    expect(confirmation.channel).toBe('email');

    const view = await eventually(async () => {
      const v = await staffView(reference);
      const sms = v.communications.filter((m: { channel: string }) => m.channel === 'sms');
      return sms.length > 0 && sms.every((m: { status: string }) => m.status === 'delivered') ? v : undefined;
    }, 20000, 'the receipt of the reply');
    expect(view.channel).toBe('sms');
    expect(view.state).toBe('submitted');

    const metrics = await (await fetch(`${h.base}/metrics`)).text();
    expect(metrics).toMatch(/lastcall_sms_reply_seconds_count\{\} [1-9]/);
    expect(metrics).toMatch(/lastcall_sms_submitted_total\{outcome="accepted"\} [1-9]/);
    const ready = await (await fetch(`${h.base}/readyz`)).json();
    expect(ready.checks.sms).toEqual({ status: 'ok', transport: 'smpp' });
  });

  it.skipIf(!available)('answers in English, joined intact from its parts, and reads a long text of three UCS-2 parts whole', async () => {
    const reply = await text(oliver.msisdn, 'stac');
    // Plain ASCII goes in the default alphabet; a £ (its code differs between GSM and Latin-1) makes it UCS-2.
    expect(new Set(reply.parts.map((p) => p.dataCoding)).size).toBe(1);
    expect(reply.parts[0]!.dataCoding).toBe(/^[\x20-\x7e\n]*$/.test(reply.text) ? 0 : 8);
    expect(reply.text).toContain(`Switching information for ${oliver.msisdn}`);
    expect(reply.text).toMatch(/reply YES \d{6} to 10659876\.$/);
    expect(reply.text).not.toMatch(/\p{Script=Han}/u);

    const long = '你好，我想问一下注销号码需要准备什么材料，以及余额怎么退还。'.repeat(5); // 150 characters: 3 parts of 67
    expect(Math.ceil(long.length / 67)).toBe(3);
    const help = await text(liuYang, long);
    expect(help.incomingParts).toBe(3);
    expect(help.text).toContain(shortcode);
    const [received] = await h.runtime.ctx.db.query<{ data: string }>(
      `SELECT data FROM audit_log WHERE action = 'sms.received' AND subject = $1 ORDER BY seq DESC LIMIT 1`,
      [liuYang],
    );
    expect(JSON.parse(received!.data).length).toBe(long.length);
  });

  it.skipIf(!available)('offers the code by e-mail when the SMS centre reports it undeliverable, and marks an undelivered reply failed', async () => {
    await smsc.setMode({ receipts: 'undeliverable' });
    const start = await c.post('/api/v1/verifications', liNa);
    expect(start.status).toBe(202);
    const mail = await eventually(async () => (await mailbox(c)).find((m) => m.to === liNa.email && m.channel === 'email' && /\d{6}/.test(m.text)), 10000, 'the code by e-mail');
    const code = /\d{6}/.exec(mail.text)![0];
    const confirmed = await c.post(`/api/v1/verifications/${start.body.verificationId}/confirm`, { code });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);

    const { replyId } = await receiveSms(h.runtime.ctx, { from: liNa.msisdn, to: shortcode, text: '查询', receivedAt: new Date() });
    await eventually(async () => {
      const [row] = await h.runtime.ctx.db.query<{ status: string; last_error: string | null }>('SELECT status, last_error FROM communications WHERE id = $1', [replyId]);
      return row?.status === 'failed' ? row : undefined;
    }, 10000, 'the failed receipt');
  });

  it.skipIf(!available)('delivers every reply exactly once through throttling, a dropped link and an SMS centre that is down for a while', async () => {
    await smsc.setMode({ throttle: 3 });
    const throttled = await Promise.all([text(liuYang, 'INFO'), text(wangQiang, '查询'), text(amelia, 'INFO')]);
    expect(throttled.map((r) => r.text.length > 0)).toEqual([true, true, true]);
    expect((await smsc.stats()).throttled).toBe(3);

    await smsc.setMode({ drop: true });
    const afterDrop = await text(liuYang, '进度');
    expect(afterDrop.text).toContain('+8617700001111');

    await smsc.kill();
    // Texts that came in just before the centre went away: their replies wait in the outbox.
    const waiting = [wangQiang, amelia];
    for (const from of waiting) await receiveSms(h.runtime.ctx, { from, to: shortcode, text: 'STATUS', receivedAt: new Date() });
    await new Promise((r) => setTimeout(r, 1500));
    expect((await (await fetch(`${h.base}/readyz`)).json()).checks.sms.status).toBe('unreachable');
    await smsc.restart(); // a fresh record: only what was sent after it came back
    for (const from of waiting) {
      await eventually(async () => {
        const t = textsTo(await smsc.submitted(), from);
        return t.length === 1 && t[0]!.parts.length === (t[0]!.parts[0]!.udh?.total ?? 1) ? t : undefined;
      }, 20000, `the reply to ${from} after the outage`);
    }
    await new Promise((r) => setTimeout(r, 1000));
    for (const from of waiting) expect(textsTo(await smsc.submitted(), from)).toHaveLength(1);
    const [parked] = await h.runtime.ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE dead_at IS NOT NULL`);
    expect(parked!.n).toBe(0);
  }, 300_000);
});
