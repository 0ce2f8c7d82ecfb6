import { afterAll, describe, expect, it } from 'vitest';
import { testDatabaseAvailable } from '../support/databases.js';
import { Client, eventually, startHarness, verifyAs, zhangWei, oliver, type Harness } from '../support/harness.js';
import { SmtpSink, freePort } from '../support/smtp-sink.js';

const acks = ['prepaid_credit_refund', 'binding_bank', 'binding_alipay', 'binding_wechat', 'port_out_option', 'backup_reminder'];

describe('e-mail through a real SMTP server', async () => {
  const available = await testDatabaseAvailable('postgres');
  const open: { h?: Harness; sink?: SmtpSink }[] = [];
  afterAll(async () => {
    for (const o of open) {
      await o.h?.close();
      await o.sink?.close();
    }
  });

  it.skipIf(!available)('delivers the confirmation e-mail in the subscriber language and records it as sent', async () => {
    const sink = new SmtpSink();
    const port = await sink.listen();
    const h = (await startHarness('postgres', { smtpUrl: `smtp://127.0.0.1:${port}` }))!;
    open.push({ h, sink });
    const c = new Client(h.base);
    await verifyAs(c, zhangWei); // the code SMS still goes to the dev mailbox: no SMPP is configured
    const applied = await c.post('/api/v1/cancellations', { msisdn: zhangWei.msisdn, reason: '不再使用', acknowledgements: acks });
    expect(applied.status).toBe(201);
    const mail = await eventually(async () => sink.messages.find((m) => m.subject?.includes(applied.body.reference)), 15000, 'the SMTP message');
    expect(mail.to && 'text' in mail.to ? mail.to.text : '').toContain('zhang.wei@example.com');
    expect(mail.subject).toContain('注销申请已受理');
    expect(mail.text).toContain(applied.body.dueOn);
    const view = await eventually(async () => {
      const r = await c.get(`/api/v1/cancellations/${applied.body.reference}`);
      return r.body.communications[0]?.status === 'sent' ? r.body : undefined;
    }, 10000, 'the message recorded as sent');
    expect(view.communications[0].subject).toBe(mail.subject);
  });

  it.skipIf(!available)('keeps a message pending while the mail server is down and sends it once when it is back', async () => {
    const port = await freePort();
    const h = (await startHarness('postgres', { smtpUrl: `smtp://127.0.0.1:${port}` }))!;
    const entry: { h?: Harness; sink?: SmtpSink } = { h };
    open.push(entry);
    const c = new Client(h.base);
    await verifyAs(c, oliver);
    const applied = await c.post('/api/v1/cancellations', { msisdn: oliver.msisdn, reason: 'Moving abroad', acknowledgements: acks });
    expect(applied.status).toBe(201);
    const failing = await eventually(async () => {
      const [row] = await h.runtime.ctx.db.query<{ status: string; attempts: number; last_error: string | null }>(
        "SELECT status, attempts, last_error FROM communications WHERE template = 'application_received'",
      );
      return row && row.attempts >= 1 ? row : undefined;
    }, 10000, 'a failed attempt');
    expect(failing.status).toBe('pending');
    expect(failing.last_error).toBeTruthy();

    const sink = new SmtpSink();
    entry.sink = sink;
    await sink.listen(port);
    const mail = await eventually(async () => sink.messages.find((m) => m.subject?.includes(applied.body.reference)), 20000, 'the message after the server came back');
    expect(mail.subject).toBe(`Cancellation application received: ${applied.body.reference}`);
    await new Promise((r) => setTimeout(r, 1000));
    expect(sink.messages.filter((m) => m.subject?.includes(applied.body.reference))).toHaveLength(1);
  });
});
