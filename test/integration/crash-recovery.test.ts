import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresDatabase, testDatabases, testDatabaseAvailable } from '../support/databases.js';
import { Client, eventually, verifyAs, zhangWei } from '../support/harness.js';
import { spawnServe, waitReady, type ServerProcess } from '../support/process.js';
import { SmtpSink, freePort } from '../support/smtp-sink.js';

const acks = ['prepaid_credit_refund', 'binding_bank', 'binding_alipay', 'binding_wechat', 'port_out_option', 'backup_reminder'];

describe.each(testDatabases)('a process killed right after 201 (%s)', async (kind) => {
  const available = await testDatabaseAvailable(kind);
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it.skipIf(!available)('keeps the case and its pending e-mail, and sends the e-mail exactly once after restart', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lastcall-crash-'));
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const sink = new SmtpSink();
    const smtpPort = await sink.listen();
    cleanups.push(() => sink.close());
    const env: Record<string, string> = { LASTCALL_DATA_DIR: dataDir, LASTCALL_DEMO: '1', SMTP_URL: `smtp://127.0.0.1:${smtpPort}` };
    if (kind === 'postgres') {
      const pgdb = (await createPostgresDatabase('lc_crash'))!;
      cleanups.push(() => pgdb.drop());
      env.DATABASE_URL = pgdb.url;
    }
    const port = await freePort();
    env.PORT = String(port);
    const base = `http://127.0.0.1:${port}`;
    let server: ServerProcess = spawnServe(env);
    cleanups.push(() => void server.child.kill('SIGKILL'));
    await waitReady(base, server);

    const c = new Client(base);
    await verifyAs(c, zhangWei);
    const applied = await c.post('/api/v1/cancellations', { msisdn: zhangWei.msisdn, reason: '不再使用', acknowledgements: acks });
    expect(applied.status).toBe(201);
    server.child.kill('SIGKILL');
    await server.exited;

    server = spawnServe(env);
    await waitReady(base, server);
    const after = await c.get(`/api/v1/cancellations/${applied.body.reference}`);
    expect(after.status).toBe(200);
    expect(after.body.state).toBe('submitted');
    const ofThisCase = () => sink.messages.filter((m) => m.subject?.includes(applied.body.reference));
    await eventually(async () => ofThisCase().length > 0, 20000, 'the confirmation e-mail');
    await new Promise((r) => setTimeout(r, 1500));
    expect(ofThisCase()).toHaveLength(1);

    // A clean stop on SIGTERM releases the embedded database and its lock.
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(fs.existsSync(path.join(dataDir, 'lastcall.lock'))).toBe(false);
  });
});
