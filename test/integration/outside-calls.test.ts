import { afterEach, describe, expect, it } from 'vitest';
import { testDatabases, testDatabaseAvailable } from '../support/databases.js';
import { Client, eventually, startHarness, verifyAs, zhangWei, type Harness } from '../support/harness.js';
import { SmtpSink } from '../support/smtp-sink.js';

/**
 * The worker calls the outside world (here: a real SMTP server) with no transaction open and no
 * row locked: a slow mail server must not hold the database, and a refusal that can never pass
 * is parked for a supervisor instead of being retried.
 */
const acks = ['prepaid_credit_refund', 'binding_bank', 'binding_alipay', 'binding_wechat', 'port_out_option', 'backup_reminder'];

describe.each(testDatabases)('outside calls outside transactions (%s)', async (kind) => {
  const available = await testDatabaseAvailable(kind);
  let h: Harness | undefined;
  let sink: SmtpSink | undefined;
  afterEach(async () => {
    await h?.close();
    await sink?.close();
    h = undefined;
    sink = undefined;
  });

  async function apply(): Promise<{ reference: string; communicationId: number }> {
    const c = new Client(h!.base);
    await verifyAs(c, zhangWei);
    const applied = await c.post('/api/v1/cancellations', { msisdn: zhangWei.msisdn, reason: '不再使用', acknowledgements: acks });
    expect(applied.status).toBe(201);
    const [m] = await h!.runtime.ctx.db.query<{ id: number }>(
      "SELECT m.id FROM communications m JOIN cases c ON c.id = m.case_id WHERE c.reference = $1 AND m.template = 'application_received'",
      [applied.body.reference],
    );
    return { reference: applied.body.reference, communicationId: m!.id };
  }

  it.skipIf(!available)('a slow SMTP server holds neither a database connection in a transaction nor the message row', async () => {
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let held = false;
    sink = new SmtpSink({ hold: () => released, onHeld: () => (held = true) });
    const port = await sink.listen();
    h = (await startHarness(kind, { smtpUrl: `smtp://127.0.0.1:${port}` }))!;
    const { reference, communicationId } = await apply();
    await eventually(async () => held, 15000, 'the SMTP server to be holding the confirmation e-mail');

    // While the mail server keeps the worker waiting, the message row can be locked and written
    // by someone else at once; on PGlite (one connection) any open transaction would block this too.
    const db = h.runtime.ctx.db;
    let settled = false;
    await db.transaction(async (tx) => {
      const [row] = await tx.query<{ status: string }>(`SELECT status FROM communications WHERE id = $1 FOR UPDATE ${kind === 'postgres' ? 'NOWAIT' : ''}`, [communicationId]);
      expect(row!.status).toBe('pending');
      await tx.query('UPDATE communications SET last_error = last_error WHERE id = $1', [communicationId]);
    });
    if (kind === 'postgres') {
      const [open] = await db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'",
      );
      expect(open!.n).toBe(0);
    }
    settled = true;
    release();

    await eventually(async () => sink!.messages.find((m) => m.subject?.includes(reference)), 15000, 'the e-mail once the server answers');
    const sent = await eventually(async () => {
      const [row] = await db.query<{ status: string }>('SELECT status FROM communications WHERE id = $1', [communicationId]);
      return row?.status === 'sent' ? row : undefined;
    }, 10000, 'the message recorded as sent');
    expect(sent.status).toBe('sent');
    expect(settled).toBe(true);
  });

  it.skipIf(!available)('a permanent SMTP refusal ends the message as failed and parks its job for a supervisor, who can retry it', async () => {
    sink = new SmtpSink({ refuseRecipientsWith: 550 });
    const port = await sink.listen();
    h = (await startHarness(kind, { smtpUrl: `smtp://127.0.0.1:${port}` }))!;
    const { reference, communicationId } = await apply();
    const db = h.runtime.ctx.db;
    const failed = await eventually(async () => {
      const [row] = await db.query<{ status: string; attempts: number; last_error: string }>('SELECT status, attempts, last_error FROM communications WHERE id = $1', [communicationId]);
      return row?.status === 'failed' ? row : undefined;
    }, 15000, 'the message to fail');
    expect(failed.attempts).toBe(1);
    expect(failed.last_error).toMatch(/^SMTP: .*550/);

    const supervisor = new Client(h.base);
    await supervisor.loginStaff('supervisor');
    const dead = await eventually(async () => {
      const r = await supervisor.get('/api/v1/staff/outbox/dead');
      return r.body.items?.find((j: { reference: string | null }) => j.reference === reference);
    }, 10000, 'the parked job in the list');
    expect(dead).toMatchObject({ topic: 'deliver_communication', reason: 'permanent_error', attempts: 1 });
    expect(dead.lastError).toMatch(/550/);

    const reviewer = new Client(h.base);
    await reviewer.loginStaff('reviewer');
    expect((await reviewer.get('/api/v1/staff/outbox/dead')).status).toBe(403);
    expect((await reviewer.post(`/api/v1/staff/outbox/${dead.id}/retry`)).status).toBe(403);

    // The message was marked failed for good, so the retried job finds nothing to send and completes.
    const retried = await supervisor.post(`/api/v1/staff/outbox/${dead.id}/retry`);
    expect(retried.status).toBe(200);
    expect(retried.body).toEqual({ id: dead.id, topic: 'deliver_communication', state: 'queued' });
    expect((await supervisor.post(`/api/v1/staff/outbox/${dead.id}/retry`)).body.error?.code).toBe('job_not_found');
    await eventually(async () => {
      const [row] = await db.query<{ done_at: Date | null }>('SELECT done_at FROM outbox WHERE id = $1', [dead.id]);
      return row?.done_at ?? undefined;
    }, 10000, 'the retried job to finish');
    const [audit] = await db.query<{ actor: string }>("SELECT actor FROM audit_log WHERE action = 'outbox.retried' ORDER BY seq DESC LIMIT 1");
    expect(audit!.actor).toBe('staff:supervisor');
  });

  it.skipIf(!available)('a permanent network refusal parks the fulfilment with its reason; the case stays approved and completes once a supervisor retries', async () => {
    h = (await startHarness(kind))!;
    const { reference } = await apply();
    h.network.failNext(1, { permanent: true });
    const reviewer = new Client(h.base);
    await reviewer.loginStaff('reviewer');
    expect((await reviewer.post(`/api/v1/staff/cases/${reference}/assign`, {})).status).toBe(200);
    expect((await reviewer.post(`/api/v1/staff/cases/${reference}/approve`, {})).status).toBe(200);

    const supervisor = new Client(h.base);
    await supervisor.loginStaff('supervisor');
    const dead = await eventually(async () => {
      const r = await supervisor.get('/api/v1/staff/outbox/dead');
      return r.body.items?.find((j: { reference: string | null; topic: string }) => j.reference === reference && j.topic === 'fulfil_case');
    }, 10000, 'the parked fulfilment');
    expect(dead).toMatchObject({ reason: 'permanent_error', attempts: 1 });
    expect(dead.lastError).toContain('No such subscriber.');
    const waiting = await supervisor.get(`/api/v1/staff/cases/${reference}`);
    expect(waiting.body.state).toBe('approved');

    expect((await supervisor.post(`/api/v1/staff/outbox/${dead.id}/retry`)).status).toBe(200);
    const done = await eventually(async () => {
      const r = await supervisor.get(`/api/v1/staff/cases/${reference}`);
      return r.body.state === 'completed' ? r.body : undefined;
    }, 10000, 'the case to complete after the retry');
    expect(done.history.filter((e: { type: string }) => e.type === 'fulfilled')).toHaveLength(1);
    expect(done.history.filter((e: { type: string }) => e.type === 'network_error')).toHaveLength(1);
  });
});
