import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SmppClient, type IncomingText, type ReceiptOutcome, type SmppClientOptions } from '../../src/adapters/smpp/index.js';
import { OutsideError } from '../../src/adapters/outside-error.js';
import type { OutgoingMessage } from '../../src/adapters/messages.js';
import { startSmsc, type Smsc } from '../support/smsc.js';
import { eventually, sleep } from '../support/osmo-hlr.js';

/**
 * The SMPP client against our own SMSC, a separate process speaking SMPP 3.4 on a loopback port
 * (test/support/smsc/server.ts, on the smpp package's server side). No database: what the SMSC
 * received and what the client's callbacks got are the evidence.
 */
const SHORTCODE = '10659876';
const PHONE = '+8613800138000';
const CHINESE = '您的注销申请已受理，编号 LC-2026-0000123-7。我们将在七个工作日内完成审核，请留意短信和邮件通知。';
/** 67 < n ≤ 201 UCS-2 characters: three concatenated parts. */
const CHINESE_3_PARTS = `${CHINESE.repeat(4)}谢谢。`.slice(0, 190);

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
let smsc: Smsc;
const clients: SmppClient[] = [];

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  smsc = await startSmsc({ systemId: 'lastcall', password: 'secret' });
});
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await smsc?.stop();
});
beforeEach(() => smsc.reset());
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
  await sleep(20);
  expect(unhandled).toEqual([]);
});

function client(opts: Partial<SmppClientOptions> = {}): SmppClient {
  const c = new SmppClient({ url: smsc.url, source: SHORTCODE, responseTimeoutMs: 2000, backoff: { initialMs: 50, maxMs: 400 }, ...opts });
  clients.push(c);
  return c;
}

async function bound(opts: Partial<SmppClientOptions> = {}): Promise<SmppClient> {
  const c = client(opts);
  await c.whenBound(5000);
  return c;
}

const sms = (text: string, to = PHONE): OutgoingMessage => ({ channel: 'sms', to, subject: '', text, messageId: randomUUID() });

async function failure(p: Promise<unknown>): Promise<OutsideError> {
  const err = await p.then(
    () => new Error('expected a failure'),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(OutsideError);
  return err as OutsideError;
}

/** What the outbox does: try each message until it goes, backing off on temporary errors. */
async function deliverLikeTheOutbox(c: SmppClient, messages: OutgoingMessage[], ms = 20_000): Promise<number> {
  let failures = 0;
  for (const m of messages) {
    const until = Date.now() + ms;
    for (;;) {
      try {
        await c.send(m);
        break;
      } catch (err) {
        expect((err as OutsideError).permanent).toBe(false);
        failures += 1;
        if (Date.now() > until) throw err;
        await sleep(100);
      }
    }
  }
  return failures;
}

/** Every text exactly once at the SMSC. */
async function expectEachOnce(texts: string[]): Promise<void> {
  const got = (await smsc.submitted()).map((s) => s.text);
  expect(got.filter((t) => texts.includes(t)).sort()).toEqual([...texts].sort());
}

describe('binding', () => {
  it('binds as a transceiver with the right system id and password', async () => {
    const c = await bound();
    expect(c.bound).toBe(true);
    expect(await smsc.stats()).toMatchObject({ binds: 1, bindFailures: 0, sessions: 1 });
  });

  it('is refused with a wrong password, keeps trying, and fails sends as temporary meanwhile', async () => {
    const c = client({ url: smsc.url.replace(':secret@', ':wrong@') });
    await eventually(async () => (await smsc.stats()).bindFailures >= 2, 10_000, 'a second bind attempt');
    expect(c.bound).toBe(false);
    const err = await failure(c.send(sms('hello')));
    expect(err.permanent).toBe(false);
    expect(err.message).toMatch(/not bound.*ESME_RBINDFAIL/);
  });
});

describe('outgoing texts', () => {
  it('sends English as data_coding 0 to international digits (TON 1, NPI 1) from the short code', async () => {
    const c = await bound();
    const text = 'Your lastcall code is 482913. It expires in 10 minutes.';
    const result = await c.send(sms(text, '+44 7700 900123'));
    const [s] = await smsc.submitted();
    expect(s).toMatchObject({ text, dataCoding: 0, esmClass: 0, udh: null, destinationAddr: '447700900123', destTon: 1, destNpi: 1, sourceAddr: SHORTCODE, sourceTon: 3, sourceNpi: 0, registeredDelivery: 1 });
    expect(result.providerMessageId).toBe(s!.messageId);
  });

  it('sends Chinese as UCS-2 (data_coding 8), intact', async () => {
    const c = await bound();
    await c.send(sms(CHINESE));
    const [s] = await smsc.submitted();
    expect(s).toMatchObject({ text: CHINESE, dataCoding: 8, destinationAddr: '8613800138000', destTon: 1, destNpi: 1 });
  });

  it('splits a long Chinese text into three parts a phone joins by their UDH', async () => {
    const c = await bound();
    const result = await c.send(sms(CHINESE_3_PARTS));
    const parts = await smsc.submitted();
    expect(parts).toHaveLength(3);
    const ref = parts[0]!.udh!.reference;
    expect(parts.map((p) => p.udh)).toEqual([1, 2, 3].map((sequence) => ({ reference: ref, total: 3, sequence })));
    expect(parts.every((p) => p.dataCoding === 8 && (p.esmClass & 0x40) === 0x40 && p.text.length <= 67)).toBe(true);
    const joined = [...parts].sort((a, b) => a.udh!.sequence - b.udh!.sequence).map((p) => p.text).join('');
    expect(joined).toBe(CHINESE_3_PARTS);
    expect(result.providerMessageId).toBe(parts[0]!.messageId);
  });

  it('refuses a recipient that is not a number, without asking the SMSC', async () => {
    const c = await bound();
    const err = await failure(c.send(sms('hello', 'someone@example.com')));
    expect(err.permanent).toBe(true);
    expect(await smsc.submitted()).toEqual([]);
  });
});

describe('incoming texts', () => {
  it('joins a three-part Chinese text from a phone and hands it over once', async () => {
    const got: IncomingText[] = [];
    await bound({ onIncoming: (t) => void got.push(t) });
    expect(await smsc.sendIncoming(PHONE, SHORTCODE, CHINESE_3_PARTS)).toMatchObject({ parts: 3 });
    await eventually(async () => got.length === 1, 5000, 'the joined text');
    expect(got[0]).toMatchObject({ from: PHONE, to: SHORTCODE, text: CHINESE_3_PARTS });
    expect(got[0]!.receivedAt).toBeInstanceOf(Date);
    await eventually(async () => (await smsc.stats()).deliveries.length === 3, 5000, 'three deliver_sm_resp');
    expect((await smsc.stats()).deliveries).toEqual(Array(3).fill({ kind: 'text', status: 0 }));
    await sleep(100);
    expect(got).toHaveLength(1);
  });

  it('hands over a short English keyword as it came', async () => {
    const got: IncomingText[] = [];
    await bound({ onIncoming: (t) => void got.push(t) });
    await smsc.sendIncoming('+447700900123', SHORTCODE, 'STAC');
    await eventually(async () => got.length === 1, 5000, 'the text');
    expect(got[0]).toMatchObject({ from: '+447700900123', to: SHORTCODE, text: 'STAC' });
  });

  it('asks the SMSC to send again (ESME_RX_T_APPN) when the handler throws, and does not crash', async () => {
    await bound({
      onIncoming: () => {
        throw new Error('database down');
      },
    });
    await smsc.sendIncoming(PHONE, SHORTCODE, '注销');
    await eventually(async () => (await smsc.stats()).deliveries.length === 1, 5000, 'the answer');
    expect((await smsc.stats()).deliveries).toEqual([{ kind: 'text', status: 0x64 }]);
  });
});

describe('delivery receipts', () => {
  it('reports a delivered message under the id send() returned', async () => {
    const receipts: ReceiptOutcome[] = [];
    const c = await bound({ onReceipt: (r) => void receipts.push(r) });
    const { providerMessageId } = await c.send(sms('Your code is 123456.'));
    await eventually(async () => receipts.length === 1, 5000, 'the receipt');
    expect(receipts).toEqual([{ providerMessageId, delivered: true, error: null }]);
  });

  it('reports an undeliverable message as failed with the SMSC word for it', async () => {
    const receipts: ReceiptOutcome[] = [];
    const c = await bound({ onReceipt: (r) => void receipts.push(r) });
    await smsc.setMode({ receipts: 'undeliverable' });
    const { providerMessageId } = await c.send(sms(CHINESE));
    await eventually(async () => receipts.length === 1, 5000, 'the receipt');
    expect(receipts).toEqual([{ providerMessageId, delivered: false, error: 'UNDELIV' }]);
  });

  it('reports a three-part message once, under its first part, when every part was delivered', async () => {
    const receipts: ReceiptOutcome[] = [];
    const c = await bound({ onReceipt: (r) => void receipts.push(r) });
    const { providerMessageId } = await c.send(sms(CHINESE_3_PARTS));
    await eventually(async () => (await smsc.stats()).deliveries.length === 3, 5000, 'three receipts answered');
    await sleep(50);
    expect(receipts).toEqual([{ providerMessageId, delivered: true, error: null }]);
  });
});

describe('refusals', () => {
  it('takes ESME_RTHROTTLED as temporary; the message goes through on the next try', async () => {
    const c = await bound({ throttlePauseMs: 200 });
    await smsc.setMode({ throttle: 1 });
    const err = await failure(c.send(sms('throttled once')));
    expect(err.permanent).toBe(false);
    expect(err.message).toMatch(/ESME_RTHROTTLED/);
    await c.send(sms('throttled once'));
    await expectEachOnce(['throttled once']);
    expect((await smsc.stats()).throttled).toBe(1);
  });

  it('sends a throttled part of a long text again after the pause, under the same reference: the phone gets each part once', async () => {
    const c = await bound({ throttlePauseMs: 200 });
    await smsc.setMode({ throttleAfter: 1, throttle: 2 }); // part 1 accepted, then two refusals
    const result = await c.send(sms(CHINESE_3_PARTS));
    const parts = await smsc.submitted();
    expect(parts).toHaveLength(3);
    expect((await smsc.stats()).throttled).toBe(2);
    const ref = parts[0]!.udh!.reference;
    expect(parts.map((p) => p.udh!.reference)).toEqual([ref, ref, ref]);
    expect(parts.map((p) => p.udh!.sequence).sort()).toEqual([1, 2, 3]);
    expect([...parts].sort((a, b) => a.udh!.sequence - b.udh!.sequence).map((p) => p.text).join('')).toBe(CHINESE_3_PARTS);
    expect(result.providerMessageId).toBe(parts.find((p) => p.udh!.sequence === 1)!.messageId);
  });

  it('takes a refused destination (ESME_RINVDSTADR) as permanent', async () => {
    const c = await bound();
    await smsc.setMode({ refuse: 1 });
    const err = await failure(c.send(sms('to nowhere')));
    expect(err.permanent).toBe(true);
    expect(err.message).toMatch(/ESME_RINVDSTADR/);
    expect(err.system).toBe('smpp');
    await c.send(sms('to somewhere'));
    await expectEachOnce(['to somewhere']);
  });
});

describe('the link', () => {
  it('keeps an idle connection up with enquire_link', async () => {
    const c = await bound({ enquireLinkMs: 100 });
    await sleep(800);
    const stats = await smsc.stats();
    expect(stats.enquireLinks).toBeGreaterThanOrEqual(3);
    expect(stats.binds).toBe(1);
    expect(c.stats.binds).toBe(1);
    await c.send(sms('still here'));
  });

  it('drops a connection whose enquire_link goes unanswered and binds again', async () => {
    await smsc.setMode({ ignoreEnquireLink: true });
    const c = await bound({ enquireLinkMs: 100, responseTimeoutMs: 300 });
    await eventually(async () => c.stats.binds >= 2, 10_000, 'a new bind');
    await smsc.setMode({ ignoreEnquireLink: false });
    await c.whenBound(5000);
    await c.send(sms('after a half-dead link'));
  });

  it('reconnects by itself after the SMSC drops the connection; every message once', async () => {
    const c = await bound();
    const first = Array.from({ length: 5 }, (_, i) => sms(`before the drop ${i}`));
    const second = Array.from({ length: 5 }, (_, i) => sms(`after the drop ${i}`));
    await deliverLikeTheOutbox(c, first);
    await smsc.setMode({ drop: true });
    await deliverLikeTheOutbox(c, second);
    await expectEachOnce([...first, ...second].map((m) => m.text));
    expect((await smsc.stats()).binds).toBeGreaterThanOrEqual(2);
  });

  it('fails fast while the SMSC does not accept connections, and delivers every message once when it is back', async () => {
    const c = await bound();
    await smsc.setMode({ accepting: false });
    await eventually(async () => !c.bound, 5000, 'the client to notice');
    const started = Date.now();
    const err = await failure(c.send(sms('while down')));
    expect(err.permanent).toBe(false);
    expect(Date.now() - started).toBeLessThan(1000);
    const messages = Array.from({ length: 4 }, (_, i) => sms(`queued by the outbox ${i}`));
    const outbox = deliverLikeTheOutbox(c, messages);
    await sleep(800);
    await smsc.setMode({ accepting: true });
    expect(await outbox).toBeGreaterThan(0);
    await expectEachOnce(messages.map((m) => m.text));
  });

  it('comes back after the SMSC process was killed and started again', async () => {
    const c = await bound();
    await smsc.kill();
    const err = await failure(c.send(sms('nobody there')));
    expect(err.permanent).toBe(false);
    const messages = Array.from({ length: 3 }, (_, i) => sms(`after the restart ${i}`));
    const outbox = deliverLikeTheOutbox(c, messages);
    await sleep(300);
    await smsc.restart();
    await outbox;
    await expectEachOnce(messages.map((m) => m.text));
    expect(c.bound).toBe(true);
  });
});

describe('rate and window', () => {
  it('keeps to the submit rate (counted per second at the SMSC)', async () => {
    const c = await bound({ rate: 20, window: 5 });
    const messages = Array.from({ length: 50 }, (_, i) => sms(`paced ${i}`));
    await Promise.all(messages.map((m) => c.send(m)));
    const at = (await smsc.submitted()).map((s) => s.at);
    const perSecond = new Map<number, number>();
    for (const t of at) perSecond.set(Math.floor(t / 1000), (perSecond.get(Math.floor(t / 1000)) ?? 0) + 1);
    expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(30); // 20/s plus a burst of 2, generously
    expect(Math.max(...at) - Math.min(...at)).toBeGreaterThanOrEqual(1500); // 48 after the burst at 20/s
  });

  it('keeps at most `window` submits waiting for their answer', async () => {
    const c = await bound({ rate: 1000, window: 3 });
    await smsc.setMode({ respondAfterMs: 100 });
    await Promise.all(Array.from({ length: 12 }, (_, i) => c.send(sms(`windowed ${i}`))));
    const stats = await smsc.stats();
    expect(stats.maxOutstanding).toBeLessThanOrEqual(3);
    expect(stats.maxOutstanding).toBeGreaterThanOrEqual(2);
  });
});
