import fs from 'node:fs';
import type { Limits } from '../../src/app/identity/limits.js';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { startRuntime, type Runtime } from '../../src/main/runtime.js';
import { buildServer } from '../../src/http/server.js';
import { SimulatedNetwork } from '../../src/adapters/network.js';
import type { MessageSender } from '../../src/adapters/messages.js';
import type { WorkerOptions } from '../../src/jobs/outbox-worker.js';
import { openTestDatabase, type TestDatabaseKind } from './databases.js';

/** A clock the test moves by hand, so cases can cross holidays without waiting for them. */
export class TestClock {
  constructor(private current: Date) {}
  now = () => new Date(this.current);
  set(iso: string) {
    this.current = new Date(iso);
  }
}

export interface Harness {
  base: string;
  runtime: Runtime;
  app: FastifyInstance;
  clock: TestClock;
  network: SimulatedNetwork;
  close(): Promise<void>;
}

/**
 * The whole product on a fresh database, listening on a real port on 127.0.0.1, with the
 * demo data, a hand-moved clock and the network simulator. Returns null when PostgreSQL is
 * not reachable outside CI (openTestDatabase throws under CI).
 */
export async function startHarness(kind: TestDatabaseKind, opts: { now?: string; smtpUrl?: string; sender?: MessageSender; env?: Record<string, string>; limits?: Partial<Limits>; worker?: WorkerOptions } = {}): Promise<Harness | null> {
  const test = await openTestDatabase(kind, { prefix: 'lc_e2e' });
  if (!test) return null;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lastcall-harness-'));
  const config = loadConfig({ LASTCALL_DATA_DIR: dataDir, LASTCALL_DEMO: '1', PORT: '0', LOG_LEVEL: 'silent', ...(opts.smtpUrl ? { SMTP_URL: opts.smtpUrl } : {}), ...opts.env });
  const clock = new TestClock(new Date(opts.now ?? '2026-11-25T10:00:00+08:00'));
  const network = new SimulatedNetwork();
  const runtime = await startRuntime(config, createLogger('silent'), {
    runWorker: true,
    db: test.db,
    clock,
    // With HLR_URL the runtime opens the real HLR itself; `network` then stays unused.
    ...(opts.env?.HLR_URL ? {} : { network }),
    ...(opts.sender ? { sender: opts.sender } : {}),
    ...(opts.limits ? { limits: opts.limits } : {}),
    worker: { pollMs: 100, backoffSeconds: () => 0.2, ...opts.worker },
  });
  const app = await buildServer(runtime.ctx);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  // The port is known only now; links in e-mails must point at it, as they do under `serve`.
  if (!opts.env?.LASTCALL_PUBLIC_URL) runtime.ctx.config.publicUrl = `http://127.0.0.1:${port}`;
  return {
    base: `http://127.0.0.1:${port}`,
    runtime,
    app,
    clock,
    network,
    async close() {
      await app.close();
      await runtime.close();
      await test.dispose();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Answer<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** A small HTTP client that keeps a staff session cookie and CSRF token like a browser would. */
export class Client {
  cookie = '';
  csrf = '';
  token = '';
  constructor(readonly base: string) {}

  async call<T = any>(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer<T>> {
    const h: Record<string, string> = { ...headers };
    if (body !== undefined) h['content-type'] ??= 'application/json';
    if (this.cookie) h.cookie = this.cookie;
    if (this.csrf && method !== 'GET') h['x-csrf-token'] ??= this.csrf;
    if (this.token) h.authorization ??= `Bearer ${this.token}`;
    const res = await fetch(this.base + url, { method, headers: h, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0]!;
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON: keep the text */
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }
  get<T = any>(url: string, headers?: Record<string, string>) {
    return this.call<T>('GET', url, undefined, headers);
  }
  post<T = any>(url: string, body?: unknown, headers?: Record<string, string>) {
    return this.call<T>('POST', url, body, headers);
  }

  async loginStaff(user: string) {
    const r = await this.post('/api/v1/staff/session', { user, password: 'lastcall-demo' });
    if (r.status !== 200) throw new Error(`log-in of ${user} failed: ${r.status} ${JSON.stringify(r.body)}`);
    this.csrf = r.body.csrfToken;
    return r.body;
  }
}

/** Waits until `probe` returns a value that is not undefined/false, or fails after `ms`. */
export async function eventually<T>(probe: () => Promise<T | undefined | false>, ms = 15000, what = 'condition'): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface MailboxMessage {
  id: number;
  channel: 'email' | 'sms';
  to: string;
  subject: string;
  text: string;
  sentAt: string;
}

export async function mailbox(c: Client): Promise<MailboxMessage[]> {
  const r = await c.get<MailboxMessage[]>('/api/v1/dev/mailbox');
  if (r.status !== 200) throw new Error(`mailbox: ${r.status}`);
  return r.body;
}

/** Verifies as a demo subscriber through the API, reading the code from the dev mailbox. */
export async function verifyAs(c: Client, who: { msisdn: string; name: string; idNumber: string; email: string }) {
  // Only a message newer than everything already in the mailbox can carry this verification's code.
  const newestBefore = Math.max(0, ...(await mailbox(c)).map((m) => m.id));
  const start = await c.post('/api/v1/verifications', who);
  if (start.status !== 202) throw new Error(`verification: ${start.status} ${JSON.stringify(start.body)}`);
  const sms = await eventually(async () => (await mailbox(c)).find((m) => m.id > newestBefore && m.channel === 'sms' && m.to === who.msisdn), 10000, 'the code SMS');
  const code = /\d{6}/.exec(sms.text)![0];
  const confirm = await c.post(`/api/v1/verifications/${start.body.verificationId}/confirm`, { code });
  if (confirm.status !== 200) throw new Error(`confirm: ${confirm.status} ${JSON.stringify(confirm.body)}`);
  c.token = confirm.body.token;
  return confirm.body as { token: string; expiresAt: string };
}

export const zhangWei = { msisdn: '+8613800138000', name: '张伟', idNumber: '11010519491231002X', email: 'zhang.wei@example.com' };
export const liNa = { msisdn: '+8613912345678', name: '李娜', idNumber: '310115198803154222', email: 'li.na@example.com' };
export const oliver = { msisdn: '+447400123456', name: 'Oliver Smith', idNumber: '123456789', email: 'oliver.smith@example.co.uk' };

/**
 * Applies as the customer through the API (verification included), acknowledging every advisory
 * item the pre-check names, as a customer ticking the whole checklist does.
 */
export async function applyAsCustomer(base: string, who: { msisdn: string; name: string; idNumber: string; email: string }, reason = '不再使用') {
  const c = new Client(base);
  await verifyAs(c, who);
  const pre = await c.get(`/api/v1/lines/${encodeURIComponent(who.msisdn)}/precheck`);
  const acks = pre.body.items.filter((i: { kind: string }) => i.kind === 'advisory').map((i: { code: string }) => i.code);
  const r = await c.post('/api/v1/cancellations', { msisdn: who.msisdn, reason, acknowledgements: acks });
  if (r.status !== 201) throw new Error(`application: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as { reference: string; receivedOn: string; dueOn: string };
}

/** Every day from `from` to `to` (YYYY-MM-DD), both included. */
export function calendarDays(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)) out.push(d);
  return out;
}
