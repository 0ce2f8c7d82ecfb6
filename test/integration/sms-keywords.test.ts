import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases, testDatabaseAvailable } from '../support/databases.js';
import { Client, eventually, mailbox, startHarness, zhangWei, oliver, type Harness, type MailboxMessage } from '../support/harness.js';

/*
 * Cancellation by SMS keyword (CONTRACT §7) without an SMS centre: texts are played through
 * POST /api/v1/dev/sms, the replies are read from the dev mailbox. The clock stands at
 * 2026-11-25 10:00 in Beijing, so a case opened now is due on 2026-12-04 and a code issued now
 * is valid until 2026-12-25.
 */
const shortcode = '10659876';
const liuYang = '+8617700001111'; // prepaid, 5.00 CNY, nothing bound
const wangQiang = '+8618611112222'; // eSIM, WeChat bound
const chenGang = '+8615055556666'; // suspended (lost)
const liNa = '+8613912345678'; // owes 128.00 CNY
const amelia = '+447400654321'; // eSIM, postpaid, contract to 2027-03-31
const zhangAdvisory = ['prepaid_credit_refund', 'binding_bank', 'binding_alipay', 'binding_wechat', 'port_out_option', 'backup_reminder'];
const hasHan = (s: string) => /\p{Script=Han}/u.test(s);
// GSM 03.38 basic set and its extension: an English reply must fit 153-character parts.
const gsm7 = /^[@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&'()*+,\-./0-9:;<=>?¡A-ZÄÖÑÜ§¿a-zäöñüà^{}\\[~\]|€]*$/;
const fullWidth = (s: string) => s.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

describe.each(testDatabases)('cancellation by SMS keyword, played through POST /dev/sms (%s)', async (kind) => {
  const available = await testDatabaseAvailable(kind);
  let h: Harness;
  let c: Client;
  /** Every code the replies carried: none may appear in the audit trail. */
  const issuedCodes: string[] = [];

  beforeAll(async () => {
    if (!available) return;
    h = (await startHarness(kind, { now: '2026-11-25T10:00:00+08:00' }))!;
    c = new Client(h.base);
  });
  afterAll(async () => h?.close());

  const newestId = async () => Math.max(0, ...(await mailbox(c)).map((m) => m.id));
  /** Sends a text and returns what it came to and the SMS reply it got. */
  async function text(from: string, body: string, to = shortcode): Promise<{ outcome: string; reply: MailboxMessage }> {
    const before = await newestId();
    const r = await c.post('/api/v1/dev/sms', { from, to, text: body });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.replyId).toEqual(expect.any(Number));
    const reply = await eventually(async () => (await mailbox(c)).find((m) => m.id > before && m.channel === 'sms' && m.to === from), 10000, `the reply to ${body}`);
    return { outcome: r.body.outcome, reply };
  }
  const codeIn = (reply: MailboxMessage) => {
    const code = /(?:确认 |YES )(\d{6})/.exec(reply.text)![1]!;
    issuedCodes.push(code);
    return code;
  };
  const otherThan = (code: string) => (code === '000000' ? '111111' : '000000');
  const codeRows = async () => (await h.runtime.ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM sms_cancellation_codes'))[0]!.n;
  const caseCount = async () => (await h.runtime.ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM cases'))[0]!.n;

  it.skipIf(!available)('answers 注销 from 张伟 in Chinese with the switching information and a 6-digit code valid 30 days', async () => {
    const { outcome, reply } = await text(zhangWei.msisdn, '注销');
    expect(outcome).toBe('code_issued');
    expect(hasHan(reply.text)).toBe(true);
    for (const words of ['¥36.50', '原路退回', '银行', '支付宝', '微信', '解绑', '备份', '携号转网', '30天内有效', '2026-12-25', shortcode]) expect(reply.text).toContain(words);
    const code = codeIn(reply);
    expect(reply.text).toContain(`确认 ${code}`);
    expect(reply.text).toContain(`YES ${code}`);
    // Chinese goes in 67-character parts: at most four.
    expect(reply.text.length).toBeLessThanOrEqual(4 * 67);
    const [row] = await h.runtime.ctx.db.query<{ code_hash: string; listed: string[] }>(
      "SELECT code_hash, listed FROM sms_cancellation_codes s JOIN lines l ON l.id = s.line_id WHERE l.msisdn = '+8613800138000'",
    );
    expect(row!.code_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row!.code_hash).not.toContain(code);
    expect([...row!.listed].sort()).toEqual([...zhangAdvisory].sort());
  });

  it.skipIf(!available)('counts wrong codes, burns the code at the fifth, and then refuses even the right one', async () => {
    const { reply } = await text(zhangWei.msisdn, 'CANCEL');
    const code = codeIn(reply);
    const wrong = otherThan(code);
    for (const left of [4, 3, 2, 1]) {
      const r = await text(zhangWei.msisdn, `确认 ${wrong}`);
      expect(r.outcome).toBe('code_wrong');
      expect(r.reply.text).toContain(`还可尝试${left}次`);
    }
    const fifth = await text(zhangWei.msisdn, `YES ${wrong}`);
    expect(fifth.outcome).toBe('code_spent');
    expect(fifth.reply.text).toContain('已失效');
    const right = await text(zhangWei.msisdn, `YES ${code}`);
    expect(right.outcome).toBe('code_spent');
    const open = await h.runtime.ctx.db.query("SELECT 1 FROM cases k JOIN lines l ON l.id = k.line_id WHERE l.msisdn = '+8613800138000'");
    expect(open).toEqual([]);
  });

  it.skipIf(!available)('refuses an old code once a new 注销 replaced it', async () => {
    const first = codeIn((await text(zhangWei.msisdn, '注销')).reply);
    const second = codeIn((await text(zhangWei.msisdn, 'stac')).reply);
    if (first === second) return; // one in a million: the old code is the new one
    const old = await text(zhangWei.msisdn, `确认 ${first}`);
    expect(old.outcome).toBe('code_wrong');
    expect(old.reply.text).toContain('注销码不正确');
  });

  it.skipIf(!available)('opens the case with 确认 CODE (channel sms, every advisory item acknowledged), answers with the reference and due day, and the confirmation e-mail follows', async () => {
    const code = codeIn((await text(zhangWei.msisdn, '注销')).reply);
    const { outcome, reply } = await text(zhangWei.msisdn, `确认 ${code}`);
    expect(outcome).toBe('case_opened');
    const reference = /LC-2026-\d{7}-\d/.exec(reply.text)![0];
    expect(reply.text).toContain('2026-12-04');
    expect(reply.text).toContain('确认邮件');
    const [k] = await h.runtime.ctx.db.query<{ id: number; channel: string; acknowledgements: string[]; reason: string; state: string }>(
      'SELECT id, channel, acknowledgements, reason, state FROM cases WHERE reference = $1',
      [reference],
    );
    expect(k).toMatchObject({ channel: 'sms', state: 'submitted', reason: 'SMS 注销' });
    expect([...k!.acknowledgements].sort()).toEqual([...zhangAdvisory].sort());
    const mail = await eventually(async () => (await mailbox(c)).find((m) => m.channel === 'email' && m.to === zhangWei.email && m.subject.includes(reference)), 10000, 'the confirmation e-mail');
    expect(mail.text).toContain('2026-12-04');
    // The reply is one of the case's communications; the code is spent.
    const replies = await h.runtime.ctx.db.query("SELECT 1 FROM communications WHERE case_id = $1 AND channel = 'sms' AND template = 'sms_case_opened'", [k!.id]);
    expect(replies).toHaveLength(1);
    expect((await h.runtime.ctx.db.query("SELECT 1 FROM sms_cancellation_codes s JOIN lines l ON l.id = s.line_id WHERE l.msisdn = '+8613800138000'"))).toEqual([]);

    const status = await text(zhangWei.msisdn, '进度');
    expect(status.outcome).toBe('status');
    expect(status.reply.text).toContain(reference);
    expect(status.reply.text).toContain('已受理');
    expect(status.reply.text).toContain('2026-12-04');
    // An open case already: its reference again, not an error, and no second case.
    const again = await text(zhangWei.msisdn, '注销');
    expect(again.outcome).toBe('case_already_open');
    expect(again.reply.text).toContain(reference);
    const replay = await text(zhangWei.msisdn, `YES ${code}`);
    expect(replay.outcome).toBe('case_already_open');
    expect(replay.reply.text).toContain(reference);
  });

  it.skipIf(!available)('sends the switching information only for INFO / 查询, without a code', async () => {
    const rows = await codeRows();
    const info = await text(liuYang, 'INFO');
    expect(info.outcome).toBe('info');
    expect(info.reply.text).toContain('¥5.00');
    expect(info.reply.text).not.toContain('仍绑定');
    expect(info.reply.text).not.toContain('注销码');
    const query = await text(wangQiang, '查询');
    expect(query.outcome).toBe('info');
    expect(query.reply.text).toContain('eSIM');
    expect(query.reply.text).toContain('微信');
    expect(await codeRows()).toBe(rows);
    const debt = await text(liNa, ' 查询！');
    expect(debt.reply.text).toContain('欠费¥128.00');
    expect(debt.reply.text).toContain('合约期至2027-06-30');
  });

  it.skipIf(!available)('answers STAC from Oliver in English, in GSM characters that fit four parts; STATUS says there is no case', async () => {
    const { outcome, reply } = await text(oliver.msisdn, 'STAC');
    expect(outcome).toBe('code_issued');
    expect(hasHan(reply.subject + reply.text)).toBe(false);
    expect(reply.text).toMatch(gsm7);
    expect(reply.text.length).toBeLessThanOrEqual(4 * 153);
    for (const words of ['£10.00', 'your bank', 'Back up', 'port it out', 'valid 30 days', shortcode]) expect(reply.text).toContain(words);
    const code = codeIn(reply);
    expect(reply.text).toContain(`YES ${code}`);
    const status = await text(oliver.msisdn, 'status');
    expect(status.outcome).toBe('status');
    expect(status.reply.text).toContain('no open cancellation');
  });

  it.skipIf(!available)('takes full-width keywords and a full-width code', async () => {
    const issued = await text(amelia, 'ＳＴＡＣ');
    expect(issued.outcome).toBe('code_issued');
    expect(issued.reply.text).toContain('2027-03-31');
    expect(issued.reply.text).toContain('eSIM');
    const code = codeIn(issued.reply);
    const opened = await text(amelia, `ＹＥＳ　${fullWidth(code)}`);
    expect(opened.outcome).toBe('case_opened');
    expect(opened.reply.text).toMatch(/Reference LC-2026-\d{7}-\d, decision due by 2026-12-04/);
  });

  it.skipIf(!available)('gives a number that is not a live line of ours the help text only, the same whether or not it is known', async () => {
    const rows = await codeRows();
    const cases = await caseCount();
    const unknown = await text('+8613311112222', '注销');
    const lost = await text(chenGang, '注销');
    expect(unknown.outcome).toBe('help');
    expect(lost.outcome).toBe('help');
    expect(lost.reply.text).toBe(unknown.reply.text);
    expect(unknown.reply.text).toContain('确认 注销码');
    const abroad = await text('+12025550123', 'YES 123456');
    expect(abroad.outcome).toBe('help');
    expect(abroad.reply.text).toContain('CANCEL');
    expect(hasHan(abroad.reply.text)).toBe(false);
    expect(await codeRows()).toBe(rows);
    expect(await caseCount()).toBe(cases);
    // The trail keeps a stranger's number masked.
    const trail = await h.runtime.ctx.db.query<{ subject: string }>("SELECT subject FROM audit_log WHERE action = 'sms.received' AND subject LIKE '+86133%'");
    expect(trail.map((t) => t.subject)).toEqual(['+86133****2222']);
  });

  it.skipIf(!available)('answers anything else with the help text, and ignores texts to another short code', async () => {
    const chat = await text(liuYang, '你好，我想问一下');
    expect(chat.outcome).toBe('help');
    expect(chat.reply.text).toContain('“注销”');
    const before = await newestId();
    const elsewhere = await c.post('/api/v1/dev/sms', { from: liuYang, to: '10086', text: '注销' });
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.body).toEqual({ outcome: 'ignored', command: null, replyId: null });
    await new Promise((r) => setTimeout(r, 400));
    expect(await newestId()).toBe(before);
    const ignored = await h.runtime.ctx.db.query("SELECT 1 FROM audit_log WHERE action = 'sms.ignored'");
    expect(ignored.length).toBeGreaterThan(0);
  });

  it.skipIf(!available)('answers hostile input with a clear 4xx or the help text, never a 5xx', async () => {
    const post = (body: unknown, type = 'application/json') => c.post('/api/v1/dev/sms', typeof body === 'string' ? body : JSON.stringify(body), { 'content-type': type });
    const cases: [unknown, number, string?][] = [
      [{ from: liuYang, text: 'x'.repeat(1601) }, 400, 'validation_failed'],
      [{ from: liuYang, text: 'x'.repeat(300_000) }, 413, 'payload_too_large'],
      [{ from: '+86138\u0000', text: '注销' }, 400, 'validation_failed'],
      [{ from: 'BANK', text: '注销' }, 400, 'validation_failed'],
      [{ from: liuYang }, 400, 'validation_failed'],
      [{ from: liuYang, text: '注销', extra: 1 }, 400, 'validation_failed'],
      [{ from: liuYang, to: 'x'.repeat(100), text: '注销' }, 400, 'validation_failed'],
      ['{"from":', 400, 'invalid_json'],
    ];
    for (const [body, status, code] of cases) {
      const r = await post(body);
      expect(r.status, JSON.stringify(body).slice(0, 80)).toBe(status);
      if (code) expect(r.body.error.code).toBe(code);
    }
    expect((await post('<sms from="1"/>', 'application/xml')).status).toBe(415);
    for (const hostile of ['CAN\u0000CEL', '\u202e注销\u202c'.repeat(50), '\ud800\udfff\ud800', '<script>alert(1)</script>', 'x'.repeat(1600)]) {
      const r = await c.post('/api/v1/dev/sms', { from: '+8613311113333', text: hostile });
      expect(r.status).toBe(200);
      expect(r.body.outcome).toBe('help');
    }
  });

  it.skipIf(!available)('stops answering a number after 30 texts in an hour (two auto-responders must not talk forever)', async () => {
    const loop = '+8613311114444';
    for (let i = 0; i < 30; i++) expect((await c.post('/api/v1/dev/sms', { from: loop, text: `auto-reply ${i}` })).body.outcome).toBe('help');
    const r = await c.post('/api/v1/dev/sms', { from: loop, text: 'auto-reply 30' });
    expect(r.body).toEqual({ outcome: 'throttled', command: 'help', replyId: null });
    expect(await h.runtime.ctx.db.query("SELECT 1 FROM audit_log WHERE action = 'sms.throttled'")).toHaveLength(1);
  });

  it.skipIf(!available)('plays a text typed in the dev form and shows the reply on a page that loads nothing from elsewhere', async () => {
    const page = await fetch(`${h.base}/api/v1/dev/sms`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await page.text()).toContain('<form method="post" action="/api/v1/dev/sms">');

    const posted = await fetch(`${h.base}/api/v1/dev/sms`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ from: liNa, to: shortcode, text: '查询' }).toString(),
      redirect: 'manual',
    });
    expect(posted.status).toBe(303);
    const location = posted.headers.get('location')!;
    expect(location).toBe(`/api/v1/dev/sms?from=%2B8613912345678&outcome=info`);
    const shown = await (await fetch(h.base + location)).text();
    expect(shown).toContain('欠费¥128.00');
    expect(shown).toContain('<b>info</b>');
    expect(shown).not.toMatch(/<script/i);
    // Only this route takes a form; the rest of the API still refuses one.
    const elsewhere = await fetch(`${h.base}/api/v1/verifications`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'msisdn=1' });
    expect(elsewhere.status).toBe(415);
  });

  it.skipIf(!available)('keeps the codes out of the audit trail', async () => {
    expect(issuedCodes.length).toBeGreaterThan(5);
    const rows = await h.runtime.ctx.db.query<{ action: string; data: unknown }>("SELECT action, data FROM audit_log WHERE action LIKE 'sms.%'");
    const actions = new Set(rows.map((r) => r.action));
    for (const a of ['sms.received', 'sms.replied', 'sms.code_issued', 'sms.code_wrong', 'sms.code_refused', 'sms.confirmed', 'sms.ignored']) expect(actions).toContain(a);
    const trail = JSON.stringify(rows.map((r) => r.data));
    for (const code of issuedCodes) expect(trail).not.toContain(code);
  });
});
