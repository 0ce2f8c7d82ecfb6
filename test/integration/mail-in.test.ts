import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import nodemailer, { type Transporter } from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer/index.js';
import { testDatabases, testDatabaseAvailable } from '../support/databases.js';
import { Client, oliver, startHarness, zhangWei, type Harness } from '../support/harness.js';
import { startMailReceiver, type MailReceiver } from '../../src/adapters/mail-in/receiver.js';
import { receiveApplicationMail } from '../../src/app/mail-in/receive.js';
import { createLogger } from '../../src/log.js';

/*
 * Applications by e-mail (CONTRACT §8), sent with nodemailer over real SMTP to the receiver on a
 * loopback port, which hands each mail to the use case as `lastcall serve` does. DNS answers
 * nothing here, so SPF, DKIM and DMARC say "none" — kept all the same.
 */
const address = 'cancel@lastcall.example';
const stranger = 'someone@example.net';
const noDns = async (): Promise<never> => {
  throw Object.assign(new Error('no DNS in tests'), { code: 'ENOTFOUND' });
};

describe.each(testDatabases)('applications by e-mail (%s)', async (kind) => {
  const available = await testDatabaseAvailable(kind);
  let h: Harness;
  let receiver: MailReceiver;
  let smtp: Transporter;
  let form: Buffer;
  /** Set to make the next hand-over fail, as a database that is down would. */
  let failNext = false;

  beforeAll(async () => {
    if (!available) return;
    h = (await startHarness(kind, { env: { LASTCALL_MAIL_IN: 'smtp://127.0.0.1:0', LASTCALL_MAIL_IN_ADDRESS: address } }))!;
    receiver = await startMailReceiver({
      url: h.runtime.ctx.config.mailIn!.url,
      address: h.runtime.ctx.config.mailIn!.address,
      onMail: async (m) => {
        if (failNext) {
          failNext = false;
          throw new Error('the database is down');
        }
        return receiveApplicationMail(h.runtime.ctx, m);
      },
      log: createLogger('silent'),
      hostname: 'mx.lastcall.test',
      resolver: noDns,
    });
    smtp = nodemailer.createTransport({ host: '127.0.0.1', port: receiver.port, secure: false, ignoreTLS: true });
    // A real PDF: the blank form the portal offers for download.
    form = Buffer.from(await (await fetch(`${h.base}/api/v1/forms/cancellation.pdf?lang=zh-CN`)).arrayBuffer());
    expect(form.subarray(0, 5).toString()).toBe('%PDF-');
  }, 60_000);
  afterAll(async () => {
    smtp?.close();
    await receiver?.close();
    await h?.close();
  });

  const send = (m: Mail.Options) => smtp.sendMail({ to: address, ...m });
  const pdf = (bytes = form) => [{ filename: '注销申请表.pdf', content: bytes, contentType: 'application/pdf' }];
  const zhangsNumber = '+86 138 0013 8000';

  async function counts() {
    const [row] = await h.runtime.ctx.db.query<{ cases: number; documents: number; communications: number }>(
      'SELECT (SELECT count(*)::int FROM cases) AS cases, (SELECT count(*)::int FROM documents) AS documents, (SELECT count(*)::int FROM communications) AS communications',
    );
    return row!;
  }

  /** The replies to refused mails, newest last, with their recipient opened. */
  async function replies() {
    const rows = await h.runtime.ctx.db.query<{ recipient: string; subject: string; body: string; case_id: number | null }>(
      "SELECT recipient, subject, body, case_id FROM communications WHERE template = 'mail_application_refused' ORDER BY id",
    );
    return Promise.all(rows.map(async (r) => ({ ...r, to: await h.runtime.ctx.vault.open(r.recipient) })));
  }

  async function lastAudit(action: string) {
    const [row] = await h.runtime.ctx.db.query<{ data: string }>('SELECT data FROM audit_log WHERE action = $1 ORDER BY seq DESC LIMIT 1', [action]);
    return row ? (JSON.parse(row.data) as Record<string, unknown>) : undefined;
  }

  /** Sends a mail that must be taken (250) but open nothing: returns the one reply it got. */
  async function refused(m: Mail.Options) {
    const before = await counts();
    const repliesBefore = (await replies()).length;
    const info = await send(m);
    expect(info.response).toMatch(/^250 /);
    const after = await counts();
    expect(after.cases).toBe(before.cases);
    expect(after.documents).toBe(before.documents);
    const all = await replies();
    expect(all.length).toBe(repliesBefore + 1);
    expect(after.communications).toBe(before.communications + 1);
    return all.at(-1)!;
  }

  it.skipIf(!available)('answers a stranger, and Oliver naming 张伟’s number, with the very same reply and opens nothing', async () => {
    const toStranger = await refused({ from: stranger, subject: `注销 ${zhangsNumber}`, text: '请注销该号码', attachments: pdf() });
    expect(toStranger.to).toBe(stranger);
    expect(toStranger.case_id).toBeNull();
    expect(toStranger.subject).toBe('【未能受理您的邮件申请】');
    expect(toStranger.body).toContain('无法将这封邮件与号码对应');
    expect(toStranger.body).toContain(address);
    expect(await lastAudit('mail.rejected')).toMatchObject({ problems: ['not_matched'], replied: true, reason: expect.stringContaining('not the e-mail address on file') });

    const toOliver = await refused({ from: oliver.email, subject: `注销 ${zhangsNumber}`, text: '请注销该号码', attachments: pdf() });
    expect(toOliver.to).toBe(oliver.email);
    expect({ subject: toOliver.subject, body: toOliver.body }).toEqual({ subject: toStranger.subject, body: toStranger.body });
    expect(await lastAudit('mail.rejected')).toMatchObject({ reason: expect.stringContaining('no number named is a line of the sender') });
  });

  it.skipIf(!available)('says what is missing: no number, no form, a form that is not what its name says', async () => {
    const bare = await refused({ from: zhangWei.email, subject: 'Cancel my line', text: 'Please cancel.' });
    // Nothing names a number: the reply is in both languages.
    expect(bare.body).toContain('没有写明要注销的手机号码');
    expect(bare.body).toContain('The subject or text does not give the mobile number to cancel.');
    expect(bare.body).toContain('The signed application form is not attached.');

    const noForm = await refused({ from: zhangWei.email, subject: `注销 ${zhangsNumber}`, text: '申请表忘了附上' });
    expect(noForm.body).toContain('邮件没有附上签名的注销申请表');
    expect(noForm.body).not.toContain('The signed');

    const lying = await refused({ from: zhangWei.email, subject: `注销 ${zhangsNumber}`, text: '见附件', attachments: [{ filename: 'form.pdf', content: 'just text, not a PDF\n', contentType: 'application/pdf' }] });
    expect(lying.body).toContain('附件不是 PDF、JPG 或 PNG 文件');
    expect(await lastAudit('mail.rejected')).toMatchObject({ problems: ['form_not_accepted'] });
  });

  it.skipIf(!available)('never answers a machine: an empty envelope sender or an Auto-Submitted mail gets no reply', async () => {
    const before = await counts();
    await send({ from: stranger, envelope: { from: '', to: address }, subject: 'Undelivered Mail Returned to Sender', text: zhangsNumber });
    await send({ from: stranger, headers: { 'Auto-Submitted': 'auto-replied' }, subject: 'Out of office', text: zhangsNumber });
    expect(await counts()).toEqual(before);
    expect(await lastAudit('mail.rejected')).toMatchObject({ replied: false, notReplied: 'automatic or bounce sender' });
  });

  it.skipIf(!available)('refuses another recipient at RCPT (550), a mail over the size limit at DATA (552), and answers 451 when it cannot take a mail, storing nothing', async () => {
    const before = await counts();
    const wrong = await smtp.sendMail({ from: zhangWei.email, to: 'someone-else@lastcall.example', subject: zhangsNumber, text: 'x', attachments: pdf() }).catch((e: unknown) => e);
    expect(wrong).toMatchObject({ responseCode: 550, command: 'RCPT TO' });
    const big = Buffer.concat([form, Buffer.alloc(11.5 * 1024 * 1024, 0x20)]);
    const oversized = await send({ from: zhangWei.email, subject: zhangsNumber, text: 'x', attachments: pdf(big) }).catch((e: unknown) => e);
    expect(oversized).toMatchObject({ responseCode: 552, command: 'DATA' });
    // Our side fails: the sender's server is told to try again later, and nothing is kept meanwhile.
    failNext = true;
    const later = await send({ from: zhangWei.email, subject: zhangsNumber, text: 'x', attachments: pdf() }).catch((e: unknown) => e);
    expect(later).toMatchObject({ responseCode: 451 });
    expect(await counts()).toEqual(before);
  });

  it.skipIf(!available)('opens a case for 张伟 with the form as its document and the sender checks as evidence; a second mail only gets a reply', async () => {
    const before = await counts();
    const info = await send({ from: `张伟 <${zhangWei.email}>`, subject: `申请注销 ${zhangsNumber}`, text: '您好，附件是签名的申请表。', attachments: pdf(), messageId: '<application-1@example.com>' });
    expect(info.response).toMatch(/^250 /);
    const [c] = await h.runtime.ctx.db.query<{ id: number; reference: string; channel: string }>("SELECT id, reference, channel FROM cases WHERE channel = 'email'");
    expect(c).toBeDefined();
    const docs = await h.runtime.ctx.db.query<{ kind: string; content_type: string; size_bytes: number }>('SELECT kind, content_type, size_bytes FROM documents WHERE case_id = $1', [c!.id]);
    expect(docs).toEqual([{ kind: 'application_form', content_type: 'application/pdf', size_bytes: form.length }]);
    const after = await counts();
    expect(after).toMatchObject({ cases: before.cases + 1, documents: before.documents + 1 });
    const confirmation = await h.runtime.ctx.db.query<{ recipient: string }>("SELECT recipient FROM communications WHERE case_id = $1 AND template = 'application_received'", [c!.id]);
    expect(confirmation).toHaveLength(1);
    expect(await h.runtime.ctx.vault.open(confirmation[0]!.recipient)).toBe(zhangWei.email);
    expect(await lastAudit('mail.received')).toMatchObject({ messageId: '<application-1@example.com>', spf: { result: 'none' } });

    const reviewer = new Client(h.base);
    await reviewer.loginStaff('reviewer');
    const view = await reviewer.get(`/api/v1/staff/cases/${c!.reference}`);
    expect(view.status).toBe(200);
    expect(view.body.channel).toBe('email');
    expect(view.body.mailAuth).toMatchObject({ messageId: '<application-1@example.com>', spf: { result: 'none', domain: 'example.com' }, dkim: { result: 'none', signatures: [] }, dmarc: { result: 'none' } });
    expect(view.body.history.map((e: { type: string }) => e.type)).toContain('mail_received');
    expect(view.body.documents).toHaveLength(1);

    // The sending server did not hear our 250 and sends the same mail again: still one case, no reply.
    const again = await counts();
    await send({ from: zhangWei.email, subject: `申请注销 ${zhangsNumber}`, text: '您好，附件是签名的申请表。', attachments: pdf(), messageId: '<application-1@example.com>' });
    expect(await counts()).toEqual(again);

    const second = await refused({ from: zhangWei.email, subject: `注销 ${zhangsNumber}`, text: '再发一次', attachments: pdf(), messageId: '<application-2@example.com>' });
    expect(second.body).toContain('已有正在办理的注销申请');
    // The refused mail's form was checked and encrypted before the case was refused, and went nowhere.
    expect((await h.runtime.ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM documents'))[0]!.n).toBe(1);
    expect(fs.existsSync(path.join(h.runtime.ctx.config.dataDir, 'documents'))).toBe(false);
  });

  it.skipIf(!available)('tells where to mail the form', async () => {
    const r = await new Client(h.base).get('/api/v1/channels');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ mailIn: { address }, smsShortcode: expect.any(String) });
  });
});
