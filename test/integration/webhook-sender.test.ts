import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { OutsideError } from '../../src/adapters/outside-error.js';
import type { HookLookup } from '../../src/adapters/webhooks/public-address.js';
import { WebhookError, WebhookSender, type WebhookDelivery } from '../../src/adapters/webhooks/sender.js';

/**
 * The sender against real HTTP servers in this process: what arrives is checked the way a
 * receiver would check it (with the Standard Webhooks library, and by hand from the spec), and
 * every failure is checked for what the outbox will do with it (retry or park).
 */

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  url: string;
}

interface Receiver {
  url: string;
  port: number;
  received: Received[];
  connections: number;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const servers: http.Server[] = [];

afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

async function receiver(handler: Handler): Promise<Receiver> {
  const r: Receiver = { url: '', port: 0, received: [], connections: 0 };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      r.received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), url: req.url ?? '' });
      handler(req, res);
    });
  });
  server.on('connection', () => r.connections++);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  r.port = (server.address() as AddressInfo).port;
  r.url = `http://127.0.0.1:${r.port}`;
  return r;
}

const answer =
  (status: number, body = '', headers: Record<string, string> = {}): Handler =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': 'text/plain', ...headers });
    res.end(body);
  };

const secret = `whsec_${randomBytes(24).toString('base64')}`;
const payload = { type: 'case.closed', data: { reference: 'CN-2027-000123', msisdn: '+4915112345678' } };

function delivery(url: string, over: Partial<WebhookDelivery> = {}): WebhookDelivery {
  return { url, secret, id: `msg_${randomUUID()}`, timestamp: new Date(), body: JSON.stringify(payload), ...over };
}

/** What a receiver does: once with the standardwebhooks library, once by hand from the spec. */
function expectSigned(got: Received, d: WebhookDelivery): void {
  const headers = got.headers as Record<string, string>;
  expect(new Webhook(secret).verify(got.body, headers)).toEqual(payload);

  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const signed = `${headers['webhook-id']}.${headers['webhook-timestamp']}.${got.body}`;
  const mac = createHmac('sha256', key).update(signed).digest('base64');
  expect(headers['webhook-signature']).toBe(`v1,${mac}`);

  expect(headers['webhook-id']).toBe(d.id);
  expect(headers['webhook-timestamp']).toBe(String(Math.floor(d.timestamp.getTime() / 1000)));
  expect(got.body).toBe(d.body);
}

async function failure(sender: WebhookSender, d: WebhookDelivery): Promise<WebhookError> {
  const err = await sender.send(d).then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof WebhookError)) throw new Error(`expected a WebhookError, got ${String(err)}`);
  expect(err).toBeInstanceOf(OutsideError);
  expect(err.system).toBe('webhook');
  expect(err.ms).toBeGreaterThanOrEqual(0);
  return err;
}

const local = new WebhookSender({ allowPrivate: true, timeoutMs: 2_000 });

describe('WebhookSender', () => {
  it('delivers a signed POST and reports the status and the start of the answer', async () => {
    const r = await receiver(answer(202, 'queued as 42'));
    const d = delivery(`${r.url}/hooks/lastcall?tenant=7`);
    const result = await local.send(d);

    expect(result).toMatchObject({ status: 202, responseExcerpt: 'queued as 42' });
    expect(result.ms).toBeGreaterThanOrEqual(0);
    expect(r.received).toHaveLength(1);
    const got = r.received[0]!;
    expectSigned(got, d);
    expect(got.url).toBe('/hooks/lastcall?tenant=7');
    expect(got.headers['content-type']).toBe('application/json');
    expect(got.headers['user-agent']).toBe('lastcall-webhooks/1');
    expect(got.headers.host).toBe(`127.0.0.1:${r.port}`);
    expect(got.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
  });

  it('reads no more than 2 KB of the answer, cut on a character boundary', async () => {
    const r = await receiver(answer(200, `a${'é'.repeat(500_000)}`));
    const result = await new WebhookSender({ allowPrivate: true, userAgent: 'test-agent/2' }).send(delivery(r.url));
    expect(result.status).toBe(200);
    expect(Buffer.byteLength(result.responseExcerpt)).toBe(2047);
    expect(result.responseExcerpt).not.toContain('\uFFFD');
    expect(r.received[0]!.headers['user-agent']).toBe('test-agent/2');
  });

  it('a 500 is temporary and carries the status', async () => {
    const r = await receiver(answer(500, 'database\nis down'));
    const err = await failure(local, delivery(r.url));
    expect(err).toMatchObject({ permanent: false, status: 500 });
    expect(err.message).toBe(`127.0.0.1:${r.port} answered 500: database is down`);
  });

  it.each([
    [410, true],
    [400, false],
    [401, false],
    [404, false],
    [408, false],
    [429, false],
    [503, false],
  ])('a %i is permanent: %s', async (status, permanent) => {
    const r = await receiver(answer(status));
    expect(await failure(local, delivery(r.url))).toMatchObject({ permanent, status });
  });

  it('a receiver slower than timeoutMs is a temporary failure without a status', async () => {
    const r = await receiver((req, res) => {
      const late = setTimeout(() => answer(200)(req, res), 2_000);
      res.on('close', () => clearTimeout(late));
    });
    const started = Date.now();
    const err = await failure(new WebhookSender({ allowPrivate: true, timeoutMs: 300 }), delivery(r.url));
    expect(err).toMatchObject({ permanent: false, status: null });
    expect(err.message).toContain('within 300 ms');
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('a closed port is a temporary failure without a status', async () => {
    const r = await receiver(answer(200));
    const s = servers.pop()!;
    await new Promise((done) => s.close(done));
    const err = await failure(local, delivery(r.url));
    expect(err).toMatchObject({ permanent: false, status: null });
    expect(err.message).toContain('ECONNREFUSED');
  });

  it('follows a redirect to another server with the same id and a signature that still verifies', async () => {
    const b = await receiver(answer(200, 'ok from b'));
    const a = await receiver(answer(307, '', { location: `${b.url}/moved` }));
    const d = delivery(`${a.url}/old`);
    const result = await local.send(d);

    expect(result).toMatchObject({ status: 200, responseExcerpt: 'ok from b' });
    expect(a.received).toHaveLength(1);
    expect(b.received).toHaveLength(1);
    expect(b.received[0]!.url).toBe('/moved');
    expect(b.received[0]!.headers.host).toBe(`127.0.0.1:${b.port}`);
    expectSigned(a.received[0]!, d);
    expectSigned(b.received[0]!, d);
  });

  it('gives up after maxRedirects, temporarily, with the status of the last redirect', async () => {
    let hops = 0;
    const loop = await receiver((req, res) => answer(302, '', { location: `/loop/${++hops}` })(req, res));
    const err = await failure(new WebhookSender({ allowPrivate: true, maxRedirects: 2 }), delivery(`${loop.url}/start`));
    expect(err).toMatchObject({ permanent: false, status: 302 });
    expect(err.message).toContain('more than 2 redirects');
    expect(loop.received.map((g) => g.url)).toEqual(['/start', '/loop/1', '/loop/2']);
    expect(new Set(loop.received.map((g) => g.headers['webhook-id'])).size).toBe(1);
  });

  it('vets every redirect like the first URL: credentials in the new one park the delivery', async () => {
    const b = await receiver(answer(200));
    const a = await receiver(answer(301, '', { location: `http://user:pw@127.0.0.1:${b.port}/` }));
    const err = await failure(local, delivery(a.url));
    expect(err).toMatchObject({ permanent: true, status: 301 });
    expect(err.message).toContain('user name or password');
    expect(b.connections).toBe(0);
  });

  it('an unusable secret is permanent', async () => {
    const r = await receiver(answer(200));
    expect(await failure(local, delivery(r.url, { secret: 'whsec_' }))).toMatchObject({ permanent: true, status: null });
    expect(r.connections).toBe(0);
  });
});

describe('WebhookSender without allowPrivate', () => {
  it('refuses a private address before connecting, for good', async () => {
    const r = await receiver(answer(200));
    const sender = new WebhookSender({ allowPrivate: false, timeoutMs: 300 });
    const https = await failure(sender, delivery(`https://127.0.0.1:${r.port}/h`));
    expect(https).toMatchObject({ permanent: true, status: null });
    expect(https.message).toContain('loopback');
    const plain = await failure(sender, delivery(`http://127.0.0.1:${r.port}/h`));
    expect(plain).toMatchObject({ permanent: true, status: null });
    expect(plain.message).toContain('https://');
    expect(r.connections).toBe(0);
  });

  it('connects to the vetted public address, not to whatever else the name might mean', async () => {
    const r = await receiver(answer(200));
    const lookup: HookLookup = async (host) => (host === 'hooks.example.com' ? ['93.184.216.34'] : ['127.0.0.1']);
    const err = await failure(new WebhookSender({ allowPrivate: false, timeoutMs: 300, lookup }), delivery(`https://hooks.example.com:${r.port}/h`));
    expect(err).toMatchObject({ permanent: false, status: null });
    expect(err.message).toContain('93.184.216.34');
    expect(r.connections).toBe(0);
  });

  it('is not fooled by DNS rebinding: the second answer is never asked for nor used', async () => {
    const r = await receiver(answer(200));
    const answers = [['93.184.216.34'], ['127.0.0.1']];
    let asked = 0;
    const lookup: HookLookup = async () => answers[Math.min(asked++, 1)]!;
    const err = await failure(new WebhookSender({ allowPrivate: false, timeoutMs: 300, lookup }), delivery(`https://rebind.example.com:${r.port}/h`));
    expect(err.permanent).toBe(false);
    expect(asked).toBe(1);
    expect(r.connections).toBe(0);
    expect(r.received).toHaveLength(0);
  });
});
