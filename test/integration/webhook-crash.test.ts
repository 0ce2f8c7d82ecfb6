import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { createPostgresDatabase, testDatabases, testDatabaseAvailable } from '../support/databases.js';
import { applyAsCustomer, Client, eventually, liNa } from '../support/harness.js';
import { spawnServe, waitReady, type ServerProcess } from '../support/process.js';
import { freePort } from '../support/smtp-sink.js';

describe.each(testDatabases)('a webhook across a SIGKILL of the server (%s)', async (kind) => {
  const available = await testDatabaseAvailable(kind);
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it.skipIf(!available)('is delivered after the restart with the same webhook-id, and succeeds once', async () => {
    // The partner's endpoint: down (503) at first, then fine; every request is kept with its verdict.
    let status = 503;
    let secret = '';
    const got: { id: string; status: number; verified: boolean; body: string }[] = [];
    const receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        let verified = true;
        try {
          new Webhook(secret).verify(body, req.headers as Record<string, string>);
        } catch {
          verified = false;
        }
        got.push({ id: String(req.headers['webhook-id']), status, verified, body });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise<void>((r) => receiver.close(() => r())));

    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lastcall-hook-crash-'));
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const env: Record<string, string> = { LASTCALL_DATA_DIR: dataDir, LASTCALL_DEMO: '1', LASTCALL_WEBHOOK_ALLOW_PRIVATE: '1' };
    if (kind === 'postgres') {
      const pgdb = (await createPostgresDatabase('lc_hookcrash'))!;
      cleanups.push(() => pgdb.drop());
      env.DATABASE_URL = pgdb.url;
    }
    const port = await freePort();
    env.PORT = String(port);
    const base = `http://127.0.0.1:${port}`;
    let server: ServerProcess = spawnServe(env);
    cleanups.push(() => void server.child.kill('SIGKILL'));
    await waitReady(base, server);

    const admin = new Client(base);
    await admin.loginStaff('admin');
    const partner = new Client(base);
    partner.token = (await admin.post('/api/v1/staff/partners', { name: 'Watcher', kind: 'other' })).body.apiKey;
    const hook = await partner.post('/api/v1/partners/hooks', { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/h`, events: ['case.submitted'] });
    expect(hook.status).toBe(201);
    secret = hook.body.secret;

    const { reference } = await applyAsCustomer(base, liNa);
    await eventually(async () => got.length >= 1, 15000, 'the first attempt');
    server.child.kill('SIGKILL');
    await server.exited;

    status = 204;
    server = spawnServe(env);
    await waitReady(base, server);
    // The retry comes on the webhook ladder (5 s after the first failure), from the new process.
    await eventually(async () => got.some((g) => g.status === 204), 30000, 'the delivery after the restart');
    await new Promise((r) => setTimeout(r, 1500));
    const ids = new Set(got.map((g) => g.id));
    expect(ids.size).toBe(1);
    expect(got.filter((g) => g.status === 204)).toHaveLength(1);
    expect(got.every((g) => g.verified && JSON.parse(g.body).data.reference === reference)).toBe(true);
    const hookId = hook.body.id;
    const [delivery] = (await partner.get(`/api/v1/partners/hooks/${hookId}/deliveries`)).body.items;
    expect(delivery).toMatchObject({ webhookId: [...ids][0], status: 'delivered', lastStatus: 204 });

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  }, 180_000); // two starts of `serve` with the demo data and its past, and a retry 5 s after a failure: slow on a busy machine
});
