import type net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CtrlRefusal, OsmoCtrlClient, type OsmoCtrlOptions } from '../../src/adapters/osmo-ctrl/client.js';
import { NetworkError } from '../../src/adapters/network.js';
import { FakeCtrlServer, ctrlFrame, okReply, type FakeRequest } from '../support/fake-ctrl.js';
import { eventually, sleep } from '../support/osmo-hlr.js';

/**
 * The CTRL client against a peer the test controls: whatever the peer does (garbage, answers
 * to nothing, wrong lengths, silence, a closed socket), callers get a clear temporary error, the
 * client starts over on a new connection, and nothing crashes or rejects unhandled.
 */
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeAll(() => void process.on('unhandledRejection', onUnhandled));
afterAll(() => void process.off('unhandledRejection', onUnhandled));

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
  await sleep(20); // let a stray rejection surface before checking
  expect(unhandled).toEqual([]);
});

async function peer(answer?: (req: FakeRequest, socket: net.Socket) => void) {
  const server = new FakeCtrlServer(answer);
  const port = await server.listen();
  open.push(server);
  return { server, port };
}

function client(port: number, opts: Partial<OsmoCtrlOptions> = {}) {
  const c = new OsmoCtrlClient({ host: '127.0.0.1', port, timeoutMs: 1000, backoff: { initialMs: 20, maxMs: 200 }, ...opts });
  open.push(c);
  return c;
}

/** The rejection of `p`, checked to be a temporary NetworkError. */
async function temporaryFailure(p: Promise<unknown>): Promise<string> {
  const err = await p.then(
    () => new Error('expected a failure'),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(NetworkError);
  expect((err as NetworkError).permanent).toBe(false);
  return (err as Error).message;
}

describe('the CTRL client against a fake peer', () => {
  it('matches answers to requests by id, in whatever order they come', async () => {
    const held: { req: FakeRequest; socket: net.Socket }[] = [];
    const { port } = await peer((req, socket) => {
      held.push({ req, socket });
      if (held.length === 2) for (const h of held.reverse()) socket.write(ctrlFrame(okReply(h.req, `value-of-${h.req.variable}`)));
    });
    const c = client(port);
    const [a, b] = await Promise.all([c.get('a.one'), c.set('b.two', '7')]);
    expect([a, b]).toEqual(['value-of-a.one', 'value-of-b.two']);
  });

  it('passes the peer’s ERROR up as its reason', async () => {
    const { port } = await peer((req, socket) => socket.write(ctrlFrame(`ERROR ${req.id} No such subscriber.`)));
    const err = await client(port).get('subscriber.by-imsi-460001000000001.info').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CtrlRefusal);
    expect((err as CtrlRefusal).reason).toBe('No such subscriber.');
  });

  it('ignores TRAPs', async () => {
    const { port } = await peer((req, socket) => socket.write(Buffer.concat([ctrlFrame('TRAP 0 hlr.notice 1'), ctrlFrame(okReply(req))])));
    expect(await client(port).set('x.y', '1')).toBe('OK');
  });

  it('times a silent request out, then ignores its late answer and keeps the connection', async () => {
    let first: { req: FakeRequest; socket: net.Socket } | undefined;
    const { server, port } = await peer((req, socket) => {
      if (!first) first = { req, socket };
      else socket.write(ctrlFrame(okReply(req)));
    });
    const c = client(port, { timeoutMs: 200 });
    expect(await temporaryFailure(c.get('slow.one'))).toMatch(/no answer within 200 ms to GET slow\.one/);
    first!.socket.write(ctrlFrame(okReply(first!.req, 'too late')));
    expect(await c.get('quick.one')).toBe('OK');
    expect(server.connections).toBe(1);
  });

  it.each([
    ['garbage', () => Buffer.from('HELLO, I am not an HLR\r\n'), /garbage from the peer: wrong protocol byte/],
    ['a frame shorter than its text', (r: FakeRequest) => ctrlFrame(okReply(r), { length: 6 }), /garbage from the peer: wrong protocol byte/],
    ['a frame of length 0', () => ctrlFrame('', { length: 0 }), /frame length 0 cannot be right/],
    ['an answer to no request', () => ctrlFrame('SET_REPLY 999 x.y OK'), /unexpected answer \(no request 999 waiting\)/],
    ['"ERROR err"', () => ctrlFrame('ERROR err Request type unknown'), /unexpected answer.*Request type unknown/],
    ['an unknown kind of answer', (r: FakeRequest) => ctrlFrame(`HELLO ${r.id} x`), /unknown CTRL answer type/],
    ['an answer for another variable', (r: FakeRequest) => ctrlFrame(`GET_REPLY ${r.id} other.var 1`), /does not match it/],
  ])('drops the connection on %s and fails what was pending, then works on a new one', async (_name, bad, message) => {
    let broken = true;
    const { server, port } = await peer((req, socket) => {
      if (broken) {
        broken = false;
        socket.write(bad(req));
      } else socket.write(ctrlFrame(okReply(req, '1')));
    });
    const c = client(port);
    const both = [c.get('x.y'), c.get('x.z')];
    expect(await temporaryFailure(both[0]!)).toMatch(message);
    expect(await temporaryFailure(both[1]!)).toMatch(message);
    expect(await c.get('x.y')).toBe('1');
    expect(server.connections).toBe(2);
  });

  it('fails pending requests when the peer closes the socket, and reconnects by itself', async () => {
    let closeNext = true;
    const { server, port } = await peer((req, socket) => {
      if (closeNext) {
        closeNext = false;
        socket.destroy();
      } else socket.write(ctrlFrame(okReply(req)));
    });
    const c = client(port);
    expect(await temporaryFailure(c.set('x.y', '1'))).toMatch(/connection lost: closed by the peer \(SET x\.y\)/);
    await eventually(async () => c.connected && server.connections === 2, 3000, 'a new connection without any request');
    expect(await c.set('x.y', '1')).toBe('OK');
  });

  it('fails fast and temporarily when nobody listens', async () => {
    const { server, port } = await peer();
    await server.close();
    const started = Date.now();
    expect(await temporaryFailure(client(port, { timeoutMs: 5000 }).get('x.y'))).toMatch(/cannot connect: connect ECONNREFUSED/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('keeps no more than maxInFlight requests at the peer; the rest wait their turn', async () => {
    const held: { req: FakeRequest; socket: net.Socket }[] = [];
    let most = 0;
    const { server, port } = await peer((req, socket) => {
      held.push({ req, socket });
      most = Math.max(most, held.length);
    });
    const c = client(port, { maxInFlight: 3, timeoutMs: 10_000 });
    const all = Array.from({ length: 10 }, (_, i) => c.set(`line.n${i}`, String(i)));
    await eventually(async () => server.requests.length === 3, 2000, 'three requests at the peer');
    await sleep(100);
    expect(server.requests.length).toBe(3);
    expect(c.load).toEqual({ inFlight: 3, queued: 7 });
    // Answer one at a time; each answer lets exactly one more in.
    while (held.length > 0 || server.requests.length < 10) {
      const next = held.shift();
      if (next) next.socket.write(ctrlFrame(okReply(next.req, next.req.value)));
      else await sleep(5);
    }
    expect(await Promise.all(all)).toEqual(Array.from({ length: 10 }, (_, i) => String(i)));
    expect(most).toBeLessThanOrEqual(3);
  });

  it('ends everything on close(): pending and later calls fail, no reconnect follows', async () => {
    const { server, port } = await peer(() => undefined);
    const c = client(port);
    const pending = temporaryFailure(c.get('x.y'));
    await eventually(async () => server.requests.length === 1, 2000, 'the request at the peer');
    await c.close();
    expect(await pending).toMatch(/client closed/);
    expect(await temporaryFailure(c.get('x.y'))).toMatch(/client closed/);
    await sleep(300);
    expect(server.connections).toBe(1);
  });

  it('refuses to send a variable or value that would break the framing, as a permanent error', async () => {
    const { server, port } = await peer();
    const c = client(port);
    for (const p of [c.get('subscriber.by-imsi-1 2.info'), c.set('x.y', 'a\nb'), c.set('x.y', '')]) {
      const err = await p.catch((e: unknown) => e);
      expect(err).toBeInstanceOf(NetworkError);
      expect((err as NetworkError).permanent).toBe(true);
    }
    expect(server.requests).toEqual([]);
  });
});
